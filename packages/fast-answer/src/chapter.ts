/**
 * Chapter 9 as steps: `pnpm --filter @l2l/fast-answer run deploy-front` (9.1), `run call-url`
 * (9.2), or `start` for both.
 */
import {
  type Chapter,
  type Step,
  type Workshop,
  WorkshopError,
  waitForLoggedText,
} from '@l2l/workshop';
import { medianCall, type UrlAnswer } from './call-url.ts';
import { deployFronts, FRONT, FRONT_INLINE, RECORDER, removeFronts } from './deploy.ts';

/** How many calls each URL gets after as many that warm it up; the median is shown. */
const CALLS = 3;

const creates = (workshop: Workshop) =>
  [RECORDER, FRONT, FRONT_INLINE].flatMap((base) => [
    `IAM role ${workshop.name(`${base}-role`)}`,
    `Lambda function ${workshop.name(base)} (billed per invocation)`,
  ]);

export const deployStep: Step = {
  name: 'deploy-front',
  title: '9.1 Deploy {front}, {front-inline} and {recorder}, the fronts behind Function URLs',
  summary: 'deploy the recorder and the two fronts, and give each front a public Function URL',
  creates,
  async run(workshop) {
    const urls = await deployFronts(workshop, true);
    console.log(`${workshop.name(FRONT)}:        ${urls.front} (records the visit asynchronously)`);
    console.log(
      `${workshop.name(FRONT_INLINE)}: ${urls.frontInline} (waits for the recording, then answers)`,
    );
  },
};

function printed(name: string, answer: UrlAnswer): string {
  return `${name.padEnd(14)} ${answer.status} ${answer.body} in ${answer.ms.toFixed(0)} ms`;
}

export const callUrlStep: Step = {
  name: 'call-url',
  title: '9.2 Call both URLs, then read what {recorder} logged',
  summary: `GET each URL ${CALLS} times to warm it, then ${CALLS} times more (the median is shown), then the recorder's log`,
  creates,
  async run(workshop) {
    const urls = await deployFronts(workshop, false);
    const results: [string, UrlAnswer][] = [];
    // front-inline first: its calls start the recorder's execution environment, which front's
    // asynchronous recordings then find warm.
    for (const [base, url] of [
      [FRONT_INLINE, urls.frontInline],
      [FRONT, urls.front],
    ] as const) {
      await medianCall(url, CALLS);
      const answer = await medianCall(url, CALLS);
      if (answer.status !== 200) {
        throw new WorkshopError(`${workshop.name(base)} answered ${answer.status}: ${answer.body}`);
      }
      results.push([workshop.name(base), answer]);
    }
    console.log(`GET <url>resume?user=luna, the median of ${CALLS} calls each:`);
    for (const [name, answer] of results) console.log(printed(name, answer));
    // The visit of front's call was recorded after front had answered: find it in the log.
    const [, frontAnswer] = results[1] ?? [];
    const { visitId } = JSON.parse(frontAnswer?.body ?? '{}') as { visitId: string };
    const logged = await waitForLoggedText(workshop.clientConfig, workshop.name(RECORDER), visitId);
    console.log(
      `${workshop.name(RECORDER)} logged, after ${workshop.name(FRONT)} had answered:\n${logged}`,
    );
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/fast-answer',
  title: 'Chapter 9: answer the user first, record the visit asynchronously',
  steps: [deployStep, callUrlStep],
  cleanup: removeFronts,
};

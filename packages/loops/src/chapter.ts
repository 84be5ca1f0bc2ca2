/**
 * Chapter 10, an exercise: `pnpm --filter @l2l/loops run start-loop` (10.1), or `start`.
 */
import { randomUUID } from 'node:crypto';
import { GetFunctionRecursionConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  type Chapter,
  loggedLinesWith,
  pollUntil,
  type Step,
  type Workshop,
  waitForLoggedText,
} from '@l2l/workshop';
import { ensureLoop, LOOP_STOPPED, LOOP_TOPIC, LOOPER, removeLoop } from './deploy.ts';
import type { Hop } from './functions/looper.ts';

const creates = (workshop: Workshop) => [
  `SNS topic ${workshop.name(LOOP_TOPIC)} (billed per million publishes)`,
  ...[LOOPER, LOOP_STOPPED].flatMap((base) => [
    `IAM role ${workshop.name(`${base}-role`)}`,
    `Lambda function ${workshop.name(base)} (billed per invocation)`,
  ]),
];

export const loopStep: Step = {
  name: 'start-loop',
  title: '10.1 Exercise: start {looper} on a loop through {loopSns}, and watch Lambda stop it',
  summary:
    'publish one message to loopSns, whose subscriber publishes the next, until Lambda stops it',
  creates,
  async run(workshop) {
    const topicArn = await ensureLoop(workshop);
    const looper = workshop.name(LOOPER);
    const { RecursiveLoop } = await new LambdaClient(workshop.clientConfig).send(
      new GetFunctionRecursionConfigCommand({ FunctionName: looper }),
    );
    console.log(`${looper}'s recursive loop detection: ${RecursiveLoop}`);
    const first: Hop = { loopId: randomUUID(), hop: 1 };
    await new SNSClient(workshop.clientConfig).send(
      new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(first) }),
    );
    console.log(`Published ${JSON.stringify(first)} to ${workshop.name(LOOP_TOPIC)}`);
    // The event Lambda did not run reaches the on-failure destination once the loop is stopped.
    const stopped = await waitForLoggedText(
      workshop.clientConfig,
      workshop.name(LOOP_STOPPED),
      first.loopId,
    );
    const { hop } = JSON.parse(stopped.replace(/^not run: /, '')) as Hop;
    // Every run before it logged its hop (on AWS, a moment may pass before the lines arrive).
    const runs = await pollUntil(
      `${looper}'s ${hop - 1} runs of loop ${first.loopId} in its log`,
      async () => {
        const lines = await loggedLinesWith(workshop.clientConfig, looper, `loop ${first.loopId}`);
        return lines.length >= hop - 1 ? lines.length : undefined;
      },
      60_000,
    );
    console.log(
      `${looper} ran ${runs} times in this loop (hops 1 to ${runs}), each publishing the next hop`,
    );
    console.log(
      `Lambda stopped invocation ${hop} and sent its event to ${looper}'s on-failure destination; ${workshop.name(LOOP_STOPPED)} logged:\n${stopped}`,
    );
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/loops',
  title: 'Chapter 10: a function that triggers itself, and Lambda stopping the loop',
  steps: [loopStep],
  cleanup: removeLoop,
};

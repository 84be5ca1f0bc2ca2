/**
 * Chapter 7 as steps: `pnpm --filter @l2l/caller-function run deploy-caller` (7.1),
 * `run call-routes` (7.2), `run billed-wait` (7.3), the exercise `run deny-invoke` (7.4) and
 * `run allow-invoke` (7.5), or `start` for all five.
 */
import { waitForInvocationLog } from '@l2l/async-invoke';
import { deployCallee, deployStep, FUNCTION_NAME } from '@l2l/echo-callee';
import { chapter as kinesisRoute } from '@l2l/kinesis-route';
import { chapter as snsRoute, TOPIC_NAME } from '@l2l/sns-route';
import {
  type Chapter,
  pollUntil,
  ROLE_PROPAGATION_MS,
  type Step,
  type Workshop,
  WorkshopError,
  waitForLoggedText,
  waitWithProgress,
} from '@l2l/workshop';
import { costOf, measuredJob } from './billed-wait.ts';
import { type CallerAnswer, callThroughCaller, thrownError } from './call.ts';
import {
  CALLER_NAME,
  callerRoleName,
  deployCaller,
  ensureCaller,
  putRoutesPolicy,
  ROUTES_POLICY,
  removeCaller,
  routesPolicy,
} from './deploy.ts';
import { ROUTES } from './functions/routes.ts';
import { reportLine, runFigures } from './report-line.ts';

const creates = (workshop: Workshop) => [
  `IAM role ${callerRoleName(workshop)} (it may write logs, invoke echoTest, publish to testSns, put into testKinesis)`,
  `Lambda function ${workshop.name(CALLER_NAME)} (billed per invocation, and while it waits)`,
  ...(snsRoute.steps[0]?.creates?.(workshop) ?? []),
  ...(kinesisRoute.steps[0]?.creates?.(workshop) ?? []),
  ...(deployStep.creates?.(workshop) ?? []),
];

/** The REPORT line of one run, once the run is over. */
async function reportOf(workshop: Workshop, functionName: string, requestId: string) {
  const lines = await waitWithProgress(
    `Waiting for the log of ${functionName}`,
    waitForInvocationLog(workshop.clientConfig, functionName, requestId),
  );
  return reportLine(lines);
}

export const deployCallerStep: Step = {
  name: 'deploy-caller',
  title: '7.1 Deploy {caller} with a role of its own',
  summary:
    'deploy echoTest, testSns and testKinesis if needed, then the function caller and its least-privilege role',
  creates,
  async run(workshop) {
    const { callerArn, targets } = await deployCaller(workshop);
    console.log(`Deployed ${callerArn}`);
    console.log(
      `Role ${callerRoleName(workshop)}: AWSLambdaBasicExecutionRole (its logs) and the inline policy ${ROUTES_POLICY}:`,
    );
    console.log(JSON.stringify(routesPolicy(targets), null, 2));
  },
};

export const callRoutesStep: Step = {
  name: 'call-routes',
  title: '7.2 {caller} calls {echoTest} by each route, from inside Lambda',
  summary: 'invoke caller once per route (sync, async, publish, put) and print what it answered',
  creates,
  async run(workshop) {
    await ensureCaller(workshop);
    const callerName = workshop.name(CALLER_NAME);
    const calleeName = workshop.name(FUNCTION_NAME);
    for (const route of ROUTES) {
      const answer = await callThroughCaller(workshop.clientConfig, callerName, route);
      if (answer.functionError) {
        throw new WorkshopError(`${callerName} failed: ${thrownError(answer)}`);
      }
      console.log(`${route.padEnd(8)}`, answer.payload);
      const { requestId, MessageId } = answer.payload as { requestId?: string; MessageId?: string };
      if (route === 'async' && requestId) {
        const report = await reportOf(workshop, calleeName, requestId);
        console.log(`         ${calleeName} ran it: ${report}`);
      }
      if (route === 'publish' && MessageId) {
        await waitForLoggedText(workshop.clientConfig, calleeName, MessageId);
        console.log(
          `         ${calleeName} got it from ${workshop.name(TOPIC_NAME)}: its log holds the MessageId`,
        );
      }
    }
  },
};

export const billedWaitStep: Step = {
  name: 'billed-wait',
  title: '7.3 What {caller} is billed while it waits for {echoTest}',
  summary:
    'update echoTest (its next start is cold), call it through caller twice, print both REPORT lines and the cost',
  creates,
  async run(workshop) {
    await ensureCaller(workshop);
    // New code: Lambda starts echoTest in a new environment for the next call.
    await deployCallee(workshop);
    const callerName = workshop.name(CALLER_NAME);
    const calleeName = workshop.name(FUNCTION_NAME);
    for (const call of ['echoTest starts cold', 'echoTest is warm']) {
      const answer = await callThroughCaller(workshop.clientConfig, callerName, 'sync');
      const calleeRequestId = String(answer.payload.requestId);
      const callerReport = await reportOf(workshop, callerName, answer.requestId);
      const calleeReport = await reportOf(workshop, calleeName, calleeRequestId);
      console.log(`\nA synchronous call through ${callerName}; ${call}:`);
      console.log(`  ${callerName.padEnd(calleeName.length)}  ${callerReport}`);
      console.log(`  ${calleeName}  ${calleeReport}`);
      const job = measuredJob(runFigures(callerReport), runFigures(calleeReport));
      if (call === 'echoTest starts cold') {
        console.log(`\nThis call's runs, priced on AWS by chapter 0's calculator:\n${costOf(job)}`);
      }
    }
  },
};

/**
 * Calls echoTest through the caller until the answer is what `wanted` looks for: IAM takes some
 * seconds to apply a changed policy everywhere on AWS (at once on the local cloud).
 */
function callUntil(
  workshop: Workshop,
  what: string,
  wanted: (answer: CallerAnswer) => boolean,
): Promise<CallerAnswer> {
  return pollUntil(
    what,
    async () => {
      const answer = await callThroughCaller(
        workshop.clientConfig,
        workshop.name(CALLER_NAME),
        'sync',
      );
      return wanted(answer) ? answer : undefined;
    },
    ROLE_PROPAGATION_MS,
  );
}

export const denyInvokeStep: Step = {
  name: 'deny-invoke',
  title: '7.4 Exercise: take lambda:InvokeFunction away from {caller-role}',
  summary: 'put the routes policy without its Invoke statement, then call echoTest through caller',
  creates,
  async run(workshop) {
    const policy = await putRoutesPolicy(workshop, await ensureCaller(workshop), false);
    console.log(
      `${ROUTES_POLICY} now allows only: ${policy.Statement.map((statement) => statement.Action).join(', ')}`,
    );
    const answer = await callUntil(
      workshop,
      `IAM to refuse ${workshop.name(CALLER_NAME)} the Invoke`,
      (candidate) => candidate.functionError !== undefined,
    );
    console.log(`${workshop.name(CALLER_NAME)} failed (FunctionError: ${answer.functionError}):`);
    console.log(thrownError(answer));
  },
};

export const allowInvokeStep: Step = {
  name: 'allow-invoke',
  title: '7.5 Exercise: give lambda:InvokeFunction back to {caller-role}',
  summary: 'put the whole routes policy back, then call echoTest through caller',
  creates,
  async run(workshop) {
    const policy = await putRoutesPolicy(workshop, await ensureCaller(workshop), true);
    console.log(
      `${ROUTES_POLICY} allows again: ${policy.Statement.map((statement) => statement.Action).join(', ')}`,
    );
    const answer = await callUntil(
      workshop,
      `IAM to let ${workshop.name(CALLER_NAME)} invoke again`,
      (candidate) => candidate.functionError === undefined,
    );
    console.log(`${workshop.name(CALLER_NAME)} answered:`, answer.payload);
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/caller-function',
  title: 'Chapter 7: the caller as a Lambda function',
  steps: [deployCallerStep, callRoutesStep, billedWaitStep, denyInvokeStep, allowInvokeStep],
  async cleanup(workshop) {
    // The caller, then what it may have made to call: chapter 5's stream, chapter 4's topic, echoTest.
    return [
      ...(await removeCaller(workshop)),
      ...(await kinesisRoute.cleanup(workshop)),
      ...(await snsRoute.cleanup(workshop)),
    ];
  },
};

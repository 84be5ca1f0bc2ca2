/**
 * Chapter 3 as steps, the 2017 post's two runs: `pnpm --filter @l2l/async-invoke run invoke-sync`
 * (a synchronous call to a freshly deployed echoTest: a cold start), `run invoke-async` (an
 * asynchronous call: a warm start after invoke-sync), or `start` for both, in that order.
 */
import {
  deployCallee,
  deployStep,
  ensureCallee,
  FUNCTION_NAME,
  removeCallee,
} from '@l2l/echo-callee';
import {
  type Chapter,
  type Step,
  type Workshop,
  WorkshopError,
  waitWithProgress,
} from '@l2l/workshop';
import { invocationError, isColdStart, waitForInvocationLog } from './invocation-log.ts';
import { invoke } from './invoke.ts';

/**
 * Invokes echoTest, prints the answer, then the lines it logged for this call. A call that
 * failed stops the step, after its log, with the error.
 */
async function invokeAndShowLog(
  workshop: Workshop,
  invocationType: 'RequestResponse' | 'Event',
): Promise<void> {
  const functionName = workshop.name(FUNCTION_NAME);
  const { printed, requestId } = await invoke(workshop.clientConfig, functionName, invocationType);
  console.log(printed);
  const lines = await waitWithProgress(
    `Waiting for the log of ${functionName} in CloudWatch Logs`,
    waitForInvocationLog(workshop.clientConfig, functionName, requestId),
  );
  // Which start it was is read from the REPORT line, never assumed.
  console.log(
    isColdStart(lines)
      ? 'Log of this call: a cold start (REPORT has an Init Duration)'
      : 'Log of this call: a warm start (REPORT has no Init Duration)',
  );
  console.log(lines.join('\n'));
  const error = invocationError(lines);
  if (error !== undefined) {
    const retried =
      invocationType === 'Event' ? ' Lambda retries a failed asynchronous call twice.' : '';
    throw new WorkshopError(`${functionName} failed on this call: ${error}.${retried}`);
  }
}

export const invokeSyncStep: Step = {
  name: 'invoke-sync',
  title: '3.1 Invoke {echoTest} synchronously, and read its log',
  summary:
    'deploy echoTest (new code: a cold start), invoke it and wait, print the answer and its log',
  creates: deployStep.creates,
  async run(workshop) {
    // Deploying first (creating echoTest, or updating its code) makes this call a cold start
    // even when echoTest is still warm from an earlier run: Lambda never runs changed code in
    // an environment started for the old one, so the call gets a new environment.
    await deployCallee(workshop);
    await invokeAndShowLog(workshop, 'RequestResponse');
  },
};

export const invokeAsyncStep: Step = {
  name: 'invoke-async',
  title: '3.2 Invoke {echoTest} asynchronously, and read its log',
  summary:
    'invoke echoTest with InvocationType Event, print the answer and its log (warm after invoke-sync)',
  creates: deployStep.creates,
  async run(workshop) {
    // Deploys only if echoTest is missing (an embedded local cloud starts empty) or runs other
    // code (step 5.3's decoder): otherwise the environment of the last call is still there.
    await ensureCallee(workshop);
    await invokeAndShowLog(workshop, 'Event');
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/async-invoke',
  title: 'Chapter 3: invoke a Lambda function synchronously, then asynchronously, and read its log',
  steps: [invokeSyncStep, invokeAsyncStep],
  cleanup: removeCallee,
};

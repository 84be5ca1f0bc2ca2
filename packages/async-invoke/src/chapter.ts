/**
 * Chapter 1.3 as steps: `pnpm --filter @l2l/async-invoke run invoke` (a cold start),
 * `run invoke-again` (a warm start), or `start` for both, as the post shows two runs.
 */
import {
  GetFunctionCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { deployCallee, deployStep, FUNCTION_NAME, removeCallee } from '@l2l/echo-callee';
import { type Chapter, type Step, type Workshop, waitWithProgress } from '@l2l/workshop';
import { isColdStart, waitForInvocationLog } from './invocation-log.ts';
import { invokeAsync } from './invoke-async.ts';

/** Invokes echoTest asynchronously, prints the answer, then the lines it logged for this call. */
async function invokeAndShowLog(workshop: Workshop): Promise<void> {
  const functionName = workshop.name(FUNCTION_NAME);
  const { printed, requestId } = await invokeAsync(workshop.clientConfig, functionName);
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
}

export const invokeStep: Step = {
  name: 'invoke',
  title: '1.3 Invoke echoTest asynchronously',
  summary: 'deploy echoTest, invoke it with InvocationType Event, print the answer and its log',
  creates: deployStep.creates,
  async run(workshop) {
    // Deploying first (creating echoTest, or updating its code) makes this call a cold start
    // even when echoTest is still warm from an earlier run: Lambda never runs changed code in
    // an environment started for the old one, so the call gets a new environment.
    await deployCallee(workshop);
    await invokeAndShowLog(workshop);
  },
};

export const invokeAgainStep: Step = {
  name: 'invoke-again',
  title: '1.3 Invoke echoTest asynchronously again',
  summary: 'invoke it again, without deploying: the environment of the last call runs it',
  creates: deployStep.creates,
  async run(workshop) {
    await deployIfMissing(workshop);
    await invokeAndShowLog(workshop);
  },
};

/** Run on its own against a fresh local cloud, `invoke-again` finds no echoTest yet. */
async function deployIfMissing(workshop: Workshop): Promise<void> {
  const lambda = new LambdaClient(workshop.clientConfig);
  try {
    await lambda.send(new GetFunctionCommand({ FunctionName: workshop.name(FUNCTION_NAME) }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await deployCallee(workshop);
  }
}

export const chapter: Chapter = {
  packageName: '@l2l/async-invoke',
  title: 'Chapter 1.3: invoke a Lambda function asynchronously, and read its log',
  steps: [invokeStep, invokeAgainStep],
  cleanup: removeCallee,
};

/**
 * Test support for the provisioning tests (deploy.test.ts, remove.test.ts): the AWS
 * clients mocked (aws-sdk-client-mock) and reset before each test, what the waiters
 * poll for, AWS's refusals, the commands a mock received, and what was written to stderr.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import { LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { ACCOUNT_ID, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, vi } from 'vitest';

export const lambda = mockClient(LambdaClient);
export const iam = mockClient(IAMClient);
export const logs = mockClient(CloudWatchLogsClient);

export const FUNCTION_ARN = `arn:aws:lambda:${TARGETS.aws.region}:${ACCOUNT_ID}:function:echoTest`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/echoTest-role`;
export const BASIC_EXECUTION_POLICY =
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
export const WORKSHOP_TAGS = [{ Key: 'workshop', Value: 'lambda-to-lambda' }];

/** What the waiters poll for: GetFunction until the function is Active and its last update done. */
export const ready = {
  Configuration: {
    FunctionArn: FUNCTION_ARN,
    State: 'Active',
    LastUpdateStatus: 'Successful',
  },
  Tags: { workshop: 'lambda-to-lambda' },
} as const;
export const functionNotFound = () =>
  new ResourceNotFoundException({
    message: `Function not found: ${FUNCTION_ARN}`,
    $metadata: { httpStatusCode: 404 },
  });
export const roleNotFound = () =>
  new NoSuchEntityException({
    message: 'The role with name echoTest-role cannot be found.',
    $metadata: { httpStatusCode: 404 },
  });

/** The names of the commands a mock received, in order. */
export const sent = (mock: typeof lambda | typeof iam | typeof logs) =>
  mock.calls().map((call) => call.args[0].constructor.name.replace(/Command$/, ''));

/** What was written to stderr in the current test. */
export const stderr: string[] = [];

/** Resets the mocks and captures stderr before each test of the file; restores all after it. */
export function mockAwsEachTest(): void {
  beforeEach(() => {
    lambda.reset();
    iam.reset();
    logs.reset();
    stderr.length = 0;
    // waitWithProgress writes to stderr once a wait passes a second.
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

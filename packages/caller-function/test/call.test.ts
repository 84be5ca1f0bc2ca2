import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { expectClientConfig, TARGET_ENTRIES, TARGETS } from '@l2l/workshop/testing';
import { Uint8ArrayBlobAdapter } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { callThroughCaller, thrownError } from '../src/call.ts';
import { routesPolicy } from '../src/deploy.ts';

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());

const denied = {
  errorType: 'AccessDeniedException',
  errorMessage:
    'User: arn:aws:sts::123456789012:assumed-role/caller-role/caller is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:123456789012:function:echoTest because no identity-based policy allows the lambda:InvokeFunction action',
  trace: ['AccessDeniedException: User: ...', '    at /var/runtime/...'],
};

describe('callThroughCaller', () => {
  it('invokes the caller synchronously with the route, and reads its answer', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: Uint8ArrayBlobAdapter.fromString('{"MessageId":"m-1"}'),
      $metadata: { requestId: 'caller-run' },
    });
    const answer = await callThroughCaller(TARGETS.aws, 'ana-caller', 'publish');
    expect(answer).toEqual({
      requestId: 'caller-run',
      payload: { MessageId: 'm-1' },
      functionError: undefined,
    });
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input).toEqual({
      FunctionName: 'ana-caller',
      Payload: new TextEncoder().encode('{"route":"publish"}'),
    });
  });

  it('reads the error a handler threw, without its stack trace', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify(denied)),
      $metadata: { requestId: 'caller-run' },
    });
    const answer = await callThroughCaller(TARGETS.aws, 'caller', 'sync');
    expect(answer.functionError).toBe('Unhandled');
    expect(thrownError(answer)).toBe(`AccessDeniedException: ${denied.errorMessage}`);
  });

  it.each(TARGET_ENTRIES)("uses the %s target's client configuration", async (_, config) => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: Uint8ArrayBlobAdapter.fromString('{}'),
      $metadata: { requestId: 'r' },
    });
    await callThroughCaller(config, 'caller', 'put');
    await expectClientConfig(lambda.call(0).thisValue as LambdaClient, config);
  });
});

describe("the caller role's routes policy", () => {
  const targets = {
    calleeArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ana-echoTest',
    topicArn: 'arn:aws:sns:eu-west-1:123456789012:ana-testSns',
    streamName: 'ana-testKinesis',
    streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/ana-testKinesis',
  };

  it('allows one action on one resource per route, nothing with a wildcard', () => {
    const policy = routesPolicy(targets);
    expect(policy.Statement.map(({ Action, Resource }) => [Action, Resource])).toEqual([
      ['lambda:InvokeFunction', targets.calleeArn],
      ['sns:Publish', targets.topicArn],
      ['kinesis:PutRecord', targets.streamArn],
    ]);
    expect(JSON.stringify(policy)).not.toContain('*');
  });

  it('without the Invoke statement for the exercise, and only without it', () => {
    const actions = routesPolicy(targets, false).Statement.map(({ Action }) => Action);
    expect(actions).toEqual(['sns:Publish', 'kinesis:PutRecord']);
  });
});

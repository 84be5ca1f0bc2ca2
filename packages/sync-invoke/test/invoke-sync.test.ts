import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { TARGETS } from '@l2l/workshop/testing';
import { Uint8ArrayBlobAdapter } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { invokeSync } from '../src/invoke-sync.ts';

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());

describe('invokeSync', () => {
  const config = TARGETS.aws;
  it('sends one RequestResponse Invoke with the walkthrough event and prints the answer', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      Payload: Uint8ArrayBlobAdapter.fromString('{"id":"1","name":"Luna"}'),
    });
    const printed = await invokeSync(config, 'echoTest');
    expect(printed).toEqual({ StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'echoTest',
      Payload: new TextEncoder().encode('{"id":"1","name":"Luna"}'),
    });
    // No InvocationType: Lambda's default, RequestResponse.
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.InvocationType).toBeUndefined();
  });
});

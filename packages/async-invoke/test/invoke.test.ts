import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { expectClientConfig, TARGET_ENTRIES, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { invoke } from '../src/invoke.ts';

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());

/** What the SDK returns for a 202: no body, so `Payload: null`, and the x-amzn-RequestId. */
const accepted = {
  StatusCode: 202,
  Payload: null as unknown as undefined,
  $metadata: { httpStatusCode: 202, requestId: '094d4d3e-0c64-11e7-a1b4-c1d3a2e3b0f4' },
};

describe('invoke', () => {
  const config = TARGETS.aws;
  it('sends one Event Invoke with the walkthrough event and prints the 202 answer', async () => {
    lambda.on(InvokeCommand).resolves(accepted);
    const { printed, requestId } = await invoke(config, 'echoTest', 'Event');
    expect(printed).toEqual({ StatusCode: 202, Payload: '' });
    expect(requestId).toBe('094d4d3e-0c64-11e7-a1b4-c1d3a2e3b0f4');
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'echoTest',
      InvocationType: 'Event',
      Payload: new TextEncoder().encode('{"id":"1","name":"Luna"}'),
    });
  });

  it('sends the same event synchronously, and prints the 200 answer with its payload', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: new TextEncoder().encode('{"id":"1","name":"Luna"}') as never,
      $metadata: { httpStatusCode: 200, requestId: '094d4d3e-0c64-11e7-a1b4-c1d3a2e3b0f4' },
    });
    const { printed } = await invoke(config, 'echoTest', 'RequestResponse');
    expect(printed).toEqual({ StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'echoTest',
      InvocationType: 'RequestResponse',
    });
  });

  it.each(TARGET_ENTRIES)(
    "uses the %s target's client configuration, and nothing else",
    async (_target, targetConfig) => {
      lambda.on(InvokeCommand).resolves(accepted);
      await invoke(targetConfig, 'echoTest', 'Event');
      await expectClientConfig(lambda.call(0).thisValue as LambdaClient, targetConfig);
    },
  );

  it('refuses an answer without a request id: the log could not be found', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202, $metadata: {} });
    await expect(invoke(config, 'echoTest', 'Event')).rejects.toThrow(
      'Lambda answered the Invoke without a request id',
    );
  });
});

import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { handlerCodeSha256 } from '@l2l/echo-callee';
import { printedBy, workshopOn } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeAsyncStep, invokeSyncStep } from '../src/chapter.ts';

const lambda = mockClient(LambdaClient);
const logs = mockClient(CloudWatchLogsClient);

const requestId = '3478209f-d43b-46d9-ac81-ba935fa08d05';
const warmStartMessages = [
  `START RequestId: ${requestId} Version: $LATEST\n`,
  `2017-03-19T02:53:41.017Z\t${requestId}\tINFO\t{ id: '1', name: 'Luna' }\n`,
  `END RequestId: ${requestId}\n`,
  `REPORT RequestId: ${requestId}\tDuration: 23.59 ms\tBilled Duration: 24 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\t\n`,
];
const failedMessages = [
  `START RequestId: ${requestId} Version: $LATEST\n`,
  `2017-03-19T02:53:41.017Z\t${requestId}\tERROR\tInvoke Error \t{"errorType":"DecodingError","errorMessage":"not a Kinesis batch"}\n`,
  `END RequestId: ${requestId}\n`,
  `REPORT RequestId: ${requestId}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\tStatus: error\tError Type: Runtime.Unknown\n`,
];
/** echoTest as an earlier run of the workshop left it, running the echo code. */
const active = {
  Configuration: {
    FunctionArn: 'arn',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    CodeSha256: await handlerCodeSha256('echo'),
  },
  Tags: { workshop: 'lambda-to-lambda' },
} as const;
const logged = (messages: readonly string[]) => ({
  events: messages.map((message, index) => ({ timestamp: index, message })),
});

beforeEach(() => {
  lambda.reset();
  logs.reset();
  lambda.on(GetFunctionCommand).resolves(active);
  lambda.on(GetFunctionConfigurationCommand).resolves(active.Configuration);
  lambda.on(UpdateFunctionCodeCommand).resolves({ FunctionArn: 'arn' });
  lambda.on(InvokeCommand).resolves({
    StatusCode: 202,
    Payload: null as unknown as undefined,
    $metadata: { requestId },
  });
  logs.on(FilterLogEventsCommand).resolves(logged(warmStartMessages));
});

const sentToLambda = () => lambda.calls().map((call) => call.args[0].constructor.name);

describe('chapter 3', () => {
  it('invoke-async: finds echoTest running the echo code, invokes it with Event, reads the log of that request', async () => {
    const output = await printedBy(() => invokeAsyncStep.run(workshopOn('aws')));
    expect(sentToLambda()).toEqual(['GetFunctionCommand', 'InvokeCommand']);
    expect(lambda).toHaveReceivedCommandWith(GetFunctionCommand, { FunctionName: 'echoTest' });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'echoTest',
      InvocationType: 'Event',
    });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/echoTest',
      filterPattern: `"${requestId}"`,
    });
    expect(output).toContain('Log of this call: a warm start');
  });

  it('invoke-async: deploys the echo code first when echoTest runs other code (the decoder of 5.3)', async () => {
    lambda.on(GetFunctionCommand).resolves({
      ...active,
      Configuration: { ...active.Configuration, CodeSha256: 'the decoder' },
    });
    await printedBy(() => invokeAsyncStep.run(workshopOn('aws')));
    const sent = sentToLambda();
    expect(sent.slice(0, 3)).toEqual([
      'GetFunctionCommand',
      'GetFunctionCommand',
      'UpdateFunctionCodeCommand',
    ]);
    expect(sent.at(-1)).toBe('InvokeCommand');
  });

  it('invoke-async: a call that failed prints its log, then stops with the error', async () => {
    logs.on(FilterLogEventsCommand).resolves(logged(failedMessages));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(invokeAsyncStep.run(workshopOn('aws'))).rejects.toThrow(
        'echoTest failed on this call: Invoke Error \t{"errorType":"DecodingError","errorMessage":"not a Kinesis batch"}. Lambda retries a failed asynchronous call twice.',
      );
      expect(log.mock.calls.flat().join('\n')).toContain(failedMessages[3]?.trimEnd());
    } finally {
      log.mockRestore();
    }
  });

  it('invoke-sync: updates the code of an existing echoTest first, then invokes it and waits', async () => {
    await printedBy(() => invokeSyncStep.run(workshopOn('aws')));
    const sent = sentToLambda();
    expect(sent[0]).toBe('GetFunctionCommand');
    expect(sent[1]).toBe('UpdateFunctionCodeCommand');
    // The update waiter, and only then the call.
    expect(sent.at(-1)).toBe('InvokeCommand');
    expect(sent.filter((name) => name === 'InvokeCommand')).toHaveLength(1);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'echoTest',
      InvocationType: 'RequestResponse',
    });
  });

  it('names the function and its log group with the prefix', async () => {
    await printedBy(() => invokeAsyncStep.run(workshopOn('aws', { prefix: 'ana' })));
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'ana-echoTest' });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/ana-echoTest',
    });
  });
});

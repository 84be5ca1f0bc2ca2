import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { printedBy, workshopOn } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { invokeAgainStep, invokeStep } from '../src/chapter.ts';

const lambda = mockClient(LambdaClient);
const logs = mockClient(CloudWatchLogsClient);

const requestId = '3478209f-d43b-46d9-ac81-ba935fa08d05';
const warmStartMessages = [
  `START RequestId: ${requestId} Version: $LATEST\n`,
  `2017-03-19T02:53:41.017Z\t${requestId}\tINFO\t{ id: '1', name: 'Luna' }\n`,
  `END RequestId: ${requestId}\n`,
  `REPORT RequestId: ${requestId}\tDuration: 23.59 ms\tBilled Duration: 24 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\t\n`,
];
/** echoTest as an earlier run of the workshop left it. */
const active = {
  Configuration: { FunctionArn: 'arn', State: 'Active', LastUpdateStatus: 'Successful' },
  Tags: { workshop: 'lambda-to-lambda' },
} as const;

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
  logs.on(FilterLogEventsCommand).resolves({
    events: warmStartMessages.map((message, index) => ({ timestamp: index, message })),
  });
});

describe('chapter 1.3', () => {
  it('invoke-again: finds echoTest, invokes it with Event, and reads the log of that request', async () => {
    await printedBy(() => invokeAgainStep.run(workshopOn('aws')));
    expect(lambda.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'GetFunctionCommand',
      'InvokeCommand',
    ]);
    expect(lambda).toHaveReceivedCommandWith(GetFunctionCommand, { FunctionName: 'echoTest' });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'echoTest',
      InvocationType: 'Event',
    });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/echoTest',
      filterPattern: `"${requestId}"`,
    });
  });

  it('invoke: updates the code of an existing echoTest first, then invokes it', async () => {
    await printedBy(() => invokeStep.run(workshopOn('aws')));
    const sent = lambda.calls().map((call) => call.args[0].constructor.name);
    expect(sent[0]).toBe('GetFunctionCommand');
    expect(sent[1]).toBe('UpdateFunctionCodeCommand');
    // The update waiter, and only then the call.
    expect(sent.at(-1)).toBe('InvokeCommand');
    expect(sent.filter((name) => name === 'InvokeCommand')).toHaveLength(1);
    expect(lambda).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, {
      FunctionName: 'echoTest',
    });
  });

  it('names the function and its log group with the prefix', async () => {
    await printedBy(() => invokeAgainStep.run(workshopOn('aws', { prefix: 'ana' })));
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'ana-echoTest' });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/ana-echoTest',
    });
  });
});

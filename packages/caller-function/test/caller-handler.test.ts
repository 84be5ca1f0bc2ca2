/**
 * The caller's handler with every SDK call mocked: each route sends its one call to the target
 * the deployment names in the environment, with chapter 2's event, and answers what the
 * chapter's step prints.
 */
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Uint8ArrayBlobAdapter } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../src/functions/caller.ts';

const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const kinesis = mockClient(KinesisClient);
const EVENT_BYTES = new TextEncoder().encode('{"id":"1","name":"Luna"}');
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ana-testSns';

beforeEach(() => {
  lambda.reset();
  sns.reset();
  kinesis.reset();
  vi.stubEnv('CALLEE_FUNCTION', 'ana-echoTest');
  vi.stubEnv('TOPIC_ARN', TOPIC_ARN);
  vi.stubEnv('STREAM_NAME', 'ana-testKinesis');
});
afterEach(() => vi.unstubAllEnvs());

describe('the caller function', () => {
  it('sync: invokes the callee and waits, answering its payload and the callee run’s request id', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: Uint8ArrayBlobAdapter.fromString('{"id":"1","name":"Luna"}'),
      $metadata: { requestId: 'callee-run' },
    });
    expect(await handler({ route: 'sync' })).toEqual({
      StatusCode: 200,
      Payload: '{"id":"1","name":"Luna"}',
      requestId: 'callee-run',
    });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input).toEqual({
      FunctionName: 'ana-echoTest',
      Payload: EVENT_BYTES,
    });
  });

  it('async: invokes the callee with InvocationType Event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202, $metadata: { requestId: 'queued' } });
    expect(await handler({ route: 'async' })).toEqual({ StatusCode: 202, requestId: 'queued' });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'ana-echoTest',
      InvocationType: 'Event',
      Payload: EVENT_BYTES,
    });
  });

  it('publish: publishes the event to the topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
    expect(await handler({ route: 'publish' })).toEqual({ MessageId: 'message-1' });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Message: '{"id":"1","name":"Luna"}',
    });
    expect(lambda.calls()).toHaveLength(0);
  });

  it('put: puts the event into the stream', async () => {
    kinesis
      .on(PutRecordCommand)
      .resolves({ ShardId: 'shardId-000000000000', SequenceNumber: '49' });
    expect(await handler({ route: 'put' })).toEqual({
      ShardId: 'shardId-000000000000',
      SequenceNumber: '49',
    });
    expect(kinesis).toHaveReceivedCommandWith(PutRecordCommand, {
      StreamName: 'ana-testKinesis',
      Data: EVENT_BYTES,
      PartitionKey: 'partition',
    });
  });

  it('lets a refusal through: Lambda reports it as the function’s error', async () => {
    const denied = new LambdaServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      message: 'not authorized',
      $metadata: { httpStatusCode: 403 },
    });
    lambda.on(InvokeCommand).rejects(denied);
    await expect(handler({ route: 'sync' })).rejects.toBe(denied);
  });

  it('refuses a route it does not know, and one whose target is not set', async () => {
    await expect(handler({ route: 'fax' as never })).rejects.toThrow(
      'No route "fax": the routes are sync, async, publish, put',
    );
    vi.stubEnv('CALLEE_FUNCTION', '');
    await expect(handler({ route: 'sync' })).rejects.toThrow(
      'The environment variable CALLEE_FUNCTION is not set',
    );
    expect(lambda.calls()).toHaveLength(0);
  });
});

import {
  AccessDeniedException,
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  LimitExceededException,
  ListTagsForStreamCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { explain, WorkshopError } from '@l2l/workshop';
import { TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStream, deleteStream } from '../src/stream.ts';
import { streamExists, WORKSHOP_STREAM_TAGS } from './existing-stream.ts';
import { streamArn } from './targets.ts';

const kinesis = mockClient(KinesisClient);
const TAGS = { workshop: 'lambda-to-lambda' };
const status = (StreamStatus: 'CREATING' | 'ACTIVE' | 'DELETING') => ({
  StreamDescription: {
    StreamName: 'testKinesis',
    StreamARN: 'arn',
    StreamStatus,
    Shards: [],
    HasMoreShards: false,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: new Date(),
    EnhancedMonitoring: [],
  },
});
const notFound = () =>
  new ResourceNotFoundException({ message: 'Stream testKinesis not found', $metadata: {} });

beforeEach(() => {
  kinesis.reset();
  // No progress dots in the test output.
  vi.spyOn(process.stderr, 'write').mockReturnValue(true);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createStream', () => {
  const config = TARGETS.aws;
  const described = () =>
    kinesis.on(DescribeStreamSummaryCommand).resolves({
      StreamDescriptionSummary: {
        StreamName: 'testKinesis',
        StreamARN: streamArn(config),
        StreamStatus: 'ACTIVE',
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: new Date(),
        EnhancedMonitoring: [],
        OpenShardCount: 1,
      },
    });

  it('creates one shard with the tags, waits for ACTIVE and returns the ARN', async () => {
    kinesis.on(CreateStreamCommand).resolves({});
    kinesis.on(DescribeStreamCommand).resolves(status('ACTIVE'));
    described();
    await expect(createStream(config, 'testKinesis', TAGS)).resolves.toBe(streamArn(config));
    expect(kinesis).toHaveReceivedCommandWith(CreateStreamCommand, {
      StreamName: 'testKinesis',
      ShardCount: 1,
      Tags: TAGS,
    });
    expect(kinesis).toHaveReceivedCommandWith(DescribeStreamCommand, { StreamName: 'testKinesis' });
    expect(kinesis).toHaveReceivedCommandWith(DescribeStreamSummaryCommand, {
      StreamName: 'testKinesis',
    });
    expect(kinesis.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'CreateStreamCommand',
      'DescribeStreamCommand',
      'DescribeStreamSummaryCommand',
    ]);
  });

  it('waits while the stream is CREATING, with the waiter of the SDK', async () => {
    vi.useFakeTimers();
    kinesis.on(CreateStreamCommand).resolves({});
    kinesis
      .on(DescribeStreamCommand)
      .resolvesOnce(status('CREATING'))
      .resolvesOnce(status('CREATING'))
      .resolves(status('ACTIVE'));
    described();
    const created = createStream(config, 'testKinesis', TAGS);
    await vi.runAllTimersAsync();
    await expect(created).resolves.toBe(streamArn(config));
    expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamCommand, 3);
  });

  it('reuses the stream an earlier run made (ResourceInUseException), without tagging it again', async () => {
    streamExists(kinesis, WORKSHOP_STREAM_TAGS);
    kinesis.on(DescribeStreamCommand).resolves(status('ACTIVE'));
    described();
    await expect(createStream(config, 'testKinesis', TAGS)).resolves.toBe(streamArn(config));
    expect(kinesis.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'CreateStreamCommand',
      'ListTagsForStreamCommand',
      'DescribeStreamCommand',
      'DescribeStreamSummaryCommand',
    ]);
  });

  it('stops at a stream of the same name the workshop did not make, and puts nothing in it', async () => {
    streamExists(kinesis, []);
    const error = await createStream(config, 'testKinesis', TAGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkshopError);
    expect(explain(error)).toMatch(
      /^The Kinesis stream testKinesis already exists and the workshop did not make it /,
    );
    expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamCommand, 0);
  });

  it('says what to do when the account has reached its shard limit', async () => {
    kinesis.on(CreateStreamCommand).rejects(
      new LimitExceededException({
        message:
          'This request would exceed the shard limit for the account 123456789012 in ap-northeast-1.',
        $metadata: {},
      }),
    );
    const error = await createStream(config, 'testKinesis', TAGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkshopError);
    expect(explain(error)).toBe(
      'Kinesis refused to create the stream testKinesis: This request would exceed the shard limit for the account 123456789012 in ap-northeast-1.\nThe account has reached a Kinesis limit (its shards, or streams being created at once): delete a stream you no longer use, or wait a minute, and run the step again.',
    );
    expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamCommand, 0);
  });

  it('lets access denied through, for the harness to explain', async () => {
    kinesis.on(CreateStreamCommand).rejects(
      new AccessDeniedException({
        message:
          'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: kinesis:CreateStream',
        $metadata: {},
      }),
    );
    const error = await createStream(config, 'testKinesis', TAGS).catch((e: unknown) => e);
    expect(explain(error)).toMatch(
      /^AWS refused the request \(AccessDeniedException\): User: .* kinesis:CreateStream\n/,
    );
  });
});

describe('deleteStream', () => {
  const config = TARGETS.aws;
  it('deletes the stream the workshop tagged and waits until it is gone', async () => {
    kinesis.on(ListTagsForStreamCommand).resolves({
      Tags: [{ Key: 'workshop', Value: 'lambda-to-lambda' }],
      HasMoreTags: false,
    });
    kinesis.on(DeleteStreamCommand).resolves({});
    kinesis.on(DescribeStreamCommand).rejects(notFound());
    await expect(deleteStream(config, 'testKinesis')).resolves.toBe(true);
    expect(kinesis).toHaveReceivedCommandWith(ListTagsForStreamCommand, {
      StreamName: 'testKinesis',
    });
    expect(kinesis).toHaveReceivedCommandWith(DeleteStreamCommand, { StreamName: 'testKinesis' });
    expect(kinesis).toHaveReceivedCommandTimes(DescribeStreamCommand, 1);
  });

  it('leaves a stream of the same name alone when the workshop did not make it', async () => {
    kinesis.on(ListTagsForStreamCommand).resolves({
      Tags: [{ Key: 'team', Value: 'data' }],
      HasMoreTags: false,
    });
    await expect(deleteStream(config, 'testKinesis')).resolves.toBe(false);
    expect(kinesis).toHaveReceivedCommandTimes(DeleteStreamCommand, 0);
  });

  it('has nothing to do when there is no stream', async () => {
    kinesis.on(ListTagsForStreamCommand).rejects(notFound());
    await expect(deleteStream(config, 'testKinesis')).resolves.toBe(false);
    expect(kinesis).toHaveReceivedCommandTimes(DeleteStreamCommand, 0);
  });
});

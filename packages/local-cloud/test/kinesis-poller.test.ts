/**
 * The parts of the Kinesis poller that need no stream: how a batch is delivered
 * (retries, bisection, batchItemFailures, record age, stopping), with a stub
 * function and a clock the tests move; the event a batch becomes; and what a
 * mapping reports while its stream cannot be read, with a stub Kinesis client.
 */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  type _Record as KinesisRecord,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import {
  BatchSender,
  type InvocationOutcome,
} from '../src/services/lambda/event-source-mappings/batch-sender.ts';
import {
  type BatchRecord,
  batchRecord,
  kinesisEvent,
  MAX_EVENT_BYTES,
  takeBatch,
} from '../src/services/lambda/event-source-mappings/kinesis-event.ts';
import {
  KinesisPoller,
  type MappedFunctions,
  type PolledMapping,
  STREAM_READ_PROBLEM,
} from '../src/services/lambda/event-source-mappings/kinesis-poller.ts';
import {
  type BatchSettings,
  batchSettings,
} from '../src/services/lambda/event-source-mappings/mapping-settings.ts';

const T0 = Date.UTC(2026, 10, 25, 12);

/** Records 1..count, arrived at T0; their JSON is just their number. */
function records(count: number): BatchRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    sequenceNumber: String(1000 + index + 1),
    arrivalMs: T0,
    json: String(index + 1),
  }));
}

const ids = (batch: readonly BatchRecord[]) => batch.map((record) => Number(record.json));
const ok = (payload = ''): InvocationOutcome => ({
  invoked: true,
  payload: Buffer.from(payload),
  functionError: false,
});
const functionError: InvocationOutcome = {
  invoked: true,
  payload: Buffer.from('{"errorMessage":"boom"}'),
  functionError: true,
};

/** A sender whose function answers `answer(records, attempt)`; what it saw is recorded. */
function senderFor(
  answer: (batch: readonly BatchRecord[], attempt: number) => InvocationOutcome,
  settings: Partial<BatchSettings> = {},
  clock = { now: T0 },
) {
  const invocations: number[][] = [];
  const checkpoints: number[] = [];
  const results: string[] = [];
  const stopping = new AbortController();
  const sender = new BatchSender({
    settings: () => ({ ...batchSettings({}), ...settings }),
    invoke: async (batch) => {
      invocations.push(ids(batch));
      return answer(batch, invocations.length);
    },
    checkpoint: (record) => checkpoints.push(Number(record.json)),
    report: (result) => results.push(result),
    retryDelayMs: 1,
    signal: stopping.signal,
    now: () => clock.now,
  });
  return { sender, invocations, checkpoints, results, stopping };
}

describe('BatchSender', () => {
  it('delivers a batch once when the function succeeds, and checkpoints its last record', async () => {
    const { sender, invocations, checkpoints, results } = senderFor(() => ok('{}'));
    await sender.deliver(records(3));
    expect(invocations).toEqual([[1, 2, 3]]);
    expect(checkpoints).toEqual([3]);
    expect(results).toEqual(['OK']);
  });

  it('retries a failed batch until it succeeds (-1: no limit), checkpointing only then', async () => {
    const { sender, invocations, checkpoints, results } = senderFor((_, attempt) =>
      attempt <= 3 ? functionError : ok(),
    );
    await sender.deliver(records(2));
    expect(invocations).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(checkpoints).toEqual([2]);
    expect(results).toEqual([
      'PROBLEM: Function call failed',
      'PROBLEM: Function call failed',
      'PROBLEM: Function call failed',
      'OK',
    ]);
  });

  it('gives up after MaximumRetryAttempts retries: the first attempt and that many more', async () => {
    const { sender, invocations, checkpoints } = senderFor(() => functionError, {
      maximumRetryAttempts: 2,
    });
    await sender.deliver(records(2));
    expect(invocations).toHaveLength(3);
    expect(checkpoints).toEqual([2]);
  });

  it('does not count invocations Lambda did not run (throttled, function gone) as retries', async () => {
    const { sender, invocations, checkpoints } = senderFor(
      (_, attempt) => (attempt <= 3 ? { invoked: false } : ok()),
      { maximumRetryAttempts: 0 },
    );
    await sender.deliver(records(1));
    expect(invocations).toHaveLength(4);
    expect(checkpoints).toEqual([1]);
  });

  it('bisects a failing batch without using up retries, in order, until the bad record is alone', async () => {
    const { sender, invocations, checkpoints } = senderFor(
      (batch) => (ids(batch).includes(3) ? functionError : ok()),
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
    );
    await sender.deliver(records(5));
    expect(invocations).toEqual([[1, 2, 3, 4, 5], [1, 2, 3], [1, 2], [3], [4, 5]]);
    expect(checkpoints).toEqual([2, 3, 5]);
  });

  describe('with ReportBatchItemFailures', () => {
    const reporting = { functionResponseTypes: ['ReportBatchItemFailures'] };
    const failures = (...sequenceNumbers: unknown[]) =>
      JSON.stringify({
        batchItemFailures: sequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })),
      });

    it('checkpoints before the lowest failed sequence number and retries from there', async () => {
      const { sender, invocations, checkpoints } = senderFor(
        (_, attempt) => ok(attempt === 1 ? failures('1004', '1002') : '{}'),
        reporting,
      );
      await sender.deliver(records(5));
      expect(invocations).toEqual([
        [1, 2, 3, 4, 5],
        [2, 3, 4, 5],
      ]);
      expect(checkpoints).toEqual([1, 5]);
    });

    it.each([
      ['an empty answer', ''],
      ['null', 'null'],
      ['an empty object', '{}'],
      ['an empty list', failures()],
      ['a null list', '{"batchItemFailures":null}'],
      ["the function's own result", '{"Records":[]}'],
    ])('%s is a success', async (_, answer) => {
      const { sender, invocations } = senderFor(() => ok(answer), reporting);
      await sender.deliver(records(2));
      expect(invocations).toHaveLength(1);
    });

    it.each([
      ['an empty itemIdentifier', failures('')],
      ['a null itemIdentifier', failures(null)],
      ['an item without one', '{"batchItemFailures":[{"foo":"1001"}]}'],
      ['a sequence number not in the batch', failures('999')],
      ['a list that is not one', '{"batchItemFailures":"1001"}'],
      ['an answer that is not an object', '"done"'],
      ['an answer that is not JSON', 'done'],
    ])('%s fails the whole batch', async (_, answer) => {
      const { sender, invocations, checkpoints } = senderFor(
        (_, attempt) => ok(attempt === 1 ? answer : '{}'),
        reporting,
      );
      await sender.deliver(records(2));
      expect(invocations).toEqual([
        [1, 2],
        [1, 2],
      ]);
      expect(checkpoints).toEqual([2]);
    });

    it('is ignored when the mapping does not report batch item failures', async () => {
      const { sender, invocations } = senderFor(() => ok(failures('1001')));
      await sender.deliver(records(2));
      expect(invocations).toHaveLength(1);
    });
  });

  describe('MaximumRecordAgeInSeconds', () => {
    it('drops records older than the maximum age before invoking', async () => {
      const clock = { now: T0 + 61_000 };
      const batch = records(3).map((record, index) => ({
        ...record,
        arrivalMs: T0 + index * 1_000,
      }));
      const { sender, invocations, checkpoints } = senderFor(
        () => ok(),
        { maximumRecordAgeInSeconds: 60 },
        clock,
      );
      await sender.deliver(batch);
      // Record 1 arrived 61 s ago, record 2 60 s ago: only record 1 is too old.
      expect(invocations).toEqual([[2, 3]]);
      expect(checkpoints).toEqual([1, 3]);
    });

    it('ends the retries of a failing batch when its records expire', async () => {
      const clock = { now: T0 };
      const { sender, invocations, checkpoints } = senderFor(
        () => {
          clock.now += 25_000;
          return functionError;
        },
        { maximumRecordAgeInSeconds: 60 },
        clock,
      );
      await sender.deliver(records(2));
      expect(invocations).toHaveLength(3);
      expect(checkpoints).toEqual([2]);
    });
  });

  it('stops retrying when polling stops, leaving the batch to be read again', async () => {
    const { sender, invocations, checkpoints, stopping } = senderFor(() => functionError);
    const delivering = sender.deliver(records(1));
    await expect.poll(() => invocations.length).toBeGreaterThan(1);
    stopping.abort();
    await delivering;
    expect(checkpoints).toEqual([]);
  });
});

describe('the Kinesis event of a batch', () => {
  const source = {
    shardId: 'shardId-000000000003',
    streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/testKinesis',
    region: 'us-east-1',
    roleArn: 'arn:aws:iam::000000000000:role/lambda-role',
  };

  it("has Lambda's fields, in AWS's order", () => {
    const record = batchRecord(
      {
        SequenceNumber: '49590338271490256608559692538361571095921575989136588898',
        PartitionKey: '1',
        Data: Buffer.from('Hello, this is a test.'),
        ApproximateArrivalTimestamp: new Date(1545084650987),
      },
      source,
    );
    expect(kinesisEvent([record]).toString()).toBe(
      JSON.stringify({
        Records: [
          {
            kinesis: {
              kinesisSchemaVersion: '1.0',
              partitionKey: '1',
              sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
              data: 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==',
              approximateArrivalTimestamp: 1545084650.987,
            },
            eventSource: 'aws:kinesis',
            eventVersion: '1.0',
            eventID:
              'shardId-000000000003:49590338271490256608559692538361571095921575989136588898',
            eventName: 'aws:kinesis:record',
            invokeIdentityArn: 'arn:aws:iam::000000000000:role/lambda-role',
            awsRegion: 'us-east-1',
            eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/testKinesis',
          },
        ],
      }),
    );
  });

  it('holds at most BatchSize records, and no more than fit in 6 MB (but always one)', () => {
    const small = Array.from({ length: 10 }, (_, index) => ({
      SequenceNumber: String(index),
      PartitionKey: 'p',
      Data: Buffer.alloc(10),
    }));
    expect(takeBatch(small, 4, source)).toHaveLength(4);
    expect(small).toHaveLength(6);

    const megabyte = () => ({
      SequenceNumber: '1',
      PartitionKey: 'p',
      Data: Buffer.alloc(1_000_000),
    });
    const large = Array.from({ length: 8 }, megabyte);
    const batch = takeBatch(large, 100, source);
    // 1 MB of data is 1.33 MB of base64: four records fit in 6,291,456 bytes, five do not.
    expect(batch).toHaveLength(4);
    expect(kinesisEvent(batch).length).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(large).toHaveLength(4);

    const huge = [{ SequenceNumber: '1', PartitionKey: 'p', Data: Buffer.alloc(5_000_000) }];
    expect(takeBatch(huge, 1, source)).toHaveLength(1);
  });
});

describe("a mapping's LastProcessingResult while its stream cannot be read", () => {
  const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/watched';

  /** A one-shard stream that can be made unreachable (as when kinesis-mock is gone). */
  function stubStream() {
    const stream = { reachable: true, waiting: [] as KinesisRecord[] };
    let sequence = 0;
    const put = () =>
      stream.waiting.push({
        SequenceNumber: String(++sequence),
        PartitionKey: 'key',
        Data: Buffer.from('{}'),
        ApproximateArrivalTimestamp: new Date(),
      });
    const kinesis = {
      send: async (command: object) => {
        if (!stream.reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:4567');
        if (command instanceof ListShardsCommand) {
          return { Shards: [{ ShardId: 'shardId-000000000000' }] };
        }
        if (command instanceof GetShardIteratorCommand) return { ShardIterator: 'iterator' };
        if (command instanceof GetRecordsCommand) {
          return { Records: stream.waiting.splice(0), NextShardIterator: 'iterator' };
        }
        throw new Error(`the stub stream does not answer ${command.constructor.name}`);
      },
    } as unknown as KinesisClient;
    return { stream, put, kinesis };
  }

  function pollerOf(kinesis: KinesisClient) {
    const mapping: PolledMapping = {
      region: 'us-east-1',
      stream: { arn: STREAM_ARN, region: 'us-east-1', accountId: '000000000000', name: 'watched' },
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:reader',
      settings: batchSettings({}),
      startingPosition: 'TRIM_HORIZON',
      positions: new Map(),
      lastProcessingResult: 'No records processed',
    };
    const lambda = {
      getFunctionConfiguration: () => ({ Role: 'arn:aws:iam::000000000000:role/lambda-role' }),
      invoke: async () => ({ Payload: Buffer.from('{}') }),
    } as unknown as MappedFunctions;
    return { mapping, poller: new KinesisPoller(mapping, { kinesis, lambda, pollIntervalMs: 1 }) };
  }

  it("reports Lambda's PROBLEM while reads fail, and what it said before once they work again", async () => {
    const { stream, put, kinesis } = stubStream();
    const { mapping, poller } = pollerOf(kinesis);
    await poller.start();
    put();
    await expect.poll(() => mapping.lastProcessingResult).toBe('OK');

    stream.reachable = false;
    await expect.poll(() => mapping.lastProcessingResult).toBe(STREAM_READ_PROBLEM);
    stream.reachable = true;
    await expect.poll(() => mapping.lastProcessingResult).toBe('OK');
    await poller.stop();
  });

  it('reports it from the start when the stream cannot be read at all, until it can', async () => {
    const { stream, kinesis } = stubStream();
    stream.reachable = false;
    const { mapping, poller } = pollerOf(kinesis);
    await poller.start();
    expect(mapping.lastProcessingResult).toBe(STREAM_READ_PROBLEM);
    stream.reachable = true;
    // Nothing processed yet: it says so again.
    await expect.poll(() => mapping.lastProcessingResult).toBe('No records processed');
    await poller.stop();
  });
});

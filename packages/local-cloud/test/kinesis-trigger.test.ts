/**
 * Kinesis triggers end to end, with the unchanged SDK clients against one local
 * cloud: walkthrough step 3 (a record put on `testKinesis` reaches the echo
 * callee with Lambda's Kinesis event), where a mapping starts and resumes, and
 * how a shard's batches are retried, split, checkpointed and given up on.
 * Handlers report each batch they get in a `BATCH {...}` log line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { parseKinesisRecord } from '@l2l/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../src/index.ts';
import { handlerZip, ROLE } from './lambda-support.ts';
import { createFunction } from './support/functions.ts';
import {
  createStream,
  createStreamReadingRole,
  streamArn,
  waitForState,
} from './support/kinesis-trigger.ts';
import { clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const logEvents: LogEvent[] = [];
const cloud = useLocalCloud({
  kinesisPollIntervalMs: 10,
  onLogEvent: (event) => logEvents.push(event),
});
let lambda: LambdaClient;
let kinesis: KinesisClient;
let markers: string;

beforeAll(async () => {
  lambda = new LambdaClient(clientConfig(cloud()));
  kinesis = new KinesisClient(clientConfig(cloud()));
  await createStreamReadingRole(cloud());
  markers = await mkdtemp(path.join(os.tmpdir(), 'kinesis-trigger-'));
});
afterAll(async () => {
  lambda.destroy();
  kinesis.destroy();
  await rm(markers, { recursive: true, force: true });
});

/** Logs the whole event as JSON. */
const RECORDER_SOURCE = `export const handler = async (event) => {
  console.log('EVENT ' + JSON.stringify(event));
  return {};
};
`;

/**
 * Each record's data is JSON, `{ id, fail?, report?, identifier? }`: a batch with a record that
 * has `fail` throws until that record has failed `fail` times; `report` answers
 * `{ batchItemFailures: [{ itemIdentifier }] }` for the record (its sequence number, or
 * `identifier`) until it has been reported `report` times. Counts live in files under MARKERS.
 */
const SCRIPTED_SOURCE = `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const counted = (id) => path.join(process.env.MARKERS, process.env.AWS_LAMBDA_FUNCTION_NAME + '-' + id);
const failures = (id) => (existsSync(counted(id)) ? Number(readFileSync(counted(id), 'utf8')) : 0);
const count = (id) => writeFileSync(counted(id), String(failures(id) + 1));
const report = (ids, outcome) => console.log('BATCH ' + JSON.stringify({ ids, outcome }));

export const handler = async (event) => {
  const records = event.Records.map((record) => ({
    sequenceNumber: record.kinesis.sequenceNumber,
    ...JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')),
  }));
  const ids = records.map((record) => record.id);
  const failing = records.find((record) => record.fail !== undefined && failures(record.id) < record.fail);
  if (failing) {
    count(failing.id);
    report(ids, 'error');
    throw new Error('record ' + failing.id + ' failed');
  }
  const reported = records.find((record) => record.report !== undefined && failures(record.id) < record.report);
  if (reported) {
    count(reported.id);
    report(ids, 'partial');
    return { batchItemFailures: [{ itemIdentifier: reported.identifier ?? reported.sequenceNumber }] };
  }
  report(ids, 'ok');
  return {};
};
`;

type KinesisEventRecord = Parameters<typeof parseKinesisRecord>[0];

/** Fails, once, the first attempt at any batch that starts with a record whose id is a multiple of 5. */
const FAIL_ONCE_SOURCE = `import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const handler = async (event) => {
  const shard = event.Records[0].eventID.split(':')[0];
  const ids = event.Records.map((record) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')).id);
  const marker = path.join(process.env.MARKERS, 'first-' + ids[0]);
  if (ids[0] % 5 === 0 && !existsSync(marker)) {
    writeFileSync(marker, '');
    console.log('BATCH ' + JSON.stringify({ shard, ids, outcome: 'error' }));
    throw new Error('the first attempt at a batch that starts with ' + ids[0] + ' fails');
  }
  console.log('BATCH ' + JSON.stringify({ shard, ids, outcome: 'ok' }));
  return {};
};
`;

interface Batch {
  readonly ids: number[];
  readonly outcome: 'ok' | 'error' | 'partial';
  readonly shard?: string;
}

/** The batches a function reported so far, in the order it got them. */
function batchesOf(functionName: string): Batch[] {
  return logEvents
    .filter((event) => event.logGroupName === `/aws/lambda/${functionName}`)
    .map((event) => /\tBATCH (.*)$/s.exec(event.message)?.[1])
    .filter((json) => json !== undefined)
    .map((json) => JSON.parse(json) as Batch);
}

/** Waits until the function has reported a batch with the record `id` processed. */
async function processed(functionName: string, id: number, timeout = 5_000): Promise<Batch[]> {
  await expect
    .poll(
      () =>
        batchesOf(functionName).some((batch) => batch.outcome === 'ok' && batch.ids.includes(id)),
      { timeout, interval: 10 },
    )
    .toBe(true);
  return batchesOf(functionName);
}

/** A stream, a function with `source`, and an Enabled mapping between them (`before` it: `setup`). */
async function trigger(
  name: string,
  source: string,
  options: {
    settings?: Partial<CreateEventSourceMappingCommandInput>;
    shards?: number;
    setup?: () => Promise<unknown>;
  } = {},
): Promise<{ uuid: string; arn: string }> {
  const arn = await createStream(kinesis, name, options.shards);
  await createFunction(lambda, name, await handlerZip(source), { MARKERS: markers });
  await options.setup?.();
  const { UUID } = await lambda.send(
    new CreateEventSourceMappingCommand({
      EventSourceArn: arn,
      FunctionName: name,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1,
      ...options.settings,
    }),
  );
  await waitForState(lambda, UUID, 'Enabled');
  return { uuid: UUID as string, arn };
}

async function untrigger(uuid: string): Promise<void> {
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
}

/** Puts records `{ id, ...extra }` on the stream in one PutRecords call, in order on one shard. */
async function putRecords(stream: string, records: object[]): Promise<void> {
  await kinesis.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: records.map((record) => ({
        PartitionKey: 'one-shard',
        Data: Buffer.from(JSON.stringify(record)),
      })),
    }),
  );
}

describe('walkthrough step 3: a Kinesis trigger', () => {
  it('3.1-3.3: a record put on testKinesis reaches the echo callee with the Kinesis event', async () => {
    await createStream(kinesis, 'testKinesis');
    await createFunction(lambda, 'kinesisEcho', await echoZip());
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: streamArn('testKinesis'),
        FunctionName: 'kinesisEcho',
        BatchSize: 1,
        StartingPosition: 'TRIM_HORIZON',
      }),
    );
    await waitForState(lambda, UUID, 'Enabled');

    const data = JSON.stringify({ event_name: 'Kinesis 예제', event_created_at: new Date() });
    const put = await kinesis.send(
      new PutRecordCommand({
        Data: Buffer.from(data),
        PartitionKey: 'partition',
        StreamName: 'testKinesis',
      }),
    );
    expect(put.ShardId).toBe('shardId-000000000000');
    expect(put.SequenceNumber).toMatch(/^\d{20,}$/);

    // The callee's log, read as the walkthrough reads it: through CloudWatch Logs.
    const logs = new CloudWatchLogsClient(clientConfig(cloud()));
    const logged = async () => {
      const { events = [] } = await logs.send(
        new FilterLogEventsCommand({ logGroupName: '/aws/lambda/kinesisEcho' }),
      );
      return events.find((event) => event.message?.includes(put.SequenceNumber as string));
    };
    await expect.poll(logged, { timeout: 5_000, interval: 20 }).toBeDefined();
    const message = (await logged())?.message ?? '';
    logs.destroy();
    const fields = [
      "kinesisSchemaVersion: '1.0'",
      "partitionKey: 'partition'",
      `sequenceNumber: '${put.SequenceNumber}'`,
      `data: '${Buffer.from(data).toString('base64')}'`,
      "eventSource: 'aws:kinesis'",
      "eventVersion: '1.0'",
      `eventID: 'shardId-000000000000:${put.SequenceNumber}'`,
      "eventName: 'aws:kinesis:record'",
      `invokeIdentityArn: '${ROLE}'`,
      `awsRegion: '${REGION}'`,
      `eventSourceARN: '${streamArn('testKinesis')}'`,
    ];
    for (const field of fields) expect(message).toContain(field);
    expect(message).toMatch(/approximateArrivalTimestamp: \d{10}\.\d{1,3}\b/);
    await untrigger(UUID as string);
  });

  it('3.4: the records arrive as Lambda sends them, their data base64 of what was put', async () => {
    const { uuid, arn } = await trigger('decodedKinesis', RECORDER_SOURCE, {
      settings: { BatchSize: 10 },
    });
    const put = { event_name: 'Kinesis 예제', event_created_at: new Date().toISOString() };
    const before = Date.now();
    const { SequenceNumber } = await kinesis.send(
      new PutRecordCommand({
        StreamName: 'decodedKinesis',
        PartitionKey: 'partition',
        Data: Buffer.from(JSON.stringify(put)),
      }),
    );
    const eventLine = () =>
      logEvents.find(
        (event) =>
          event.logGroupName === '/aws/lambda/decodedKinesis' && event.message.includes('EVENT '),
      );
    await expect.poll(eventLine, { timeout: 5_000, interval: 10 }).toBeDefined();
    const event = JSON.parse(/\tEVENT (.*)$/s.exec(eventLine()?.message ?? '')?.[1] ?? '') as {
      Records: KinesisEventRecord[];
    };
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'partition',
            sequenceNumber: SequenceNumber,
            data: Buffer.from(JSON.stringify(put)).toString('base64'),
            approximateArrivalTimestamp: expect.any(Number),
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000000:${SequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: ROLE,
          awsRegion: REGION,
          eventSourceARN: arn,
        },
      ],
    });
    const [record] = event.Records;
    // Epoch seconds with milliseconds, when Kinesis got it.
    const arrival = (record?.kinesis.approximateArrivalTimestamp ?? 0) * 1000;
    expect(arrival).toBeGreaterThanOrEqual(before - 1_000);
    expect(arrival).toBeLessThanOrEqual(Date.now());
    expect(parseKinesisRecord(record as KinesisEventRecord)).toEqual(put);
    await untrigger(uuid);
  });
});

describe('where a mapping reads', () => {
  it('LATEST: only the records put once the mapping is Enabled', async () => {
    const { uuid } = await trigger('latestKinesis', SCRIPTED_SOURCE, {
      settings: { StartingPosition: 'LATEST' },
      setup: () => putRecords('latestKinesis', [{ id: 1 }]),
    });
    await putRecords('latestKinesis', [{ id: 2 }]);
    expect(await processed('latestKinesis', 2)).toEqual([{ ids: [2], outcome: 'ok' }]);
    await untrigger(uuid);
  });

  it('disabled, then enabled again: it resumes where it stopped, and nothing put meanwhile is lost', async () => {
    const { uuid, arn } = await trigger('pausedKinesis', SCRIPTED_SOURCE, {
      settings: { StartingPosition: 'LATEST' },
    });
    // A second, enabled mapping on the stream: once it has the records put while the first
    // one is disabled, the first one has had as many chances to read them.
    await createFunction(lambda, 'pausedWitness', await handlerZip(SCRIPTED_SOURCE), {
      MARKERS: markers,
    });
    const witness = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: arn,
        FunctionName: 'pausedWitness',
        StartingPosition: 'LATEST',
        BatchSize: 1,
      }),
    );
    await waitForState(lambda, witness.UUID, 'Enabled');
    await putRecords('pausedKinesis', [{ id: 1 }]);
    await processed('pausedKinesis', 1);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
    await waitForState(lambda, uuid, 'Disabled');
    await putRecords('pausedKinesis', [{ id: 2 }, { id: 3 }]);
    await processed('pausedWitness', 3);
    expect(batchesOf('pausedKinesis')).toHaveLength(1);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    await waitForState(lambda, uuid, 'Enabled');
    expect(await processed('pausedKinesis', 3)).toEqual([
      { ids: [1], outcome: 'ok' },
      { ids: [2], outcome: 'ok' },
      { ids: [3], outcome: 'ok' },
    ]);
    await untrigger(uuid);
    await untrigger(witness.UUID as string);
  });
});

describe('batching', () => {
  it('MaximumBatchingWindowInSeconds: gathers records for up to the window, unless the batch fills', async () => {
    const { uuid } = await trigger('windowedKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 5, MaximumBatchingWindowInSeconds: 1 },
    });
    const firstPut = Date.now();
    for (const id of [1, 2, 3]) {
      await putRecords('windowedKinesis', [{ id }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await processed('windowedKinesis', 3)).toEqual([{ ids: [1, 2, 3], outcome: 'ok' }]);
    expect(Date.now() - firstPut).toBeGreaterThanOrEqual(1_000);
    await untrigger(uuid);

    // With the longest window, 300 s, only a full batch can be delivered within the test.
    const full = await trigger('fullBatchKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 5, MaximumBatchingWindowInSeconds: 300 },
    });
    await putRecords(
      'fullBatchKinesis',
      [4, 5, 6, 7, 8].map((id) => ({ id })),
    );
    expect(await processed('fullBatchKinesis', 8)).toEqual([
      { ids: [4, 5, 6, 7, 8], outcome: 'ok' },
    ]);
    await untrigger(full.uuid);
  });
});

describe('when the function fails', () => {
  it('retries the batch until it succeeds, and the records after it wait (in order)', async () => {
    const { uuid } = await trigger('retriedKinesis', SCRIPTED_SOURCE, {
      setup: () => putRecords('retriedKinesis', [{ id: 1 }, { id: 2, fail: 2 }, { id: 3 }]),
    });
    expect(await processed('retriedKinesis', 3)).toEqual([
      { ids: [1], outcome: 'ok' },
      { ids: [2], outcome: 'error' },
      { ids: [2], outcome: 'error' },
      { ids: [2], outcome: 'ok' },
      { ids: [3], outcome: 'ok' },
    ]);
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    expect(mapping.LastProcessingResult).toBe('OK');
    await untrigger(uuid);
  });

  it('gives up on a batch after MaximumRetryAttempts retries, and goes on', async () => {
    const { uuid } = await trigger('exhaustedKinesis', SCRIPTED_SOURCE, {
      settings: { MaximumRetryAttempts: 2 },
      setup: () => putRecords('exhaustedKinesis', [{ id: 1, fail: 1e9 }]),
    });
    await expect
      .poll(() => batchesOf('exhaustedKinesis').length, { timeout: 5_000, interval: 10 })
      .toBe(3);
    const failing = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    expect(failing.LastProcessingResult).toBe('PROBLEM: Function call failed');
    await putRecords('exhaustedKinesis', [{ id: 2 }]);
    expect(await processed('exhaustedKinesis', 2)).toEqual([
      { ids: [1], outcome: 'error' },
      { ids: [1], outcome: 'error' },
      { ids: [1], outcome: 'error' },
      { ids: [2], outcome: 'ok' },
    ]);
    const after = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    expect(after.LastProcessingResult).toBe('OK');
    await untrigger(uuid);
  });

  it('BisectBatchOnFunctionError: splits a failing batch until the bad record is alone', async () => {
    const { uuid } = await trigger('bisectedKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 4, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 0 },
      setup: () =>
        putRecords('bisectedKinesis', [{ id: 1 }, { id: 2 }, { id: 3, fail: 1e9 }, { id: 4 }]),
    });
    expect(await processed('bisectedKinesis', 4)).toEqual([
      { ids: [1, 2, 3, 4], outcome: 'error' },
      { ids: [1, 2], outcome: 'ok' },
      { ids: [3, 4], outcome: 'error' },
      { ids: [3], outcome: 'error' },
      { ids: [4], outcome: 'ok' },
    ]);
    await untrigger(uuid);
  });

  it('ReportBatchItemFailures: retries from the lowest failed sequence number', async () => {
    const { uuid } = await trigger('checkpointedKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      setup: () =>
        putRecords('checkpointedKinesis', [
          { id: 1 },
          { id: 2 },
          { id: 3, report: 1 },
          { id: 4, report: 1 },
          { id: 5 },
        ]),
    });
    expect(await processed('checkpointedKinesis', 5)).toEqual([
      { ids: [1, 2, 3, 4, 5], outcome: 'partial' },
      { ids: [3, 4, 5], outcome: 'partial' },
      { ids: [4, 5], outcome: 'ok' },
    ]);
    await untrigger(uuid);
  });

  it('ReportBatchItemFailures: an empty itemIdentifier fails the whole batch', async () => {
    const { uuid } = await trigger('unreadableKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 2, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      setup: () =>
        putRecords('unreadableKinesis', [{ id: 1 }, { id: 2, report: 1, identifier: '' }]),
    });
    expect(await processed('unreadableKinesis', 2)).toEqual([
      { ids: [1, 2], outcome: 'partial' },
      { ids: [1, 2], outcome: 'ok' },
    ]);
    await untrigger(uuid);
  });
});

describe('reliability', () => {
  it('1,000 records on 4 shards, some batches failing once: each processed, in order per shard, none lost', async () => {
    const { uuid } = await trigger('reliableKinesis', FAIL_ONCE_SOURCE, {
      settings: { BatchSize: 10 },
      shards: 4,
    });
    /** Each shard's record ids, in the order of their sequence numbers. */
    const expected = new Map<string, { id: number; sequenceNumber: bigint }[]>();
    for (let first = 0; first < 1_000; first += 250) {
      const entries = Array.from({ length: 250 }, (_, index) => first + index);
      const { FailedRecordCount, Records = [] } = await kinesis.send(
        new PutRecordsCommand({
          StreamName: 'reliableKinesis',
          Records: entries.map((id) => ({
            PartitionKey: `key-${id % 16}`,
            Data: Buffer.from(JSON.stringify({ id })),
          })),
        }),
      );
      expect(FailedRecordCount).toBe(0);
      Records.forEach((record, index) => {
        const shard = record.ShardId as string;
        if (!expected.has(shard)) expected.set(shard, []);
        expected.get(shard)?.push({
          id: entries[index] as number,
          sequenceNumber: BigInt(record.SequenceNumber ?? 0),
        });
      });
    }
    expect(expected.size).toBe(4);

    const okIds = () =>
      new Set(
        batchesOf('reliableKinesis')
          .filter((batch) => batch.outcome === 'ok')
          .flatMap((batch) => batch.ids),
      );
    await expect.poll(() => okIds().size, { timeout: 30_000, interval: 50 }).toBe(1_000);

    const batches = batchesOf('reliableKinesis');
    const failed = batches.filter((batch) => batch.outcome === 'error');
    expect(failed.length).toBeGreaterThan(0);
    for (const [shard, records] of expected) {
      const inOrder = records
        .sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? -1 : 1))
        .map((record) => record.id);
      const ofShard = batches.filter((batch) => batch.shard === shard);
      // Every record once, in order: a failed batch is retried before anything after it.
      expect(
        ofShard.filter((batch) => batch.outcome === 'ok').flatMap((batch) => batch.ids),
      ).toEqual(inOrder);
      ofShard.forEach((batch, index) => {
        if (batch.outcome === 'error') expect(ofShard[index + 1]?.ids[0]).toBe(batch.ids[0]);
      });
    }
    const processedCount = batches
      .filter((batch) => batch.outcome === 'ok')
      .reduce((total, batch) => total + batch.ids.length, 0);
    expect(processedCount).toBe(1_000);
    await untrigger(uuid);
  }, 40_000);
});

// Last: it stops the file's local cloud.
describe('stopping the local cloud', () => {
  it('stops polling, once the batch under way is done', async () => {
    const slow = `export const handler = async (event) => {
  console.log('BATCH ' + JSON.stringify({ ids: [], outcome: 'started' }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  console.log('BATCH ' + JSON.stringify({ ids: [1], outcome: 'ok' }));
  return {};
};
`;
    await trigger('stoppedKinesis', slow, {
      setup: () => putRecords('stoppedKinesis', [{ id: 1 }]),
    });
    await expect
      .poll(() => batchesOf('stoppedKinesis').length, { timeout: 5_000, interval: 5 })
      .toBe(1);
    await cloud().stop();
    expect(batchesOf('stoppedKinesis')).toEqual([
      { ids: [], outcome: 'started' },
      { ids: [1], outcome: 'ok' },
    ]);
  });
});

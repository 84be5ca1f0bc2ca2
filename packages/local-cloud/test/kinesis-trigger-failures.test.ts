/**
 * Kinesis triggers end to end, with the unchanged SDK clients against one local
 * cloud: how a shard's batches are retried, split, checkpointed and given up on
 * when the function fails, a thousand records on four shards, and stopping
 * (kinesis-trigger-walkthrough.test.ts has step 3 and how records are read).
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { SCRIPTED_SOURCE, useKinesisTriggers } from './support/kinesis-trigger.ts';

const { cloud, lambda, kinesis, trigger, untrigger, putRecords, batchesOf, processed } =
  useKinesisTriggers();

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

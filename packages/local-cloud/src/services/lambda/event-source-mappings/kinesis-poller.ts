/**
 * The poller of one enabled Kinesis mapping, as Lambda's: it reads every shard
 * of the stream with the real Kinesis API (ListShards, GetShardIterator,
 * GetRecords), gathers batches of up to BatchSize records (waiting up to
 * MaximumBatchingWindowInSeconds for a full one) and invokes the function
 * synchronously with each, one batch per shard at a time, so that the records
 * of a shard are processed in order. https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 *
 * Lambda polls each shard "at a base rate of once per second" and keeps reading
 * while records are available; the local cloud polls every `pollIntervalMs`
 * (LocalCloudOptions.kinesisPollIntervalMs). Not done here: ParallelizationFactor
 * above 1 (one batch per shard at a time), following a resharded stream (its
 * shards are listed when polling starts), enhanced fan-out consumers.
 *
 * While the stream cannot be read (kinesis-mock stopped, the stream deleted),
 * the mapping's LastProcessingResult says so, as Lambda's does, and the shards
 * keep trying; once a read works again, it goes back to what it said before.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type KinesisClient,
  type _Record as KinesisRecord,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { LambdaModel } from '../model.ts';
import { BatchSender, type InvocationOutcome, type ProcessingResult } from './batch-sender.ts';
import {
  type BatchRecord,
  eventDataBytes,
  kinesisEvent,
  MAX_EVENT_BYTES,
  takeBatch,
} from './kinesis-event.ts';
import type { BatchSettings, StartingPosition, StreamArn } from './mapping-settings.ts';
import { type ShardPosition, ShardReader } from './shard-reader.ts';

/** What a mapping needs of Lambda: its function's role, and synchronous invocations. */
export type MappedFunctions = Pick<LambdaModel, 'getFunctionConfiguration' | 'invoke'>;

/**
 * What Lambda reports in LastProcessingResult while it cannot read a mapping's stream. AWS does
 * not document its values; this one is what Lambda shows for a stream it cannot read, as seen on
 * Kinesis and DynamoDB mappings (The Open Guide to AWS, "Lambda Gotchas and Limitations":
 * https://github.com/open-guides/og-aws#lambda-gotchas-and-limitations).
 */
export const STREAM_READ_PROBLEM =
  'PROBLEM: internal Lambda error. Please contact Lambda customer support.';

export type LastProcessingResult =
  | ProcessingResult
  | 'No records processed'
  | typeof STREAM_READ_PROBLEM;

/** A mapping as its poller sees it: settings are read as they are now, results written back. */
export interface PolledMapping {
  /** The function's region, where it is invoked. */
  readonly region: string;
  readonly stream: StreamArn;
  readonly functionArn: string;
  readonly settings: BatchSettings;
  readonly startingPosition: StartingPosition;
  readonly startingPositionTimestamp?: Date;
  /** Where each shard resumes when polling starts again: its checkpoint. */
  readonly positions: Map<string, ShardPosition>;
  lastProcessingResult: LastProcessingResult;
}

export interface PollerDependencies {
  /** A client for the stream's region. */
  readonly kinesis: KinesisClient;
  readonly lambda: MappedFunctions;
  readonly pollIntervalMs: number;
}

export class KinesisPoller {
  private readonly stopping = new AbortController();
  private polling: Promise<void> | undefined;
  /** What LastProcessingResult said before reading failed, to say again once it works. */
  private resultBeforeReadProblem: LastProcessingResult | undefined;

  constructor(
    private readonly mapping: PolledMapping,
    private readonly dependencies: PollerDependencies,
  ) {}

  /** Starts polling; resolves once each shard has its first iterator (or the first try failed). */
  async start(): Promise<void> {
    const readers = await this.tryOpenShards();
    this.polling = this.poll(readers);
  }

  /** Stops polling: no more reads or retries; resolves when the invocations under way end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.polling;
  }

  private async poll(readers: ShardReader[] | undefined): Promise<void> {
    let shards = readers;
    while (shards === undefined && !this.stopping.signal.aborted) {
      await this.pause(this.dependencies.pollIntervalMs);
      shards = await this.tryOpenShards();
    }
    await Promise.all((shards ?? []).map((reader) => this.pollShard(reader)));
  }

  /** The shards' readers, or undefined (and the problem reported) if the stream cannot be read now. */
  private async tryOpenShards(): Promise<ShardReader[] | undefined> {
    try {
      const readers = await this.openShards();
      this.readWorked();
      return readers;
    } catch {
      this.readFailed();
      return undefined;
    }
  }

  /** A reader for each shard of the stream, each with its first iterator. */
  private async openShards(): Promise<ShardReader[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.dependencies.kinesis.send(
        new ListShardsCommand(
          nextToken ? { NextToken: nextToken } : { StreamARN: this.mapping.stream.arn },
        ),
        { abortSignal: this.stopping.signal },
      );
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return Promise.all(shards.map((shard) => this.openShard(shard.ShardId ?? '')));
  }

  private async openShard(shardId: string): Promise<ShardReader> {
    const { positions, startingPosition, startingPositionTimestamp } = this.mapping;
    const saved = positions.get(shardId);
    const openedAt = new Date();
    const position: ShardPosition =
      saved ??
      (startingPosition === 'AT_TIMESTAMP'
        ? { atTimestamp: startingPositionTimestamp ?? openedAt }
        : { type: startingPosition });
    const reader = new ShardReader(
      this.dependencies.kinesis,
      this.mapping.stream.arn,
      shardId,
      position,
    );
    await reader.open(this.stopping.signal);
    // Resuming LATEST later must not skip what was put meanwhile: from now on, then.
    if (!saved && startingPosition === 'LATEST') positions.set(shardId, { atTimestamp: openedAt });
    return reader;
  }

  /** Reads the shard and delivers its batches, one at a time, until polling stops. */
  private async pollShard(reader: ShardReader): Promise<void> {
    const { signal } = this.stopping;
    const sender = new BatchSender({
      settings: () => this.mapping.settings,
      invoke: (records) => this.invoke(records),
      checkpoint: (record) =>
        this.mapping.positions.set(reader.shardId, { afterSequenceNumber: record.sequenceNumber }),
      report: (result) => {
        this.mapping.lastProcessingResult = result;
      },
      retryDelayMs: this.dependencies.pollIntervalMs,
      signal,
    });
    const buffer: KinesisRecord[] = [];
    let gatheringSince = 0;
    while (!signal.aborted) {
      const { batchSize, maximumBatchingWindowInSeconds } = this.mapping.settings;
      let fetched = 0;
      if (buffer.length < batchSize && dataBytes(buffer) < MAX_EVENT_BYTES && !reader.closed) {
        try {
          const records = await reader.read(batchSize - buffer.length, signal);
          this.readWorked();
          if (buffer.length === 0) gatheringSince = Date.now();
          buffer.push(...records);
          fetched = records.length;
        } catch {
          this.readFailed();
          await this.pause(this.dependencies.pollIntervalMs);
          continue;
        }
      }
      if (buffer.length === 0) {
        if (reader.closed) return;
        await this.pause(this.dependencies.pollIntervalMs);
        continue;
      }
      const full =
        buffer.length >= batchSize || dataBytes(buffer) >= MAX_EVENT_BYTES || reader.closed;
      const windowLeft = gatheringSince + maximumBatchingWindowInSeconds * 1000 - Date.now();
      if (!full && windowLeft > 0) {
        // Read on at once while records come; otherwise wait for more.
        if (fetched === 0) await this.pause(Math.min(this.dependencies.pollIntervalMs, windowLeft));
        continue;
      }
      const roleArn = this.functionRole();
      if (roleArn === undefined) {
        // The function is gone: the shard waits until a function of that name exists again.
        this.mapping.lastProcessingResult = 'PROBLEM: Function call failed';
        await this.pause(this.dependencies.pollIntervalMs);
        continue;
      }
      const { stream } = this.mapping;
      const batch = takeBatch(buffer, batchSize, {
        shardId: reader.shardId,
        streamArn: stream.arn,
        region: stream.region,
        roleArn,
      });
      await sender.deliver(batch);
      gatheringSince = Date.now();
    }
  }

  private readFailed(): void {
    // A read cut short because polling stops is no problem of the stream's.
    if (this.stopping.signal.aborted) return;
    const { mapping } = this;
    if (mapping.lastProcessingResult === STREAM_READ_PROBLEM) return;
    this.resultBeforeReadProblem = mapping.lastProcessingResult;
    mapping.lastProcessingResult = STREAM_READ_PROBLEM;
  }

  private readWorked(): void {
    const { mapping } = this;
    if (mapping.lastProcessingResult === STREAM_READ_PROBLEM) {
      // 'OK' when the problem predates this poller (it stopped while reads failed).
      mapping.lastProcessingResult = this.resultBeforeReadProblem ?? 'OK';
    }
    this.resultBeforeReadProblem = undefined;
  }

  private functionRole(): string | undefined {
    try {
      return this.dependencies.lambda.getFunctionConfiguration(
        this.mapping.region,
        this.mapping.functionArn,
      ).Role;
    } catch {
      return undefined;
    }
  }

  private async invoke(records: readonly BatchRecord[]): Promise<InvocationOutcome> {
    try {
      const output = await this.dependencies.lambda.invoke(this.mapping.region, {
        FunctionName: this.mapping.functionArn,
        Payload: kinesisEvent(records),
        RequestId: randomUUID(),
      });
      return {
        invoked: true,
        payload: output.Payload ?? Buffer.alloc(0),
        functionError: output.FunctionError !== undefined,
      };
    } catch {
      return { invoked: false };
    }
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopping.signal }).catch(() => {});
  }
}

function dataBytes(records: readonly KinesisRecord[]): number {
  return records.reduce((total, record) => total + eventDataBytes(record), 0);
}

/**
 * The event Lambda invokes a function with for a batch of Kinesis records,
 * field for field and in AWS's order, as in the sample event of
 * https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html:
 * `{ "Records": [ { "kinesis": { "kinesisSchemaVersion": "1.0", "partitionKey", "sequenceNumber",
 * "data" (base64), "approximateArrivalTimestamp" (epoch seconds, with milliseconds) },
 * "eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": "<shard id>:<sequence number>",
 * "eventName": "aws:kinesis:record", "invokeIdentityArn" (the function's role), "awsRegion",
 * "eventSourceARN" } ] }`.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';

/** Where a batch comes from, the same for all of its records. */
export interface RecordSource {
  readonly shardId: string;
  readonly streamArn: string;
  readonly region: string;
  /** The function's execution role: Lambda reads the stream with it. */
  readonly roleArn: string;
}

/** A record of a batch: its place in the shard, and its part of the event as JSON text. */
export interface BatchRecord {
  readonly sequenceNumber: string;
  /** When Kinesis received it, in ms since the epoch. */
  readonly arrivalMs: number;
  readonly json: string;
}

/** A record as it appears in the event. */
export function batchRecord(record: KinesisRecord, source: RecordSource): BatchRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  const arrivalMs = record.ApproximateArrivalTimestamp?.getTime() ?? 0;
  const json = JSON.stringify({
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey,
      sequenceNumber,
      data: Buffer.from(record.Data ?? []).toString('base64'),
      approximateArrivalTimestamp: arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${source.shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.roleArn,
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
  });
  return { sequenceNumber, arrivalMs, json };
}

/** The event's JSON for these records, as the Invoke payload. */
export function kinesisEvent(records: readonly BatchRecord[]): Buffer {
  return Buffer.from(`${EVENT_START}${records.map((record) => record.json).join(',')}${EVENT_END}`);
}

/**
 * Takes from the front of `records` the next batch: up to `batchSize` records
 * and, as Lambda gathers a batch only up to the 6 MB payload limit of a synchronous
 * invocation ("Polling and batching streams", with-kinesis.html), no more than fits
 * in one event of 6,291,456 bytes. At least one record.
 */
export function takeBatch(
  records: KinesisRecord[],
  batchSize: number,
  source: RecordSource,
): BatchRecord[] {
  const batch: BatchRecord[] = [];
  let bytes = EVENT_START.length + EVENT_END.length;
  for (const record of records) {
    if (batch.length === batchSize) break;
    const next = batchRecord(record, source);
    const nextBytes = Buffer.byteLength(next.json) + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && bytes + nextBytes > MAX_EVENT_BYTES) break;
    batch.push(next);
    bytes += nextBytes;
  }
  records.splice(0, batch.length);
  return batch;
}

/** The size of a record's data in the event (base64). */
export function eventDataBytes(record: KinesisRecord): number {
  return Math.ceil((record.Data?.length ?? 0) / 3) * 4;
}

/** "6 MB each for request and response (synchronous)" (gettingstarted-limits.html), in bytes. */
export const MAX_EVENT_BYTES = 6_291_456;
const EVENT_START = '{"Records":[';
const EVENT_END = ']}';

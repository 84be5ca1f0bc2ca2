/**
 * Kinesis events (chapter 5). A Kinesis trigger invokes the function with a batch,
 * `{ Records: [{ kinesis: { data, sequenceNumber, partitionKey, … }, eventID, … }] }`, of up to
 * the configured batch size (often fewer).
 *
 * `kinesis.data` is the bytes the producer put, in base64: an encoding, not encryption (step 5.3).
 * Decoding it takes three steps that can each fail: base64 to bytes, bytes to UTF-8 text, text to
 * JSON. One bad record must not fail the whole batch, so `decodeKinesisBatch` returns the records
 * it decoded and the ones it could not, and `kinesisBatchResponse` tells Lambda which to retry.
 */
import type {
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda';
import { decodeBase64, decodeUtf8, parseJson } from './codec.ts';
import { DecodingError, decodeWithContext } from './errors.ts';

/** A Kinesis record that could not be decoded, named by its sequence number and shard. */
export class KinesisRecordError extends DecodingError {
  override readonly name: string = 'KinesisRecordError';
  /** `''` if the record carries none; reporting `''` makes Lambda retry the whole batch. */
  readonly sequenceNumber: string;
  readonly shardId: string | undefined;

  constructor(record: KinesisStreamRecord, cause: DecodingError) {
    // eventID is '<shard id>:<sequence number>', e.g. 'shardId-000000000000:4957…'.
    const [shardId, sequenceInEventId] = splitEventId(record?.eventID);
    const sequenceNumber = record?.kinesis?.sequenceNumber ?? sequenceInEventId ?? '';
    super(
      `Kinesis record ${sequenceNumber || '(no sequence number)'} from ${shardId ?? '(unknown shard)'}: ${cause.message}`,
      { cause, input: record },
    );
    this.sequenceNumber = sequenceNumber;
    this.shardId = shardId;
  }
}

/** The record's data parsed as JSON, e.g. `{ event_name: 'Kinesis 예제', event_created_at: … }`. */
export function parseKinesisRecord<T = unknown>(record: KinesisStreamRecord): T {
  return inRecordContext(record, () => parseJson<T>(decodeUtf8(decodeBase64(dataOf(record)))));
}

/** A record of the batch, with its data decoded. */
export interface DecodedKinesisRecord<T> {
  record: KinesisStreamRecord;
  data: T;
}

/** A batch split into the records that decoded and the errors of those that did not. */
export interface DecodedKinesisBatch<T> {
  decoded: DecodedKinesisRecord<T>[];
  failures: KinesisRecordError[];
}

/**
 * Decodes every record of the batch with `decodeRecord` (by default: JSON). A record that cannot
 * be decoded becomes a failure; it does not stop the others. Throws only if the event has no
 * `Records` list at all.
 */
export function decodeKinesisBatch<T = unknown>(
  event: KinesisStreamEvent,
  decodeRecord: (record: KinesisStreamRecord) => T = parseKinesisRecord,
): DecodedKinesisBatch<T> {
  if (!Array.isArray(event?.Records)) {
    throw new DecodingError('The event has no Records list; is it a Kinesis event?', {
      input: event,
    });
  }
  const batch: DecodedKinesisBatch<T> = { decoded: [], failures: [] };
  for (const record of event.Records) {
    try {
      batch.decoded.push({ record, data: decodeRecord(record) });
    } catch (error) {
      if (!(error instanceof DecodingError)) {
        throw error; // a bug, not bad data
      }
      const failure =
        error instanceof KinesisRecordError ? error : new KinesisRecordError(record, error);
      batch.failures.push(failure);
    }
  }
  return batch;
}

/**
 * The response that tells Lambda which records failed: `{ batchItemFailures: [{ itemIdentifier:
 * <sequence number> }] }`. Lambda reads it only if the trigger has `ReportBatchItemFailures` in
 * its `FunctionResponseTypes`; it then retries from the lowest failed sequence number on, and
 * an empty list means the whole batch succeeded.
 */
export function kinesisBatchResponse(
  failures: readonly KinesisRecordError[],
): KinesisStreamBatchResponse {
  return {
    batchItemFailures: failures.map((failure) => ({ itemIdentifier: failure.sequenceNumber })),
  };
}

function dataOf(record: KinesisStreamRecord): string {
  const data = record?.kinesis?.data;
  if (typeof data !== 'string') {
    throw new DecodingError('The record has no kinesis.data string', { input: record });
  }
  return data;
}

function inRecordContext<T>(record: KinesisStreamRecord, decode: () => T): T {
  return decodeWithContext(decode, (cause) => new KinesisRecordError(record, cause));
}

function splitEventId(eventId: unknown): [string | undefined, string | undefined] {
  if (typeof eventId !== 'string' || !eventId.includes(':')) {
    return [undefined, undefined];
  }
  const separator = eventId.indexOf(':');
  return [eventId.slice(0, separator), eventId.slice(separator + 1)];
}

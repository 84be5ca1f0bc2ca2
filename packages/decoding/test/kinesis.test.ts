import type { KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeUtf8, encodeBase64 } from '../src/codec.ts';
import {
  kinesisPutRecordData,
  kinesisPutRecordEvent,
  kinesisRecordWith,
} from '../src/fixtures/walkthrough-events.ts';
import {
  DecodingError,
  decodeKinesisBatch,
  encodeEvent,
  kinesisBatchResponse,
  parseKinesisRecord,
} from '../src/index.ts';
import { KinesisRecordError } from '../src/kinesis.ts';
import { catchError } from './catch-error.ts';

const [putRecord] = kinesisPutRecordEvent.Records as [KinesisStreamRecord];

/** A record whose data is `value`, encoded as a producer would put it. */
const recordOf = (value: unknown, sequenceNumber: string) =>
  kinesisRecordWith(encodeBase64(encodeEvent(value)), sequenceNumber);

describe('the record put in step 5.2', () => {
  it('decodes to the object the producer put, Korean text included (step 5.3)', () => {
    expect(parseKinesisRecord(putRecord)).toEqual({
      event_name: 'Kinesis 예제',
      event_created_at: '2017-03-19T04:48:43.199Z',
    });
  });

  it('holds the very base64 that encoding the object gives', () => {
    expect(encodeBase64(encodeEvent(kinesisPutRecordData))).toBe(putRecord.kinesis.data);
  });

  it('decodes in a batch with nothing to retry', () => {
    const batch = decodeKinesisBatch(kinesisPutRecordEvent);
    expect(batch.decoded).toEqual([{ record: putRecord, data: kinesisPutRecordData }]);
    expect(batch.failures).toEqual([]);
    expect(kinesisBatchResponse(batch.failures)).toEqual({ batchItemFailures: [] });
  });
});

describe('a record that cannot be decoded', () => {
  it.each([
    ['bad base64', 'eyJpZCI6MX0', 'Invalid base64'],
    ['invalid UTF-8', encodeBase64(Uint8Array.of(0x22, 0xc0, 0xaf, 0x22)), 'Invalid UTF-8'],
    ['invalid JSON', encodeBase64(encodeEvent('{"id":1}}')), 'Invalid JSON'],
  ])('is an error naming its sequence number and shard: %s', (_, data, reason) => {
    const record = kinesisRecordWith(
      data,
      '49571470617410410658004564491322635574719439376016736258',
    );
    const error = catchError(() => parseKinesisRecord(record), KinesisRecordError);
    expect(error.message).toMatch(
      new RegExp(
        `^Kinesis record 49571470617410410658004564491322635574719439376016736258 from shardId-000000000000: ${reason}`,
      ),
    );
    expect(error.sequenceNumber).toBe('49571470617410410658004564491322635574719439376016736258');
    expect(error.shardId).toBe('shardId-000000000000');
    expect(error.input).toBe(record);
    expect(error.cause).toBeInstanceOf(DecodingError);
  });

  it('may have no data at all', () => {
    const record = { ...putRecord, kinesis: { ...putRecord.kinesis, data: undefined } };
    expect(() => parseKinesisRecord(record as unknown as KinesisStreamRecord)).toThrow(
      'Kinesis record 49571470617410410658004564491315382019801680888626937858 from shardId-000000000000: The record has no kinesis.data string',
    );
  });

  it('is named from its eventID when its kinesis part is missing', () => {
    const { kinesis: _, ...record } = putRecord;
    const error = catchError(
      () => parseKinesisRecord(record as KinesisStreamRecord),
      KinesisRecordError,
    );
    expect(error.sequenceNumber).toBe('49571470617410410658004564491315382019801680888626937858');
    expect(error.shardId).toBe('shardId-000000000000');
  });

  it('without any identity gets an empty identifier, which makes Lambda retry the batch', () => {
    const error = catchError(
      () => parseKinesisRecord({} as KinesisStreamRecord),
      KinesisRecordError,
    );
    expect(error.message).toBe(
      'Kinesis record (no sequence number) from (unknown shard): The record has no kinesis.data string',
    );
    expect(kinesisBatchResponse([error])).toEqual({ batchItemFailures: [{ itemIdentifier: '' }] });
  });
});

describe('decodeKinesisBatch', () => {
  const batch = decodeKinesisBatch({
    Records: [
      recordOf({ n: 1 }, '101'),
      kinesisRecordWith('bm90IGpzb24=', '102'), // base64 of "not json"
      recordOf({ n: 3 }, '103'),
      kinesisRecordWith('e30', '104'), // "{}" without its padding
      recordOf({ n: 5 }, '105'),
    ],
  });

  it('decodes the good records and keeps going past the bad ones', () => {
    expect(batch.decoded.map(({ data }) => data)).toEqual([{ n: 1 }, { n: 3 }, { n: 5 }]);
    expect(batch.decoded.map(({ record }) => record.kinesis.sequenceNumber)).toEqual([
      '101',
      '103',
      '105',
    ]);
    expect(batch.failures.map((failure) => failure.message)).toEqual([
      expect.stringMatching(/^Kinesis record 102 from shardId-000000000000: Invalid JSON/),
      expect.stringMatching(/^Kinesis record 104 from shardId-000000000000: Invalid base64/),
    ]);
  });

  it('reports the failed records for Lambda to retry', () => {
    expect(kinesisBatchResponse(batch.failures)).toEqual({
      batchItemFailures: [{ itemIdentifier: '102' }, { itemIdentifier: '104' }],
    });
  });

  it('decodes an empty batch to nothing', () => {
    expect(decodeKinesisBatch({ Records: [] })).toEqual({ decoded: [], failures: [] });
  });

  it('takes another decoder, e.g. for records of plain text', () => {
    const textBatch = decodeKinesisBatch(
      { Records: [kinesisRecordWith('bm90IGpzb24=', '1'), kinesisRecordWith('@', '2')] },
      (record) => decodeUtf8(decodeBase64(record.kinesis.data)),
    );
    expect(textBatch.decoded.map(({ data }) => data)).toEqual(['not json']);
    expect(textBatch.failures.map(({ sequenceNumber }) => sequenceNumber)).toEqual(['2']);
  });

  it('names the record when a custom decoder throws a DecodingError', () => {
    const refuse = () => {
      throw new DecodingError('Not an order', { input: null });
    };
    const { failures } = decodeKinesisBatch(kinesisPutRecordEvent, refuse);
    expect(failures[0]?.message).toBe(
      'Kinesis record 49571470617410410658004564491315382019801680888626937858 from shardId-000000000000: Not an order',
    );
  });

  it('lets any other error through: it is a bug, not bad data', () => {
    const crash = () => {
      throw new RangeError('bug');
    };
    expect(() => decodeKinesisBatch(kinesisPutRecordEvent, crash)).toThrow(RangeError);
  });

  it('refuses an event without Records', () => {
    expect(() => decodeKinesisBatch({} as never)).toThrow(
      'The event has no Records list; is it a Kinesis event?',
    );
  });
});

describe('round trip (property-based)', () => {
  it('any JSON value put by a producer is decoded back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: 0n, max: 2n ** 128n }), (value, sequence) => {
        // The producer sends JSON.stringify(value), as in step 5.2 (which writes -0 as 0).
        const sent = JSON.stringify(value);
        const record = recordOf(sent, String(sequence));
        expect(parseKinesisRecord(record)).toEqual(JSON.parse(sent));
      }),
    );
  });

  it('any batch splits into decoded records and failures, in order', () => {
    const entry = fc.oneof(
      fc
        .jsonValue()
        .map((value) => ({ good: true, data: encodeBase64(encodeEvent(JSON.stringify(value))) })),
      fc.string().map((text) => ({ good: false, data: `${encodeBase64(encodeEvent(text))}!` })),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
        const records = entries.map(({ data }, index) => kinesisRecordWith(data, String(index)));
        const { decoded, failures } = decodeKinesisBatch({ Records: records });
        const indexesWhere = (good: boolean) =>
          entries.flatMap((entry, index) => (entry.good === good ? [String(index)] : []));
        expect(decoded.map(({ record }) => record.kinesis.sequenceNumber)).toEqual(
          indexesWhere(true),
        );
        expect(failures.map(({ sequenceNumber }) => sequenceNumber)).toEqual(indexesWhere(false));
      }),
    );
  });
});

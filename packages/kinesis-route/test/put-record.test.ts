import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { kinesisPutRecordData, kinesisPutRecordEvent } from '@l2l/decoding/fixtures';
import { TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { putRecord } from '../src/put-record.ts';

const kinesis = mockClient(KinesisClient);
const SEQUENCE_NUMBER = '49571470617410410658004564491315382019801680888626937858';

beforeEach(() => {
  kinesis.reset();
  // The time of the walkthrough's record, so that the data is the walkthrough's too.
  vi.useFakeTimers({ now: new Date(kinesisPutRecordData.event_created_at), toFake: ['Date'] });
});
afterEach(() => vi.useRealTimers());

describe('putRecord', () => {
  const config = TARGETS.aws;
  it("puts the walkthrough's record and returns what the 2017 SDK printed", async () => {
    kinesis.on(PutRecordCommand).resolves({
      ShardId: 'shardId-000000000000',
      SequenceNumber: SEQUENCE_NUMBER,
      EncryptionType: 'NONE',
    });
    const { sent, result } = await putRecord(config, 'testKinesis');
    expect(result).toEqual({ ShardId: 'shardId-000000000000', SequenceNumber: SEQUENCE_NUMBER });
    expect(sent).toBe(
      '{"event_name":"Kinesis 예제","event_created_at":"2017-03-19T04:48:43.199Z"}',
    );
    expect(kinesis).toHaveReceivedCommandTimes(PutRecordCommand, 1);
    expect(kinesis).toHaveReceivedCommandWith(PutRecordCommand, {
      // The bytes whose base64 the post's callee logged.
      Data: new Uint8Array(
        Buffer.from(kinesisPutRecordEvent.Records[0]?.kinesis.data ?? '', 'base64'),
      ),
      PartitionKey: 'partition',
      StreamName: 'testKinesis',
    });
  });
});

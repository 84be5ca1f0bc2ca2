import type { SNSEvent, SNSEventRecord, SNSMessageAttributes } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { snsConsoleTestEvent, snsPublishedEvent } from '../src/fixtures/walkthrough-events.ts';
import {
  DecodingError,
  decodeSnsEvent,
  type SnsMessage,
  safeParseSnsMessage,
} from '../src/index.ts';
import { parseSnsMessage } from '../src/sns.ts';
import { catchError } from './catch-error.ts';

/** The notification of an event with this one record. */
function decodeSnsRecord(record: SNSEventRecord): SnsMessage {
  const [message] = decodeSnsEvent({ Records: [record] });
  if (message === undefined) throw new Error('decodeSnsEvent decoded no message');
  return message;
}

const [consoleRecord] = snsConsoleTestEvent.Records as [SNSEventRecord];
const [publishedRecord] = snsPublishedEvent.Records as [SNSEventRecord];

function withAttributes(MessageAttributes: SNSMessageAttributes): SNSEventRecord {
  return { ...consoleRecord, Sns: { ...consoleRecord.Sns, MessageAttributes } };
}

describe('the console test message (step 4.2)', () => {
  it('decodes to the notification', () => {
    expect(decodeSnsEvent(snsConsoleTestEvent)).toEqual([
      {
        messageId: 'd0e91f46-c46c-5ead-9633-4e013fb6c04d',
        topicArn: 'arn:aws:sns:us-east-1:123456789012:testSns',
        subject: 'test subject',
        message: '지켜보고 있다.',
        timestamp: '2017-03-19T03:23:06.272Z',
        attributes: {},
      },
    ]);
  });

  it('is plain text, so parsing it as JSON fails', () => {
    const message = decodeSnsRecord(consoleRecord);
    expect(() => parseSnsMessage(message)).toThrow(
      /^SNS message d0e91f46-c46c-5ead-9633-4e013fb6c04d: Invalid JSON: /,
    );
  });
});

describe('the message published from code (step 4.3)', () => {
  const message = decodeSnsRecord(publishedRecord);

  it('is delivered with its stray brace: SNS does not check JSON', () => {
    expect(message.subject).toBe('TestSNS');
    expect(message.message).toBe('{"id":"snsFromNodeJS", "name":"Luna"}}');
  });

  it('fails to parse as JSON, with an error naming the message id', () => {
    const error = catchError(() => parseSnsMessage(message), DecodingError);
    expect(error.message).toMatch(
      // position 37 is the stray brace, the 38th character
      /^SNS message 207e6adf-277a-5191-a94b-3b98d96b3f4d: Invalid JSON: .*position 37/,
    );
    expect(error.input).toBe(message);
    // The chain of causes ends with the SyntaxError of JSON.parse.
    expect(error.cause).toBeInstanceOf(DecodingError);
    expect((error.cause as DecodingError).cause).toBeInstanceOf(SyntaxError);
  });

  it('returns that error from the safe form', () => {
    const result = safeParseSnsMessage(message);
    expect(result.success).toBe(false);
    expect(!result.success && result.error.message).toContain('207e6adf');
  });

  it('parses once the brace is gone', () => {
    const fixed = { ...message, message: '{"id":"snsFromNodeJS", "name":"Luna"}' };
    expect(parseSnsMessage(fixed)).toEqual({ id: 'snsFromNodeJS', name: 'Luna' });
    expect(safeParseSnsMessage(fixed)).toEqual({
      success: true,
      data: { id: 'snsFromNodeJS', name: 'Luna' },
    });
  });
});

describe('message attributes', () => {
  it('are decoded by type', () => {
    const record = withAttributes({
      source: { Type: 'String', Value: 'walkthrough' },
      retries: { Type: 'Number', Value: '3' },
      ratio: { Type: 'Number', Value: '-1.5e3' },
      thumbnail: { Type: 'Binary', Value: 'AAEC/w==' },
      tags: { Type: 'String.Array', Value: '["a", 1, true, null]' },
    });
    expect(decodeSnsRecord(record).attributes).toEqual({
      source: 'walkthrough',
      retries: 3,
      ratio: -1500,
      thumbnail: Buffer.from([0x00, 0x01, 0x02, 0xff]),
      tags: ['a', 1, true, null],
    });
  });

  it.each([
    ['a blank Number', { Type: 'Number', Value: ' ' }, 'Invalid Number value " "'],
    ['a Number that is not one', { Type: 'Number', Value: '3 apples' }, 'Invalid Number value'],
    ['Binary that is not base64', { Type: 'Binary', Value: 'AAEC/w' }, 'Invalid base64'],
    ['a String.Array that is not JSON', { Type: 'String.Array', Value: '[a]' }, 'Invalid JSON'],
    ['a String.Array of objects', { Type: 'String.Array', Value: '[{}]' }, 'Invalid String.Array'],
    ['an unknown type', { Type: 'Date', Value: '2017-03-19' }, 'Unknown attribute type "Date"'],
    ['a missing value', { Type: 'String' }, 'The attribute has no Value string'],
  ])('refuses %s, naming the message and the attribute', (_, attribute, reason) => {
    const record = withAttributes({ broken: attribute as { Type: string; Value: string } });
    const error = catchError(() => decodeSnsRecord(record), DecodingError);
    expect(error.message).toContain(
      `SNS message d0e91f46-c46c-5ead-9633-4e013fb6c04d, attribute "broken": ${reason}`,
    );
    expect(error.input).toBe(record);
    expect(error.cause).toBeInstanceOf(DecodingError);
  });
});

describe('events that are not SNS events', () => {
  it('a missing subject (SNS sends null) becomes undefined', () => {
    const record = {
      ...consoleRecord,
      Sns: { ...consoleRecord.Sns, Subject: null },
    } as unknown as SNSEventRecord;
    expect(decodeSnsRecord(record).subject).toBeUndefined();
  });

  it.each(['MessageId', 'TopicArn', 'Message', 'Timestamp'])(
    'refuses a record without %s',
    (field) => {
      const { [field as 'Message']: _, ...sns } = consoleRecord.Sns;
      const record = { ...consoleRecord, Sns: sns } as SNSEventRecord;
      expect(() => decodeSnsRecord(record)).toThrow(`The SNS record has no Sns.${field} string`);
    },
  );

  it('refuses a record without Sns', () => {
    const { Sns: _, ...record } = consoleRecord;
    expect(() => decodeSnsRecord(record as SNSEventRecord)).toThrow(
      'The record has no Sns object; is it from an SNS event?',
    );
  });

  it('refuses an event without Records', () => {
    const event = { Records: undefined } as unknown as SNSEvent;
    const error = catchError(() => decodeSnsEvent(event), DecodingError);
    expect(error.message).toMatch(/^The event has no Records list/);
    expect(error.input).toBe(event);
  });

  it('decodes an empty event to no messages', () => {
    expect(decodeSnsEvent({ Records: [] })).toEqual([]);
  });
});

/**
 * SNS events (chapter 4). A topic invokes each subscribed function with
 * `{ Records: [{ EventSource: 'aws:sns', Sns: { MessageId, TopicArn, Subject, Message, … } }] }`.
 *
 * `Message` is a plain string: SNS never checks that it is JSON. The walkthrough's own message
 * in step 4.3, `{"id":"snsFromNodeJS", "name":"Luna"}}`, has a stray `}` and is delivered all the
 * same, so parsing it is a separate step (`parseSnsMessage`) that can fail on its own.
 * Message attributes arrive as `{ Type, Value }` pairs of strings and are decoded by their type.
 */
import type { SNSEvent, SNSEventRecord, SNSMessageAttribute } from 'aws-lambda';
import { decodeBase64, parseJson } from './codec.ts';
import { DecodingError, decodeWithContext } from './errors.ts';
import { type SafeResult, toSafeResult } from './result.ts';

/** An item of a `String.Array` attribute: SNS allows strings, numbers, booleans and null. */
export type StringArrayItem = string | number | boolean | null;

/** A decoded message attribute: `String`, `Number`, `Binary` (bytes) or `String.Array`. */
export type SnsAttributeValue = string | number | Uint8Array | StringArrayItem[];

/** One SNS notification, with the fields a callee reads. */
export interface SnsMessage {
  messageId: string;
  topicArn: string;
  /** `undefined` when the message was published without a subject (SNS sends `null`). */
  subject: string | undefined;
  /** The message exactly as published; see `parseSnsMessage` to read it as JSON. */
  message: string;
  timestamp: string;
  attributes: Record<string, SnsAttributeValue>;
}

/** The notification in one record of an SNS event. */
function decodeSnsRecord(record: SNSEventRecord): SnsMessage {
  const sns = record?.Sns;
  if (typeof sns !== 'object' || sns === null) {
    throw new DecodingError('The record has no Sns object; is it from an SNS event?', {
      input: record,
    });
  }
  const messageId = requireString(sns.MessageId, 'Sns.MessageId', record);
  return {
    messageId,
    topicArn: requireString(sns.TopicArn, 'Sns.TopicArn', record),
    subject: sns.Subject ?? undefined,
    message: requireString(sns.Message, 'Sns.Message', record),
    timestamp: requireString(sns.Timestamp, 'Sns.Timestamp', record),
    attributes: decodeAttributes(sns.MessageAttributes ?? {}, messageId, record),
  };
}

/** The notifications of an SNS event (SNS sends one per invoke, but the event holds a list). */
export function decodeSnsEvent(event: SNSEvent): SnsMessage[] {
  if (!Array.isArray(event?.Records)) {
    throw new DecodingError('The event has no Records list; is it an SNS event?', {
      input: event,
    });
  }
  return event.Records.map(decodeSnsRecord);
}

/** The message parsed as JSON; the error names the message id when it is not JSON. */
export function parseSnsMessage<T = unknown>(message: SnsMessage): T {
  return decodeWithContext(
    () => parseJson<T>(message.message),
    (cause) =>
      new DecodingError(`SNS message ${message.messageId}: ${cause.message}`, {
        cause,
        input: message,
      }),
  );
}

/** `parseSnsMessage`, returning the error instead of throwing it. */
export function safeParseSnsMessage<T = unknown>(message: SnsMessage): SafeResult<T> {
  return toSafeResult(() => parseSnsMessage<T>(message));
}

function requireString(value: unknown, field: string, record: SNSEventRecord): string {
  if (typeof value !== 'string') {
    throw new DecodingError(`The SNS record has no ${field} string`, { input: record });
  }
  return value;
}

function decodeAttributes(
  attributes: Record<string, SNSMessageAttribute>,
  messageId: string,
  record: SNSEventRecord,
): Record<string, SnsAttributeValue> {
  const decoded: Record<string, SnsAttributeValue> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    decoded[name] = decodeWithContext(
      () => decodeAttribute(attribute),
      (cause) =>
        new DecodingError(`SNS message ${messageId}, attribute "${name}": ${cause.message}`, {
          cause,
          input: record,
        }),
    );
  }
  return decoded;
}

function decodeAttribute(attribute: SNSMessageAttribute): SnsAttributeValue {
  const { Type: type, Value: value } = attribute;
  if (typeof value !== 'string') {
    throw new DecodingError('The attribute has no Value string', { input: attribute });
  }
  switch (type) {
    case 'String':
      return value;
    case 'Number': {
      // `Number('')` is 0, so a blank value is refused before converting.
      const number = value.trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(number)) {
        throw new DecodingError(`Invalid Number value ${JSON.stringify(value)}`, { input: value });
      }
      return number;
    }
    case 'Binary':
      // The publisher sent bytes; the event carries them as base64.
      return decodeBase64(value);
    case 'String.Array': {
      // An array written as a JSON string, e.g. '["a", 1, true, null]'.
      const items = parseJson(value);
      if (!Array.isArray(items) || !items.every(isStringArrayItem)) {
        throw new DecodingError(`Invalid String.Array value ${value}`, { input: value });
      }
      return items;
    }
    default:
      throw new DecodingError(`Unknown attribute type ${JSON.stringify(type)}`, { input: type });
  }
}

function isStringArrayItem(item: unknown): item is StringArrayItem {
  return item === null || ['string', 'number', 'boolean'].includes(typeof item);
}

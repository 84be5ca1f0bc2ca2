/**
 * A Publish request's message, checked as SNS checks it, in AWS's order (subject, empty
 * message, attributes, size, structure), before the topic is looked up. Constraints from
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html; the error messages are AWS's,
 * recorded in LocalStack's snapshot tests (TestSNSPublishCrud).
 */
import { invalidParameter } from './errors.ts';
import {
  attributesSize,
  checkMessageAttributes,
  type MessageAttribute,
  type MessageAttributeInput,
} from './message-attributes.ts';

/** "at most 256 KB in size (262,144 bytes, not 262,144 characters)", attributes included. */
export const MAX_MESSAGE_BYTES = 262_144;
/** "Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long" (100 is accepted: getmoto/moto#1503). */
const MAX_SUBJECT_CHARACTERS = 100;
const CONTROL_CHARACTER = /\p{Cc}/u;

export interface MessageInput {
  readonly message: string;
  readonly subject?: string;
  readonly messageStructure?: string;
  readonly messageAttributes?: Readonly<Record<string, MessageAttributeInput>>;
}

/** The message as Lambda subscribers get it. */
export interface CheckedMessage {
  readonly subject: string | undefined;
  readonly message: string;
  readonly attributes: ReadonlyMap<string, MessageAttribute>;
}

export function checkMessage(input: MessageInput): CheckedMessage {
  const { subject, message, messageStructure } = input;
  if (subject !== undefined && !isValidSubject(subject)) {
    throw invalidParameter('Invalid parameter: Subject');
  }
  if (message === '') throw invalidParameter('Invalid parameter: Empty message');
  const attributes = checkMessageAttributes(input.messageAttributes ?? {});
  if (Buffer.byteLength(message) + attributesSize(attributes) > MAX_MESSAGE_BYTES) {
    throw invalidParameter('Invalid parameter: Message too long');
  }
  if (messageStructure === undefined) return { subject, message, attributes };
  if (messageStructure !== 'json') throw invalidParameter('Invalid parameter: MessageStructure');
  // "Message attributes are sent only when the message structure is String, not JSON."
  // (https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html)
  return { subject, message: lambdaEntry(message), attributes: new Map() };
}

function isValidSubject(subject: string): boolean {
  return (
    subject.length > 0 &&
    [...subject].length <= MAX_SUBJECT_CHARACTERS &&
    !CONTROL_CHARACTER.test(subject)
  );
}

/**
 * MessageStructure `json`: a JSON object of one message per protocol, which must have
 * `default`; "Non-string values will cause the key to be ignored" (API_Publish).
 */
function lambdaEntry(message: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter(
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
  }
  const entries = typeof parsed === 'object' && parsed !== null ? parsed : {};
  const { lambda, default: fallback } = entries as Record<string, unknown>;
  if (typeof fallback !== 'string') {
    throw invalidParameter(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
  }
  return typeof lambda === 'string' ? lambda : fallback;
}

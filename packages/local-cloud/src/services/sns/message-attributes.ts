/**
 * Publish's MessageAttributes, checked as SNS checks them.
 * Rules: https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
 * (names of A-Z a-z 0-9 _ - ., not starting or ending with a period nor with two in a row,
 * up to 256 characters; types String, String.Array, Number, Binary, optionally with a
 * custom suffix such as `String.prefixed`; name, type and value count towards the 256 KB).
 * The messages and their order are AWS's, recorded in LocalStack's snapshot tests
 * (TestSNSSubscriptionSQS::test_empty_or_wrong_message_attributes, ::test_message_attributes_prefixes).
 * More than 10 attributes are accepted: that limit applies only to raw delivery to SQS.
 */
import { parameterValueInvalid, requiredMember } from './errors.ts';

/** A MessageAttributeValue as the request carries it (BinaryValue already base64-decoded). */
export interface MessageAttributeInput {
  readonly DataType?: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array;
}

/** A checked attribute: a String-like or Number value as text, a Binary value as bytes. */
export interface MessageAttribute {
  readonly dataType: string;
  readonly value: string | Uint8Array;
}

const NAME_CHARACTER = /^[A-Za-z0-9_.-]$/u;
const MAX_NAME_BYTES = 256;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function checkMessageAttributes(
  inputs: Readonly<Record<string, MessageAttributeInput>>,
): Map<string, MessageAttribute> {
  const attributes = new Map<string, MessageAttribute>();
  for (const [name, input] of Object.entries(inputs)) {
    checkName(name);
    attributes.set(name, checkValue(name, input));
  }
  return attributes;
}

/** What the attributes add to the message's size: each name, type and value, in bytes. */
export function attributesSize(attributes: ReadonlyMap<string, MessageAttribute>): number {
  let size = 0;
  for (const [name, { dataType, value }] of attributes) {
    size += Buffer.byteLength(name) + Buffer.byteLength(dataType);
    size += typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
  }
  return size;
}

function checkName(name: string): void {
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  }
  if (name.startsWith('.')) {
    throw parameterValueInvalid(
      "Invalid message attribute name starting with character '.' was found.",
    );
  }
  if (name.endsWith('.')) {
    throw parameterValueInvalid(
      "Invalid message attribute name ending with character '.' was found.",
    );
  }
  let previous = '';
  for (const character of name) {
    if (!NAME_CHARACTER.test(character)) {
      const code = (character.codePointAt(0) ?? 0).toString(16).toUpperCase();
      throw parameterValueInvalid(
        `Invalid non-alphanumeric character '#x${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
    if (character === '.' && previous === '.') {
      throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
    }
    previous = character;
  }
}

function checkValue(name: string, input: MessageAttributeInput): MessageAttribute {
  const dataType = requiredMember(`messageAttributes.${name}.member.dataType`, input.DataType);
  if (!DATA_TYPE.test(dataType)) {
    throw parameterValueInvalid(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
  const empty = parameterValueInvalid(
    `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
  );
  if (input.StringValue === undefined && input.BinaryValue === undefined) throw empty;
  const field = dataType.startsWith('Binary') ? 'Binary' : 'String';
  const value = field === 'Binary' ? input.BinaryValue : input.StringValue;
  if (value === undefined) {
    throw parameterValueInvalid(
      `The message attribute '${name}' with type '${dataType}' must use field '${field}'.`,
    );
  }
  if ((typeof value === 'string' ? value.length : value.byteLength) === 0) throw empty;
  if (typeof value === 'string') checkTypedText(name, dataType, value);
  return { dataType, value };
}

/** Number and String.Array values must be what their type says ("if the type is a number, Amazon SNS validates that it's a number"). */
function checkTypedText(name: string, dataType: string, value: string): void {
  // Moto's wording of AWS's answer: https://github.com/getmoto/moto/blob/master/moto/sns/responses.py
  if (dataType.startsWith('Number') && !NUMBER.test(value)) {
    throw parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
  }
  // "An array, formatted as a string, that can contain multiple values. The values can be
  // strings, numbers, or the keywords true, false, and null." (Our wording of the error.)
  if (dataType === 'String.Array' && !isStringArray(value)) {
    throw parameterValueInvalid(
      `The message attribute '${name}' with type 'String.Array' must be a JSON array of strings, numbers, true, false or null.`,
    );
  }
}

function isStringArray(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return (
      Array.isArray(parsed) &&
      parsed.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item))
    );
  } catch {
    return false;
  }
}

/**
 * The members an operation takes in its JSON body (restJson1 and awsJson), declared
 * as in the service's API model, and read into typed values: blobs are base64
 * strings, timestamps epoch seconds, maps are objects; JSON nulls count as absent.
 * A member of the wrong JSON type makes the body unreadable, an error each protocol
 * words its own way (`MemberStyle`):
 * - Lambda (restJson1): InvalidRequestContentException, `Could not parse request body
 *   into json: 'Timeout' must be an integer, not a string`; a member the local cloud
 *   does not take is refused by name rather than silently ignored, so that nobody
 *   relies on a setting that has no effect here;
 * - CloudWatch Logs (awsJson1_1): SerializationException, `Expected an integer for
 *   'limit'`; members it does not read are passed over.
 * The constraints on the values read (required, length, range, ...) are checked in
 * the service's validation style (./validation.ts).
 */
import type { AwsError } from '../server/aws-error.ts';

/** How a protocol words what it cannot read. */
export interface MemberStyle {
  /**
   * The error for the member at `path` (`Environment.Variables`; `the request body`
   * for the body itself) that is not `expected` (`an integer`) but `actual` (`a string`).
   */
  wrongType(path: string, expected: string, actual: string): AwsError;
  /** The error for a member `shape` does not have; without it, such members are passed over. */
  unknownMember?(path: string, operation: string, shape: Members): AwsError;
}

export type Shape =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'blob'
  | 'timestamp'
  | 'stringList'
  | 'stringMap'
  | 'numberMap'
  | Members;

export interface Members {
  readonly [member: string]: Shape;
}

export type ShapeValue<S extends Shape> = S extends 'string'
  ? string
  : S extends 'integer'
    ? number
    : S extends 'boolean'
      ? boolean
      : S extends 'blob'
        ? Buffer
        : S extends 'timestamp'
          ? Date
          : S extends 'stringList'
            ? string[]
            : S extends 'stringMap'
              ? Record<string, string>
              : S extends 'numberMap'
                ? Record<string, number>
                : S extends Members
                  ? { -readonly [M in keyof S]?: ShapeValue<S[M]> }
                  : never;

/**
 * Reads `value` (a parsed JSON body) as the structure `shape` of `operation`,
 * answering what it cannot read in the protocol's `style`.
 */
export function readMembers<S extends Members>(
  value: unknown,
  shape: S,
  operation: string,
  style: MemberStyle,
  path = '',
): ShapeValue<S> {
  if (!isObject(value)) {
    throw style.wrongType(path || 'the request body', 'an object', typeName(value));
  }
  const members: Record<string, unknown> = {};
  for (const [member, memberValue] of Object.entries(value)) {
    const memberPath = path === '' ? member : `${path}.${member}`;
    if (!Object.hasOwn(shape, member)) {
      if (style.unknownMember) throw style.unknownMember(memberPath, operation, shape);
      continue;
    }
    if (memberValue !== null) {
      members[member] = readValue(
        memberValue,
        shape[member] as Shape,
        operation,
        style,
        memberPath,
      );
    }
  }
  return members as ShapeValue<S>;
}

function readValue(
  value: unknown,
  shape: Shape,
  operation: string,
  style: MemberStyle,
  path: string,
): unknown {
  const wrongType = (expected: string) => style.wrongType(path, expected, typeName(value));
  switch (shape) {
    case 'string':
      if (typeof value !== 'string') throw wrongType('a string');
      return value;
    case 'integer':
      if (!Number.isInteger(value)) throw wrongType('an integer');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType('a boolean');
      return value;
    case 'blob':
      if (typeof value !== 'string') throw wrongType('a base64 string');
      return Buffer.from(value, 'base64');
    case 'timestamp':
      // restJson1 and awsJson send body timestamps as epoch seconds, with a fraction (smithy.io, timestampFormat).
      if (typeof value !== 'number') throw wrongType('epoch seconds');
      return new Date(value * 1000);
    case 'stringList':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        throw wrongType('a list of strings');
      }
      return value;
    case 'stringMap':
      if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'string')) {
        throw wrongType('a map of strings');
      }
      return value;
    case 'numberMap':
      if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'number')) {
        throw wrongType('a map of numbers');
      }
      return value;
    default:
      return readMembers(value, shape, operation, style, path);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `an array`, `null`, `a string`, ...: what a JSON value is, in an error message. */
function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}

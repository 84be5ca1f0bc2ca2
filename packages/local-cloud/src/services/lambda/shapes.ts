/**
 * The members an operation takes in its JSON body, declared as in the Lambda
 * API's model, and read into typed values (restJson1: blobs are base64
 * strings, timestamps epoch seconds, maps are objects). A member of the wrong JSON type makes the body
 * unreadable, which AWS answers with InvalidRequestContentException; a member
 * the local cloud does not take is refused by name rather than silently
 * ignored, so that nobody relies on a setting that has no effect here.
 */
import { invalidParameterValue, invalidRequestContent } from './errors.ts';

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

/** Reads `value` (a parsed JSON body) as the structure `shape` of `operation`; JSON nulls count as absent. */
export function readMembers<S extends Members>(
  value: unknown,
  shape: S,
  operation: string,
  path = '',
): ShapeValue<S> {
  if (!isObject(value)) throw wrongType(path || 'the request body', 'an object', value);
  const members: Record<string, unknown> = {};
  for (const [member, memberValue] of Object.entries(value)) {
    const memberPath = path === '' ? member : `${path}.${member}`;
    if (!Object.hasOwn(shape, member)) {
      throw invalidParameterValue(
        `The local cloud does not support the parameter '${memberPath}' in ${operation}. ` +
          `It takes: ${Object.keys(shape).join(', ')}.`,
      );
    }
    if (memberValue !== null) {
      members[member] = readValue(memberValue, shape[member] as Shape, operation, memberPath);
    }
  }
  return members as ShapeValue<S>;
}

function readValue(value: unknown, shape: Shape, operation: string, path: string): unknown {
  switch (shape) {
    case 'string':
      if (typeof value !== 'string') throw wrongType(path, 'a string', value);
      return value;
    case 'integer':
      if (!Number.isInteger(value)) throw wrongType(path, 'an integer', value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType(path, 'a boolean', value);
      return value;
    case 'blob':
      if (typeof value !== 'string') throw wrongType(path, 'a base64 string', value);
      return Buffer.from(value, 'base64');
    case 'timestamp':
      // restJson1 sends body timestamps as epoch seconds, with a fraction (smithy.io, timestampFormat).
      if (typeof value !== 'number') throw wrongType(path, 'epoch seconds', value);
      return new Date(value * 1000);
    case 'stringList':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        throw wrongType(path, 'a list of strings', value);
      }
      return value;
    case 'stringMap':
      if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'string')) {
        throw wrongType(path, 'a map of strings', value);
      }
      return value;
    case 'numberMap':
      if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'number')) {
        throw wrongType(path, 'a map of numbers', value);
      }
      return value;
    default:
      return readMembers(value, shape, operation, path);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(path: string, expected: string, value: unknown) {
  const actual = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  return invalidRequestContent(`'${path}' must be ${expected}, not ${actual}`);
}

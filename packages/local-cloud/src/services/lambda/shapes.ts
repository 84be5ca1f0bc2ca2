/**
 * Lambda's JSON bodies, read as the protocols read members (../../protocols/members.ts)
 * in Lambda's words: a member of the wrong JSON type makes the body unreadable
 * (InvalidRequestContentException), and a member the local cloud does not take is
 * refused by name rather than silently ignored, so that nobody relies on a setting
 * that has no effect here.
 */
import {
  type MemberStyle,
  type Members,
  readMembers as readJsonMembers,
  type ShapeValue,
} from '../../protocols/members.ts';
import { invalidParameterValue, invalidRequestContent } from './errors.ts';

export type { Members };

const LAMBDA_MEMBERS: MemberStyle = {
  wrongType: (path, expected, actual) =>
    invalidRequestContent(`'${path}' must be ${expected}, not ${actual}`),
  unknownMember: (path, operation, shape) =>
    invalidParameterValue(
      `The local cloud does not support the parameter '${path}' in ${operation}. ` +
        `It takes: ${Object.keys(shape).join(', ')}.`,
    ),
};

/** Reads `value` (a parsed JSON body) as the structure `shape` of `operation`. */
export function readMembers<S extends Members>(
  value: unknown,
  shape: S,
  operation: string,
): ShapeValue<S> {
  return readJsonMembers(value, shape, operation, LAMBDA_MEMBERS);
}

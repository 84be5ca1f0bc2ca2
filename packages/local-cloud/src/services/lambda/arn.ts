/**
 * Function ARNs, `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`,
 * and the FunctionName parameter that names a function in four ways:
 * `my-function`, `my-function:v1`, `123456789012:function:my-function` (partial ARN)
 * and the full ARN, each optionally with a qualifier.
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestSyntax
 */

import { Constraints, pattern } from '../../protocols/validation.ts';
import { resourceNotFound } from './errors.ts';

/** FunctionName of GetFunction, Invoke and most operations (API reference, "Pattern"). */
const FUNCTION_NAME = pattern(
  String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`,
);
/** FunctionName of CreateFunction: no `.` in names, no `$LATEST.PUBLISHED`. */
const NEW_FUNCTION_NAME = pattern(
  String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`,
);
/** The same pattern, capturing region, account, name and qualifier. */
const FUNCTION_NAME_PARTS =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$/;

/** The Resource of the tag operations: a function's full ARN (the function part of AWS's pattern). */
const FUNCTION_ARN = pattern(
  String.raw`arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?`,
);

/** A function as a request names it; region and account only when it is given as an ARN. */
export interface FunctionReference {
  readonly name: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly accountId?: string;
}

export function functionArn(
  region: string,
  accountId: string,
  name: string,
  qualifier?: string,
): string {
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

/** A function ARN without its qualifier, if it has one. */
export function unqualifiedArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

/**
 * Reads a FunctionName parameter. `maxLength` is the operation's limit on the
 * whole value (170 to read or invoke, 140 to change; API reference, "Length Constraints").
 */
export function parseFunctionName(value: string, maxLength: number): FunctionReference {
  new Constraints()
    .length('functionName', value, 1, maxLength)
    .matches('functionName', value, FUNCTION_NAME)
    .check();
  const [, region, accountId, name = '', qualifier] = FUNCTION_NAME_PARTS.exec(value) ?? [];
  return { name, qualifier, region, accountId };
}

/**
 * Reads CreateFunction's FunctionName: a name of at most 64 characters, or an
 * ARN of at most 140. AWS reports a bad plain name as InvalidParameterValueException
 * and a bad ARN as ValidationException (recorded: long_function_name_exc,
 * long_function_arn_exc, invalid_function_name_exc).
 */
export function parseNewFunctionName(value: string): FunctionReference {
  const isPlainName = !value.includes(':');
  new Constraints()
    .length('functionName', value, 1, isPlainName ? 64 : 140)
    .matches('functionName', value, NEW_FUNCTION_NAME)
    .check(isPlainName ? 'InvalidParameterValueException' : 'ValidationException');
  return parseFunctionName(value, value.length);
}

/** Reads the Resource of ListTags, TagResource and UntagResource. */
export function parseFunctionArn(value: string): FunctionReference {
  new Constraints().matches('resource', value, FUNCTION_ARN).check();
  return parseFunctionName(value, value.length);
}

/** AWS's answer when an ARN names another region than the one the request is signed for. */
export function checkRegion(reference: FunctionReference, region: string): void {
  if (reference.region !== undefined && reference.region !== region) {
    throw resourceNotFound(
      `Functions from '${reference.region}' are not reachable in this region ('${region}')`,
    );
  }
}

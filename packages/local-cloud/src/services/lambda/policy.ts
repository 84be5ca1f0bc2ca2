/**
 * A function's resource-based policy: the statements AddPermission adds, as
 * GetPolicy returns them. Shapes as AWS returns them:
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 * `{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
 *   "Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:...:function:f",
 *   "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:..."}}}`
 */
import { invalidParameterValue } from './errors.ts';

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: '*' | { readonly Service: string } | { readonly AWS: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: {
    readonly StringEquals?: {
      readonly 'AWS:SourceAccount'?: string;
      readonly 'lambda:FunctionUrlAuthType'?: string;
    };
    readonly ArnLike?: { readonly 'AWS:SourceArn': string };
    readonly Bool?: { readonly 'lambda:InvokedViaFunctionUrl': string };
  };
}

export interface PermissionGrant {
  readonly statementId: string;
  readonly action: string;
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** AddPermission's FunctionUrlAuthType: the statement applies to a function URL of that AuthType. */
  readonly functionUrlAuthType?: string;
  /** AddPermission's InvokedViaFunctionUrl: the statement applies to invocations through a function URL. */
  readonly invokedViaFunctionUrl?: boolean;
}

/** The statement AddPermission adds for `grant` on the function `resourceArn`. */
export function permissionStatement(grant: PermissionGrant, resourceArn: string): PolicyStatement {
  const stringEquals = {
    ...(grant.sourceAccount === undefined ? {} : { 'AWS:SourceAccount': grant.sourceAccount }),
    ...(grant.functionUrlAuthType === undefined
      ? {}
      : { 'lambda:FunctionUrlAuthType': grant.functionUrlAuthType }),
  };
  const condition = {
    ...(Object.keys(stringEquals).length > 0 ? { StringEquals: stringEquals } : {}),
    ...(grant.sourceArn === undefined ? {} : { ArnLike: { 'AWS:SourceArn': grant.sourceArn } }),
    // The condition's shape is not in AWS's documentation; a Bool condition, as IAM writes booleans.
    ...(grant.invokedViaFunctionUrl ? { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } : {}),
  };
  return {
    Sid: grant.statementId,
    Effect: 'Allow',
    Principal: principal(grant.principal),
    Action: grant.action,
    Resource: resourceArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** The policy document GetPolicy returns (as a JSON string). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

/** A service (`sns.amazonaws.com`), an account (`123456789012`, as its root), an IAM ARN, or `*`. */
function principal(value: string): PolicyStatement['Principal'] {
  if (value === '*') return '*';
  if (value.endsWith('.amazonaws.com')) return { Service: value };
  if (/^\d{12}$/.test(value)) return { AWS: `arn:aws:iam::${value}:root` };
  if (/^arn:aws[a-zA-Z-]*:iam::\d{12}:/.test(value)) return { AWS: value };
  throw invalidParameterValue(
    'The provided principal was invalid. Please check the principal and try again.',
  );
}

/** A call an AWS service makes on behalf of one of its resources, e.g. SNS invoking for a topic. */
export interface ServiceRequest {
  /** The service principal, e.g. `sns.amazonaws.com`. */
  readonly service: string;
  /** e.g. `lambda:InvokeFunction`. */
  readonly action: string;
  /** The resource the call is made for (`aws:SourceArn`), e.g. the topic's ARN. */
  readonly sourceArn: string;
  /** Its account (`aws:SourceAccount`). */
  readonly sourceAccount: string;
}

/**
 * Whether a statement allows the service's request. With Allow statements only, IAM's
 * evaluation reduces to: one statement whose principal, action and conditions all match
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * Action names are case-insensitive; `AWS:SourceArn` is compared with ArnLike and
 * `AWS:SourceAccount` with StringEquals, as AddPermission writes them.
 */
export function allowsService(
  statements: readonly PolicyStatement[],
  request: ServiceRequest,
): boolean {
  return statements.some(
    ({ Principal, Action, Condition }) =>
      (Principal === '*' || ('Service' in Principal && Principal.Service === request.service)) &&
      actionMatches(Action, request.action) &&
      (Condition?.ArnLike === undefined ||
        arnLike(Condition.ArnLike['AWS:SourceArn'], request.sourceArn)) &&
      conditionMatches(Condition?.StringEquals?.['AWS:SourceAccount'], request.sourceAccount) &&
      Condition?.StringEquals?.['lambda:FunctionUrlAuthType'] === undefined &&
      Condition?.Bool === undefined,
  );
}

/**
 * Whether the policy lets anyone, unsigned, call the function through a URL of AuthType
 * NONE: "your function's resource-based policy is always in effect and must grant public
 * access" (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). Since October 2025 a
 * new function URL needs both `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` (the
 * latter may be limited with InvokedViaFunctionUrl), each granted to `*`.
 */
export function allowsPublicUrl(statements: readonly PolicyStatement[]): boolean {
  const publicGrant = (action: string) =>
    statements.some(
      ({ Principal, Action, Condition }) =>
        (Principal === '*' || ('AWS' in Principal && Principal.AWS === '*')) &&
        actionMatches(Action, action) &&
        Condition?.ArnLike === undefined &&
        Condition?.StringEquals?.['AWS:SourceAccount'] === undefined &&
        conditionMatches(Condition?.StringEquals?.['lambda:FunctionUrlAuthType'], 'NONE'),
    );
  return publicGrant('lambda:InvokeFunctionUrl') && publicGrant('lambda:InvokeFunction');
}

/** A StringEquals condition's key is met: absent, or equal to the request's value. */
function conditionMatches(expected: string | undefined, actual: string): boolean {
  return expected === undefined || expected === actual;
}

function actionMatches(granted: string, action: string): boolean {
  const [service] = action.split(':');
  const lower = granted.toLowerCase();
  return lower === '*' || lower === `${service}:*`.toLowerCase() || lower === action.toLowerCase();
}

/**
 * IAM's ArnLike: "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character
 * match wildcards (?)" (reference_policies_elements_condition_operators.html#Conditions_ARN).
 */
function arnLike(pattern: string, arn: string): boolean {
  const patternParts = arnComponents(pattern);
  const arnParts = arnComponents(arn);
  return patternParts.every((part, i) => globMatches(part, arnParts[i] ?? ''));
}

/** arn, partition, service, region, account, and the resource (which may hold colons). */
function arnComponents(arn: string): string[] {
  const parts = arn.split(':');
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${regex}$`, 's').test(value);
}

/**
 * What IAM must allow for each Lambda operation: its action and resource, from "Actions,
 * resources, and condition keys for AWS Lambda"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html),
 * and, for an operation on a function, the function's resource-based policy, which Lambda
 * consults. CreateFunction, and UpdateFunctionConfiguration with a Role, also need
 * `iam:PassRole` on the role (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html).
 * Refused: 403 AccessDeniedException (https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html).
 */
import {
  deniedMessage,
  type RequiredPermission,
  type ServiceAuthorization,
} from '../../auth/authorizer.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { AwsRequest, CallName } from '../../server/aws-request.ts';
import { functionArn, parseFunctionName } from './arn.ts';

/**
 * What the operation's resource is: the function its path names, or its body names
 * (CreateFunction), the tagged resource's ARN, a mapping, or nothing (`*`).
 */
type Target = 'function' | 'new function' | 'arn' | 'mapping' | 'none';

/**
 * What each operation of ./api.ts acts on (its route names it: `route('Invoke', ...)`). The IAM
 * action is `lambda:<operation>`, but for Invoke's, `lambda:InvokeFunction`. Every route must be
 * here (tested).
 */
export const OPERATION_TARGETS: Readonly<Record<string, Target>> = {
  Invoke: 'function',
  CreateFunction: 'new function',
  ListFunctions: 'none',
  GetFunction: 'function',
  DeleteFunction: 'function',
  GetFunctionConfiguration: 'function',
  UpdateFunctionConfiguration: 'function',
  UpdateFunctionCode: 'function',
  AddPermission: 'function',
  GetPolicy: 'function',
  RemovePermission: 'function',
  PublishVersion: 'function',
  ListVersionsByFunction: 'function',
  CreateAlias: 'function',
  ListAliases: 'function',
  GetAlias: 'function',
  UpdateAlias: 'function',
  DeleteAlias: 'function',
  PutFunctionConcurrency: 'function',
  GetFunctionConcurrency: 'function',
  DeleteFunctionConcurrency: 'function',
  GetAccountSettings: 'none',
  ListTags: 'arn',
  TagResource: 'arn',
  UntagResource: 'arn',
  CreateFunctionUrlConfig: 'function',
  GetFunctionUrlConfig: 'function',
  UpdateFunctionUrlConfig: 'function',
  DeleteFunctionUrlConfig: 'function',
  ListFunctionUrlConfigs: 'function',
  GetFunctionRecursionConfig: 'function',
  PutFunctionRecursionConfig: 'function',
  PutFunctionEventInvokeConfig: 'function',
  UpdateFunctionEventInvokeConfig: 'function',
  GetFunctionEventInvokeConfig: 'function',
  DeleteFunctionEventInvokeConfig: 'function',
  ListFunctionEventInvokeConfigs: 'function',
  CreateEventSourceMapping: 'none',
  ListEventSourceMappings: 'none',
  GetEventSourceMapping: 'mapping',
  UpdateEventSourceMapping: 'mapping',
  DeleteEventSourceMapping: 'mapping',
};

export interface LambdaAuthorizationOptions {
  readonly accountId: string;
  /** The operation a request calls and the first label of its path, decoded (the API's `describe`). */
  readonly describe: (request: AwsRequest) => CallName | undefined;
  /** The function's resource-based policy, if it has one. */
  readonly resourcePolicy: (region: string, name: string, qualifier?: string) => unknown;
}

export function lambdaAuthorization(options: LambdaAuthorizationOptions): ServiceAuthorization {
  return {
    required(request) {
      const called = options.describe(request);
      const target = called && OPERATION_TARGETS[called.operation];
      // Not an operation of AWS's (GetFunction's Code.Location carries its own signature), or
      // none at all: the API answers it.
      if (!called || !target) return [];
      const action = `lambda:${called.operation === 'Invoke' ? 'InvokeFunction' : called.operation}`;
      const label =
        target === 'new function'
          ? (bodyMember(request, 'FunctionName') ?? '')
          : (called.resource ?? '');
      const permissions: RequiredPermission[] = [
        { action, ...resourceOf(target, label, request, options) },
      ];
      const role = passedRole(action, request);
      if (role !== undefined) permissions.push({ action: 'iam:PassRole', resource: role });
      return permissions;
    },
    accessDenied: (denial) => new AwsError('AccessDeniedException', deniedMessage(denial), 403),
  };
}

function resourceOf(
  target: Target,
  label: string,
  request: AwsRequest,
  { accountId, resourcePolicy }: LambdaAuthorizationOptions,
): Omit<RequiredPermission, 'action'> {
  if (target === 'arn') return { resource: label };
  if (target === 'mapping') {
    return {
      resource: `arn:aws:lambda:${request.region}:${accountId}:event-source-mapping:${label}`,
    };
  }
  if (target === 'none') return { resource: '*' };
  const reference = functionReference(label);
  if (target === 'new function') {
    return { resource: functionArn(request.region, accountId, reference.name) };
  }
  const qualifier = reference.qualifier ?? request.query.get('Qualifier') ?? undefined;
  return {
    resource: functionArn(request.region, accountId, reference.name, qualifier),
    resourcePolicy: resourcePolicy(request.region, reference.name, qualifier),
  };
}

/** The function a FunctionName names; a malformed one as it is (the API then refuses it). */
function functionReference(label: string) {
  try {
    return parseFunctionName(label, label.length);
  } catch {
    return { name: label, qualifier: undefined };
  }
}

/** The role CreateFunction or UpdateFunctionConfiguration hands to Lambda, if any. */
function passedRole(action: string, request: AwsRequest): string | undefined {
  const passes =
    action === 'lambda:CreateFunction' || action === 'lambda:UpdateFunctionConfiguration';
  return passes ? bodyMember(request, 'Role') : undefined;
}

/** A string member of the JSON body; none when the body is not JSON (the API then refuses it). */
function bodyMember(request: AwsRequest, name: string): string | undefined {
  try {
    const member: unknown = JSON.parse(request.body.toString('utf8'))?.[name];
    return typeof member === 'string' ? member : undefined;
  } catch {
    return undefined;
  }
}

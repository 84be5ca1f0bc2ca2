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
import { uriPattern } from '../../protocols/rest-json.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { AwsRequest } from '../../server/aws-request.ts';
import { functionArn, parseFunctionName } from './arn.ts';

/**
 * What the operation's resource is: the function its path names, or its body names
 * (CreateFunction), the tagged resource's ARN, a mapping, or nothing (`*`).
 */
type Target = 'function' | 'new function' | 'arn' | 'mapping' | 'none';

/** An operation's method, URI (as in ./api.ts), IAM action, and what its resource is. */
const OPERATIONS: readonly [string, string, string, Target][] = [
  ['POST', '/2015-03-31/functions/{FunctionName}/invocations', 'InvokeFunction', 'function'],
  ['POST', '/2015-03-31/functions', 'CreateFunction', 'new function'],
  ['GET', '/2015-03-31/functions', 'ListFunctions', 'none'],
  ['GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction', 'function'],
  ['DELETE', '/2015-03-31/functions/{FunctionName}', 'DeleteFunction', 'function'],
  [
    'GET',
    '/2015-03-31/functions/{FunctionName}/configuration',
    'GetFunctionConfiguration',
    'function',
  ],
  [
    'PUT',
    '/2015-03-31/functions/{FunctionName}/configuration',
    'UpdateFunctionConfiguration',
    'function',
  ],
  ['PUT', '/2015-03-31/functions/{FunctionName}/code', 'UpdateFunctionCode', 'function'],
  ['POST', '/2015-03-31/functions/{FunctionName}/policy', 'AddPermission', 'function'],
  ['GET', '/2015-03-31/functions/{FunctionName}/policy', 'GetPolicy', 'function'],
  [
    'DELETE',
    '/2015-03-31/functions/{FunctionName}/policy/{StatementId}',
    'RemovePermission',
    'function',
  ],
  ['POST', '/2015-03-31/functions/{FunctionName}/versions', 'PublishVersion', 'function'],
  ['GET', '/2015-03-31/functions/{FunctionName}/versions', 'ListVersionsByFunction', 'function'],
  ['POST', '/2015-03-31/functions/{FunctionName}/aliases', 'CreateAlias', 'function'],
  ['GET', '/2015-03-31/functions/{FunctionName}/aliases', 'ListAliases', 'function'],
  ['GET', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'GetAlias', 'function'],
  ['PUT', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'UpdateAlias', 'function'],
  ['DELETE', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'DeleteAlias', 'function'],
  ['PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency', 'function'],
  ['GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency', 'function'],
  [
    'DELETE',
    '/2017-10-31/functions/{FunctionName}/concurrency',
    'DeleteFunctionConcurrency',
    'function',
  ],
  ['GET', '/2016-08-19/account-settings', 'GetAccountSettings', 'none'],
  ['POST', '/2021-10-31/functions/{FunctionName}/url', 'CreateFunctionUrlConfig', 'function'],
  ['GET', '/2021-10-31/functions/{FunctionName}/url', 'GetFunctionUrlConfig', 'function'],
  ['PUT', '/2021-10-31/functions/{FunctionName}/url', 'UpdateFunctionUrlConfig', 'function'],
  ['DELETE', '/2021-10-31/functions/{FunctionName}/url', 'DeleteFunctionUrlConfig', 'function'],
  ['GET', '/2021-10-31/functions/{FunctionName}/urls', 'ListFunctionUrlConfigs', 'function'],
  [
    'GET',
    '/2024-08-31/functions/{FunctionName}/recursion-config',
    'GetFunctionRecursionConfig',
    'function',
  ],
  [
    'PUT',
    '/2024-08-31/functions/{FunctionName}/recursion-config',
    'PutFunctionRecursionConfig',
    'function',
  ],
  ['GET', '/2017-03-31/tags/{Resource}', 'ListTags', 'arn'],
  ['POST', '/2017-03-31/tags/{Resource}', 'TagResource', 'arn'],
  ['DELETE', '/2017-03-31/tags/{Resource}', 'UntagResource', 'arn'],
  [
    'PUT',
    '/2019-09-25/functions/{FunctionName}/event-invoke-config',
    'PutFunctionEventInvokeConfig',
    'function',
  ],
  [
    'POST',
    '/2019-09-25/functions/{FunctionName}/event-invoke-config',
    'UpdateFunctionEventInvokeConfig',
    'function',
  ],
  [
    'GET',
    '/2019-09-25/functions/{FunctionName}/event-invoke-config',
    'GetFunctionEventInvokeConfig',
    'function',
  ],
  [
    'DELETE',
    '/2019-09-25/functions/{FunctionName}/event-invoke-config',
    'DeleteFunctionEventInvokeConfig',
    'function',
  ],
  [
    'GET',
    '/2019-09-25/functions/{FunctionName}/event-invoke-config/list',
    'ListFunctionEventInvokeConfigs',
    'function',
  ],
  ['POST', '/2015-03-31/event-source-mappings', 'CreateEventSourceMapping', 'none'],
  ['GET', '/2015-03-31/event-source-mappings', 'ListEventSourceMappings', 'none'],
  ['GET', '/2015-03-31/event-source-mappings/{UUID}', 'GetEventSourceMapping', 'mapping'],
  ['PUT', '/2015-03-31/event-source-mappings/{UUID}', 'UpdateEventSourceMapping', 'mapping'],
  ['DELETE', '/2015-03-31/event-source-mappings/{UUID}', 'DeleteEventSourceMapping', 'mapping'],
];

/** The operations IAM knows, as `METHOD path-pattern`: every route of ./api.ts must be one (tested). */
export const AUTHORIZED_ROUTES: ReadonlySet<string> = new Set(
  OPERATIONS.map(([method, uri]) => `${method} ${uriPattern(uri).source}`),
);

const ROUTES = OPERATIONS.map(([method, uri, action, target]) => ({
  method,
  path: uriPattern(uri),
  action: `lambda:${action}`,
  target,
}));

export interface LambdaAuthorizationOptions {
  readonly accountId: string;
  /** The function's resource-based policy, if it has one. */
  readonly resourcePolicy: (region: string, name: string, qualifier?: string) => unknown;
}

export function lambdaAuthorization(options: LambdaAuthorizationOptions): ServiceAuthorization {
  return {
    required(request) {
      const found = ROUTES.find((r) => r.method === request.method && r.path.test(request.path));
      // Not an operation of AWS's (GetFunction's Code.Location carries its own signature), or
      // none at all: the API answers it.
      if (!found) return [];
      const [pathLabel = ''] = (found.path.exec(request.path) ?? []).slice(1).map(decodeLabel);
      const label =
        found.target === 'new function' ? (bodyMember(request, 'FunctionName') ?? '') : pathLabel;
      const permissions: RequiredPermission[] = [
        { action: found.action, ...resourceOf(found.target, label, request, options) },
      ];
      const role = passedRole(found.action, request);
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

function decodeLabel(label: string): string {
  try {
    return decodeURIComponent(label);
  } catch {
    return label;
  }
}

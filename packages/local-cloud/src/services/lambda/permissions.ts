/**
 * A function's resource-based policy: AddPermission, RemovePermission and GetPolicy,
 * and the one check of a call an AWS service makes on a function (SNS invoking it for
 * a topic, say) against that policy. The statements themselves: ./policy.ts.
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 */

import { Constraints, pattern } from '../../protocols/validation.ts';
import type { FunctionReference } from './arn.ts';
import {
  accessDenied,
  invalidParameterValue,
  resourceConflict,
  resourceNotFound,
} from './errors.ts';
import type { Functions, QualifiedFunction } from './functions.ts';
import { isLatest } from './lambda-function.ts';
import {
  allowsPublicUrl,
  allowsService,
  type PolicyStatement,
  permissionStatement,
  policyDocument,
  type ServiceRequest,
} from './policy.ts';
import { FUNCTION_URL_AUTH_TYPES, LATEST } from './quotas.ts';

/** Patterns of the API reference (botocore's lambda/2015-03-31 model). */
const STATEMENT_ID = pattern('([a-zA-Z0-9-_]+)');
/** RemovePermission's StatementId also takes dots. */
const NAMESPACED_STATEMENT_ID = pattern('([a-zA-Z0-9-_.]+)');
const ACTION = pattern('(lambda:[*]|lambda:[a-zA-Z]+|[*])');
const PRINCIPAL = pattern(String.raw`[^\s]+`);
const SOURCE_ACCOUNT = pattern(String.raw`\d{12}`);
const SOURCE_ARN = pattern(
  String.raw`arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
);

export interface AddPermissionInput {
  StatementId?: string;
  Action?: string;
  Principal?: string;
  SourceArn?: string;
  SourceAccount?: string;
  FunctionUrlAuthType?: string;
  InvokedViaFunctionUrl?: boolean;
  Qualifier?: string;
  RevisionId?: string;
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html */
export function addPermission(
  functions: Functions,
  region: string,
  functionName: string,
  input: AddPermissionInput,
): { Statement: string } {
  new Constraints()
    .required('statementId', input.StatementId)
    .length('statementId', input.StatementId, 1, 100)
    .matches('statementId', input.StatementId, STATEMENT_ID)
    .required('action', input.Action)
    .matches('action', input.Action, ACTION)
    .required('principal', input.Principal)
    .matches('principal', input.Principal, PRINCIPAL)
    .matches('sourceArn', input.SourceArn, SOURCE_ARN)
    .matches('sourceAccount', input.SourceAccount, SOURCE_ACCOUNT)
    .oneOf('functionUrlAuthType', input.FunctionUrlAuthType, FUNCTION_URL_AUTH_TYPES)
    .check();
  if (input.InvokedViaFunctionUrl && input.Action !== 'lambda:InvokeFunction') {
    // "Only valid with lambda:InvokeFunction action" (AddPermission, InvokedViaFunctionUrl).
    throw invalidParameterValue(
      'InvokedViaFunctionUrl is only valid with the lambda:InvokeFunction action.',
    );
  }
  const reference = functions.reference(region, functionName, input.Qualifier);
  if (reference.qualifier === LATEST) {
    throw invalidParameterValue('We currently do not support adding policies for $LATEST.');
  }
  const { holder, resourceArn } = policyOf(functions.resolve(region, reference));
  functions.checkRevision(holder, input.RevisionId, 'GetPolicy');
  const statementId = input.StatementId as string;
  if (holder.policy.some((statement) => statement.Sid === statementId)) {
    throw resourceConflict(
      `The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  const statement = permissionStatement(
    {
      statementId,
      action: input.Action as string,
      principal: input.Principal as string,
      sourceArn: input.SourceArn,
      sourceAccount: input.SourceAccount,
      functionUrlAuthType: input.FunctionUrlAuthType,
      invokedViaFunctionUrl: input.InvokedViaFunctionUrl,
    },
    resourceArn,
  );
  holder.policy.push(statement);
  functions.revise(holder);
  return { Statement: JSON.stringify(statement) };
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html */
export function removePermission(
  functions: Functions,
  region: string,
  functionName: string,
  statementId: string,
  options: { Qualifier?: string; RevisionId?: string } = {},
): void {
  new Constraints()
    .length('statementId', statementId, 1, 100)
    .matches('statementId', statementId, NAMESPACED_STATEMENT_ID)
    .check();
  const reference = functions.reference(region, functionName, options.Qualifier);
  if (!functions.find(region, reference)) {
    throw resourceNotFound(`No policy found for: ${functions.arnOf(region, reference)}`);
  }
  const holder = policyHolder(functions, region, reference);
  if (!holder || holder.policy.length === 0) {
    throw resourceNotFound('No policy is associated with the given resource.');
  }
  const index = holder.policy.findIndex((statement) => statement.Sid === statementId);
  if (index === -1) {
    throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
  }
  functions.checkRevision(holder, options.RevisionId, 'GetFunction/GetAlias');
  holder.policy.splice(index, 1);
  functions.revise(holder);
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html */
export function getPolicy(
  functions: Functions,
  region: string,
  functionName: string,
  qualifier?: string,
): { Policy: string; RevisionId: string } {
  const reference = functions.reference(region, functionName, qualifier);
  const holder = policyHolder(functions, region, reference);
  if (!holder || holder.policy.length === 0) {
    throw resourceNotFound('The resource you requested does not exist.');
  }
  return { Policy: policyDocument(holder.policy), RevisionId: holder.revisionId };
}

/**
 * A service principal's call on a function must be allowed by the function's resource
 * policy, as on AWS: e.g. SNS needs a statement letting `sns.amazonaws.com` call
 * `lambda:InvokeFunction` for its topic (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html).
 * Otherwise AccessDeniedException (403).
 */
export function checkServiceAllowed(target: QualifiedFunction, request: ServiceRequest): void {
  const { holder, resourceArn } = policyOf(target);
  if (!allowsService(holder.policy, request)) {
    throw accessDenied(request.service, request.action, resourceArn);
  }
}

/** The policy a reference names, if its function and qualifier exist. */
function policyHolder(functions: Functions, region: string, reference: FunctionReference) {
  try {
    return policyOf(functions.resolve(region, reference)).holder;
  } catch {
    return undefined;
  }
}

/**
 * Whether anyone may call the function (or alias) through its function URL of AuthType
 * NONE, as its resource policy says (see `allowsPublicUrl`).
 */
export function isPublicUrlAllowed(target: QualifiedFunction): boolean {
  return allowsPublicUrl(policyOf(target).holder.policy);
}

/**
 * Whose policy a qualifier names, and its ARN: each alias and each published version has
 * a policy of its own, apart from the function's (unqualified or `$LATEST`), so a permission
 * on an alias is no permission on `$LATEST` and the other way round
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html#versioning-permissions-alias).
 */
function policyOf(target: QualifiedFunction): {
  holder: { policy: PolicyStatement[]; revisionId: string };
  resourceArn: string;
} {
  const { fn, version, alias, qualifier } = target;
  if (isLatest(qualifier)) return { holder: fn, resourceArn: fn.arn };
  return { holder: alias ?? version, resourceArn: `${fn.arn}:${qualifier}` };
}

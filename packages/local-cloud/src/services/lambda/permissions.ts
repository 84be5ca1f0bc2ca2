/**
 * A function's resource-based policy: AddPermission, RemovePermission and GetPolicy,
 * and the one check of a call an AWS service makes on a function (SNS invoking it for
 * a topic, say) against that policy. The statements themselves: ./policy.ts.
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 */

import { Constraints, pattern } from '../../protocols/validation.ts';
import {
  accessDenied,
  invalidParameterValue,
  resourceConflict,
  resourceNotFound,
} from './errors.ts';
import type { Functions } from './functions.ts';
import { isLatest, type LambdaFunction } from './lambda-function.ts';
import {
  allowsService,
  permissionStatement,
  policyDocument,
  type ServiceRequest,
} from './policy.ts';
import { LATEST } from './quotas.ts';

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
    .check();
  const reference = functions.reference(region, functionName, input.Qualifier);
  if (reference.qualifier === LATEST) {
    throw invalidParameterValue('We currently do not support adding policies for $LATEST.');
  }
  const fn = functions.lookup(region, reference);
  functions.checkRevision(fn, input.RevisionId, 'GetPolicy');
  const statementId = input.StatementId as string;
  if (fn.policy.some((statement) => statement.Sid === statementId)) {
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
    },
    fn.arn,
  );
  fn.policy.push(statement);
  functions.revise(fn);
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
  const fn = functions.find(region, reference);
  if (!fn) throw resourceNotFound(`No policy found for: ${functions.arnOf(region, reference)}`);
  if (fn.policy.length === 0 || !isLatest(reference.qualifier)) {
    throw resourceNotFound('No policy is associated with the given resource.');
  }
  const index = fn.policy.findIndex((statement) => statement.Sid === statementId);
  if (index === -1) {
    throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
  }
  functions.checkRevision(fn, options.RevisionId, 'GetFunction/GetAlias');
  fn.policy.splice(index, 1);
  functions.revise(fn);
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html */
export function getPolicy(
  functions: Functions,
  region: string,
  functionName: string,
  qualifier?: string,
): { Policy: string; RevisionId: string } {
  const reference = functions.reference(region, functionName, qualifier);
  const fn = functions.find(region, reference);
  if (!fn || fn.policy.length === 0 || !isLatest(reference.qualifier)) {
    throw resourceNotFound('The resource you requested does not exist.');
  }
  return { Policy: policyDocument(fn.policy), RevisionId: fn.revisionId };
}

/**
 * A service principal's call on a function must be allowed by the function's resource
 * policy, as on AWS: e.g. SNS needs a statement letting `sns.amazonaws.com` call
 * `lambda:InvokeFunction` for its topic (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html).
 * Otherwise AccessDeniedException (403).
 */
export function checkServiceAllowed(fn: LambdaFunction, request: ServiceRequest): void {
  if (!allowsService(fn.policy, request)) {
    throw accessDenied(request.service, request.action, fn.arn);
  }
}

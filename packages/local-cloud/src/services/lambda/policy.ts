/**
 * A function's resource-based policy: the statements AddPermission adds, as
 * GetPolicy returns them. Shapes as AWS returns them:
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 * `{"Sid":"sns","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
 *   "Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:...:function:f",
 *   "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:sns:..."}}}`
 */
import { invalidParameterValue } from './validation.ts';

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: '*' | { readonly Service: string } | { readonly AWS: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: {
    readonly StringEquals?: { readonly 'AWS:SourceAccount': string };
    readonly ArnLike?: { readonly 'AWS:SourceArn': string };
  };
}

export interface PermissionGrant {
  readonly statementId: string;
  readonly action: string;
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
}

/** The statement AddPermission adds for `grant` on the function `resourceArn`. */
export function permissionStatement(grant: PermissionGrant, resourceArn: string): PolicyStatement {
  const condition = {
    ...(grant.sourceAccount === undefined
      ? {}
      : { StringEquals: { 'AWS:SourceAccount': grant.sourceAccount } }),
    ...(grant.sourceArn === undefined ? {} : { ArnLike: { 'AWS:SourceArn': grant.sourceArn } }),
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

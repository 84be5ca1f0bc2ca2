/**
 * IAM as the local cloud keeps it: roles with their trust policy and tags, the
 * managed policies attached to them and their inline policies. A role's policies
 * decide what a function running with it may call (src/auth/); the trust policy is
 * stored, not evaluated.
 *
 * Semantics and error messages follow the IAM API reference
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/) and what IAM answers, as
 * recorded against AWS in LocalStack's snapshots
 * (github.com/localstack/localstack, tests/aws/services/iam/test_iam_roles.snapshot.json).
 */
import { actionMatches } from '../../auth/policy-evaluation.ts';
import { AwsError } from '../../server/aws-error.ts';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.ts';
import { uniqueId } from './unique-ids.ts';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface Role {
  readonly Path: string;
  readonly RoleName: string;
  /** `AROA` and 17 more characters, like every IAM role's unique id. */
  readonly RoleId: string;
  readonly Arn: string;
  readonly CreateDate: Date;
  /** The trust policy, the JSON text as it was sent. */
  readonly AssumeRolePolicyDocument: string;
  readonly Description?: string;
  readonly MaxSessionDuration: number;
  readonly Tags: readonly Tag[];
}

export interface NewRole {
  readonly RoleName: string;
  readonly AssumeRolePolicyDocument: string;
  /** Default `/`. */
  readonly Path?: string;
  readonly Description?: string;
  /** Seconds; default 3600 (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
  readonly MaxSessionDuration?: number;
  readonly Tags?: readonly Tag[];
}

export interface InlinePolicy {
  readonly RoleName: string;
  readonly PolicyName: string;
  /** The JSON text as it was sent. */
  readonly PolicyDocument: string;
}

export interface AttachedPolicy {
  readonly PolicyName: string;
  readonly PolicyArn: string;
  /** Where the policy sits in IAM's tree, e.g. `/service-role/`. */
  readonly Path: string;
}

interface StoredRole {
  readonly role: Omit<Role, 'Tags'>;
  /** By lower-case key: IAM role tag keys are case-insensitive, and keep the case last written. */
  readonly tags: Map<string, Tag>;
  /** By policy ARN, in the order they were attached. */
  readonly attachedPolicies: Map<string, AttachedPolicy>;
  /** Inline policy documents by policy name. */
  readonly inlinePolicies: Map<string, string>;
}

const DEFAULT_MAX_SESSION_DURATION = 3600;
/** `arn:partition:service:region:account:resource`; anything else is not an ARN at all. */
const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;
/** An AWS managed policy, e.g. `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`. */
const AWS_MANAGED_POLICY_ARN = /^arn:aws:iam::aws:policy(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/;

export class IamModel {
  /** By lower-case role name: "Names are not distinguished by case" (API_CreateRole). */
  private readonly roles = new Map<string, StoredRole>();

  constructor(private readonly accountId: string) {}

  createRole(input: NewRole): Role {
    checkPolicyDocument(input.AssumeRolePolicyDocument);
    const key = input.RoleName.toLowerCase();
    if (this.roles.has(key)) {
      throw new AwsError(
        'EntityAlreadyExists',
        `Role with name ${input.RoleName} already exists.`,
        409,
      );
    }
    const path = input.Path ?? '/';
    const stored: StoredRole = {
      role: {
        Path: path,
        RoleName: input.RoleName,
        RoleId: uniqueId('AROA', 21),
        Arn: `arn:aws:iam::${this.accountId}:role${path}${input.RoleName}`,
        CreateDate: new Date(),
        AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
        Description: input.Description,
        MaxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      },
      tags: new Map(),
      attachedPolicies: new Map(),
      inlinePolicies: new Map(),
    };
    addTags(stored, input.Tags ?? []);
    this.roles.set(key, stored);
    return withTags(stored);
  }

  getRole(roleName: string): Role {
    return withTags(this.stored(roleName));
  }

  /** Roles whose path starts with `pathPrefix`, by name. */
  listRoles(pathPrefix = '/'): Role[] {
    return [...this.roles.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, stored]) => withTags(stored))
      .filter((role) => role.Path.startsWith(pathPrefix));
  }

  /** IAM refuses to delete a role that still has policies (API_DeleteRole). */
  deleteRole(roleName: string): void {
    const stored = this.stored(roleName);
    if (stored.attachedPolicies.size > 0) {
      throw new AwsError(
        'DeleteConflict',
        'Cannot delete entity, must detach all policies first.',
        409,
      );
    }
    if (stored.inlinePolicies.size > 0) {
      throw new AwsError(
        'DeleteConflict',
        'Cannot delete entity, must delete policies first.',
        409,
      );
    }
    this.roles.delete(roleName.toLowerCase());
  }

  /** Adds tags, replacing the value of a key the role already has (API_TagRole). */
  tagRole(roleName: string, tags: readonly Tag[]): void {
    addTags(this.stored(roleName), tags);
  }

  untagRole(roleName: string, keys: readonly string[]): void {
    const stored = this.stored(roleName);
    for (const key of keys) stored.tags.delete(key.toLowerCase());
  }

  /**
   * Any AWS managed policy can be attached: every `arn:aws:iam::aws:policy/...` counts as
   * one, and those of ./aws-managed-policies.ts grant what they grant. Customer managed policies
   * cannot be created here, so no other ARN names a policy.
   */
  attachRolePolicy(roleName: string, policyArn: string): void {
    checkArn(policyArn);
    const stored = this.stored(roleName);
    const match = AWS_MANAGED_POLICY_ARN.exec(policyArn);
    if (!match?.[1] || !match[2]) {
      throw new AwsError(
        'NoSuchEntity',
        `Policy ${policyArn} does not exist or is not attachable.`,
        404,
      );
    }
    stored.attachedPolicies.set(policyArn, {
      PolicyName: match[2],
      PolicyArn: policyArn,
      Path: match[1],
    });
  }

  detachRolePolicy(roleName: string, policyArn: string): void {
    checkArn(policyArn);
    if (!this.stored(roleName).attachedPolicies.delete(policyArn)) {
      throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`, 404);
    }
  }

  /** The role's managed policies whose path starts with `pathPrefix`, in the order attached. */
  listAttachedRolePolicies(roleName: string, pathPrefix = '/'): AttachedPolicy[] {
    return [...this.stored(roleName).attachedPolicies.values()].filter((policy) =>
      policy.Path.startsWith(pathPrefix),
    );
  }

  /** Adds the inline policy, or replaces the one of that name (API_PutRolePolicy). */
  putRolePolicy(roleName: string, policyName: string, policyDocument: string): void {
    checkPolicyDocument(policyDocument);
    this.stored(roleName).inlinePolicies.set(policyName, policyDocument);
  }

  getRolePolicy(roleName: string, policyName: string): InlinePolicy {
    const stored = this.stored(roleName);
    const document = stored.inlinePolicies.get(policyName);
    if (document === undefined) throw noSuchRolePolicy(policyName);
    return { RoleName: stored.role.RoleName, PolicyName: policyName, PolicyDocument: document };
  }

  deleteRolePolicy(roleName: string, policyName: string): void {
    if (!this.stored(roleName).inlinePolicies.delete(policyName)) {
      throw noSuchRolePolicy(policyName);
    }
  }

  /** The names of the role's inline policies, in alphabetical order. */
  listRolePolicies(roleName: string): string[] {
    return [...this.stored(roleName).inlinePolicies.keys()].sort();
  }

  /**
   * The role's identity-based policies, as IAM evaluates them: its inline policies and the
   * documents of its attached AWS managed policies; none for a role that does not exist.
   */
  identityPolicies(roleName: string): unknown[] {
    const stored = this.roles.get(roleName.toLowerCase());
    if (!stored) return [];
    const inline = [...stored.inlinePolicies.values()].map((text): unknown => JSON.parse(text));
    const attached = [...stored.attachedPolicies.keys()].flatMap(
      (arn) => AWS_MANAGED_POLICIES.get(arn) ?? [],
    );
    return [...inline, ...attached];
  }

  /**
   * Whether the role `roleArn` exists and its trust policy lets the service principal `service`
   * (e.g. `lambda.amazonaws.com`) call `sts:AssumeRole`: an Allow statement naming the service
   * (or `*`) for that action, and no Deny. Conditions are not evaluated: a statement with one
   * applies (Lambda's own trust conditions, such as aws:SourceAccount, would hold).
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
   */
  trusts(roleArn: string, service: string): boolean {
    const name = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/.exec(roleArn);
    const role = name?.[1] === this.accountId && name[2] ? this.findRole(name[2]) : undefined;
    if (!role || role.Arn !== roleArn) return false;
    const statements = trustStatements(role.AssumeRolePolicyDocument).filter(
      (statement) =>
        namesService(statement.Principal, service) &&
        actionMatches(statement.Action, 'sts:AssumeRole'),
    );
    return (
      statements.some((statement) => statement.Effect === 'Allow') &&
      !statements.some((statement) => statement.Effect === 'Deny')
    );
  }

  /** The role, if it exists. */
  findRole(roleName: string): Role | undefined {
    const stored = this.roles.get(roleName.toLowerCase());
    return stored && withTags(stored);
  }

  private stored(roleName: string): StoredRole {
    const stored = this.roles.get(roleName.toLowerCase());
    if (!stored) {
      throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
    }
    return stored;
  }
}

function withTags(stored: StoredRole): Role {
  return { ...stored.role, Tags: [...stored.tags.values()] };
}

/** Keys are case-insensitive, so one request may not name a key twice in any case. */
function addTags(stored: StoredRole, tags: readonly Tag[]): void {
  const keys = new Set(tags.map((tag) => tag.Key.toLowerCase()));
  if (keys.size < tags.length) {
    throw new AwsError(
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
  }
  for (const tag of tags) stored.tags.set(tag.Key.toLowerCase(), tag);
}

/** IAM's answer to a PolicyArn that is not an ARN at all (two spaces and all). */
function checkArn(arn: string): void {
  if (!ARN.test(arn)) throw new AwsError('ValidationError', 'Invalid ARN:  Could not be parsed!');
}

/**
 * A document is only checked for being a JSON object; IAM's full grammar checks (versions,
 * actions, resources) are not repeated: a statement that is not one allows nothing.
 */
function checkPolicyDocument(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
}

function noSuchRolePolicy(policyName: string): AwsError {
  return new AwsError(
    'NoSuchEntity',
    `The role policy with name ${policyName} cannot be found.`,
    404,
  );
}

interface TrustStatement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Action?: unknown;
}

/** A trust policy's statements, as stored (plain or URL-encoded JSON); none if it is no policy. */
function trustStatements(document: string): TrustStatement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      document.trimStart().startsWith('%') ? decodeURIComponent(document) : document,
    );
  } catch {
    return [];
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter((item): item is TrustStatement => item !== null && typeof item === 'object');
}

function namesService(principal: unknown, service: string): boolean {
  if (principal === '*') return true;
  const named = (principal as { Service?: unknown } | null)?.Service;
  return (Array.isArray(named) ? named : [named]).includes(service);
}

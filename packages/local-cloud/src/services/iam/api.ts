/**
 * The IAM API on the wire (awsQuery, version 2010-05-08): each operation reads
 * and checks its parameters as the IAM API reference defines them, calls the
 * model, and shapes the answer as IAM does. What IAM does lives in ./model.ts.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/
 */
import {
  memberList,
  type QueryParams,
  queryService,
  stringList,
  xmlList,
} from '../../protocols/aws-query.ts';
import {
  Constraints,
  memberName,
  type Pattern,
  pattern,
  type ValidationStyle,
} from '../../protocols/validation.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { Service } from '../../server/aws-request.ts';
import type { IamModel, Role, Tag } from './model.ts';

/** A string member's constraints, as the API reference states them. */
interface StringConstraint {
  readonly min?: number;
  readonly max: number;
  /** Written as the reference writes it: IAM quotes it in its ValidationError. */
  readonly pattern?: Pattern;
}

// The constraints of the reference's types (roleNameType, pathType, policyDocumentType, ...).
const ROLE_NAME: StringConstraint = { min: 1, max: 64, pattern: pattern('[\\w+=,.@-]+', 'u') };
const POLICY_NAME: StringConstraint = { min: 1, max: 128, pattern: pattern('[\\w+=,.@-]+', 'u') };
const POLICY_DOCUMENT: StringConstraint = {
  min: 1,
  max: 131072,
  pattern: pattern('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', 'u'),
};
const POLICY_ARN: StringConstraint = { min: 20, max: 2048 };
const PATH: StringConstraint = {
  min: 1,
  max: 512,
  pattern: pattern('(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)', 'u'),
};
const ROLE_PATH_PREFIX: StringConstraint = {
  min: 1,
  max: 512,
  pattern: pattern('\\u002F[\\u0021-\\u007F]*', 'u'),
};
const POLICY_PATH_PREFIX: StringConstraint = {
  min: 1,
  max: 512,
  pattern: pattern('((/[A-Za-z0-9\\.,\\+@=_-]+)*)/', 'u'),
};
const DESCRIPTION: StringConstraint = {
  max: 1000,
  pattern: pattern('[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*', 'u'),
};
const TAG_KEY: StringConstraint = {
  min: 1,
  max: 128,
  pattern: pattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', 'u'),
};
const TAG_VALUE: StringConstraint = {
  max: 256,
  pattern: pattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'u'),
};
const MARKER: StringConstraint = { min: 1, max: 320, pattern: pattern('[\\u0020-\\u00FF]+', 'u') };
const MAX_TAGS = 50;
const MAX_SESSION_DURATION = { min: 3600, max: 43200 };
const MAX_ITEMS = { min: 1, max: 1000 };
/** "If you do not include MaxItems, the number of items defaults to 100." */
const DEFAULT_MAX_ITEMS = 100;

export function iamService(model: IamModel): Service {
  return queryService({
    signingName: 'iam',
    version: '2010-05-08',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations: {
      CreateRole(params) {
        const input = new IamInput(params);
        const newRole = {
          RoleName: input.required('RoleName', ROLE_NAME),
          AssumeRolePolicyDocument: input.required('AssumeRolePolicyDocument', POLICY_DOCUMENT),
          Path: input.optional('Path', PATH),
          Description: input.optional('Description', DESCRIPTION),
          MaxSessionDuration: input.integer('MaxSessionDuration', MAX_SESSION_DURATION),
          Tags: input.tags(),
        };
        input.check();
        const role = model.createRole(newRole);
        // CreateRole answers without Description, MaxSessionDuration and RoleLastUsed, as
        // recorded against AWS (LocalStack, tests/aws/services/iam/test_iam_roles.snapshot.json).
        return { Role: { ...roleSummary(role), ...tagsIfAny(role) } };
      },

      GetRole(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        input.check();
        const role = model.getRole(roleName);
        // LastUsedDate and Region stay empty: the local cloud never assumes a role.
        return { Role: { ...listedRole(role), ...tagsIfAny(role), RoleLastUsed: {} } };
      },

      ListRoles(params) {
        const input = new IamInput(params);
        const pathPrefix = input.optional('PathPrefix', ROLE_PATH_PREFIX);
        const paging = input.paging();
        input.check();
        const { items, ...more } = page(model.listRoles(pathPrefix), paging);
        return { Roles: xmlList(items.map(listedRole)), ...more };
      },

      DeleteRole(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        input.check();
        model.deleteRole(roleName);
        return undefined;
      },

      TagRole(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const tags = input.tags();
        input.check();
        model.tagRole(roleName, tags);
        return undefined;
      },

      UntagRole(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const tagKeys = input.tagKeys();
        input.check();
        model.untagRole(roleName, tagKeys);
        return undefined;
      },

      ListRoleTags(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const paging = input.paging();
        input.check();
        const { items, ...more } = page(model.getRole(roleName).Tags, paging);
        return { Tags: xmlList(items), ...more };
      },

      AttachRolePolicy(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const policyArn = input.required('PolicyArn', POLICY_ARN);
        input.check();
        model.attachRolePolicy(roleName, policyArn);
        return undefined;
      },

      DetachRolePolicy(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const policyArn = input.required('PolicyArn', POLICY_ARN);
        input.check();
        model.detachRolePolicy(roleName, policyArn);
        return undefined;
      },

      ListAttachedRolePolicies(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const pathPrefix = input.optional('PathPrefix', POLICY_PATH_PREFIX);
        const paging = input.paging();
        input.check();
        const { items, ...more } = page(
          model.listAttachedRolePolicies(roleName, pathPrefix),
          paging,
        );
        return {
          AttachedPolicies: xmlList(
            items.map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn })),
          ),
          ...more,
        };
      },

      PutRolePolicy(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const policyName = input.required('PolicyName', POLICY_NAME);
        const policyDocument = input.required('PolicyDocument', POLICY_DOCUMENT);
        input.check();
        model.putRolePolicy(roleName, policyName, policyDocument);
        return undefined;
      },

      GetRolePolicy(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const policyName = input.required('PolicyName', POLICY_NAME);
        input.check();
        const policy = model.getRolePolicy(roleName, policyName);
        return { ...policy, PolicyDocument: encodePolicy(policy.PolicyDocument) };
      },

      DeleteRolePolicy(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const policyName = input.required('PolicyName', POLICY_NAME);
        input.check();
        model.deleteRolePolicy(roleName, policyName);
        return undefined;
      },

      ListRolePolicies(params) {
        const input = new IamInput(params);
        const roleName = input.required('RoleName', ROLE_NAME);
        const paging = input.paging();
        input.check();
        const { items, ...more } = page(model.listRolePolicies(roleName), paging);
        return { PolicyNames: xmlList(items), ...more };
      },
    },
  });
}

/** The members every answer with a role has, in IAM's order. */
function roleSummary(role: Role) {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: role.CreateDate.toISOString(),
    AssumeRolePolicyDocument: encodePolicy(role.AssumeRolePolicyDocument),
  };
}

/** A role as ListRoles shows it: without Tags and RoleLastUsed (API_ListRoles). */
function listedRole(role: Role) {
  return {
    ...roleSummary(role),
    Description: role.Description,
    MaxSessionDuration: role.MaxSessionDuration,
  };
}

function tagsIfAny(role: Role): { Tags?: unknown } {
  return role.Tags.length > 0 ? { Tags: xmlList(role.Tags) } : {};
}

/**
 * "Policies returned by this operation are URL-encoded compliant with RFC 3986"
 * (API_GetRole): every character but the unreserved ones, e.g. `%7B%22Version%22%3A`
 * (https://github.com/aws/aws-sdk-java/issues/730). The JS SDK does not decode it.
 */
function encodePolicy(document: string): string {
  return encodeURIComponent(document).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

interface Paging {
  readonly maxItems: number;
  readonly start: number;
}

/** IAM's paginated answer: up to MaxItems items, and the Marker of the rest if there is more. */
function page<T>(
  all: readonly T[],
  { maxItems, start }: Paging,
): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const end = start + maxItems;
  const items = all.slice(start, end);
  return end < all.length
    ? { items, IsTruncated: true, Marker: String(end) }
    : { items, IsTruncated: false };
}

/**
 * How IAM words validation failures: like the other services, but naming the member
 * and not its value, sorted: "2 validation errors detected: Value at 'path' failed to
 * satisfy constraint: ...; Value at 'roleName' ..." (as recorded against AWS in
 * LocalStack's snapshots, tests/aws/services/iam/test_iam_*.snapshot.json).
 */
const IAM_VALIDATION: ValidationStyle = {
  code: 'ValidationError',
  showsValues: false,
  sorted: true,
};

/** An IAM request's parameters, checked against the API reference's constraints. */
class IamInput {
  private readonly constraints = new Constraints(IAM_VALIDATION);

  constructor(private readonly params: QueryParams) {}

  required(name: string, constraint: StringConstraint): string {
    const value = this.params.get(name);
    this.constraints.required(memberName(name), value);
    this.checkString(memberName(name), value, constraint);
    return value ?? '';
  }

  optional(name: string, constraint: StringConstraint): string | undefined {
    const value = this.params.get(name);
    this.checkString(memberName(name), value, constraint);
    return value;
  }

  integer(name: string, range: { min: number; max: number }): number | undefined {
    const text = this.params.get(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value)) {
      this.constraints.fail(memberName(name), text, 'Member must be an integer');
    } else {
      this.constraints.range(memberName(name), value, range.min, range.max);
    }
    return value;
  }

  /** `Tags.member.N.Key` and `.Value`. */
  tags(): Tag[] {
    const tags = memberList(this.params, 'Tags');
    this.checkCount('tags', tags);
    return tags.map((tag, index) => {
      const member = `tags.${index + 1}.member`;
      const key = tag.Key;
      const value = tag.Value;
      this.constraints.required(`${member}.key`, key).required(`${member}.value`, value);
      this.checkString(`${member}.key`, key, TAG_KEY);
      this.checkString(`${member}.value`, value, TAG_VALUE);
      return { Key: key ?? '', Value: value ?? '' };
    });
  }

  /** `TagKeys.member.N`. */
  tagKeys(): string[] {
    const keys = stringList(this.params, 'TagKeys');
    this.checkCount('tagKeys', keys);
    keys.forEach((key, index) => {
      this.checkString(`tagKeys.${index + 1}.member`, key, TAG_KEY);
    });
    return keys;
  }

  /** MaxItems and Marker; the Markers are the ones this API hands out: where the next page starts. */
  paging(): Paging {
    const maxItems = this.integer('MaxItems', MAX_ITEMS) ?? DEFAULT_MAX_ITEMS;
    const marker = this.optional('Marker', MARKER);
    if (marker !== undefined && !/^\d+$/.test(marker)) {
      throw new AwsError(
        'ValidationError',
        `Marker '${marker}' is not one the local cloud handed out: pass the Marker of the previous page.`,
      );
    }
    return { maxItems, start: marker === undefined ? 0 : Number(marker) };
  }

  /** Throws IAM's ValidationError when anything was violated. */
  check(): void {
    this.constraints.check();
  }

  private checkCount(member: string, list: readonly unknown[]): void {
    if (list.length > MAX_TAGS) {
      this.constraints.fail(
        member,
        undefined,
        `Member must have length less than or equal to ${MAX_TAGS}`,
      );
    }
  }

  private checkString(
    member: string,
    value: string | undefined,
    constraint: StringConstraint,
  ): void {
    const { min = 0, max, pattern } = constraint;
    if (pattern !== undefined) this.constraints.matches(member, value, pattern);
    this.constraints.length(member, value, min, max);
  }
}

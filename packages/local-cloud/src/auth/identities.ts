/**
 * Who signed a request. Two kinds of callers are restricted by IAM here:
 * - a function, with the temporary credentials of its execution role that Lambda puts in
 *   its environment (an assumed-role session named after the function, as on Lambda:
 *   https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html);
 * - a learner identity the local cloud was started with (`identities`): an access key
 *   mapped to an IAM user and its policy, to try a policy offline.
 * Any other key is the learner's own and unrestricted, as the account's root user is.
 * Only the access key id tells callers apart: signatures are not verified (see README).
 */
import { randomBytes } from 'node:crypto';
import { uniqueId } from '../services/iam/unique-ids.ts';
import type { PolicyDocument } from './policy-evaluation.ts';

/** What Lambda gives an execution environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`. */
export interface TemporaryCredentials {
  /** `ASIA` and 16 more characters, as every temporary key id from STS. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** A learner identity: requests signed with its access key are checked against `policy`. */
export interface LearnerIdentity {
  readonly userName: string;
  readonly policy: PolicyDocument;
}

/** A restricted caller: what IAM knows of it when it decides. */
export interface Caller {
  /** How AWS names it, in GetCallerIdentity and in an access-denied message. */
  readonly arn: string;
  /** GetCallerIdentity's UserId: `AROA…:session` for an assumed role, `AIDA…` for a user. */
  readonly userId: string;
  /** The ARNs a resource-based policy may name it by. */
  readonly principalArns: readonly string[];
  /** Its identity-based policies as they are now. */
  policies(): unknown[];
}

/** What identities need of IAM: a role's policies and unique id, looked up when a request comes. */
export interface RoleDirectory {
  identityPolicies(roleName: string): unknown[];
  findRole(roleName: string): { readonly RoleId: string } | undefined;
}

interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
}

export class Identities {
  /** Sessions by access key id. */
  private readonly sessions = new Map<string, RoleSession>();
  /** Credentials by role ARN and session name: a function keeps its own across environments. */
  private readonly issued = new Map<string, TemporaryCredentials>();
  private readonly learners: ReadonlyMap<string, Caller>;

  constructor(
    private readonly accountId: string,
    private readonly roles: RoleDirectory,
    learners: Readonly<Record<string, LearnerIdentity>> = {},
  ) {
    this.learners = new Map(
      Object.entries(learners).map(([accessKeyId, learner]) => [accessKeyId, this.user(learner)]),
    );
  }

  /**
   * The credentials of a session of the role named `sessionName`, as Lambda assumes a
   * function's execution role; the same ones every time for the same role and name.
   */
  roleCredentials(roleArn: string, sessionName: string): TemporaryCredentials {
    const key = `${roleArn}\n${sessionName}`;
    let credentials = this.issued.get(key);
    if (!credentials) {
      credentials = {
        accessKeyId: uniqueId('ASIA', 20),
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: randomBytes(96).toString('base64'),
      };
      this.issued.set(key, credentials);
      this.sessions.set(credentials.accessKeyId, { roleArn, sessionName });
    }
    return credentials;
  }

  /** The restricted caller that signs with this key, or undefined for the learner's own keys. */
  caller(accessKeyId: string): Caller | undefined {
    const session = this.sessions.get(accessKeyId);
    return session
      ? this.roleSession(session.roleArn, session.sessionName)
      : this.learners.get(accessKeyId);
  }

  /**
   * A session of the role, as Lambda's own use of a function's role is (an event source
   * mapping reading its stream): `arn:aws:sts::<account>:assumed-role/<role>/<session>`,
   * without the role's path (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
   */
  roleSession(roleArn: string, sessionName: string): Caller {
    const roleName = roleNameOf(roleArn);
    const arn = `arn:aws:sts::${this.accountId}:assumed-role/${roleName}/${sessionName}`;
    return {
      arn,
      userId: `${this.roles.findRole(roleName)?.RoleId ?? roleName}:${sessionName}`,
      principalArns: [arn, roleArn],
      policies: () => this.roles.identityPolicies(roleName),
    };
  }

  private user({ userName, policy }: LearnerIdentity): Caller {
    const arn = `arn:aws:iam::${this.accountId}:user/${userName}`;
    return {
      arn,
      userId: uniqueId('AIDA', 21),
      principalArns: [arn],
      policies: () => [policy],
    };
  }
}

/** The role's name: the last part of its ARN's path, `arn:aws:iam::123456789012:role/path/name`. */
function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

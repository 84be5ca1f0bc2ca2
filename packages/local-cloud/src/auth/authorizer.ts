/**
 * IAM at the local cloud's door: a request signed by a restricted caller (a function's
 * role session, a learner identity: ./identities.ts) runs only if IAM's decision
 * (./policy-evaluation.ts) allows each permission its operation needs. Which ones, each
 * service says next to its API (`services/<service>/iam-actions.ts`), with its refusal.
 * Requests signed with any other key are not checked.
 */
import type { AwsError } from '../server/aws-error.ts';
import type { AwsRequest } from '../server/aws-request.ts';
import type { Caller, Identities } from './identities.ts';
import { decide, type PolicyType } from './policy-evaluation.ts';

/** One permission an operation needs, e.g. `lambda:InvokeFunction` on the function's ARN. */
export interface RequiredPermission {
  readonly action: string;
  /** The resource's ARN, or `*` for an action that names none. */
  readonly resource: string;
  /** The resource's resource-based policy, where the service consults one (a function's). */
  readonly resourcePolicy?: unknown;
  /** How the refusal names the resource when the service does not name it by its ARN (IAM: `role NAME`). */
  readonly resourceInMessage?: string;
}

/** What a service declares for IAM: the permissions each request needs, and its refusal. */
export interface ServiceAuthorization {
  /** None for an operation anyone may call (STS GetCallerIdentity). */
  required(request: AwsRequest): readonly RequiredPermission[];
  accessDenied(denial: Denial): AwsError;
}

/** Why IAM refused: what an access-denied message says. */
export interface Denial {
  readonly callerArn: string;
  readonly action: string;
  /** As the message names it. */
  readonly resource: string;
  readonly explicit: boolean;
  readonly policyType: PolicyType;
}

/**
 * IAM's access-denied message: "User: <arn> is not authorized to perform: <action> on resource:
 * <resource> because no identity-based policy allows the <action> action", or "... with an
 * explicit deny in an identity-based policy"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html). `action`
 * is how the service spells it (SNS: `SNS:Publish`). AWS now adds the denying policy's ARN
 * after an explicit deny; the local cloud does not.
 */
export function deniedMessage(denial: Denial, action = denial.action): string {
  const { callerArn, resource, explicit, policyType } = denial;
  const why = explicit
    ? `with an explicit deny in ${policyType === 'identity-based' ? 'an' : 'a'} ${policyType} policy`
    : `because no ${policyType} policy allows the ${action} action`;
  return `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
}

export class Authorizer {
  constructor(private readonly identities: Pick<Identities, 'caller'>) {}

  /** Throws the service's refusal when the request's caller is restricted and not allowed. */
  check(accessKeyId: string, request: AwsRequest, authorization: ServiceAuthorization): void {
    const caller = this.identities.caller(accessKeyId);
    if (!caller) return;
    for (const permission of authorization.required(request)) {
      const denial = denialOf(caller, permission);
      if (denial) throw authorization.accessDenied(denial);
    }
  }
}

/** Why `caller` may not have `permission`, or undefined when IAM allows it. */
export function denialOf(caller: Caller, permission: RequiredPermission): Denial | undefined {
  const { action, resource, resourcePolicy, resourceInMessage } = permission;
  const decision = decide(
    { principalArns: caller.principalArns, action, resource },
    { identity: caller.policies(), resource: resourcePolicy },
  );
  if (decision.allowed) return undefined;
  return {
    callerArn: caller.arn,
    action,
    resource: resourceInMessage ?? resource,
    explicit: decision.explicit,
    policyType: decision.policyType,
  };
}

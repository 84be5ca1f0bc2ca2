/**
 * IAM's decision on one request within one account, as a pure function: the
 * caller's identity-based policies (a role's inline and attached managed
 * policies, or a user's) and, where the service consults one, the resource's
 * resource-based policy (a Lambda function's). The rules, from "Policy evaluation
 * logic" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * "Policy evaluation for requests within a single account"):
 * - an explicit Deny in any of them wins;
 * - else an Allow in either the identity-based or the resource-based policy allows;
 * - else the request is implicitly denied.
 * A statement applies when its Action (or NotAction) matches the action, its Resource
 * (or NotResource) the resource, and, in a resource-based policy, its Principal the caller.
 *
 * Left out, as moto's access_control.py leaves them out: Conditions (a statement with
 * a Condition applies to nothing here, since the local cloud keeps no request context
 * to test it against), policy variables such as `${aws:username}`, NotPrincipal,
 * permissions boundaries, session policies, SCPs and RCPs (the local cloud has
 * neither organizations nor those policies), and cross-account requests (it has one
 * account).
 */

export type Effect = 'Allow' | 'Deny';

/** One statement, as IAM's grammar has it; a policy's JSON may hold anything, so each member is checked before use. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: Effect;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  /** Resource-based policies only: `"*"`, or `{ "AWS": arn(s), "Service": name(s) }`. */
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Condition?: unknown;
}

/** A policy document: `Statement` is one statement or a list of them. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | readonly PolicyStatement[];
}

export interface AuthorizationRequest {
  /**
   * The ARNs a resource-based policy's `Principal` may name the caller by: an assumed-role
   * session's own ARN and its role's ARN; a user's ARN.
   */
  readonly principalArns: readonly string[];
  /** `service:Operation`, e.g. `lambda:InvokeFunction`. */
  readonly action: string;
  /** The resource's ARN, or `*` for an action that names none (e.g. `lambda:ListFunctions`). */
  readonly resource: string;
}

export interface Policies {
  /** The caller's identity-based policies, each as parsed from its JSON text. */
  readonly identity: readonly unknown[];
  /** The resource's resource-based policy, where the service consults one. */
  readonly resource?: unknown;
}

export type PolicyType = 'identity-based' | 'resource-based';

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly explicit: boolean; readonly policyType: PolicyType };

export function decide(request: AuthorizationRequest, policies: Policies): Decision {
  const identity = policies.identity.flatMap(statementsOf).filter((s) => applies(s, request));
  const resource = statementsOf(policies.resource).filter(
    (s) => applies(s, request) && namesPrincipal(s, request.principalArns),
  );
  if (identity.some(denies))
    return { allowed: false, explicit: true, policyType: 'identity-based' };
  if (resource.some(denies))
    return { allowed: false, explicit: true, policyType: 'resource-based' };
  if ([...identity, ...resource].some((s) => s.Effect === 'Allow')) return { allowed: true };
  return { allowed: false, explicit: false, policyType: 'identity-based' };
}

/** A policy's statements; a document that is no policy at all has none. */
function statementsOf(document: unknown): PolicyStatement[] {
  if (document === null || typeof document !== 'object') return [];
  const statement = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter(
    (s): s is PolicyStatement =>
      s !== null && typeof s === 'object' && (s.Effect === 'Allow' || s.Effect === 'Deny'),
  );
}

const denies = (statement: PolicyStatement) => statement.Effect === 'Deny';

function applies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  if (statement.Condition !== undefined) return false;
  return (
    matchesElement(statement.Action, statement.NotAction, request.action, actionPattern) &&
    matchesElement(statement.Resource, statement.NotResource, request.resource, resourcePattern)
  );
}

/** `Element` matches when one of its patterns does; `NotElement` when none does; neither: no match. */
/** Whether a policy's `Action` element (a pattern or a list of them) covers `action`. */
export function actionMatches(element: unknown, action: string): boolean {
  return patternsOf(element).some((pattern) => actionPattern(pattern).test(action));
}

function matchesElement(
  element: unknown,
  notElement: unknown,
  value: string,
  pattern: (text: string) => RegExp,
): boolean {
  if (element !== undefined) return patternsOf(element).some((p) => pattern(p).test(value));
  if (notElement !== undefined) return !patternsOf(notElement).some((p) => pattern(p).test(value));
  return false;
}

/**
 * Whether a resource-based statement names the caller: `"*"`, `{"AWS": "*"}`, or one of the
 * caller's ARNs. A statement naming the account (`arn:aws:iam::123456789012:root`) grants
 * the account, which then needs an identity-based policy of its own, so it names no caller
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
function namesPrincipal(statement: PolicyStatement, principalArns: readonly string[]): boolean {
  const { Principal } = statement;
  if (Principal === '*') return true;
  if (Principal === null || typeof Principal !== 'object') return false;
  const named = patternsOf((Principal as Record<string, unknown>).AWS);
  return named.includes('*') || principalArns.some((arn) => named.includes(arn));
}

function patternsOf(element: unknown): string[] {
  const list = Array.isArray(element) ? element : [element];
  return list.filter((item): item is string => typeof item === 'string');
}

const actionPatterns = new Map<string, RegExp>();
const resourcePatterns = new Map<string, RegExp>();

/**
 * Actions are case-insensitive, with `*` for any run of characters and `?` for one
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 */
function actionPattern(text: string): RegExp {
  return cached(actionPatterns, text, () => {
    const source = [...text].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : literal(c)));
    return new RegExp(`^${source.join('')}$`, 'is');
  });
}

/**
 * Resources are case-sensitive. A wildcard stays within its ARN segment (the parts between
 * colons), except a `*` that ends a segment, which "can expand to match beyond the colon
 * boundaries" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
function resourcePattern(text: string): RegExp {
  return cached(resourcePatterns, text, () => {
    const chars = [...text];
    const source = chars.map((c, i) => {
      if (c === '?') return '[^:]';
      if (c !== '*') return literal(c);
      const endsSegment = i === chars.length - 1 || chars[i + 1] === ':';
      return endsSegment ? '.*' : '[^:]*';
    });
    return new RegExp(`^${source.join('')}$`, 's');
  });
}

function cached(cache: Map<string, RegExp>, text: string, make: () => RegExp): RegExp {
  let pattern = cache.get(text);
  if (!pattern) {
    pattern = make();
    cache.set(text, pattern);
  }
  return pattern;
}

function literal(c: string): string {
  return c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A function as the local cloud keeps it: its settings, code, tags, resource
 * policy, state and revision, and the snapshot execution environments run; its
 * published versions (each a frozen copy of those settings, with a policy of its
 * own) and its aliases. The operations on it live beside this file:
 * ./functions.ts (create, read, change, delete), ./versions.ts, ./aliases.ts,
 * ./permissions.ts, ./tags.ts, ./invoke.ts; ./configuration.ts is how the API shows it.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
import type { PolicyStatement } from './policy.ts';
import { LATEST } from './quotas.ts';
import type { PreparedCode } from './runtime/code-store.ts';
import type { FunctionSnapshot } from './runtime/contract.ts';

/** One version of a function: `$LATEST` (which changes) or a published, numbered one (which does not). */
export interface FunctionVersion {
  readonly name: string;
  /** The function's unqualified ARN. */
  readonly arn: string;
  readonly region: string;
  /** `$LATEST`, or the published version's number. */
  readonly version: string;
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  /** Absent until a request sets Environment (then returned even when empty, as AWS does). */
  environment?: Record<string, string>;
  architectures: string[];
  code: PreparedCode & { readonly zip: Buffer };
  /** The resource policy of this version (a qualifier's policy is its own, as on AWS). */
  policy: PolicyStatement[];
  /** Pending from CreateFunction until its code is ready, then Active. */
  state: 'Pending' | 'Active';
  /** Absent while Pending; InProgress during an update, then Successful. */
  lastUpdateStatus?: 'InProgress' | 'Successful';
  /** New on every change (AWS's RevisionId). */
  revisionId: string;
  lastModified: string;
  /** What execution environments run; replaced on every change of code or configuration. */
  snapshot: FunctionSnapshot;
}

/** An alias: a name for a version, optionally with a second version that gets a share of invocations. */
export interface FunctionAlias {
  readonly name: string;
  functionVersion: string;
  description: string;
  /** RoutingConfig.AdditionalVersionWeights: at most one version, with a weight in [0, 1). */
  additionalVersionWeights?: Record<string, number>;
  revisionId: string;
  policy: PolicyStatement[];
}

/** A function: its `$LATEST` version, and what belongs to the function as a whole. */
export interface LambdaFunction extends FunctionVersion {
  tags: Record<string, string>;
  /** Published versions, by number, in the order they were published. */
  readonly versions: Map<string, FunctionVersion>;
  readonly aliases: Map<string, FunctionAlias>;
  /** The last version number given (numbers are never reused, even after a delete). */
  lastVersion: number;
  /** The `$LATEST` snapshot revision the last version was published from. */
  lastPublishedFrom?: string;
}

/** What execution environments of a version, as it is now, run. */
export function snapshotOf(fn: Omit<FunctionVersion, 'snapshot'>): FunctionSnapshot {
  return {
    functionName: fn.name,
    functionArn: fn.arn,
    version: fn.version,
    runtime: fn.runtime,
    handler: fn.handler,
    role: fn.role,
    memorySize: fn.memorySize,
    timeout: fn.timeout,
    environment: { ...fn.environment },
    region: fn.region,
    codeDirectory: fn.code.codeDirectory,
    revisionId: fn.revisionId,
    logGroupName: `/aws/lambda/${fn.name}`,
  };
}

/** Whether a qualifier names `$LATEST` (or nothing, which means it). */
export function isLatest(qualifier: string | undefined): boolean {
  return qualifier === undefined || qualifier === LATEST;
}

/** A published version's qualifier: a number (API reference, Version pattern `(\$LATEST|[0-9]+)`). */
export function isVersionNumber(qualifier: string): boolean {
  return /^[0-9]+$/.test(qualifier);
}

/** AWS's format: `2026-11-25T15:00:00.000+0000`. */
export function lastModified(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

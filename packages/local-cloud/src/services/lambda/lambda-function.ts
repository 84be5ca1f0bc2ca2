/**
 * A function as the local cloud keeps it: its settings, code, tags, resource
 * policy, state and revision, and the snapshot execution environments run.
 * The operations on it live beside this file: ./functions.ts (create, read,
 * change, delete), ./permissions.ts, ./tags.ts, ./invoke.ts; ./configuration.ts
 * is how the API shows it.
 */
import type { PolicyStatement } from './policy.ts';
import { LATEST } from './quotas.ts';
import type { PreparedCode } from './runtime/code-store.ts';
import type { FunctionSnapshot } from './runtime/contract.ts';

export interface LambdaFunction {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
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
  tags: Record<string, string>;
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

/** What execution environments of the function, as it is now, run. */
export function snapshotOf(fn: Omit<LambdaFunction, 'snapshot'>): FunctionSnapshot {
  return {
    functionName: fn.name,
    functionArn: fn.arn,
    version: LATEST,
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

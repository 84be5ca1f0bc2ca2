/**
 * Recursive loop detection, as Lambda documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html):
 * - the chain of requests travels in the X-Ray trace header, whether or not tracing is on: each
 *   invocation gets one in `_X_AMZN_TRACE_ID`, the SDK in the handler sends it on as
 *   `X-Amzn-Trace-Id` (its recursion detection middleware) and the service it calls (SNS,
 *   Lambda) hands it to the invocation it causes;
 * - "If your function is invoked approximately 16 times in the same chain of requests, then
 *   Lambda automatically stops the next function invocation in that request chain": an
 *   asynchronous event then goes to the on-failure destination, if there is one; a synchronous
 *   caller gets RecursiveInvocationException. Lambda also counts it in the CloudWatch metric
 *   RecursiveInvocationsDropped; the local cloud says it on its output instead.
 * - Get/PutFunctionRecursionConfig: `Terminate` (the default) or `Allow`.
 *
 * Routes tracked here: SNS -> Lambda and Lambda -> Lambda (sync and async), the routes of those
 * Lambda documents that the local cloud serves (SQS and S3 it does not serve). The count is
 * kept per function in the header's `Lineage` field, `Lineage=<hash>:<count>|...`, as in the
 * X-Ray developer guide's example (`Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2`, quoted in
 * LocalStack's aws/handlers/tracing.py); AWS says the field is Lambda's own and "should not be
 * directly used", so its exact contents here are the local cloud's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Constraints } from '../../protocols/validation.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { Functions } from './functions.ts';
import { MAX_FUNCTION_NAME_TO_CHANGE } from './quotas.ts';

/** "approximately 16 times in the same chain of requests". */
export const RECURSION_LIMIT = 16;
const RECURSIVE_LOOP_VALUES = ['Terminate', 'Allow'];

/** Where an invocation stands in its chain of requests. */
export interface ChainStep {
  /** The trace header the invocation runs with (its `_X_AMZN_TRACE_ID`). */
  readonly traceHeader: string;
  /** Lambda stops this invocation: the function ran RECURSION_LIMIT times in this chain. */
  readonly stopped: boolean;
}

export class RecursionDetection {
  /** RecursiveLoop by unqualified function ARN, where it is not the default. */
  private readonly allowed = new Set<string>();

  constructor(
    private readonly functions: Functions,
    /** Told once per stopped invocation. */
    private readonly onStopped: (message: string) => void = () => {},
  ) {}

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionRecursionConfig.html */
  get(region: string, functionName: string): { RecursiveLoop: string } {
    const fn = this.function(region, functionName);
    return { RecursiveLoop: this.allowed.has(fn.arn) ? 'Allow' : 'Terminate' };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionRecursionConfig.html */
  put(region: string, functionName: string, recursiveLoop: string | undefined) {
    new Constraints()
      .required('recursiveLoop', recursiveLoop)
      .oneOf('recursiveLoop', recursiveLoop, RECURSIVE_LOOP_VALUES)
      .check();
    const fn = this.function(region, functionName);
    if (recursiveLoop === 'Allow') this.allowed.add(fn.arn);
    else this.allowed.delete(fn.arn);
    return { RecursiveLoop: recursiveLoop as string };
  }

  /** The function is deleted: a new one of the same name starts with the default. */
  forget(unqualifiedArn: string): void {
    this.allowed.delete(unqualifiedArn);
  }

  /**
   * The next invocation of the function (unqualified ARN) in the chain the caller's trace
   * header carries (none: a new chain).
   */
  next(functionArn: string, callerTraceHeader: string | undefined): ChainStep {
    const fields = parseTraceHeader(callerTraceHeader);
    const lineage = parseLineage(fields.get('Lineage'));
    const hash = lineageHash(functionArn);
    const count = lineage.get(hash) ?? 0;
    const stopped = count >= RECURSION_LIMIT && !this.allowed.has(functionArn);
    if (stopped) {
      this.onStopped(
        `Lambda stopped an invocation of ${functionArn}: it ran ${count} times in one chain of requests, a recursive loop (RecursiveInvocationsDropped). To let it go on, PutFunctionRecursionConfig with RecursiveLoop Allow.`,
      );
    }
    lineage.set(hash, count + 1);
    const traceHeader = [
      `Root=${fields.get('Root') ?? newRoot()}`,
      `Parent=${randomBytes(8).toString('hex')}`,
      `Sampled=${fields.get('Sampled') ?? '0'}`,
      `Lineage=${[...lineage].map(([key, value]) => `${key}:${value}`).join('|')}`,
    ].join(';');
    return { traceHeader, stopped };
  }

  private function(region: string, functionName: string) {
    return this.functions.lookup(
      region,
      this.functions.reference(region, functionName, undefined, MAX_FUNCTION_NAME_TO_CHANGE),
    );
  }
}

/** What a synchronous caller gets for a stopped invocation (API_Invoke, Errors: 400). */
export function recursiveInvocation(): AwsError {
  return new AwsError(
    'RecursiveInvocationException',
    "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation.",
    400,
  );
}

/** `Root=1-...;Parent=...;Sampled=0;Lineage=...` as its fields. */
function parseTraceHeader(header: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return fields;
}

function parseLineage(lineage: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of (lineage ?? '').split('|')) {
    const [hash, count] = entry.split(':');
    const value = Number(count);
    if (hash && Number.isInteger(value) && value >= 0) counts.set(hash, value);
  }
  return counts;
}

/** Eight hex digits naming the function in the lineage. */
function lineageHash(functionArn: string): string {
  return createHash('sha256').update(functionArn).digest('hex').slice(0, 8);
}

/** An X-Ray trace id: version 1, the time in seconds (8 hex digits), 96 random bits. */
function newRoot(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/**
 * Recursive loop detection, as Lambda documents it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html):
 * - the chain of requests travels in the X-Ray trace header, whether or not tracing is on: each
 *   invocation gets one in `_X_AMZN_TRACE_ID`, the SDK in the handler sends it on as
 *   `X-Amzn-Trace-Id` (its recursion detection middleware) and the service it calls (SNS,
 *   Lambda) hands it to the invocation it causes;
 * - "If your function is invoked approximately 16 times in the same chain of requests, then
 *   Lambda automatically stops the next function invocation in that request chain": "If you
 *   have an on-failure destination or dead-letter queue configured for your function, then
 *   Lambda also sends the event from the stopped invocation to your destination or dead-letter
 *   queue" (the local cloud serves destinations, not dead-letter queues), else the event is
 *   dropped; a synchronous caller gets RecursiveInvocationException. Lambda also counts it in
 *   the CloudWatch metric RecursiveInvocationsDropped; the local cloud says it on its output,
 *   and its record of the run (src/inspector/) shows the stop as a hop of the chain.
 * - Get/PutFunctionRecursionConfig: `Terminate` (the default) or `Allow`.
 *
 * Routes tracked here: SNS -> Lambda and Lambda -> Lambda (sync and async), the routes of those
 * Lambda documents that the local cloud serves (SQS and S3 it does not serve). The count is
 * kept per function in the header's `Lineage` field, `Lineage=<hash>:<count>|...`, as in the
 * X-Ray developer guide's example (`Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2`, quoted in
 * LocalStack's aws/handlers/tracing.py); AWS says the field is Lambda's own and "should not be
 * directly used", so its exact contents here are the local cloud's.
 */
import { createHash } from 'node:crypto';
import { Constraints } from '../../protocols/validation.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { Functions } from './functions.ts';
import { MAX_FUNCTION_NAME_TO_CHANGE } from './quotas.ts';
import { formatTraceHeader, newParent, newRoot, parseTraceHeader } from './trace-header.ts';

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

/** What becomes of an invocation Lambda stops, by how it was asked for. */
export const STOPPED_OUTCOMES = {
  RecursiveInvocationException: 'the caller gets RecursiveInvocationException',
  OnFailureDestination: 'the event goes to its on-failure destination',
  Dropped: 'the event is dropped (no on-failure destination)',
} as const;

export type StoppedOutcome = keyof typeof STOPPED_OUTCOMES;

/** The invocation `next` places in its chain: which one, and what becomes of it if stopped. */
export interface NextInvocation {
  readonly requestId: string;
  /** The event (the payload), as JSON text. */
  readonly payload: Buffer;
  readonly ifStopped: StoppedOutcome;
}

/** An invocation Lambda stopped as a recursive loop, as its listeners hear it. */
export interface LoopStop {
  /** The function's unqualified ARN. */
  readonly functionArn: string;
  readonly requestId: string;
  readonly payload: Buffer;
  /** How many times the function ran in the chain before. */
  readonly count: number;
  readonly outcome: StoppedOutcome;
}

export interface RecursionListeners {
  /** Told, in one line, of each stopped invocation. */
  readonly onNotice?: (message: string) => void;
  /** Told of each stopped invocation, before Lambda acts on it (the record of a run). */
  readonly onLoopStopped?: (stop: LoopStop) => void;
}

export class RecursionDetection {
  /** RecursiveLoop by unqualified function ARN, where it is not the default. */
  private readonly allowed = new Set<string>();

  constructor(
    private readonly functions: Functions,
    private readonly listeners: RecursionListeners = {},
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
  next(
    functionArn: string,
    callerTraceHeader: string | undefined,
    invocation: NextInvocation,
  ): ChainStep {
    const caller = parseTraceHeader(callerTraceHeader);
    const lineage = new Map(caller.lineage);
    const hash = lineageHash(functionArn);
    const count = lineage.get(hash) ?? 0;
    const stopped = count >= RECURSION_LIMIT && !this.allowed.has(functionArn);
    if (stopped) {
      const { requestId, payload, ifStopped: outcome } = invocation;
      this.listeners.onNotice?.(
        `Lambda stopped an invocation of ${functionArn}: it ran ${count} times in one chain of requests, a recursive loop (RecursiveInvocationsDropped); ${STOPPED_OUTCOMES[outcome]}. To let it go on, PutFunctionRecursionConfig with RecursiveLoop Allow.`,
      );
      this.listeners.onLoopStopped?.({ functionArn, requestId, payload, count, outcome });
    }
    lineage.set(hash, count + 1);
    const traceHeader = formatTraceHeader({
      root: caller.root ?? newRoot(),
      parent: newParent(),
      sampled: caller.sampled ?? '0',
      lineage,
    });
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

/** Eight hex digits naming the function in the lineage. */
function lineageHash(functionArn: string): string {
  return createHash('sha256').update(functionArn).digest('hex').slice(0, 8);
}

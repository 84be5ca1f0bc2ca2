/**
 * Invoke: which function, whether it may run, the payload's checks, and the
 * dispatch by invocation type: RequestResponse waits for the handler (./runtime/),
 * Event queues the event (./async-invocation/) and answers 202 at once, DryRun
 * only checks that the call would be accepted. Also the asynchronous invoke an
 * AWS service makes on a function's resource policy (SNS for a topic).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import { randomUUID } from 'node:crypto';
import { Constraints } from '../../protocols/validation.ts';
import type { Aliases } from './aliases.ts';
import { parseFunctionArn } from './arn.ts';
import type { EventQueue } from './async-invocation/event-queue.ts';
import type { Concurrency } from './concurrency.ts';
import {
  invalidRequestContent,
  requestEntityTooLarge,
  requestTooLargeFor,
  resourceConflict,
} from './errors.ts';
import type { FunctionRuntime, Functions, QualifiedFunction } from './functions.ts';
import { isLatest, type LambdaFunction } from './lambda-function.ts';
import { checkServiceAllowed } from './permissions.ts';
import {
  LATEST,
  LOG_TAIL_BYTES,
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
} from './quotas.ts';
import { type RecursionDetection, recursiveInvocation } from './recursion.ts';

/** In the order AWS quotes them (ex-aws/ex_aws#442): "... enum value set: [DryRun, RequestResponse, Event]". */
const INVOCATION_TYPES = ['DryRun', 'RequestResponse', 'Event'];
const EMPTY_EVENT = Buffer.from('{}');
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface InvokeInput {
  FunctionName: string;
  Qualifier?: string;
  InvocationType?: string;
  LogType?: string;
  /** Base64 JSON, passed on to the handler's context for synchronous invocations. */
  ClientContext?: string;
  /** The event as the caller sent it (JSON text); empty means `{}`. */
  Payload: Buffer;
  /** The invocation's id: the request's `x-amzn-RequestId`, the handler's `context.awsRequestId`. */
  RequestId: string;
  /** The caller's `X-Amzn-Trace-Id`: a function's SDK sends its own chain of requests (./recursion.ts). */
  TraceHeader?: string;
}

export interface InvokeOutput {
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  StatusCode: 200 | 202 | 204;
  Payload?: Buffer;
  FunctionError?: 'Unhandled';
  /** Base64 of the last 4 KB of the log, for `LogType: Tail`. */
  LogResult?: string;
  ExecutedVersion?: string;
}

/** An AWS service's asynchronous invoke of a function, on behalf of one of its resources. */
export interface ServiceInvokeInput {
  /** The service principal, e.g. `sns.amazonaws.com`. */
  readonly principal: string;
  /** The resource the call is made for (`aws:SourceArn`, whose account is `aws:SourceAccount`), e.g. a topic. */
  readonly sourceArn: string;
  /** The function's ARN, unqualified or qualified (`:$LATEST`, a version or an alias). */
  readonly functionArn: string;
  /** The JSON text of the event. */
  readonly event: string;
  /** The invocation's id; a new one if not given. */
  readonly requestId?: string;
  /** The trace header of the request that caused it (SNS: the Publish's), for ./recursion.ts. */
  readonly traceHeader?: string;
}

export class Invoker {
  constructor(
    private readonly functions: Functions,
    private readonly aliases: Aliases,
    private readonly concurrency: Concurrency,
    private readonly runtime: FunctionRuntime,
    private readonly asyncInvocations: EventQueue,
    private readonly recursion: RecursionDetection,
  ) {}

  /** https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html */
  async invoke(region: string, input: InvokeInput): Promise<InvokeOutput> {
    new Constraints()
      .oneOf('invocationType', input.InvocationType, INVOCATION_TYPES)
      .oneOf('logType', input.LogType, ['None', 'Tail'])
      .check();
    const invocationType = input.InvocationType ?? 'RequestResponse';
    if (input.Payload.length > MAX_SYNC_PAYLOAD_BYTES) {
      throw requestTooLargeFor('InvokeFunction', MAX_SYNC_PAYLOAD_BYTES);
    }
    if (invocationType === 'Event' && input.Payload.length > MAX_ASYNC_PAYLOAD_BYTES) {
      // As AWS words it, e.g. "264496 byte payload is too large for the Event invocation
      // type (limit 262144 bytes)" (ASFHyP3/hyp3#2241), now with the 1 MB limit.
      throw requestEntityTooLarge(
        `${input.Payload.length} byte payload is too large for the Event invocation type (limit ${MAX_ASYNC_PAYLOAD_BYTES} bytes)`,
      );
    }
    const reference = this.functions.reference(region, input.FunctionName, input.Qualifier);
    // Invoke names an unknown function with the version it would have run, `$LATEST` when no
    // qualifier was given ("Function not found: arn:aws:lambda:REGION:ACCOUNT:function:NAME:$LATEST",
    // as the AWS CLI shows it); GetFunction names it as it was asked for.
    const target = this.functions.resolve(region, {
      ...reference,
      qualifier: reference.qualifier ?? LATEST,
    });
    const { fn } = target;
    checkInvocable(fn);
    const payload = input.Payload.length === 0 ? EMPTY_EVENT : checkedJson(input.Payload);
    if (invocationType === 'DryRun') return { StatusCode: 204 };
    if (invocationType === 'Event') {
      this.asyncInvocations.enqueue({
        functionArn: invokedArn(target),
        payload,
        requestId: input.RequestId,
        traceHeader: input.TraceHeader,
      });
      return { StatusCode: 202 };
    }
    const step = this.recursion.next(fn.arn, input.TraceHeader, {
      requestId: input.RequestId,
      payload,
      ifStopped: 'RecursiveInvocationException',
    });
    if (step.stopped) throw recursiveInvocation();
    const version = this.aliases.executedVersion(target);
    const result = await this.concurrency.run(fn.arn, () =>
      this.runtime.invoke({
        fn: version.snapshot,
        payload,
        requestId: input.RequestId,
        clientContext: input.ClientContext,
        traceHeader: step.traceHeader,
        invokedFunctionArn: invokedArn(target),
      }),
    );
    return {
      StatusCode: 200,
      Payload: result.payload,
      FunctionError: result.functionError,
      LogResult: input.LogType === 'Tail' ? logTail(result.log) : undefined,
      ExecutedVersion: version.version,
    };
  }

  /**
   * An AWS service's `Event` invoke (SNS's delivery to a subscribed function, through
   * ../sns/ports.ts): accepted once the event is queued, if the resource policy of the
   * function's qualifier (the function's own when unqualified or `$LATEST`, else the
   * version's or alias's) lets the service call `lambda:InvokeFunction` for the source.
   */
  async invokeAsService(input: ServiceInvokeInput): Promise<void> {
    const reference = parseFunctionArn(input.functionArn);
    const target = this.functions.resolve(reference.region as string, reference);
    checkInvocable(target.fn);
    checkServiceAllowed(target, {
      service: input.principal,
      action: 'lambda:InvokeFunction',
      sourceArn: input.sourceArn,
      sourceAccount: input.sourceArn.split(':')[4] ?? '',
    });
    this.asyncInvocations.enqueue({
      functionArn: invokedArn(target),
      payload: Buffer.from(input.event),
      requestId: input.requestId ?? randomUUID(),
      traceHeader: input.traceHeader,
    });
  }
}

/** The ARN an invocation names: the function's, or with the qualifier it was asked for. */
function invokedArn({ fn, qualifier }: QualifiedFunction): string {
  return isLatest(qualifier) ? fn.arn : `${fn.arn}:${qualifier}`;
}

/** A function is invoked once Active; while Pending, Invoke is refused. */
function checkInvocable(fn: LambdaFunction): void {
  if (fn.state === 'Pending') {
    throw resourceConflict(
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  }
}

/** The payload, if it is JSON: one decode and one parse, the payload itself is passed on as is. */
function checkedJson(payload: Buffer): Buffer {
  try {
    JSON.parse(utf8.decode(payload));
    return payload;
  } catch (error) {
    // AWS: "Could not parse request body into json: Could not parse payload into json: <parser's
    // message>" (recorded: invoke_function_invalid_payload_*); the parser's words are Node's here.
    throw invalidRequestContent(`Could not parse payload into json: ${(error as Error).message}`);
  }
}

function logTail(log: string): string {
  return Buffer.from(log).subarray(-LOG_TAIL_BYTES).toString('base64');
}

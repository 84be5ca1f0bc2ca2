/**
 * The invocation record Lambda sends to a destination once it is done with an
 * asynchronous event, field for field as in "Capturing records of Lambda asynchronous
 * invocations" (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
 *
 *   { version: '1.0', timestamp: '2019-11-24T23:08:25.651Z',
 *     requestContext: { requestId, functionArn: '...:function:f:$LATEST',
 *                       condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded',
 *                       approximateInvokeCount },
 *     requestPayload: <the event>,
 *     responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError?: 'Unhandled' },
 *     responsePayload: <what the function returned, or its error> }
 *
 * An event that expired before it ever ran has no response: its record stops at requestPayload
 * (as LocalStack sends it for events that never ran).
 */
import type { InvokeResult } from '../runtime/contract.ts';

/**
 * The last: an event Lambda stopped as a recursive loop (../recursion.ts). Lambda sends it to
 * the on-failure destination but does not document the condition its record names; the
 * local cloud names the error a synchronous caller gets.
 */
export type Condition =
  | 'Success'
  | 'RetriesExhausted'
  | 'EventAgeExceeded'
  | 'RecursiveInvocationException';

export interface InvocationRecord {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: Condition;
    readonly approximateInvokeCount: number;
  };
  readonly requestPayload: unknown;
  readonly responseContext?: {
    readonly statusCode: 200;
    readonly executedVersion: string;
    readonly functionError?: 'Unhandled';
  };
  readonly responsePayload?: unknown;
}

export interface ProcessedEvent {
  readonly requestId: string;
  /** The function's qualified ARN, `...:function:f:$LATEST`. */
  readonly functionArn: string;
  readonly version: string;
  /** The event, as JSON text. */
  readonly payload: Buffer;
  /** How many times the function ran it. */
  readonly attempts: number;
  /** The last run's result; none if the event never ran. */
  readonly result?: InvokeResult;
}

export function invocationRecord(
  event: ProcessedEvent,
  condition: Condition,
  now = new Date(),
): InvocationRecord {
  const { result } = event;
  return {
    version: '1.0',
    timestamp: now.toISOString(),
    requestContext: {
      requestId: event.requestId,
      functionArn: event.functionArn,
      condition,
      approximateInvokeCount: event.attempts,
    },
    requestPayload: JSON.parse(event.payload.toString('utf8')),
    ...(result && {
      responseContext: {
        statusCode: 200,
        executedVersion: event.version,
        ...(result.functionError && { functionError: result.functionError }),
      },
      responsePayload: JSON.parse(result.payload.toString('utf8')),
    }),
  };
}

/**
 * Step 7.2: from this machine, ask the caller to make one of its routes, and read what it
 * answered. Only the first hop is the chapters' old synchronous invoke; the second one (the
 * caller's call to echoTest, SNS or Kinesis) happens inside Lambda.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent, invokePayloadText } from '@l2l/decoding';
import type { ClientConfig } from '@l2l/workshop';
import type { Route } from './functions/routes.ts';

export interface CallerAnswer {
  /** The caller's own request id: its log lines and REPORT line carry it. */
  readonly requestId: string;
  /** What the handler returned, or, when it threw, the error it threw. */
  readonly payload: Record<string, unknown>;
  /** `Unhandled` when the handler threw. */
  readonly functionError: string | undefined;
}

export async function callThroughCaller(
  clientConfig: ClientConfig,
  callerName: string,
  route: Route,
): Promise<CallerAnswer> {
  const lambda = new LambdaClient(clientConfig);
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: callerName, Payload: encodeEvent({ route }) }),
  );
  const requestId = result.$metadata.requestId;
  if (requestId === undefined) throw new Error('Lambda answered the Invoke without a request id');
  return {
    requestId,
    payload: JSON.parse(invokePayloadText(result)) as Record<string, unknown>,
    functionError: result.FunctionError,
  };
}

/**
 * The error a handler threw, as Lambda's Node.js runtime reports it: its type and message (the
 * payload also has a stack `trace`, which names files that differ from one place to another).
 */
export function thrownError(answer: CallerAnswer): string {
  const { errorType, errorMessage } = answer.payload;
  return `${String(errorType)}: ${String(errorMessage)}`;
}

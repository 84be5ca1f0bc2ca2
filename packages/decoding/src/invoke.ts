/**
 * Reading what `InvokeCommand` answers (walkthrough chapters 2 and 3).
 *
 * SDK v3 returns the `Payload` as bytes (a `Uint8Array`), not as the string SDK v2 printed, and
 * a failed callee is not an exception: the call succeeds, `FunctionError` is set and the payload
 * holds the error. The functions here take the SDK's `InvokeCommandOutput`, or any object with
 * the same fields.
 */
import type { InvocationResponse } from '@aws-sdk/client-lambda';
import { decodeUtf8, parseJson } from './codec.ts';
import { DecodingError, LambdaFunctionError } from './errors.ts';
import { toSafeResult } from './result.ts';

/** The payload as text; `''` when there is none (an asynchronous invoke answers without one). */
export function invokePayloadText(result: InvocationResponse): string {
  // For an empty body the SDK sets `Payload: null` (@aws-sdk/core's AwsRestJsonProtocol),
  // although its type says `Uint8Array | undefined`.
  return result.Payload == null ? '' : decodeUtf8(result.Payload);
}

/** The callee's error, when `FunctionError` says it failed; otherwise `undefined`. */
function invokeFunctionError(result: InvocationResponse): LambdaFunctionError | undefined {
  if (result.FunctionError === undefined) {
    return undefined;
  }
  const text = invokePayloadText(result);
  const parsed = toSafeResult(() => parseJson(text));
  // The Node.js runtime sends { errorType, errorMessage, trace }; take what is there, and the
  // raw text as the message when the payload is not such an object.
  const fields = parsed.success && isObject(parsed.data) ? parsed.data : {};
  return new LambdaFunctionError(
    {
      functionError: result.FunctionError,
      statusCode: result.StatusCode,
      errorType: typeof fields.errorType === 'string' ? fields.errorType : undefined,
      errorMessage: typeof fields.errorMessage === 'string' ? fields.errorMessage : text,
      trace: Array.isArray(fields.trace) ? fields.trace.map(String) : [],
    },
    result,
  );
}

/**
 * The callee's return value, parsed from the JSON payload.
 * Throws a `LambdaFunctionError` if the callee failed, and a `DecodingError` if there is no
 * payload or it is not JSON.
 */
export function parseInvokePayload<T = unknown>(result: InvocationResponse): T {
  const functionError = invokeFunctionError(result);
  if (functionError !== undefined) {
    throw functionError;
  }
  const text = invokePayloadText(result);
  if (text === '') {
    throw new DecodingError(
      `The Invoke result (status ${result.StatusCode}) has no payload to parse; an asynchronous invoke never has one`,
      { input: result },
    );
  }
  return parseJson<T>(text);
}

/** The Invoke result as the walkthrough prints it: `{ StatusCode: 200, Payload: '…' }`. */
export interface PrintableInvokeResult {
  StatusCode: number | undefined;
  FunctionError?: string;
  Payload: string;
}

/**
 * The Invoke result in the shape SDK v2 printed in the walkthrough, with the payload as text:
 * `{ StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' }` for a synchronous call, and
 * `{ StatusCode: 202, Payload: '' }` for an asynchronous one. `FunctionError` is there only
 * when the callee failed.
 */
export function printableInvokeResult(result: InvocationResponse): PrintableInvokeResult {
  const payload = invokePayloadText(result);
  return result.FunctionError === undefined
    ? { StatusCode: result.StatusCode, Payload: payload }
    : { StatusCode: result.StatusCode, FunctionError: result.FunctionError, Payload: payload };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

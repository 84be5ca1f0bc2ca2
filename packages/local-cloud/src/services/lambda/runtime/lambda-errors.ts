/**
 * Lambda's error payloads (what Invoke returns with `X-Amz-Function-Error`),
 * for errors of the handler (formatted by the Node.js runtime) and for errors
 * of the platform (timeout, crash, out of memory, response too large).
 * The runtime's side follows aws-lambda-nodejs-runtime-interface-client,
 * src/Errors.js (toRapidResponse, toFormatted) and src/context/constants.ts.
 */
import type { ErrorPayload } from './worker-messages.ts';

/** An error the Node.js runtime raises itself, named `Runtime.<Kind>` (src/Errors.js). */
export class RuntimeError extends Error {
  constructor(kind: string, message: string) {
    super(message);
    this.name = `Runtime.${kind}`;
  }
}

/** The payload Invoke returns for a thrown or rejected value (Errors.js toRapidResponse). */
export function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/**
 * The JSON the runtime appends to an `Invoke Error` log line (Errors.js toFormatted):
 * `errorType`, `errorMessage`, `code`, the error's own enumerable fields, and the
 * stack as an array. It starts with a tab, so the line reads `Invoke Error \t{...}`.
 */
export function formattedError(error: unknown): string {
  const asError = error instanceof Error ? error : new Error(String(error));
  try {
    return `\t${JSON.stringify(asError, (_key, value) => withEnumerableProperties(value))}`;
  } catch {
    return `\t${JSON.stringify(errorPayload(asError))}`;
  }
}

function withEnumerableProperties(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const fields: Record<string, unknown> = {
    errorType: value.name,
    errorMessage: value.message,
    code: (value as { code?: unknown }).code,
    ...value,
  };
  if (typeof value.stack === 'string') fields.stack = value.stack.split('\n');
  return fields;
}

/**
 * Past the function's timeout: `Task timed out after 3.00 seconds`, as recorded from
 * AWS (e.g. `{"errorMessage":"RequestId: <id> Error: Task timed out after 1.00 seconds",
 * "errorType":"Sandbox.Timedout"}`, seek-oss/aws-codedeploy-hooks changelog).
 */
export function timeoutPayload(requestId: string, timeoutSeconds: number): ErrorPayload {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

/**
 * The runtime process ended during the invocation (`process.exit()`), as in
 * LocalStack's AWS-validated snapshot: `{"errorType":"Runtime.ExitError","errorMessage":
 * "RequestId: <id> Error: Runtime exited with error: exit status 1"}`. With status 0 Lambda
 * has no error to name: "Error: Runtime exited without providing a reason Runtime.ExitError"
 * (as a user saw it, https://github.com/MatteoGioioso/lambda-flame/issues/3).
 */
export function exitPayload(requestId: string, exitCode: number): ErrorPayload {
  const reason =
    exitCode === 0
      ? 'Runtime exited without providing a reason'
      : `Runtime exited with error: exit status ${exitCode}`;
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: ${reason}`,
  };
}

/**
 * The environment ran out of memory: Lambda kills the runtime, logs `RequestId: <id> Error:
 * Runtime exited with error: signal: killed` (as recorded in DataDog/datadog-lambda-extension#187,
 * https://github.com/DataDog/datadog-lambda-extension/issues/187) and reports the error type
 * `Runtime.OutOfMemory`, its REPORT line saying `Max Memory Used` = MemorySize.
 */
export function outOfMemoryPayload(requestId: string): ErrorPayload {
  return {
    errorType: 'Runtime.OutOfMemory',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
  };
}

/**
 * AWS's limit on a synchronous response is 6 MB plus a little: recorded responses
 * (moto's test_lambda_invoke, AWS-validated) read `Response payload size exceeded
 * maximum allowed payload size (6291556 bytes).`
 */
export const MAX_RESPONSE_BYTES = 6_291_556;

export function responseTooLargePayload(): ErrorPayload {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

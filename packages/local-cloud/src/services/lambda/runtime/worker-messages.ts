/**
 * The messages between an execution environment (execution-environment.ts, in
 * the local cloud's thread) and the bootstrap running in its worker thread
 * (bootstrap.ts). They play the part of Lambda's Runtime API: "next
 * invocation", "invocation response", "invocation error", "init error".
 */

/** Lambda's error payload, as the Node.js runtime posts it: `{ errorType, errorMessage, trace }`. */
export interface ErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** Parent -> worker: run one invocation. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON text. */
  readonly event: string;
  readonly invokedFunctionArn: string;
  /** `Date.now()` value at which the invocation times out (for getRemainingTimeInMillis). */
  readonly deadlineMs: number;
  /** Base64 JSON from `X-Amz-Client-Context`, if any. */
  readonly clientContext?: string;
  /** The invocation's X-Ray trace header (Lambda-Runtime-Trace-Id), if any. */
  readonly traceId?: string;
}

/** Worker -> parent. */
export type WorkerMessage =
  /** One log line, without its trailing newline, and when it was written (ms). */
  | { readonly type: 'log'; readonly line: string; readonly timestamp: number }
  /** The handler module loaded: the environment is initialized. With the heap it uses then, so
   * that a REPORT line has a figure even if the first invocation never answers. */
  | { readonly type: 'ready'; readonly memoryUsed: number }
  /** Loading the handler failed; the environment is unusable. */
  | { readonly type: 'initError'; readonly error: ErrorPayload; readonly memoryUsed: number }
  /** The handler's result as JSON text, and the heap the worker uses now (bytes). */
  | { readonly type: 'response'; readonly payload: string; readonly memoryUsed: number }
  /** The worker is past MemorySize and stops itself: the environment ends as out of memory. */
  | { readonly type: 'outOfMemory' }
  | {
      readonly type: 'invokeError';
      readonly error: ErrorPayload;
      readonly memoryUsed: number;
      /** The runtime exits after this error (it was not the handler's): the environment is done. */
      readonly fatal?: true;
    };

/**
 * What the Lambda service model (../model.ts) and the runtime (this folder)
 * agree on. The model owns functions and their configuration; the runtime owns
 * code on disk and the execution environments that run it.
 */

/** Everything an execution environment needs to know about the function it runs.
 * When any of it changes (new code, new configuration), new environments are made. */
export interface FunctionSnapshot {
  readonly functionName: string;
  readonly functionArn: string;
  /** `$LATEST` or a published version's number: it names the log stream (`[1]`) and START's `Version: 1`. */
  readonly version: string;
  readonly runtime: string;
  /** `file.export`, e.g. `index.handler`. */
  readonly handler: string;
  /** The execution role's ARN: the environment gets the credentials of a session of it. */
  readonly role: string;
  readonly memorySize: number;
  /** Seconds. */
  readonly timeout: number;
  /** The function's own variables (Environment.Variables). */
  readonly environment: Readonly<Record<string, string>>;
  readonly region: string;
  /** Where the code was unpacked (see CodeStore). */
  readonly codeDirectory: string;
  /** Changes whenever code or configuration changes: environments of an older revision are retired. */
  readonly revisionId: string;
  readonly logGroupName: string;
}

export interface InvokeRequest {
  readonly fn: FunctionSnapshot;
  /** The event, as the JSON text the caller sent. */
  readonly payload: Buffer;
  readonly requestId: string;
  /** Base64 JSON from `X-Amz-Client-Context`, if any. */
  readonly clientContext?: string;
  /** The X-Ray trace header of this invocation, its `_X_AMZN_TRACE_ID` (../recursion.ts). */
  readonly traceHeader?: string;
  /** For a destination's invocation: the request id of the event it reports on. */
  readonly causedBy?: string;
  /**
   * The ARN the caller named, with the version or alias if it named one: the handler's
   * `context.invokedFunctionArn` (the function's own ARN when not given).
   */
  readonly invokedFunctionArn?: string;
}

export interface InvokeResult {
  /** The handler's return value as JSON text, or Lambda's error payload. */
  readonly payload: Buffer;
  /** 'Unhandled' when the handler threw, timed out or its runtime died. */
  readonly functionError?: 'Unhandled';
  /** This invocation's log (START to REPORT), for `LogType: Tail`. */
  readonly log: string;
}

/**
 * One execution environment: a worker thread or a child process (runtime-process.ts)
 * that initializes the function
 * once (the INIT phase, a cold start) and then runs one invocation at a time,
 * writing Lambda's log lines to its own CloudWatch log stream. A timeout, a
 * crash or running out of memory ends the environment, as on Lambda.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TemporaryCredentials } from '../../../auth/identities.ts';
import type { LogsModel } from '../../logs/model.ts';
import type { FunctionSnapshot, InvokeRequest, InvokeResult } from './contract.ts';
import {
  exitPayload,
  MAX_RESPONSE_BYTES,
  outOfMemoryPayload,
  responseTooLargePayload,
  timeoutPayload,
} from './lambda-errors.ts';
import { endLine, type InvocationReport, reportLine, startLine } from './log-format.ts';
import { type RuntimeProcess, startRuntimeProcess } from './runtime-process.ts';
import type { ErrorPayload, InvokeMessage, WorkerMessage } from './worker-messages.ts';

/** Lambda gives the INIT phase 10 seconds. */
const INIT_TIMEOUT_SECONDS = 10;
const MB = 1024 * 1024;

/** Why an environment failed, as the payload of the invocation that finds out. */
type Failure = (requestId: string) => ErrorPayload;

interface Invocation {
  readonly requestId: string;
  readonly startedAt: number;
  /** This invocation's log events, START to REPORT, for `LogType: Tail`. */
  readonly messages: string[];
  readonly resolve: (result: InvokeResult) => void;
}

/** What an environment gets from the runtime that starts it. */
export interface EnvironmentSettings {
  readonly logs: LogsModel;
  /** The bootstrap module the worker starts from (bootstrap-bundle.ts). */
  readonly bootstrap: URL;
  /** The Node.js binary of a child process to run in, when the function's runtime names
   * another major than the local cloud's (node-binaries.ts); a worker thread without one. */
  readonly nodeBinary?: string;
  /** Given to the function as `AWS_ENDPOINT_URL`, so that its SDK clients call the local cloud. */
  readonly awsEndpointUrl?: string;
  /** The execution role's credentials, given to the function as on Lambda. */
  readonly credentials?: TemporaryCredentials;
  /** Called once when the environment ends (discarded, or its worker exited). */
  readonly onEnded: (environment: ExecutionEnvironment) => void;
}

/** How an invocation ended: the handler's result, or an error payload. */
type Ending =
  | { readonly payload: Buffer }
  | {
      readonly error: ErrorPayload;
      readonly status?: InvocationReport['status'];
      readonly durationMs?: number;
    };

export class ExecutionEnvironment {
  readonly logStreamName: string;
  /** False once discarded: it takes no more invocations. */
  alive = true;
  busy = false;
  /** Set when its function changed: discarded as soon as it is idle. */
  retiring = false;
  /** When the last invocation started (ms), to pick an idle environment to reclaim. */
  lastUsed = 0;

  private readonly process: RuntimeProcess;
  private readonly createdAt = performance.now();
  private readonly initialized: Promise<void>;
  private settleInit!: () => void;
  private initSettled = false;
  /** Why the environment can no longer run invocations (INIT failed, or the worker exited). */
  private failure: Failure | undefined;
  /** Reported once, in the REPORT line of the first invocation. */
  private initDurationMs: number | undefined;
  /** Log events of the INIT phase: the first invocation's tail shows them if INIT failed. */
  private initMessages: string[] = [];
  private invocation: Invocation | undefined;
  private timer: NodeJS.Timeout | undefined;
  private maxMemoryUsedMb = 0;
  private outOfMemory = false;

  constructor(
    readonly fn: FunctionSnapshot,
    private readonly settings: EnvironmentSettings,
  ) {
    this.logStreamName = logStreamName(fn.version);
    this.initialized = new Promise((resolve) => {
      this.settleInit = resolve;
    });
    this.process = startRuntimeProcess({
      bootstrap: settings.bootstrap,
      binary: settings.nodeBinary,
      env: lambdaEnvironment(fn, this.logStreamName, settings),
      memorySizeMb: fn.memorySize,
      onMessage: (message) => this.onMessage(message),
      onExit: (exitCode, outOfMemory) => {
        if (outOfMemory) this.outOfMemory = true;
        this.onExit(exitCode);
      },
    });
    this.timer = setTimeout(
      () => this.initDone((requestId) => timeoutPayload(requestId, INIT_TIMEOUT_SECONDS)),
      INIT_TIMEOUT_SECONDS * 1000,
    );
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    this.busy = true;
    this.lastUsed = Date.now();
    await this.initialized;
    const { requestId, fn } = request;
    const result = new Promise<InvokeResult>((resolve) => {
      this.invocation = { requestId, startedAt: performance.now(), messages: [], resolve };
    });
    this.write(startLine(requestId, fn.version));
    if (this.failure) {
      // Lambda runs a failed INIT again inside the invocation, so its output shows there too.
      this.invocation?.messages.push(...this.initMessages);
      const error = this.failure(requestId);
      this.finish({ error, status: { kind: 'error', errorType: error.errorType } });
      return result;
    }
    this.timer = setTimeout(() => {
      void this.discard();
      this.finish({
        error: timeoutPayload(requestId, fn.timeout),
        status: { kind: 'timeout' },
        durationMs: fn.timeout * 1000,
      });
    }, fn.timeout * 1000);
    const message: InvokeMessage = {
      type: 'invoke',
      requestId,
      event: request.payload.toString('utf8'),
      invokedFunctionArn: request.invokedFunctionArn ?? fn.functionArn,
      deadlineMs: Date.now() + fn.timeout * 1000,
      clientContext: request.clientContext,
      traceId: request.traceHeader,
    };
    this.process.send(message);
    return result;
  }

  /** Ends the runtime; an invocation in progress fails as if the runtime had exited. */
  discard(): Promise<void> {
    this.markEnded();
    return this.process.terminate();
  }

  private markEnded(): void {
    if (!this.alive) return;
    this.alive = false;
    this.settings.onEnded(this);
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.type) {
      case 'log':
        this.write(message.line, message.timestamp);
        return;
      case 'ready':
        this.recordMemory(message.memoryUsed);
        this.initDone(undefined);
        return;
      case 'initError':
        this.recordMemory(message.memoryUsed);
        this.initDone(() => message.error);
        return;
      case 'response': {
        this.recordMemory(message.memoryUsed);
        const payload = Buffer.from(message.payload, 'utf8');
        this.finish(
          payload.length > MAX_RESPONSE_BYTES ? { error: responseTooLargePayload() } : { payload },
        );
        return;
      }
      case 'outOfMemory':
        this.outOfMemory = true;
        return;
      case 'invokeError':
        this.recordMemory(message.memoryUsed);
        if (message.fatal) void this.discard();
        this.finish({ error: message.error });
        return;
    }
  }

  private onExit(exitCode: number): void {
    const errorType = this.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
    const failure: Failure = this.outOfMemory
      ? outOfMemoryPayload
      : (requestId) => exitPayload(requestId, exitCode);
    if (this.outOfMemory) this.maxMemoryUsedMb = this.fn.memorySize;
    this.markEnded();
    this.failure ??= failure;
    this.initDone(failure);
    const invocation = this.invocation;
    if (invocation) {
      this.finish({ error: failure(invocation.requestId), status: { kind: 'error', errorType } });
    }
  }

  private initDone(failure: Failure | undefined): void {
    if (this.initSettled) return;
    this.initSettled = true;
    clearTimeout(this.timer);
    this.initDurationMs = performance.now() - this.createdAt;
    if (failure) {
      this.failure ??= failure;
      void this.discard();
    } else {
      this.initMessages = [];
    }
    this.settleInit();
  }

  private write(line: string, timestamp = Date.now()): void {
    const message = `${line}\n`;
    // A function's log group is in the function's region.
    this.settings.logs.append(
      this.fn.region,
      this.fn.logGroupName,
      this.logStreamName,
      message,
      timestamp,
    );
    if (this.invocation) this.invocation.messages.push(message);
    else if (!this.initSettled) this.initMessages.push(message);
  }

  private recordMemory(bytes: number): void {
    this.maxMemoryUsedMb = Math.max(this.maxMemoryUsedMb, Math.ceil(bytes / MB));
  }

  private finish(ending: Ending): void {
    const invocation = this.invocation;
    if (!invocation) return;
    clearTimeout(this.timer);
    const { requestId } = invocation;
    this.write(endLine(requestId));
    this.write(
      reportLine({
        requestId,
        durationMs:
          ('durationMs' in ending ? ending.durationMs : undefined) ??
          performance.now() - invocation.startedAt,
        memorySizeMb: this.fn.memorySize,
        maxMemoryUsedMb: this.maxMemoryUsedMb,
        initDurationMs: this.initDurationMs,
        status: 'status' in ending ? ending.status : undefined,
      }),
    );
    this.invocation = undefined;
    this.initDurationMs = undefined;
    this.busy = false;
    const log = invocation.messages.join('');
    invocation.resolve(
      'payload' in ending
        ? { payload: ending.payload, log }
        : { payload: Buffer.from(JSON.stringify(ending.error)), functionError: 'Unhandled', log },
    );
  }
}

/** Like AWS: `2026/11/25/[$LATEST]` and 32 hex characters, one stream per environment. */
function logStreamName(version: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/**
 * The worker's whole environment: Lambda's variables and the function's own, never the
 * local cloud's (its credentials stay out). The function may override the unreserved
 * defaults (TZ, LANG, PATH, NODE_PATH, ...) but not the reserved ones.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
function lambdaEnvironment(
  fn: FunctionSnapshot,
  logStream: string,
  { awsEndpointUrl, credentials }: Pick<EnvironmentSettings, 'awsEndpointUrl' | 'credentials'>,
): Record<string, string> {
  const nodeMajor = fn.runtime.replace(/^nodejs(\d+)\.x$/, 'node$1');
  return {
    ...(awsEndpointUrl === undefined ? {} : { AWS_ENDPOINT_URL: awsEndpointUrl }),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    NODE_PATH: `/opt/nodejs/${nodeMajor}/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:${fn.codeDirectory}`,
    ...fn.environment,
    _HANDLER: fn.handler,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: fn.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    LAMBDA_TASK_ROOT: fn.codeDirectory,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    // The execution role's temporary credentials, which the local cloud issued and knows
    // (src/auth/identities.ts): calls signed with them are checked against the role's policies.
    ...(credentials && {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
    }),
  };
}

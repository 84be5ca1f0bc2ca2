/**
 * The Node.js runtime inside an execution environment (a worker thread, or a child
 * process of the Node.js its runtime names: runtime-process.ts): the
 * part of Lambda's /var/runtime that loads the handler, patches the console
 * into Lambda's log format and runs one invocation at a time. It follows
 * aws-lambda-nodejs-runtime-interface-client (src/index.mjs, Runtime.js,
 * CallbackContext.js, UserFunction.js, LogPatch.js; for nodejs24.x its rewrite,
 * src/utils/runtime-setup.ts and src/function/callback-deprecation.ts).
 *
 * It is bundled with esbuild into one ES module (bootstrap-bundle.ts) and reads
 * its configuration, as the real one does, from Lambda's environment variables.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootstrapChannel } from './bootstrap-channel.ts';
import { errorPayload, formattedError, RuntimeError } from './lambda-errors.ts';
import { consoleLine, type LogLevel } from './log-format.ts';
import { limitMemory } from './memory-limit.ts';
import type { InvokeMessage, WorkerMessage } from './worker-messages.ts';

type Handler = (event: unknown, context: object, callback?: Callback) => unknown;
type Callback = (error?: unknown, result?: unknown) => void;

const port = bootstrapChannel();
const env = process.env;
const isNodejs24 = env.AWS_EXECUTION_ENV === 'AWS_Lambda_nodejs24.x';

/** The request the console lines belong to; `undefined` during init, as on Lambda. */
let currentRequestId: string | undefined;
let initialized = false;
/** The invocation in progress, until it has posted its outcome. */
let current: { readonly requestId: string; finished: boolean } | undefined;
/** What happens when the event loop runs empty during an invocation (see `invoke`). */
let onEmptyEventLoop: (() => void) | undefined;

function post(message: WorkerMessage): void {
  port.post(message);
}

// Past MemorySize the runtime is killed, as Lambda kills it.
const memoryUsed = limitMemory(Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) * 1024 * 1024, () =>
  port.exitOutOfMemory(),
);

function log(level: LogLevel, args: readonly unknown[]): void {
  const timestamp = Date.now();
  post({ type: 'log', line: consoleLine(timestamp, currentRequestId, level, args), timestamp });
}

function patchConsole(): void {
  console.log = (...args: unknown[]) => log('INFO', args);
  console.info = console.log;
  console.warn = (...args: unknown[]) => log('WARN', args);
  console.error = (...args: unknown[]) => log('ERROR', args);
  console.debug = (...args: unknown[]) => log('DEBUG', args);
  console.trace = (...args: unknown[]) => log('TRACE', args);
}

/** Output written to stdout/stderr directly (loggers such as pino do) becomes log lines too,
 * one per line, without the console's prefix, as Lambda captures the process's output. */
function captureOutput(stream: NodeJS.WriteStream): void {
  let partial = '';
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text =
      partial + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    const timestamp = Date.now();
    for (const line of lines) post({ type: 'log', line, timestamp });
    const callback = rest.find((argument) => typeof argument === 'function');
    if (callback) queueMicrotask(callback as () => void);
    return true;
  }) as typeof stream.write;
}

/** `dir/file.nested.export` -> the function, as UserFunction.js `load` resolves it. */
async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  if (handlerString.includes('..')) {
    throw new RuntimeError(
      'MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const moduleAndHandler = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - moduleAndHandler.length);
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndHandler);
  if (!match?.[1] || !match[2]) throw new RuntimeError('MalformedHandlerName', 'Bad handler');
  const [, moduleName, handlerPath] = match;

  const userModule = await loadModule(path.resolve(taskRoot, moduleRoot, moduleName), moduleName);
  const handler =
    property(userModule, handlerPath) ??
    property((userModule as { default?: unknown } | undefined)?.default, handlerPath);
  if (!handler) {
    throw new RuntimeError('HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('HandlerNotFound', `${handlerString} is not a function`);
  }
  return handler as Handler;
}

function property(object: unknown, dottedPath: string): unknown {
  return dottedPath
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key],
      object,
    );
}

/** Tries the file as is (CommonJS), then `.js`, `.mjs`, `.cjs` (import() tells ESM from CJS
 * by extension and package.json `type`, as Node does). */
async function loadModule(fileWithoutExtension: string, moduleName: string): Promise<unknown> {
  try {
    if (existsSync(fileWithoutExtension)) {
      return createRequire(fileWithoutExtension)(fileWithoutExtension);
    }
    for (const extension of ['.js', '.mjs', '.cjs']) {
      const file = fileWithoutExtension + extension;
      if (existsSync(file)) return await import(pathToFileURL(file).href);
    }
  } catch (error) {
    if (error instanceof SyntaxError) {
      const syntaxError = new RuntimeError('UserCodeSyntaxError', String(error));
      syntaxError.stack = error.stack;
      throw syntaxError;
    }
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') {
      throw new RuntimeError('ImportModuleError', String(error));
    }
    throw error;
  }
  // What Lambda's require.resolve() fallback reports when no file matches.
  throw new RuntimeError(
    'ImportModuleError',
    `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`,
  );
}

/** nodejs24.x refuses callback handlers at init; older runtimes warn (WarningForCallbackHandlers.js). */
function checkCallbackStyle(handler: Handler): void {
  const isAsync = handler.constructor.name === 'AsyncFunction';
  if (isNodejs24 && handler.length >= 3) {
    throw new RuntimeError(
      'CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  if (
    !isNodejs24 &&
    handler.length === 3 &&
    !isAsync &&
    !env.AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING
  ) {
    console.warn(
      'AWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24. You will need to update this function to use an async handler to use Node.js 24 or later. For more information and to provide feedback on this change, see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client/issues/137. To disable this warning, set the AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING environment variable.',
    );
  }
}

function respond(invocation: NonNullable<typeof current>, result: unknown): void {
  if (invocation.finished) return;
  let payload: string | undefined;
  try {
    payload = JSON.stringify(result === undefined ? null : result);
  } catch {
    fail(invocation, new Error('Unable to stringify response body'));
    return;
  }
  invocation.finished = true;
  onEmptyEventLoop = undefined;
  post({ type: 'response', payload: payload ?? 'null', memoryUsed: memoryUsed() });
  port.ref();
}

function fail(invocation: NonNullable<typeof current>, error: unknown): void {
  if (invocation.finished) return;
  invocation.finished = true;
  onEmptyEventLoop = undefined;
  log('ERROR', ['Invoke Error', formattedError(error)]);
  post({ type: 'invokeError', error: errorPayload(error), memoryUsed: memoryUsed() });
  port.ref();
}

function invoke(handler: Handler, message: InvokeMessage): void {
  // The runtime sets each invocation's trace header in the environment, or removes the last
  // one (aws-lambda-nodejs-runtime-interface-client, InvokeContext): the SDK sends it on.
  if (message.traceId === undefined) delete env._X_AMZN_TRACE_ID;
  else env._X_AMZN_TRACE_ID = message.traceId;
  const invocation = { requestId: message.requestId, finished: false };
  current = invocation;
  currentRequestId = message.requestId;
  const context = {
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseClientContext(message.clientContext),
    identity: undefined,
    invokedFunctionArn: message.invokedFunctionArn,
    awsRequestId: message.requestId,
    getRemainingTimeInMillis: () => message.deadlineMs - Date.now(),
  };
  const succeed = (result: unknown) => respond(invocation, result);
  const failWith = (error: unknown) => fail(invocation, error);
  let event: unknown;
  try {
    event = JSON.parse(message.event);
  } catch (error) {
    failWith(error);
    return;
  }
  if (isNodejs24) {
    // The nodejs24.x runtime awaits the handler, nothing else (buffered-invoke-processor.ts).
    new Promise((resolve) => resolve(handler(event, context))).then(succeed, failWith);
    return;
  }

  // Older runtimes (Runtime.js, CallbackContext.js): a callback result waits for the event
  // loop to run empty unless callbackWaitsForEmptyEventLoop is false; a returned promise does
  // not wait. Unreferencing the port lets the loop run empty, which fires `beforeExit`.
  let waitsForEmptyEventLoop = true;
  const done = (error: unknown, result?: unknown) =>
    error !== undefined && error !== null ? failWith(error) : succeed(result);
  const callback: Callback = (error, result) => {
    if (error !== undefined && error !== null) failWith(error);
    else if (!waitsForEmptyEventLoop) succeed(result);
    else onEmptyEventLoop = () => succeed(result);
  };
  // A handler that never answers (Runtime.js `_setDefaultExitListener`).
  onEmptyEventLoop =
    handler.constructor.name === 'AsyncFunction'
      ? () => failWith(new RuntimeError('NodeJsExit', NODE_JS_EXIT_MESSAGE))
      : () => succeed(null);
  const legacyContext = {
    ...context,
    get callbackWaitsForEmptyEventLoop() {
      return waitsForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitsForEmptyEventLoop = value;
    },
    succeed,
    fail: (error: unknown) => failWith(error ?? 'handled'),
    done,
  };
  port.unref();
  try {
    const result = handler(event, legacyContext, callback);
    if (isPromise(result)) result.then(succeed, failWith);
  } catch (error) {
    failWith(error);
  }
}

const NODE_JS_EXIT_MESSAGE =
  'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes';

function parseClientContext(base64: string | undefined): unknown {
  if (base64 === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** An error outside the handler's call (a throw in a timer, an unhandled rejection) ends the
 * runtime, as `index.mjs` does: the invocation fails with it and the process exits. */
function crash(label: string, error: unknown, exitCode: number): void {
  log('ERROR', [label, formattedError(error)]);
  if (!initialized) {
    port.postAndExit(
      { type: 'initError', error: errorPayload(error), memoryUsed: memoryUsed() },
      exitCode,
    );
  } else if (current && !current.finished) {
    current.finished = true;
    port.postAndExit(
      { type: 'invokeError', error: errorPayload(error), memoryUsed: memoryUsed(), fatal: true },
      exitCode,
    );
  } else {
    process.exit(exitCode);
  }
}

process.on('uncaughtException', (error) => crash('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason, promise) => {
  const error = Object.assign(new RuntimeError('UnhandledPromiseRejection', String(reason)), {
    reason,
    promise,
  });
  crash('Unhandled Promise Rejection', error, 128);
});
process.on('beforeExit', () => {
  const pending = onEmptyEventLoop;
  onEmptyEventLoop = undefined;
  pending?.();
});

patchConsole();
captureOutput(process.stdout);
captureOutput(process.stderr);

try {
  const handler = await loadHandler(env.LAMBDA_TASK_ROOT ?? '', env._HANDLER ?? '');
  checkCallbackStyle(handler);
  initialized = true;
  port.onInvoke((message) => invoke(handler, message));
  post({ type: 'ready', memoryUsed: memoryUsed() });
} catch (error) {
  log('ERROR', [isNodejs24 ? 'Init Error' : 'Uncaught Exception', formattedError(error)]);
  post({ type: 'initError', error: errorPayload(error), memoryUsed: memoryUsed() });
}

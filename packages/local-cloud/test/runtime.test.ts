/**
 * The execution environments, driven directly (no HTTP): handler contract,
 * Lambda's error payloads, log lines, warm and cold starts, concurrency.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsError } from '../src/server/aws-error.ts';
import type { FunctionSnapshot, InvokeResult } from '../src/services/lambda/runtime/contract.ts';
import { LambdaRuntime } from '../src/services/lambda/runtime/lambda-runtime.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { functionSnapshot } from './support/function-snapshot.ts';
import { echoZip, zipOf } from './support/zip.ts';

const logs = new LogsModel({ accountId: '000000000000' });
/** What the runtime gives every environment as its role's credentials (the local cloud issues them). */
const ROLE_CREDENTIALS = {
  accessKeyId: 'ASIAEXAMPLEROLEKEY00',
  secretAccessKey: 'role-secret',
  sessionToken: 'role-session-token',
};
const runtime = new LambdaRuntime({
  logs,
  concurrencyLimit: 20,
  roleCredentials: () => ROLE_CREDENTIALS,
});
afterAll(() => runtime.stop());

let functions = 0;

/** A function made of `files`, with a name of its own so that no test reuses another's environments. */
async function deploy(
  files: Record<string, string>,
  overrides: Partial<FunctionSnapshot> = {},
  on = runtime,
): Promise<FunctionSnapshot> {
  const code = await on.prepareCode(await zipOf(files));
  const functionName = overrides.functionName ?? `fn-${++functions}`;
  return functionSnapshot(code.codeDirectory, { functionName, ...overrides });
}

let requests = 0;

function invoke(fn: FunctionSnapshot, event: unknown = {}, on = runtime): Promise<InvokeResult> {
  return on.invoke({
    fn,
    payload: Buffer.from(JSON.stringify(event)),
    requestId: `00000000-0000-4000-8000-${String(++requests).padStart(12, '0')}`,
  });
}

function json(result: InvokeResult): unknown {
  return JSON.parse(result.payload.toString('utf8'));
}

function reportOf(result: InvokeResult): string {
  return result.log.split('\n').find((line) => line.startsWith('REPORT')) ?? '';
}

const ISO_TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

describe('the handler contract', () => {
  it('runs an async ES module handler and returns its result as JSON', async () => {
    const fn = await deploy({
      'index.mjs': 'export const handler = async (event) => ({ got: event });',
    });
    const result = await invoke(fn, { a: 1 });
    expect(result.functionError).toBeUndefined();
    expect(json(result)).toEqual({ got: { a: 1 } });
  });

  it('loads CommonJS handlers from .js and .cjs files', async () => {
    const js = await deploy({ 'index.js': 'exports.handler = async () => "from .js";' });
    const cjs = await deploy({
      'app.cjs': 'module.exports = { run: async () => "from .cjs" };',
    });
    expect(json(await invoke(js))).toBe('from .js');
    expect(json(await invoke({ ...cjs, handler: 'app.run' }))).toBe('from .cjs');
  });

  it('loads a handler from a folder and a nested export', async () => {
    const fn = await deploy(
      { 'src/handlers/main.mjs': 'export const api = { get: async () => "nested" };' },
      { handler: 'src/handlers/main.api.get' },
    );
    expect(json(await invoke(fn))).toBe('nested');
  });

  it('awaits a promise returned by a plain function, and answers null for undefined', async () => {
    const promise = await deploy({
      'index.mjs': 'export const handler = () => new Promise((r) => setTimeout(() => r(42), 5));',
    });
    const nothing = await deploy({ 'index.mjs': 'export const handler = async () => undefined;' });
    expect(json(await invoke(promise))).toBe(42);
    expect((await invoke(nothing)).payload.toString()).toBe('null');
  });

  it('supports callback handlers on nodejs22.x, waiting for the event loop unless told not to', async () => {
    const waits = await deploy({
      'index.js': `let ticks = 0;
        exports.handler = (event, context, callback) => {
          setTimeout(() => { ticks++; }, 20);
          callback(null, { ticksWhenCalled: ticks, waits: context.callbackWaitsForEmptyEventLoop });
        };
        exports.ticks = () => ticks;`,
    });
    const result = await invoke(waits);
    expect(json(result)).toEqual({ ticksWhenCalled: 0, waits: true });
    // The answer came after the timer had run (the callback waited for the empty event loop).
    const duration = Number(/Duration: ([\d.]+) ms/.exec(reportOf(result))?.[1]);
    expect(duration).toBeGreaterThanOrEqual(15);

    // A timer longer than the function's timeout: had the runtime waited for it, the
    // invocation would have timed out instead of answering.
    const doesNotWait = await deploy(
      {
        'index.js': `exports.handler = (event, context, callback) => {
          context.callbackWaitsForEmptyEventLoop = false;
          setTimeout(() => {}, 60_000);
          callback(null, 'at once');
        };`,
      },
      { timeout: 1 },
    );
    expect(json(await invoke(doesNotWait))).toBe('at once');
  });

  it('supports callback errors and context.succeed / context.fail on nodejs20.x', async () => {
    const fn = await deploy(
      {
        'index.js': `exports.handler = (event, context, callback) => {
          if (event.use === 'callback') callback(new Error('by callback'));
          else if (event.use === 'succeed') context.succeed('succeeded');
          else context.fail(new Error('failed'));
        };`,
      },
      { runtime: 'nodejs20.x' },
    );
    const byCallback = await invoke(fn, { use: 'callback' });
    expect(byCallback.functionError).toBe('Unhandled');
    expect(json(byCallback)).toMatchObject({ errorType: 'Error', errorMessage: 'by callback' });
    expect(json(await invoke(fn, { use: 'succeed' }))).toBe('succeeded');
    expect(json(await invoke(fn, { use: 'fail' }))).toMatchObject({ errorMessage: 'failed' });
  });

  it('warns about callback handlers on nodejs22.x as Lambda does', async () => {
    const fn = await deploy({
      'index.js': 'exports.handler = (event, context, callback) => callback(null, 1);',
    });
    await invoke(fn);
    const events = logs.stream(fn.region, fn.logGroupName, onlyStream(fn)).events;
    expect(events[0]?.message).toMatch(
      new RegExp(
        `^${ISO_TIME}\\tundefined\\tWARN\\tAWS Lambda plans to remove support for callback-based function handlers starting with Node.js 24.`,
      ),
    );
  });

  it('refuses callback handlers on nodejs24.x with Runtime.CallbackHandlerDeprecated', async () => {
    const fn = await deploy(
      { 'index.mjs': 'export const handler = (event, context, callback) => callback(null, 1);' },
      { runtime: 'nodejs24.x' },
    );
    const result = await invoke(fn);
    expect(result.functionError).toBe('Unhandled');
    expect(json(result)).toMatchObject({
      errorType: 'Runtime.CallbackHandlerDeprecated',
      errorMessage:
        'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    });
    expect(result.log).toContain(
      '\tERROR\tInit Error \t{"errorType":"Runtime.CallbackHandlerDeprecated"',
    );

    const asyncOn24 = await deploy(
      { 'index.mjs': 'export const handler = async (event, context) => context.functionName;' },
      { runtime: 'nodejs24.x' },
    );
    expect(json(await invoke(asyncOn24))).toBe(asyncOn24.functionName);
  });

  it('gives the handler a Lambda context', async () => {
    const fn = await deploy(
      {
        'index.mjs': `export const handler = async (event, context) => ({
          ...context,
          remaining: context.getRemainingTimeInMillis(),
          waits: context.callbackWaitsForEmptyEventLoop,
        });`,
      },
      { memorySize: 256, timeout: 7 },
    );
    const clientContext = Buffer.from(JSON.stringify({ custom: { caller: 'test' } })).toString(
      'base64',
    );
    const result = await runtime.invoke({
      fn,
      payload: Buffer.from('{}'),
      requestId: 'c0ffee00-0000-4000-8000-000000000001',
      clientContext,
    });
    const context = json(result) as Record<string, unknown>;
    expect(context).toMatchObject({
      awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
      functionName: fn.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.functionArn,
      memoryLimitInMB: '256',
      logGroupName: `/aws/lambda/${fn.functionName}`,
      logStreamName: onlyStream(fn),
      clientContext: { custom: { caller: 'test' } },
      waits: true,
    });
    expect(context.remaining).toBeGreaterThan(6000);
    expect(context.remaining).toBeLessThanOrEqual(7000);
  });

  it("gives functions the local cloud's endpoint as AWS_ENDPOINT_URL", async () => {
    const withEndpoint = new LambdaRuntime({
      logs,
      concurrencyLimit: 1,
      awsEndpointUrl: () => 'http://127.0.0.1:4566',
    });
    try {
      const fn = await deploy(
        { 'index.mjs': 'export const handler = async () => process.env.AWS_ENDPOINT_URL;' },
        {},
        withEndpoint,
      );
      expect(json(await invoke(fn, {}, withEndpoint))).toBe('http://127.0.0.1:4566');
    } finally {
      await withEndpoint.stop();
    }
  });

  it("sets Lambda's environment variables and the function's own, and none of the host's", async () => {
    process.env.LOCAL_CLOUD_HOST_SECRET = 'must not leak';
    const fn = await deploy(
      { 'index.mjs': 'export const handler = async () => process.env;' },
      { environment: { TABLE: 'orders', TZ: 'Europe/Paris' } },
    );
    const env = json(await invoke(fn)) as Record<string, string>;
    delete process.env.LOCAL_CLOUD_HOST_SECRET;
    expect(env).toMatchObject({
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: onlyStream(fn),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: fn.codeDirectory,
      _HANDLER: 'index.handler',
      LANG: 'en_US.UTF-8',
      TABLE: 'orders',
      TZ: 'Europe/Paris',
    });
    expect(env.LOCAL_CLOUD_HOST_SECRET).toBeUndefined();
    expect(env.HOME).toBeUndefined();
    // The role's credentials, never the host's.
    expect(env).toMatchObject({
      AWS_ACCESS_KEY_ID: ROLE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ROLE_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: ROLE_CREDENTIALS.sessionToken,
    });
  });
});

describe('logs', () => {
  it('frames each invocation with START, END and REPORT, and Init Duration only on a cold start', async () => {
    const fn = await deploy({
      'index.mjs': `export const handler = async (event, context) => {
        console.log('hello', { n: event.n });
        return context.awsRequestId;
      };`,
    });
    const cold = await invoke(fn, { n: 1 });
    const warm = await invoke(fn, { n: 2 });
    const id = json(cold) as string;
    const lines = cold.log.split('\n');
    expect(lines[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(lines[1]).toMatch(new RegExp(`^${ISO_TIME}\\t${id}\\tINFO\\thello { n: 1 }$`));
    expect(lines[2]).toBe(`END RequestId: ${id}`);
    expect(lines[3]).toMatch(
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t$`,
      ),
    );
    expect(lines[4]).toBe('');
    expect(reportOf(warm)).not.toContain('Init Duration');
    expect(reportOf(warm)).toMatch(/Max Memory Used: \d+ MB\t$/);

    // Billed: duration (plus init on a cold start), rounded up to the millisecond.
    const [, duration, billed, init] =
      /Duration: ([\d.]+) ms\tBilled Duration: (\d+) ms.*Init Duration: ([\d.]+) ms/.exec(
        reportOf(cold),
      ) ?? [];
    expect(Number(billed)).toBe(Math.max(1, Math.ceil(Number(duration) + Number(init))));

    // The same events are in CloudWatch Logs, in one stream named like AWS's.
    const stream = onlyStream(fn);
    expect(stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const messages = logs
      .stream(fn.region, fn.logGroupName, stream)
      .events.map((event) => event.message);
    expect(messages.join('')).toBe(cold.log + warm.log);
  });

  it("writes every console level and direct output in the Node.js runtime's format", async () => {
    const fn = await deploy({
      'index.mjs': `export const handler = async () => {
        console.info('info'); console.warn('warn %d', 7); console.error('error');
        console.debug('debug'); console.trace('trace');
        process.stdout.write('raw out\\n');
        process.stderr.write('raw err\\n');
      };`,
    });
    const result = await invoke(fn);
    const body = result.log.split('\n').slice(1, -3);
    const levelAndMessage = body.map((line) => line.split('\t').slice(2).join('\t'));
    expect(levelAndMessage).toEqual([
      'INFO\tinfo',
      'WARN\twarn 7',
      'ERROR\terror',
      'DEBUG\tdebug',
      'TRACE\ttrace',
      '',
      '',
    ]);
    expect(body.slice(-2)).toEqual(['raw out', 'raw err']);
  });

  it('keeps the line breaks of a message in one event, as CloudWatch shows it', async () => {
    // The runtime frames each console message on Lambda's telemetry file descriptor, line breaks
    // and all (aws-lambda-nodejs-runtime-interface-client, LogPatch.js, logTextToFd); only
    // what a handler writes to stdout itself is cut into one event per line.
    const seen: string[] = [];
    const unsubscribe = logs.subscribe((event) => seen.push(event.message));
    const fn = await deploy({
      'index.mjs': `export const handler = async () => { console.log('two\\nlines'); };`,
    });
    await invoke(fn);
    unsubscribe();
    expect(seen.filter((message) => message.includes('\tINFO\t'))).toEqual([
      expect.stringMatching(/^\S+\t\S+\tINFO\ttwo\nlines\n$/),
    ]);
  });

  it('tells listeners about every event as it is written', async () => {
    const seen: string[] = [];
    const unsubscribe = logs.subscribe((event) => seen.push(event.message));
    const fn = await deploy({
      'index.mjs': 'export const handler = async () => { console.log(1); };',
    });
    const result = await invoke(fn);
    unsubscribe();
    expect(seen.join('')).toBe(result.log);
  });
});

describe('errors', () => {
  it("returns a thrown error as Lambda's payload and logs it; the environment stays warm", async () => {
    const fn = await deploy({
      'index.mjs': `export const handler = async (event) => {
        if (event.fail) { const error = new Error('boom'); error.code = 'E_BOOM'; throw error; }
        return 'fine';
      };`,
    });
    const failed = await invoke(fn, { fail: true });
    expect(failed.functionError).toBe('Unhandled');
    const payload = json(failed) as { errorType: string; errorMessage: string; trace: string[] };
    expect(payload.errorType).toBe('Error');
    expect(payload.errorMessage).toBe('boom');
    expect(payload.trace[0]).toBe('Error: boom');
    expect(payload.trace[1]).toMatch(/^ {4}at .*index\.mjs:2:/);
    expect(failed.log).toMatch(
      /\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"boom","code":"E_BOOM","stack":\["Error: boom",/,
    );
    const next = await invoke(fn);
    expect(json(next)).toBe('fine');
    expect(reportOf(next)).not.toContain('Init Duration');
  });

  it('reports a thrown non-Error value by its type', async () => {
    const fn = await deploy({
      'index.mjs': 'export const handler = async () => { throw "just text"; };',
    });
    expect(json(await invoke(fn))).toEqual({
      errorType: 'string',
      errorMessage: 'just text',
      trace: [],
    });
  });

  it('ends a handler past its timeout, discards the environment, and starts a new one', async () => {
    const fn = await deploy(
      {
        'index.mjs': `export const handler = async (event) => {
          if (event.hang) for (;;);
          return 'ok';
        };`,
      },
      { timeout: 1 },
    );
    const result = await invoke(fn, { hang: true });
    const id = result.log.slice('START RequestId: '.length, result.log.indexOf(' Version'));
    expect(result.functionError).toBe('Unhandled');
    expect(json(result)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${id} Error: Task timed out after 1.00 seconds`,
    });
    expect(reportOf(result)).toMatch(
      /^REPORT RequestId: \S+\tDuration: 1000\.00 ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: [1-9]\d* MB\tInit Duration: [\d.]+ ms\tStatus: timeout$/,
    );
    const next = await invoke(fn);
    expect(json(next)).toBe('ok');
    expect(reportOf(next)).toContain('Init Duration');
  });

  it('fails with Runtime.ExitError when the handler exits the process', async () => {
    const fn = await deploy({
      'index.mjs': `export const handler = async (event) => event.exit ? process.exit(3) : 'alive';`,
    });
    const result = await invoke(fn, { exit: true });
    expect(result.functionError).toBe('Unhandled');
    expect(json(result)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringMatching(
        /^RequestId: \S+ Error: Runtime exited with error: exit status 3$/,
      ),
    });
    expect(reportOf(result)).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError$/);
    expect(json(await invoke(fn))).toBe('alive');
  });

  it('says the runtime gave no reason when the handler exits the process with status 0', async () => {
    const fn = await deploy({ 'index.mjs': 'export const handler = async () => process.exit(0);' });
    const result = await invoke(fn);
    expect(result.functionError).toBe('Unhandled');
    expect(json(result)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringMatching(
        /^RequestId: \S+ Error: Runtime exited without providing a reason$/,
      ),
    });
  });

  it('fails with the error of an exception thrown outside the handler, and restarts', async () => {
    const fn = await deploy({
      'index.mjs': `export const handler = async (event) => {
        if (event.crash) { setTimeout(() => { throw new TypeError('late'); }, 1); return new Promise(() => {}); }
        return 'restarted';
      };`,
    });
    const result = await invoke(fn, { crash: true });
    expect(json(result)).toMatchObject({ errorType: 'TypeError', errorMessage: 'late' });
    expect(result.log).toContain('\tERROR\tUncaught Exception \t{"errorType":"TypeError"');
    const next = await invoke(fn);
    expect(json(next)).toBe('restarted');
    expect(reportOf(next)).toContain('Init Duration');
  });

  it('fails with Runtime.ImportModuleError when the module or one it requires is missing', async () => {
    const noFile = await deploy({ 'other.mjs': 'export const handler = async () => 1;' });
    const result = await invoke(noFile);
    expect(json(result)).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs",
    });
    expect(result.log).toContain(
      '\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError"',
    );
    expect(reportOf(result)).toMatch(/\tStatus: error\tError Type: Runtime\.ImportModuleError$/);

    const missingDependency = await deploy({
      'index.js': "const lib = require('not-installed'); exports.handler = async () => lib;",
    });
    expect(json(await invoke(missingDependency))).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: expect.stringContaining("Cannot find module 'not-installed'"),
    });
  });

  it('reports syntax errors and errors thrown while the module loads', async () => {
    const syntax = await deploy({ 'index.mjs': 'export const handler = async () => {' });
    expect(json(await invoke(syntax))).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
    const throwing = await deploy({
      'index.mjs': "throw new RangeError('bad config'); export const handler = async () => 1;",
    });
    expect(json(await invoke(throwing))).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'bad config',
    });
  });

  it('fails with Runtime.HandlerNotFound when the export is missing or not a function', async () => {
    const fn = await deploy({ 'index.mjs': 'export const other = 1; export const notFn = 2;' });
    expect(json(await invoke(fn))).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.handler is undefined or not exported',
    });
    expect(json(await invoke({ ...fn, handler: 'index.notFn' }))).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.notFn is not a function',
    });
  });

  it('fails with Runtime.OutOfMemory past MemorySize, then starts afresh', async () => {
    const fn = await deploy({
      'index.mjs': `export const handler = async (event) => {
        if (!event.hog) return 'recovered';
        const hoard = [];
        for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
      };`,
    });
    const result = await invoke(fn, { hog: true });
    expect(json(result)).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: expect.stringMatching(
        /^RequestId: \S+ Error: Runtime exited with error: signal: killed$/,
      ),
    });
    expect(reportOf(result)).toMatch(
      /\tMax Memory Used: 128 MB\t.*Status: error\tError Type: Runtime\.OutOfMemory$/,
    );
    expect(json(await invoke(fn))).toBe('recovered');
  });

  it('refuses a response over 6 MB with Function.ResponseSizeTooLarge', async () => {
    const fn = await deploy({
      'index.mjs': "export const handler = async () => 'x'.repeat(6_291_556 - 1);",
    });
    const result = await invoke(fn);
    expect(result.functionError).toBe('Unhandled');
    expect(json(result)).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });

  it('fails when the result cannot be serialized', async () => {
    const fn = await deploy({
      'index.mjs': 'export const handler = async () => { const a = {}; a.self = a; return a; };',
    });
    expect(json(await invoke(fn))).toMatchObject({
      errorType: 'Error',
      errorMessage: 'Unable to stringify response body',
    });
  });
});

describe('execution environments', () => {
  it('reuses a warm environment, and starts more for concurrent invocations', async () => {
    const fn = await deploy({
      'index.mjs': `const started = Date.now() + Math.random();
        export const handler = async () => { await new Promise((r) => setTimeout(r, 50)); return started; };`,
    });
    const [a, b] = await Promise.all([invoke(fn), invoke(fn)]);
    expect(json(a)).not.toBe(json(b));
    const c = await invoke(fn);
    expect([json(a), json(b)]).toContain(json(c));
    expect(reportOf(c)).not.toContain('Init Duration');
    expect(logs.group(fn.region, fn.logGroupName).streams.size).toBe(2);
  });

  it('never reuses an environment of an older revision, and retires environments on request', async () => {
    const fn = await deploy({ 'index.mjs': 'export const handler = async () => process.env.V;' });
    const v1 = { ...fn, environment: { V: '1' } };
    expect(json(await invoke(v1))).toBe('1');
    const v2 = { ...fn, environment: { V: '2' }, revisionId: 'revision-2' };
    const changed = await invoke(v2);
    expect(json(changed)).toBe('2');
    expect(reportOf(changed)).toContain('Init Duration');
    await runtime.retire(fn.functionName);
    expect(reportOf(await invoke(v2))).toContain('Init Duration');
  });

  it('throttles past the concurrency limit with TooManyRequestsException (429)', async () => {
    const limited = new LambdaRuntime({ logs, concurrencyLimit: 2 });
    try {
      const fn = await deploy(
        {
          'index.mjs':
            'export const handler = () => new Promise((r) => setTimeout(r, 200, "done"));',
        },
        {},
        limited,
      );
      const running = [invoke(fn, {}, limited), invoke(fn, {}, limited)];
      const throttled = await invoke(fn, {}, limited).catch((error: unknown) => error);
      expect(throttled).toBeInstanceOf(AwsError);
      expect(throttled).toMatchObject({
        code: 'TooManyRequestsException',
        message: 'Rate Exceeded.',
        statusCode: 429,
        fields: { Reason: 'ConcurrentInvocationLimitExceeded' },
      });
      expect((await Promise.all(running)).map(json)).toEqual(['done', 'done']);
      // Idle environments of another function give way to a new one.
      const other = await deploy(
        { 'index.mjs': 'export const handler = async () => 1;' },
        {},
        limited,
      );
      expect(json(await invoke(other, {}, limited))).toBe(1);
    } finally {
      await limited.stop();
    }
  });

  it('runs the walkthrough echo callee', async () => {
    const code = await runtime.prepareCode(await echoZip());
    const fn = functionSnapshot(code.codeDirectory, { functionName: 'echoTest' });
    const event = { key1: 'value1', nested: { deeper: { deepest: [1, 2] } } };
    const result = await invoke(fn, event);
    expect(json(result)).toEqual(event);
    expect(result.log).toContain(
      "INFO\t{\n  key1: 'value1',\n  nested: { deeper: { deepest: [ 1, 2 ] } }\n}",
    );
  });
});

describe('code', () => {
  it('unpacks a zip once per code version, read-only, with its SHA-256 and size', async () => {
    const zip = await zipOf({ 'index.mjs': 'export const handler = async () => 1;' });
    const first = await runtime.prepareCode(zip);
    const again = await runtime.prepareCode(zip);
    expect(again).toEqual(first);
    expect(first.codeSha256).toBe(createHash('sha256').update(zip).digest('base64'));
    expect(first.codeSize).toBe(zip.length);
    const file = path.join(first.codeDirectory, 'index.mjs');
    expect(await readFile(file, 'utf8')).toBe('export const handler = async () => 1;');
    expect((await stat(file)).mode & 0o777).toBe(0o444);
  });

  it('refuses what is not a zip', async () => {
    await expect(runtime.prepareCode(Buffer.from('not a zip at all'))).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
      statusCode: 400,
    });
  });

  it('refuses entries that would land outside the folder (zip-slip)', async () => {
    // yazl will not write such names, so the names are patched in the finished archive.
    const zip = await zipOf({ 'xx/evil.mjs': 'owned', 'index.mjs': '' });
    const patched = Buffer.from(
      zip.toString('latin1').replaceAll('xx/evil.mjs', '../evil.mjs'),
      'latin1',
    );
    await expect(runtime.prepareCode(patched)).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
    });
  });

  it('refuses an archive whose unzipped size is over 250 MB', async () => {
    const zip = await zipOf({ 'index.mjs': 'export const handler = async () => 1;' });
    // Declare a huge uncompressed size in the central directory entry.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(262_144_001, central + 24);
    await expect(runtime.prepareCode(zip)).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'Unzipped size must be smaller than 262144000 bytes',
    });
  });
});

/** The one log stream of a function that had one environment. */
function onlyStream(fn: FunctionSnapshot): string {
  const streams = [...logs.group(fn.region, fn.logGroupName).streams.keys()];
  expect(streams).toHaveLength(1);
  return streams[0] ?? '';
}

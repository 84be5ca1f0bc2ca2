/**
 * The execution environments, driven directly (no HTTP): the handler contract
 * and the log lines (runtime-environments.test.ts has errors, warm and cold
 * starts, concurrency and code).
 */
import { describe, expect, it } from 'vitest';
import { LambdaRuntime } from '../src/services/lambda/runtime/lambda-runtime.ts';
import { ISO_TIME, json, ROLE_CREDENTIALS, reportOf, useRuntime } from './support/runtime.ts';

const { logs, runtime, deploy, invoke, onlyStream } = useRuntime();

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

/**
 * The execution environments, driven directly (no HTTP): Lambda's error payloads,
 * warm and cold starts, concurrency, and the code they run (runtime-contract.test.ts
 * has the handler contract and the log lines).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/server/aws-error.ts';
import { LambdaRuntime } from '../src/services/lambda/runtime/lambda-runtime.ts';
import { functionSnapshot } from './support/function-snapshot.ts';
import { json, reportOf, useRuntime } from './support/runtime.ts';
import { echoZip, zipOf } from './support/zip.ts';

const { logs, runtime, deploy, invoke } = useRuntime();

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

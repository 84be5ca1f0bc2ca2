/**
 * Test support for the runtime tests (runtime-*.test.ts), which drive the
 * execution environments directly, without HTTP: a runtime for the file,
 * functions deployed on it, invocations, and readers of what they answered.
 */
import { afterAll, expect } from 'vitest';
import type { FunctionSnapshot, InvokeResult } from '../../src/services/lambda/runtime/contract.ts';
import { LambdaRuntime } from '../../src/services/lambda/runtime/lambda-runtime.ts';
import { LogsModel } from '../../src/services/logs/model.ts';
import { functionSnapshot } from './function-snapshot.ts';
import { zipOf } from './zip.ts';

/** What the runtime gives every environment as its role's credentials (the local cloud issues them). */
export const ROLE_CREDENTIALS = {
  accessKeyId: 'ASIAEXAMPLEROLEKEY00',
  secretAccessKey: 'role-secret',
  sessionToken: 'role-session-token',
};

/** A timestamp as the Node.js runtime writes it in a log line. */
export const ISO_TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

export function json(result: InvokeResult): unknown {
  return JSON.parse(result.payload.toString('utf8'));
}

export function reportOf(result: InvokeResult): string {
  return result.log.split('\n').find((line) => line.startsWith('REPORT')) ?? '';
}

/** A runtime writing to its own CloudWatch Logs model, stopped after the file's tests. */
export function useRuntime() {
  const logs = new LogsModel({ accountId: '000000000000' });
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

  /** The one log stream of a function that had one environment. */
  function onlyStream(fn: FunctionSnapshot): string {
    const streams = [...logs.group(fn.region, fn.logGroupName).streams.keys()];
    expect(streams).toHaveLength(1);
    return streams[0] ?? '';
  }

  return { logs, runtime, deploy, invoke, onlyStream };
}

/**
 * Each function runs on the Node.js its runtime names: in a worker thread of the host's
 * Node.js when the majors match, in a child process of the registry's binary otherwise,
 * with the same contract either way (test/runtime-*.test.ts run the whole contract on
 * nodejs22.x, a child process on hosts of other majors; CI runs it on Node.js 20, 22, 24).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionSnapshot, InvokeResult } from '../src/services/lambda/runtime/contract.ts';
import { LambdaRuntime } from '../src/services/lambda/runtime/lambda-runtime.ts';
import { HOST_NODE_MAJOR } from '../src/services/lambda/runtime/node-binaries.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { functionSnapshot } from './support/function-snapshot.ts';
import { RUNTIME_PATHS } from './support/node-runtimes.ts';
import { zipOf } from './support/zip.ts';

const notices: string[] = [];
const runtime = new LambdaRuntime({
  logs: new LogsModel({ accountId: '000000000000' }),
  concurrencyLimit: 10,
  onNotice: (message) => notices.push(message),
});
afterAll(() => runtime.stop());

let functions = 0;
let requests = 0;

async function deploy(
  runtimeName: string,
  source: string,
  overrides: Partial<FunctionSnapshot> = {},
): Promise<FunctionSnapshot> {
  const code = await runtime.prepareCode(await zipOf({ 'index.mjs': source }));
  const functionName = `versions-${++functions}`;
  return functionSnapshot(code.codeDirectory, { functionName, runtime: runtimeName, ...overrides });
}

function invoke(fn: FunctionSnapshot, event: unknown = {}): Promise<InvokeResult> {
  return runtime.invoke({
    fn,
    payload: Buffer.from(JSON.stringify(event)),
    requestId: `00000000-0000-4000-8000-${String(++requests).padStart(12, '0')}`,
  });
}

function json(result: InvokeResult): unknown {
  return JSON.parse(result.payload.toString('utf8'));
}

const REPORT_ON_COLD_START =
  /\nREPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: [1-9]\d* MB\tInit Duration: [\d.]+ ms\t\n$/;

const WHO_AM_I = `import { isMainThread } from 'node:worker_threads';
let invocations = 0;
export const handler = async () => {
  console.log('running on', process.version);
  return { version: process.version, isMainThread, pid: process.pid, invocations: ++invocations,
    execution: process.env.AWS_EXECUTION_ENV, taskRoot: process.env.LAMBDA_TASK_ROOT, cwd: process.cwd() };
};`;

describe('the Node.js a function runs on', () => {
  for (const runtimeName of ['nodejs22.x', 'nodejs24.x']) {
    it(`is Node.js ${runtimeName.slice(6, 8)} for ${runtimeName}, whatever the host's`, async () => {
      const fn = await deploy(runtimeName, WHO_AM_I);
      const result = await invoke(fn);
      const major = Number(runtimeName.slice(6, 8));
      expect(json(result)).toMatchObject({
        version: expect.stringMatching(new RegExp(`^v${major}\\.`)),
        // Another major than the host's runs as a process of its own.
        isMainThread: major !== HOST_NODE_MAJOR,
        execution: `AWS_Lambda_${runtimeName}`,
      });
      expect(result.log).toMatch(new RegExp(`\\tINFO\\trunning on v${major}\\.\\d+\\.\\d+\\n`));
    });
  }

  it('runs on the host Node.js when the runtime has none installed, and says so once', async () => {
    const first = await invoke(await deploy('nodejs26.x', WHO_AM_I));
    const second = await invoke(await deploy('nodejs26.x', WHO_AM_I));
    expect(json(first)).toMatchObject({ version: process.version, isMainThread: false });
    expect(json(second)).toMatchObject({ version: process.version });
    expect(notices.filter((notice) => notice.includes('nodejs26.x'))).toEqual([
      `no Node.js 26 is installed for nodejs26.x (npm package node26-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}): its functions run on this Node.js ${process.versions.node}`,
    ]);
  });
});

describe.each(RUNTIME_PATHS)(
  'the execution environment contract, in $path',
  ({ runtime: runtimeName }) => {
    it('starts cold once, with Init Duration, then stays warm in the same runtime', async () => {
      const fn = await deploy(runtimeName, WHO_AM_I);
      const cold = await invoke(fn);
      const warm = await invoke(fn);
      expect(cold.log).toMatch(REPORT_ON_COLD_START);
      expect(warm.log).not.toContain('Init Duration');
      const [first, second] = [json(cold), json(warm)] as { pid: number; invocations: number }[];
      expect(second).toMatchObject({ pid: first?.pid, invocations: 2 });
      expect(first).toMatchObject({ taskRoot: fn.codeDirectory });
    });

    it('ends a runtime that exits with Runtime.ExitError and its exit status', async () => {
      const fn = await deploy(runtimeName, 'export const handler = async () => process.exit(3);');
      const result = await invoke(fn);
      expect(result.functionError).toBe('Unhandled');
      expect(json(result)).toEqual({
        errorType: 'Runtime.ExitError',
        errorMessage: expect.stringMatching(/ Error: Runtime exited with error: exit status 3$/),
      });
      expect(result.log).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError\n$/);
    });

    it('fails the invocation with an error thrown outside the handler, then exits', async () => {
      const fn = await deploy(
        runtimeName,
        `export const handler = async () => {
        setTimeout(() => { null.boom; }, 1);
        return new Promise(() => {});
      };`,
      );
      const result = await invoke(fn);
      expect(json(result)).toMatchObject({ errorType: 'TypeError' });
      expect(result.log).toContain('\tERROR\tUncaught Exception \t{"errorType":"TypeError"');
      expect(await invoke(fn).then((next) => next.log)).toContain('Init Duration');
    });

    it('ends a handler past its timeout and starts a new runtime', async () => {
      const fn = await deploy(
        runtimeName,
        `export const handler = async (event) => event.hang ? new Promise(() => setInterval(() => {}, 100)) : "done";`,
        { timeout: 1 },
      );
      const timedOut = await invoke(fn, { hang: true });
      expect(json(timedOut)).toMatchObject({ errorType: 'Sandbox.Timedout' });
      expect(timedOut.log).toMatch(/\tStatus: timeout\n$/);
      const after = await invoke(fn);
      expect(json(after)).toBe('done');
      expect(after.log).toContain('Init Duration');
    });
  },
);

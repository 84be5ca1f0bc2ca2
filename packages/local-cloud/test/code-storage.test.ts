/**
 * Function code on disk: a code version's folder goes when no function uses it
 * and no environment runs it any more, all unpacked code has a cap, and the
 * folders of a local cloud that crashed are removed when the next one starts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeleteFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LambdaModel } from '../src/services/lambda/model.ts';
import { LambdaRuntime } from '../src/services/lambda/runtime/lambda-runtime.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { ROLE, stubRuntime } from './lambda-support.ts';
import { functionSnapshot } from './support/function-snapshot.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { zipOf } from './support/zip.ts';

const MB = 1024 * 1024;
const logs = new LogsModel({ accountId: '000000000000' });

/** A deployment package of `padding` MB (which compresses to almost nothing) whose handler
 * answers where its code is. */
function paddedZip(name: string, paddingMb: number): Promise<Buffer> {
  return zipOf({
    'index.mjs': `export const handler = async () => ({ name: '${name}', root: process.env.LAMBDA_TASK_ROOT });`,
    'padding.txt': 'x'.repeat(paddingMb * MB),
  });
}

/** Bytes of every file under `directory`. */
async function sizeOf(directory: string): Promise<number> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile());
  const sizes = await Promise.all(
    files.map(async (file) => (await stat(path.join(file.parentPath, file.name))).size),
  );
  return sizes.reduce((total, size) => total + size, 0);
}

function gone(directory: string): Promise<void> {
  return vi.waitFor(() => expect(existsSync(directory)).toBe(false), { timeout: 5000 });
}

describe('through the Lambda API', () => {
  const cloud = useLocalCloud();
  let lambda: LambdaClient;
  beforeAll(() => {
    lambda = new LambdaClient(clientConfig(cloud()));
  });
  afterAll(() => lambda.destroy());

  async function taskRoot(name: string): Promise<string> {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name }));
    return JSON.parse(Buffer.from(answer.Payload ?? []).toString()).root;
  }

  it('frees the disk when functions are deleted', async () => {
    const names = ['disk-a', 'disk-b', 'disk-c', 'disk-d'];
    const roots: string[] = [];
    for (const name of names) {
      await createFunction(lambda, name, await paddedZip(name, 16));
      roots.push(await taskRoot(name));
    }
    const codeFolder = path.dirname(roots[0] ?? '');
    expect(await sizeOf(codeFolder)).toBeGreaterThanOrEqual(4 * 16 * MB);

    for (const name of names) await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    for (const root of roots) await gone(root);
    expect(await sizeOf(codeFolder)).toBe(0);
  });

  it('frees the replaced code after UpdateFunctionCode, once its environment is gone', async () => {
    await createFunction(lambda, 'disk-updated', await paddedZip('v1', 16));
    const before = await taskRoot('disk-updated');
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'disk-updated',
        ZipFile: await paddedZip('v2', 8),
      }),
    );
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10 },
      { FunctionName: 'disk-updated' },
    );
    const after = await taskRoot('disk-updated');
    expect(after).not.toBe(before);
    await gone(before);
    expect(await sizeOf(after)).toBeGreaterThanOrEqual(8 * MB);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'disk-updated' }));
    await gone(after);
  });
});

describe('the runtime', () => {
  const runtime = new LambdaRuntime({ logs, concurrencyLimit: 4, codeStorageLimitBytes: 20 * MB });
  afterAll(() => runtime.stop());

  const snapshot = (codeDirectory: string, functionName: string) =>
    functionSnapshot(codeDirectory, { functionName });

  it('keeps code that an environment still runs until the environment ends', async () => {
    // The handler reads a file of its code after the function has let go of it.
    const code = await runtime.prepareCode(
      await zipOf({
        'index.mjs': `import { readFile } from 'node:fs/promises';
          export const handler = async () => {
            await new Promise((resolve) => setTimeout(resolve, 300));
            return readFile(process.env.LAMBDA_TASK_ROOT + '/data.txt', 'utf8');
          };`,
        'data.txt': 'still there',
      }),
    );
    const fn = snapshot(code.codeDirectory, 'still-running');
    const running = runtime.invoke({ fn, payload: Buffer.from('{}'), requestId: 'r-1' });
    // What DeleteFunction does while the invocation runs.
    runtime.releaseCode(code.codeDirectory);
    await runtime.retire(fn.functionName);
    expect(JSON.parse((await running).payload.toString())).toBe('still there');
    await gone(code.codeDirectory);
  });

  it('refuses code past the cap on all unpacked code with CodeStorageExceededException', async () => {
    const firstZip = await paddedZip('first', 12);
    const first = await runtime.prepareCode(firstZip);
    // The same code again takes no more room.
    expect(await runtime.prepareCode(firstZip)).toEqual(first);
    const second = await paddedZip('second', 12);
    await expect(runtime.prepareCode(second)).rejects.toMatchObject({
      code: 'CodeStorageExceededException',
      message: 'Code storage limit exceeded.',
      statusCode: 400,
      fields: { Type: 'User' },
    });
    // Refused code leaves nothing on disk.
    expect(await readdir(path.dirname(first.codeDirectory))).toEqual([
      path.basename(first.codeDirectory),
    ]);
    runtime.releaseCode(first.codeDirectory);
    runtime.releaseCode(first.codeDirectory);
    await gone(first.codeDirectory);
    const accepted = await runtime.prepareCode(second);
    runtime.releaseCode(accepted.codeDirectory);
  });

  it('at start, removes the folders of local clouds whose process is gone, and only those', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = await mkdtemp(path.join(tmpdir(), 'l2l-lambda-'));
    const live = await mkdtemp(path.join(tmpdir(), 'l2l-lambda-'));
    const unknown = await mkdtemp(path.join(tmpdir(), 'l2l-lambda-'));
    try {
      await mkdir(path.join(stale, 'code', 'abc'), { recursive: true });
      await writeFile(path.join(stale, 'pid'), String(deadPid));
      await writeFile(path.join(live, 'pid'), String(process.ppid));
      const started = new LambdaRuntime({ logs, concurrencyLimit: 1 });
      // Its first code is unpacked after the sweep.
      await started.prepareCode(await zipOf({ 'index.mjs': '' }));
      await started.stop();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(unknown)).toBe(true);
    } finally {
      await Promise.all([stale, live, unknown].map((d) => rm(d, { recursive: true, force: true })));
    }
  });
});

describe('the model', () => {
  it('gives code back to the runtime when the change cannot go on', async () => {
    const stub = stubRuntime();
    const model = new LambdaModel({ runtime: stub.runtime, accountId: '000000000000' });
    const input = {
      FunctionName: 'raced',
      Runtime: 'nodejs22.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await zipOf({ 'index.mjs': '' }) },
    };
    const outcomes = await Promise.allSettled([
      model.createFunction('eu-west-1', input),
      model.createFunction('eu-west-1', input),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(stub.released).toHaveLength(1);
    model.deleteFunction('eu-west-1', 'raced');
    expect(stub.released).toHaveLength(2);
  });
});

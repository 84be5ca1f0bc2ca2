/**
 * Reserved concurrency and GetAccountSettings through the unchanged SDK v3 client, against
 * a running local cloud with real execution environments.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../src/index.ts';
import { handlerZip } from './lambda-support.ts';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';

const logEvents: LogEvent[] = [];
const cloud = useLocalCloud({
  concurrencyLimit: 5,
  codeStorageLimitBytes: 64 * 1024 * 1024,
  onLogEvent: (event) => logEvents.push(event),
});
let lambda: LambdaClient;

beforeAll(() => {
  lambda = new LambdaClient(clientConfig(cloud()));
});
afterAll(() => lambda.destroy());

/** Logs the event's `id`, then answers once the file `event.release` exists (at once without one). */
function held() {
  return handlerZip(
    `import { existsSync } from 'node:fs';
export const handler = async (event) => {
  console.log('ran', event.id);
  while (event.release && !existsSync(event.release)) await new Promise((r) => setTimeout(r, 10));
  return event.id;
};`,
  );
}

function ran(name: string, id: string): boolean {
  return logEvents.some(
    (e) => e.logGroupName === `/aws/lambda/${name}` && e.message.includes(`ran ${id}`),
  );
}

const payload = (id: string, release?: string) => Buffer.from(JSON.stringify({ id, release }));

describe('reserved concurrency', () => {
  it('a synchronous invoke past the reservation gets 429 with its Reason', async () => {
    await createFunction(lambda, 'reserved', await held());
    const put = await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: 'reserved',
        ReservedConcurrentExecutions: 1,
      }),
    );
    expect(put.ReservedConcurrentExecutions).toBe(1);
    const release = path.join(await mkdtemp(path.join(tmpdir(), 'l2l-release-')), 'release');
    const first = lambda.send(
      new InvokeCommand({ FunctionName: 'reserved', Payload: payload('first', release) }),
    );
    await vi.waitFor(() => expect(ran('reserved', 'first')).toBe(true), 5_000);
    const refused = await failure<TooManyRequestsException>(
      lambda.send(new InvokeCommand({ FunctionName: 'reserved', Payload: payload('second') })),
    );
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    expect(refused.$metadata.httpStatusCode).toBe(429);
    expect(refused.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    await writeFile(release, '');
    expect((await first).StatusCode).toBe(200);
    await rm(path.dirname(release), { recursive: true });
  });

  it('0 stops the function; its Event invocations wait and run once it may run again', async () => {
    await createFunction(lambda, 'stopped', await held());
    await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: 'stopped',
        ReservedConcurrentExecutions: 0,
      }),
    );
    const refused = await failure<TooManyRequestsException>(
      lambda.send(new InvokeCommand({ FunctionName: 'stopped', Payload: payload('sync') })),
    );
    expect(refused.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    const queued = await lambda.send(
      new InvokeCommand({
        FunctionName: 'stopped',
        InvocationType: 'Event',
        Payload: payload('held'),
      }),
    );
    expect(queued.StatusCode).toBe(202);
    expect(
      await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'stopped' })),
    ).toMatchObject({ ReservedConcurrentExecutions: 0 });
    expect(ran('stopped', 'held')).toBe(false);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'stopped' }));
    await vi.waitFor(() => expect(ran('stopped', 'held')).toBe(true), 5_000);
    expect(ran('stopped', 'sync')).toBe(false);
  });
});

describe('GetAccountSettings', () => {
  // After the tests above: two functions, 'reserved' reserving 1 of the 5.
  it('answers with the local cloud limits and what is used', async () => {
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toEqual({
      TotalCodeSize: 64 * 1024 * 1024,
      CodeSizeUnzipped: 262_144_000,
      CodeSizeZipped: 52_428_800,
      ConcurrentExecutions: 5,
      UnreservedConcurrentExecutions: 4,
    });
    expect(settings.AccountUsage?.FunctionCount).toBe(2);
    expect(settings.AccountUsage?.TotalCodeSize).toBeGreaterThan(0);
  });
});

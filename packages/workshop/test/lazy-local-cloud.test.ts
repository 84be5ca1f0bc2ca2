/**
 * `--target aws` (and a named endpoint) never load the emulator: `openWorkshop` imports
 * @l2l/local-cloud only to start one, and a chapter @l2l/local-cloud/run-trace only for `--trace`.
 */
import { createServer } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, expect, it, vi } from 'vitest';
import { runChapterCli } from '../src/steps.ts';
import { openWorkshop } from '../src/workshop.ts';

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('@l2l/local-cloud', async (importOriginal) => {
  loads.count++;
  return importOriginal();
});
vi.mock('@l2l/local-cloud/run-trace', async (importOriginal) => {
  loads.count++;
  return importOriginal();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

it('opens a workshop on AWS without loading the local cloud', async () => {
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  try {
    const workshop = await openWorkshop({ target: 'aws', prefix: '', yes: true });
    expect(workshop.accountId).toBe('123456789012');
    await workshop.close();
  } finally {
    sts.restore();
  }
  expect(loads.count).toBe(0);
});

it('runs a chapter on AWS without loading the local cloud or its run record', async () => {
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  const ran: string[] = [];
  try {
    await runChapterCli(
      {
        packageName: '@l2l/example',
        title: 'Chapter 9: an example',
        steps: [
          { name: 'only', title: '9.1 only', summary: '', run: async () => void ran.push('only') },
        ],
        cleanup: async () => [],
      },
      ['--target', 'aws', '--yes'],
    );
  } finally {
    sts.restore();
  }
  expect(ran).toEqual(['only']);
  expect(process.exitCode).toBeUndefined();
  expect(loads.count).toBe(0);
});

it('does not load it for an endpoint the learner named either', async () => {
  // A port where nothing listens: one that was free a moment ago.
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  await expect(openWorkshop({ target: 'local', endpoint, prefix: '', yes: false })).rejects.toThrow(
    `Nothing answers at ${endpoint}`,
  );
  expect(loads.count).toBe(0);
});

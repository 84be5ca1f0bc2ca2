/**
 * kinesis-mock as the system sees it (Linux's /proc): where it listens, that it
 * does not outlive the local cloud, and what the cloud says and does when
 * kinesis-mock dies under it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KinesisClient, ListStreamsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListFunctionsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { describe, expect, it, vi } from 'vitest';
import { startLocalCloud } from '../src/index.ts';
import { STREAM_READ_PROBLEM } from '../src/services/lambda/event-source-mappings/kinesis-poller.ts';
import { handlerZip } from './lambda-support.ts';
import { createFunction } from './support/functions.ts';
import { createStream, createStreamReadingRole, waitForState } from './support/kinesis-trigger.ts';
import { CREDENTIALS, clientConfig, REGION, startTestCloud } from './support/local-cloud.ts';
import { kinesisMockPid, listeningAddresses, waitUntilGone } from './support/processes.ts';

const CLI = fileURLToPath(new URL('../bin/local-cloud.mjs', import.meta.url));
/** How long kinesis-mock may take to go once the local cloud's process is gone. */
const GONE_WITHIN_MS = 10_000;

/** Starts `pnpm local-cloud --port 0` (the CLI's bundle, as the script runs it); resolves with its endpoint. */
function startCli(): { cli: ChildProcess; endpoint: Promise<string>; output: () => string } {
  const cli = spawn(process.execPath, [CLI, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const endpoint = new Promise<string>((resolve, reject) => {
    cli.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    });
    cli.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    cli.once('exit', (code) => reject(new Error(`the CLI exited (${code}): ${output}`)));
  });
  return { cli, endpoint, output: () => output };
}

function stopIfRunning(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe.runIf(process.platform === 'linux')('kinesis-mock, the local cloud’s child', () => {
  it('listens on 127.0.0.1 only, both its ports, and exits when the cloud is killed with SIGKILL', async () => {
    const { cli, endpoint, output } = startCli();
    let kinesisMock: number | undefined;
    try {
      const kinesis = new KinesisClient({
        endpoint: await endpoint,
        region: REGION,
        credentials: CREDENTIALS,
      });
      await kinesis.send(new ListStreamsCommand({}));
      kinesis.destroy();
      kinesisMock = await kinesisMockPid(cli.pid as number);

      const addresses = await listeningAddresses(kinesisMock);
      // Its plain (HTTP) port and its TLS port, both on 127.0.0.1 (0100007F), none on 0.0.0.0 or ::.
      expect(addresses).toHaveLength(2);
      for (const address of addresses) expect(address).toMatch(/^0100007F:[0-9A-F]{4}$/);
      // Below Linux's ephemeral range (32768-60999), which outgoing connections take ports from.
      const ports = addresses.map((address) => Number.parseInt(address.slice(-4), 16));
      for (const port of ports) expect(port).toBeLessThan(32_768);

      cli.kill('SIGKILL');
      await waitUntilGone(kinesisMock, GONE_WITHIN_MS);
      kinesisMock = undefined;
      expect(output()).not.toContain('kinesis-mock stopped');
    } finally {
      cli.kill('SIGKILL');
      stopIfRunning(kinesisMock);
    }
  });

  it('when kinesis-mock dies, says so once; Kinesis answers 503 and mappings report the problem', async () => {
    const notices: string[] = [];
    let noticed: () => void = () => {};
    const firstNotice = new Promise<void>((resolve) => {
      noticed = resolve;
    });
    const cloud = await startTestCloud({
      port: 0,
      kinesisPollIntervalMs: 10,
      onNotice: (message) => {
        notices.push(message);
        noticed();
      },
    });
    const lambda = new LambdaClient(clientConfig(cloud));
    const kinesis = new KinesisClient({ ...clientConfig(cloud), maxAttempts: 1 });
    try {
      const StreamARN = await createStream(kinesis, 'watched');
      await createStreamReadingRole(cloud);
      /** A function reading the stream (or, with `Enabled: false`, about to); its mapping's UUID. */
      const mappedFunction = async (name: string, Enabled: boolean) => {
        await createFunction(
          lambda,
          name,
          await handlerZip('export const handler = async () => ({});'),
        );
        const { UUID } = await lambda.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: StreamARN,
            FunctionName: name,
            StartingPosition: 'TRIM_HORIZON',
            Enabled,
          }),
        );
        await waitForState(lambda, UUID, Enabled ? 'Enabled' : 'Disabled');
        return UUID;
      };
      const reading = await mappedFunction('reader', true);
      const enabledLater = await mappedFunction('idle', false);
      const lastProcessingResult = (UUID: string | undefined) => async () =>
        (await lambda.send(new GetEventSourceMappingCommand({ UUID }))).LastProcessingResult;
      await kinesis.send(
        new PutRecordCommand({ StreamARN, PartitionKey: 'key', Data: Buffer.from('{}') }),
      );
      await expect.poll(lastProcessingResult(reading), { timeout: 10_000 }).toBe('OK');

      process.kill(await kinesisMockPid(process.pid), 'SIGKILL');
      await firstNotice;
      expect(notices).toEqual([
        'kinesis-mock stopped (SIGKILL) while the local cloud was running, and its streams are gone. Kinesis calls now fail with ServiceUnavailable; restart the local cloud to use Kinesis again.',
      ]);

      const refusal = {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
        message:
          'Kinesis is not available in the local cloud: kinesis-mock stopped (SIGKILL) while the local cloud was running, and its streams are gone. Restart the local cloud to use Kinesis again.',
      };
      await expect(kinesis.send(new ListStreamsCommand({}))).rejects.toMatchObject(refusal);
      await expect(
        kinesis.send(
          new PutRecordCommand({ StreamARN, PartitionKey: 'key', Data: Buffer.from('{}') }),
        ),
      ).rejects.toMatchObject(refusal);
      await expect
        .poll(lastProcessingResult(reading), { timeout: 10_000 })
        .toBe(STREAM_READ_PROBLEM);
      // A mapping enabled now has no stream to read either.
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: enabledLater, Enabled: true }));
      await waitForState(lambda, enabledLater, 'Enabled');
      expect(await lastProcessingResult(enabledLater)()).toBe(STREAM_READ_PROBLEM);
      // Said once, and the other services go on.
      expect(notices).toHaveLength(1);
      expect((await lambda.send(new ListFunctionsCommand({}))).Functions).toHaveLength(2);
    } finally {
      lambda.destroy();
      kinesis.destroy();
      await cloud.stop();
    }
  });
  it('starts kinesis-mock at once, before any Kinesis call, with startKinesisNow', async () => {
    const cloud = await startLocalCloud({ port: 0, startKinesisNow: true });
    try {
      // No Kinesis call is made: the process is there all the same, and listens on loopback.
      const pid = await vi.waitFor(() => kinesisMockPid(process.pid), {
        timeout: 15_000,
        interval: 50,
      });
      await vi.waitFor(
        async () => expect((await listeningAddresses(pid)).length).toBeGreaterThan(0),
        { timeout: 15_000, interval: 50 },
      );
    } finally {
      await cloud.stop();
    }
  });
});

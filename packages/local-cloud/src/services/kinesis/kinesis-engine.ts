/**
 * kinesis-mock (npm `kinesis-local`, the Kinesis engine LocalStack uses), run
 * as a child process on free loopback ports, started on first use only: it
 * takes about 0.6 s and 250 MB, which a chapter without Kinesis should not pay.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { LOOPBACK } from '../../server/http-server.ts';

const STARTUP_TIMEOUT_MS = 15_000;
/** kinesis-mock makes a stream ACTIVE this long after CreateStream (500 ms by default).
 * None, so that the SDK's `waitUntilStreamExists` sees ACTIVE at its first look
 * instead of sleeping its 10 s minimum delay: with 10 ms, 7 of 30 first looks
 * right after CreateStream still saw CREATING (measured here); with 0, none did. */
const STREAM_STATE_DELAY = '0ms';

export interface KinesisEngineAddress {
  readonly host: string;
  readonly port: number;
}

export class KinesisEngine {
  private child: ChildProcess | undefined;
  private starting: Promise<KinesisEngineAddress> | undefined;
  private output = '';

  /** `entryPoint`: kinesis-mock's main.js; another path only to test what happens when it cannot start. */
  constructor(
    private readonly entryPoint = createRequire(import.meta.url).resolve('kinesis-local'),
  ) {}

  /** Starts kinesis-mock on the first call; later calls get the same address (or the same error). */
  address(): Promise<KinesisEngineAddress> {
    this.starting ??= this.start();
    return this.starting;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private async start(): Promise<KinesisEngineAddress> {
    const main = this.entryPoint;
    const [plainPort, tlsPort] = [await freePort(), await freePort()];
    const durations = Object.fromEntries(
      [
        'CREATE_STREAM_DURATION',
        'DELETE_STREAM_DURATION',
        'UPDATE_SHARD_COUNT_DURATION',
        'REGISTER_STREAM_CONSUMER_DURATION',
        'DEREGISTER_STREAM_CONSUMER_DURATION',
      ].map((name) => [name, STREAM_STATE_DELAY]),
    );
    const child = spawn(process.execPath, [main], {
      // kinesis-mock reads its TLS certificate (server.json) from the working directory.
      cwd: path.dirname(main),
      env: {
        PATH: process.env.PATH,
        KINESIS_MOCK_PLAIN_PORT: String(plainPort),
        KINESIS_MOCK_TLS_PORT: String(tlsPort),
        LOG_LEVEL: 'ERROR',
        ...durations,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-2_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`kinesis-mock could not be run: ${error.message}`)),
      );
      child.once('exit', (code, signal) =>
        reject(
          new Error(
            `kinesis-mock exited (${signal ?? `code ${code}`}) before it answered.${this.output ? ` It said: ${this.output.trim()}` : ''}`,
          ),
        ),
      );
    });
    await Promise.race([waitForPort(plainPort, STARTUP_TIMEOUT_MS), exited]).catch(
      async (error) => {
        await this.stop();
        throw error;
      },
    );
    return { host: LOOPBACK, port: plainPort };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, LOOPBACK);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`kinesis-mock did not open port ${port} within ${timeoutMs / 1000} s`);
}

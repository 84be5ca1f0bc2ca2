/**
 * kinesis-mock (npm `kinesis-local`, the Kinesis engine LocalStack uses), run
 * as a child process on free loopback ports, started on first use only: it
 * takes about 0.6 s and 250 MB, which a chapter without Kinesis should not pay.
 *
 * It listens on 127.0.0.1 only (KINESIS_MOCK_HOST, which our pnpm patch of
 * kinesis-local adds: see pnpm-workspace.yaml), exits with the local cloud's
 * process however that ends (./exit-with-parent.cjs), and if it dies while the
 * cloud runs, the cloud says so once and every later Kinesis call fails with a
 * ServiceUnavailable that says why. It is not restarted: a new kinesis-mock would
 * have none of the streams, and the mappings and producers that use them would go
 * on against look-alike streams, failing in ways far from the cause.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOOPBACK } from '../../loopback.ts';

const STARTUP_TIMEOUT_MS = 15_000;
/** kinesis-mock makes a stream ACTIVE this long after CreateStream (500 ms by default).
 * None, so that the SDK's `waitUntilStreamExists` sees ACTIVE at its first look
 * instead of sleeping its 10 s minimum delay: with 10 ms, 7 of 30 first looks
 * right after CreateStream still saw CREATING (measured here); with 0, none did. */
const STREAM_STATE_DELAY = '0ms';
/** Where kinesis-mock's ports are picked (see `freePort`). */
const PORTS = { first: 20_000, last: 32_767 };
/** Starts with ports that another process took before kinesis-mock could listen on them. */
const START_ATTEMPTS = 3;
const EXIT_WITH_PARENT = fileURLToPath(new URL('./exit-with-parent.cjs', import.meta.url));

export interface KinesisEngineAddress {
  readonly host: string;
  readonly port: number;
}

export interface KinesisEngineOptions {
  /** Told when kinesis-mock stops while the local cloud runs (LocalCloudOptions.onNotice). */
  readonly onNotice?: (message: string) => void;
  /** kinesis-mock's main.js; another path only to test what happens when it cannot start. */
  readonly entryPoint?: string;
}

export class KinesisEngine {
  private child: ChildProcess | undefined;
  private starting: Promise<KinesisEngineAddress> | undefined;
  /** Why kinesis-mock is gone for good, once it stopped by itself after it had started. */
  private lost: Error | undefined;
  private stopping = false;
  private output = '';

  constructor(private readonly options: KinesisEngineOptions = {}) {}

  /** Starts kinesis-mock on the first call; later calls get the same address (or the same error). */
  address(): Promise<KinesisEngineAddress> {
    if (this.lost) return Promise.reject(this.lost);
    this.starting ??= this.start();
    return this.starting;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child) await this.kill(this.child);
  }

  private async kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  /** Starts kinesis-mock, on other ports if one it was given was taken before it could listen. */
  private async start(): Promise<KinesisEngineAddress> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.launch(await freePort(), await freePort());
      } catch (error) {
        if (attempt === START_ATTEMPTS || !this.output.includes('Address already in use')) {
          throw error;
        }
        this.output = '';
      }
    }
  }

  private async launch(plainPort: number, tlsPort: number): Promise<KinesisEngineAddress> {
    const main = this.options.entryPoint ?? createRequire(import.meta.url).resolve('kinesis-local');
    const durations = Object.fromEntries(
      [
        'CREATE_STREAM_DURATION',
        'DELETE_STREAM_DURATION',
        'UPDATE_SHARD_COUNT_DURATION',
        'REGISTER_STREAM_CONSUMER_DURATION',
        'DEREGISTER_STREAM_CONSUMER_DURATION',
      ].map((name) => [name, STREAM_STATE_DELAY]),
    );
    const child = spawn(process.execPath, ['--require', EXIT_WITH_PARENT, main], {
      // kinesis-mock reads its TLS certificate (server.json) from the working directory.
      cwd: path.dirname(main),
      env: {
        PATH: process.env.PATH,
        KINESIS_MOCK_HOST: LOOPBACK,
        KINESIS_MOCK_PLAIN_PORT: String(plainPort),
        KINESIS_MOCK_TLS_PORT: String(tlsPort),
        LOG_LEVEL: 'ERROR',
        ...durations,
      },
      // stdin: the pipe whose end tells kinesis-mock that the local cloud is gone.
      stdio: ['pipe', 'pipe', 'pipe'],
      // A process group of its own: Ctrl-C in the terminal reaches the cloud only, which
      // then stops kinesis-mock; else kinesis-mock would die first, as if it had crashed.
      detached: true,
      windowsHide: true,
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-2_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // Nothing is written to it; only its end, when this process ends, counts.
    child.stdin?.on('error', () => {});

    const exited = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`kinesis-mock could not be run: ${error.message}`)),
      );
      child.once('exit', (code, signal) =>
        reject(
          new Error(
            `kinesis-mock exited (${exitReason(code, signal)}) before it answered.${this.said()}`,
          ),
        ),
      );
    });
    // Ready once it answers on its plain port. (Its TLS port is not probed: a connection there
    // that ends before a TLS handshake keeps kinesis-mock from exiting when its stdin ends.)
    await Promise.race([waitForPort(plainPort, STARTUP_TIMEOUT_MS), exited]).catch(
      async (error) => {
        await this.kill(child);
        throw error;
      },
    );
    child.once('exit', (code, signal) => {
      if (!this.stopping) this.lose(exitReason(code, signal));
    });
    return { host: LOOPBACK, port: plainPort };
  }

  /** kinesis-mock stopped by itself (killed, out of memory, crashed): said once, then every call fails. */
  private lose(reason: string): void {
    const what = `kinesis-mock stopped (${reason}) while the local cloud was running, and its streams are gone.`;
    this.lost = new Error(`${what} Restart the local cloud to use Kinesis again.${this.said()}`);
    this.options.onNotice?.(
      `${what} Kinesis calls now fail with ServiceUnavailable; restart the local cloud to use Kinesis again.${this.said()}`,
    );
  }

  /** kinesis-mock's last words, if any. */
  private said(): string {
    return this.output ? ` It said: ${this.output.trim()}` : '';
  }
}

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ?? `code ${code}`;
}

/**
 * A free port for kinesis-mock, found before it starts and so free again when it listens.
 * Picked below the ranges from which the system gives ports to outgoing connections and to
 * `listen(0)` (Linux 32768-60999, macOS and Windows 49152-65535), so that neither can take it
 * in between, as happened while tests ran side by side; another process picking the same one
 * at random is left to the retry in `start`.
 */
async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = PORTS.first + Math.floor(Math.random() * (PORTS.last - PORTS.first + 1));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port for kinesis-mock between ${PORTS.first} and ${PORTS.last}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
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

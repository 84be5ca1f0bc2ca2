/**
 * Where an execution environment's bootstrap (bootstrap.ts) runs: a worker thread of the
 * local cloud's own Node.js when it is the major the function's runtime names, otherwise a
 * child process of that major's binary (node-binaries.ts). Both carry the same messages
 * (worker-messages.ts) and end the same way, with an exit code and whether the runtime ran
 * out of memory, so that the environment (execution-environment.ts) does not tell them apart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OUT_OF_MEMORY_MARKER } from './bootstrap-channel.ts';
import type { InvokeMessage, WorkerMessage } from './worker-messages.ts';

export interface RuntimeProcess {
  send(message: InvokeMessage): void;
  /** Ends it at once; resolves once it is gone. Its end is not reported as out of memory. */
  terminate(): Promise<void>;
}

export interface RuntimeProcessOptions {
  readonly bootstrap: URL;
  /** The runtime's whole environment (Lambda's variables and the function's). */
  readonly env: Readonly<Record<string, string>>;
  /** The function's MemorySize, which caps the V8 heap. */
  readonly memorySizeMb: number;
  /** A Node.js binary to run a child process of; a worker thread without one. */
  readonly binary?: string;
  readonly onMessage: (message: WorkerMessage) => void;
  readonly onExit: (exitCode: number, outOfMemory: boolean) => void;
}

export function startRuntimeProcess(options: RuntimeProcessOptions): RuntimeProcess {
  return options.binary === undefined ? startWorker(options) : startChild(options, options.binary);
}

function startWorker(options: RuntimeProcessOptions): RuntimeProcess {
  let outOfMemory = false;
  const worker = new Worker(options.bootstrap, {
    env: options.env,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: options.memorySizeMb },
  });
  worker.on('message', options.onMessage);
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory = true;
  });
  worker.on('exit', (exitCode) => options.onExit(exitCode, outOfMemory));
  return {
    send: (message) => worker.postMessage(message),
    terminate: () => worker.terminate().then(() => undefined),
  };
}

/** The last bytes of a child's stderr are kept: V8 writes there when its heap runs out. */
const STDERR_TAIL_BYTES = 4096;

function startChild(options: RuntimeProcessOptions, binary: string): RuntimeProcess {
  const child: ChildProcess = spawn(
    binary,
    [`--max-old-space-size=${options.memorySizeMb}`, fileURLToPath(options.bootstrap)],
    {
      env: { ...windowsEssentials(), ...options.env },
      cwd: options.env.LAMBDA_TASK_ROOT,
      // The bootstrap turns the handler's stdout and stderr into log lines itself.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      windowsHide: true,
    },
  );
  let stderrTail = '';
  let terminated = false;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  child.on('message', (message: WorkerMessage) => options.onMessage(message));
  child.on('error', (error) => {
    stderrTail += String(error);
  });
  const closed = new Promise<void>((resolve) => {
    child.on('close', (exitCode, signal) => {
      const outOfMemory =
        !terminated &&
        (stderrTail.includes(OUT_OF_MEMORY_MARKER) || /heap out of memory/i.test(stderrTail));
      // A signal other than ours (SIGABRT from V8, say) reads as 128 + its number.
      options.onExit(exitCode ?? 128 + signalNumber(signal), outOfMemory);
      resolve();
    });
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    terminate: () => {
      terminated = true;
      child.kill('SIGKILL');
      return closed;
    },
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return (signal && constants.signals[signal]) || 1;
}

/** Windows cannot start a process whose environment lacks SystemRoot; Lambda's has no such name. */
function windowsEssentials(): Record<string, string> {
  const systemRoot = process.env.SystemRoot;
  return process.platform === 'win32' && systemRoot ? { SystemRoot: systemRoot } : {};
}

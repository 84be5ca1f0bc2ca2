/**
 * The bootstrap's line to its execution environment: the worker thread's port, or the IPC
 * channel of a child process (runtime-process.ts). Part of the bootstrap (bootstrap.ts).
 */
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { InvokeMessage, WorkerMessage } from './worker-messages.ts';

/** What a child process writes to its stderr when it ends past MemorySize: its IPC channel
 * may not deliver a last message before the process exits, its stderr does. */
export const OUT_OF_MEMORY_MARKER = 'l2l-runtime: out of memory';

export interface BootstrapChannel {
  post(message: WorkerMessage): void;
  /** Posts a last message, then ends the runtime with `exitCode` once it is on its way. */
  postAndExit(message: WorkerMessage, exitCode: number): void;
  /** Ends the runtime at once, as out of memory (the environment then says Runtime.OutOfMemory). */
  exitOutOfMemory(): never;
  onInvoke(listener: (message: InvokeMessage) => void): void;
  /** Whether the channel alone keeps the event loop alive (unref lets it run empty, which
   * fires `beforeExit`: callbackWaitsForEmptyEventLoop). */
  ref(): void;
  unref(): void;
}

// Taken before the handler loads, so that its own process.exit cannot stand in.
const exit = process.exit.bind(process);
/** Lambda ends a runtime past its memory with SIGKILL: exit status 128 + 9. */
const KILLED = 137;

export function bootstrapChannel(): BootstrapChannel {
  if (parentPort) {
    const port = parentPort;
    return {
      post: (message) => port.postMessage(message),
      // A worker's queued messages are delivered even when it exits right after.
      postAndExit: (message, exitCode) => {
        port.postMessage(message);
        exit(exitCode);
      },
      exitOutOfMemory: () => {
        port.postMessage({ type: 'outOfMemory' } satisfies WorkerMessage);
        // In a worker thread, process.exit stops the thread at once, even inside a loop.
        return exit(KILLED);
      },
      onInvoke: (listener) => port.on('message', listener),
      ref: () => port.ref(),
      unref: () => port.unref(),
    };
  }
  const send = process.send?.bind(process);
  const channel = process.channel;
  if (!send || !channel)
    throw new Error('The Lambda bootstrap runs in a worker thread or a child process with IPC');
  return {
    post: (message) => send(message),
    postAndExit: (message, exitCode) => {
      send(message, undefined, undefined, () => exit(exitCode));
    },
    exitOutOfMemory: () => {
      writeSync(2, `${OUT_OF_MEMORY_MARKER}\n`);
      return exit(KILLED);
    },
    onInvoke: (listener) => process.on('message', listener),
    ref: () => channel.ref(),
    unref: () => channel.unref(),
  };
}

/**
 * The two ways a function runs (src/services/lambda/runtime/node-binaries.ts): in a worker
 * thread when its runtime names the host's Node.js major, in a child process of that major's
 * binary otherwise. Tests that hold for both run on one runtime of each, whatever the host.
 */
import { HOST_NODE_MAJOR } from '../../src/services/lambda/runtime/node-binaries.ts';

/** The runtime of the host's own major: its functions run in worker threads. */
export const THREAD_RUNTIME = `nodejs${HOST_NODE_MAJOR}.x`;
/** A runtime of another major (both have a binary from the registry): child processes. */
export const PROCESS_RUNTIME = HOST_NODE_MAJOR === 24 ? 'nodejs22.x' : 'nodejs24.x';

export const RUNTIME_PATHS = [
  { path: 'a worker thread', runtime: THREAD_RUNTIME },
  { path: 'a child process', runtime: PROCESS_RUNTIME },
] as const;

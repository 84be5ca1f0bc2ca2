/**
 * The callee as Lambda runs it: one ES module, `index.mjs`, in a zip. esbuild bundles the
 * handler with everything it imports (`@l2l/decoding` included), so the zip needs no
 * node_modules; yazl writes the zip.
 */

import { buffer } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ZipFile } from 'yazl';

/** The function's `Handler` setting: the `handler` export of `index.mjs`. */
export const HANDLER = 'index.handler';
/** The function's `Runtime` setting; esbuild targets the same Node.js version. */
export const RUNTIME = 'nodejs24.x';

export const handlerNames = ['echo', 'kinesis-decode'] as const;
/** `echo` is step 1.1, `kinesis-decode` step 5.3. */
export type HandlerName = (typeof handlerNames)[number];

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const entryPoints: Record<HandlerName, string> = {
  echo: fileURLToPath(new URL('./echo.ts', import.meta.url)),
  'kinesis-decode': fileURLToPath(new URL('./kinesis-decode.ts', import.meta.url)),
};

/** The handler bundled into the source of one ES module. */
export function bundleHandler(name: HandlerName): Promise<Uint8Array> {
  return bundle(entryPoints[name]);
}

/**
 * A handler module (a TypeScript file that exports `handler`) bundled with what it imports,
 * except the AWS SDK v3 clients: Lambda's Node.js runtimes provide those, as the local cloud's
 * runtime does, so a function that calls other services ships only its own code.
 */
async function bundle(entryPoint: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entryPoint],
    external: ['@aws-sdk/*'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    write: false,
    // The bundle's comments name source files relative to this directory: keep it fixed.
    absWorkingDir: packageDir,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) {
    throw new Error(`esbuild produced no output for ${entryPoint}`);
  }
  return output.contents;
}

/** A deployment package for the handler: a zip holding only `index.mjs`. */
export async function buildHandlerZip(name: HandlerName): Promise<Uint8Array> {
  return zipModule(await bundleHandler(name));
}

/**
 * A deployment package for any handler module of the workshop (a function of a later chapter,
 * given as the path of its TypeScript file): bundled and zipped as the echo callee is.
 */
export async function buildFunctionZip(entryPoint: string): Promise<Uint8Array> {
  return zipModule(await bundle(entryPoint));
}

/** A zip holding only `index.mjs`, with this source. */
async function zipModule(source: Uint8Array): Promise<Uint8Array> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), 'index.mjs', {
    // A fixed date, so that the same code gives the same zip: the walkthrough's, 2017-03-19.
    // A zip stores it as local date and time fields (with `forceDosTimestamp`, nothing else),
    // and yazl reads those fields in the current time zone, so the Date is made here, at
    // midnight local time, for the fields to read 2017-03-19 00:00 in every time zone.
    mtime: new Date(2017, 2, 19),
    forceDosTimestamp: true,
    // A regular file readable by all: Lambda runs the code as a user other than its owner.
    mode: 0o100644,
  });
  zip.end();
  return buffer(zip.outputStream);
}

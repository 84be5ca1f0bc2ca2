/**
 * Deployment packages for tests. `echoZip` is the walkthrough's echo callee (step 1.1), the
 * very zip `@l2l/echo-handler` builds for the chapters and for AWS (a leaf package: it depends
 * on nothing of the workshop but `@l2l/decoding`, so this package can use it in its tests).
 */
import { buffer } from 'node:stream/consumers';
import { buildHandlerZip } from '@l2l/echo-handler';
import { ZipFile } from 'yazl';

export { HANDLER, RUNTIME } from '@l2l/echo-handler';

/** A zip of `files` (name -> text), with an optional Unix mode for every entry. */
export function zipOf(files: Record<string, string>, mode?: number): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files))
    zip.addBuffer(Buffer.from(text), name, { mode });
  zip.end();
  return buffer(zip.outputStream);
}

let echo: Promise<Uint8Array> | undefined;

/** Step 1.1's callee (it logs the whole event and returns it), built once per test file;
 * each caller gets a copy of its own. */
export async function echoZip(): Promise<Buffer> {
  echo ??= buildHandlerZip('echo');
  return Buffer.from(await echo);
}

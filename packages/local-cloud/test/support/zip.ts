/**
 * Deployment packages for tests. `echoZip` is the walkthrough's echo callee (step 1.1), the
 * very zip `@l2l/echo-callee` builds for the chapters and for AWS.
 *
 * It is imported by path, not as a package: `@l2l/echo-callee` deploys through
 * `@l2l/workshop`, which runs this local cloud, so declaring it here would make a dependency
 * cycle, which turbo refuses. turbo.json lists echo-callee's sources among this package's test
 * inputs instead, so that a change to the callee runs these tests again.
 */
import { buffer } from 'node:stream/consumers';
import { ZipFile } from 'yazl';
import { buildHandlerZip } from '../../../echo-callee/src/build.ts';

export { HANDLER, RUNTIME } from '../../../echo-callee/src/build.ts';

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

/**
 * Deployment packages for tests. The local cloud does not depend on the
 * workshop's packages (they depend on it), so its tests zip their own handlers;
 * `echoZip` is the walkthrough's echo callee (step 1.1), written out here.
 */
import { buffer } from 'node:stream/consumers';
import { ZipFile } from 'yazl';

export const HANDLER = 'index.handler';
export const RUNTIME = 'nodejs22.x';

/** A zip of `files` (name -> text), with an optional Unix mode for every entry. */
export function zipOf(files: Record<string, string>, mode?: number): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files))
    zip.addBuffer(Buffer.from(text), name, { mode });
  zip.end();
  return buffer(zip.outputStream);
}

/** Step 1.1's callee: logs the whole event and returns it. */
export const ECHO_SOURCE = `import { inspect } from 'node:util';
export const handler = async (event) => {
  console.log(inspect(event, { depth: null }));
  return event;
};
`;

export function echoZip(): Promise<Buffer> {
  return zipOf({ 'index.mjs': ECHO_SOURCE });
}

/**
 * Test support for the attacks of issue 10: what a web page of another site would
 * send to create a function on the learner's machine and run it. The function's
 * code writes a marker file when it is loaded, so a test can tell whether it ran.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROLE } from './functions.ts';
import { RUNTIME, zipOf } from './zip.ts';

export const EVIL_ORIGIN = 'https://evil.example';

export interface Marker {
  /** Where the function's code writes when it runs. */
  readonly file: string;
  /** Whether it ever ran. */
  written(): boolean;
}

/** A fresh marker file path (not written yet). */
export function marker(): Marker {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'l2l-attack-')), 'ran');
  return { file, written: () => existsSync(file) };
}

/** The JSON body of a CreateFunction whose code writes `markerFile` as soon as it loads. */
export async function createFunctionBody(name: string, markerFile: string): Promise<string> {
  const source = `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(markerFile)}, 'ran');
export const handler = async () => 'ran';
`;
  const zip = await zipOf({ 'index.mjs': source });
  return JSON.stringify({
    FunctionName: name,
    Runtime: RUNTIME,
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: zip.toString('base64') },
  });
}

/**
 * The same body as a `<form enctype="text/plain">` sends it: `NAME=VALUE\r\n`, with the
 * `=` hidden inside a JSON string, so that the whole is valid JSON.
 */
export function asTextPlainForm(json: string): { name: string; value: string; body: string } {
  const name = `${json.slice(0, -1)},"padding":"`;
  const value = '"}';
  return { name, value, body: `${name}=${value}\r\n` };
}

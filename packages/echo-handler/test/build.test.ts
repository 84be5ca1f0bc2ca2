import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import { directInvokeEvent, kinesisPutRecordEvent } from '@l2l/decoding/fixtures';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromBufferPromise } from 'yauzl';
import { buildHandlerZip, HANDLER, type HandlerName, RUNTIME } from '../src/index.ts';

interface ZipEntry {
  name: string;
  mode: number;
  modified: Date;
  contents: Buffer;
}

async function readZip(zip: Uint8Array): Promise<ZipEntry[]> {
  const zipFile = await fromBufferPromise(Buffer.from(zip), { lazyEntries: true });
  const entries: ZipEntry[] = [];
  for await (const entry of zipFile.eachEntry()) {
    entries.push({
      name: entry.fileName,
      mode: entry.externalFileAttributes >>> 16,
      modified: entry.getLastModDate(),
      contents: await buffer(await zipFile.openReadStreamPromise(entry)),
    });
  }
  return entries;
}

let tempDir: string;

beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'echo-handler-'));
});

afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

/**
 * Unzips the handler's zip to a directory of its own and imports `index.mjs`, as Lambda does.
 * There is no node_modules there: the import fails if the bundle left a package out.
 */
async function loadHandler(name: HandlerName): Promise<(event: unknown) => Promise<unknown>> {
  const entries = await readZip(await buildHandlerZip(name));
  expect(entries.map((entry) => entry.name)).toEqual(['index.mjs']);
  const [indexMjs] = entries as [ZipEntry];
  const directory = join(tempDir, name);
  await mkdir(directory);
  await writeFile(join(directory, 'index.mjs'), indexMjs.contents);
  const { handler } = await import(pathToFileURL(join(directory, 'index.mjs')).href);
  return handler;
}

describe('the deployment package', () => {
  it('is meant for Handler index.handler on nodejs24.x', () => {
    expect(HANDLER).toBe('index.handler');
    expect(RUNTIME).toBe('nodejs24.x');
  });

  it('of the echo callee holds only index.mjs, whose handler echoes the event', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const handler = await loadHandler('echo');
    await expect(handler(directInvokeEvent)).resolves.toEqual(directInvokeEvent);
    expect(console.log).toHaveBeenCalledWith("{ id: '1', name: 'Luna' }");
  });

  it('of the Kinesis callee carries @l2l/decoding inside and decodes the record', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const handler = await loadHandler('kinesis-decode');
    await expect(handler(kinesisPutRecordEvent)).resolves.toEqual({ batchItemFailures: [] });
    expect(console.log).toHaveBeenCalledWith(expect.stringContaining('"Kinesis 예제"'));
  });

  it('holds a file readable by all, dated 2017-03-19', async () => {
    const [indexMjs] = (await readZip(await buildHandlerZip('echo'))) as [ZipEntry];
    expect(indexMjs.mode).toBe(0o100644);
    expect(indexMjs.modified).toEqual(new Date(2017, 2, 19));
  });

  it('is the same bytes on every build, in any time zone', async () => {
    const timeZone = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const inUtc = await buildHandlerZip('kinesis-decode');
      const midnightInUtc = new Date(2017, 2, 19).getTime();
      process.env.TZ = 'Asia/Seoul';
      const inSeoul = await buildHandlerZip('kinesis-decode');
      // The time zone did change for this process.
      expect(new Date(2017, 2, 19).getTime()).not.toBe(midnightInUtc);
      expect(Buffer.from(inSeoul).equals(Buffer.from(inUtc))).toBe(true);
    } finally {
      process.env.TZ = timeZone;
    }
  });
});

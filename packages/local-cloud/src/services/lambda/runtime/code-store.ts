/**
 * Function code on disk: each zip is unpacked once per code version (its
 * SHA-256) into a folder of the runtime's temporary directory, the local
 * cloud's /var/task. Archives Lambda would refuse are refused with its errors.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Entry, fromBufferPromise, type ZipFile } from 'yauzl';
import { AwsError } from '../../../server/aws-error.ts';

export interface PreparedCode {
  readonly codeDirectory: string;
  /** Base64 SHA-256 of the zip, as Lambda's `CodeSha256`. */
  readonly codeSha256: string;
  /** Bytes of the zip, as Lambda's `CodeSize`. */
  readonly codeSize: number;
}

/** Lambda's quota on a function's unzipped code: 250 MB.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const MAX_UNZIPPED_BYTES = 262_144_000;

// Both messages, and refusing a size equal to the limit, as Lambda answers (and LocalStack
// reproduces in lambda_service.py, store_lambda_archive).
const NOT_A_ZIP =
  'Could not unzip uploaded file. Please check your file, then try to upload again.';
const TOO_LARGE = `Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export class CodeStore {
  private readonly unpacked = new Map<string, Promise<PreparedCode>>();

  /** @param directory the folder (created lazily by the caller) that holds every code version */
  constructor(private readonly directory: () => Promise<string>) {}

  prepare(zip: Buffer): Promise<PreparedCode> {
    const codeSha256 = createHash('sha256').update(zip).digest('base64');
    let prepared = this.unpacked.get(codeSha256);
    if (!prepared) {
      prepared = this.unpack(zip, codeSha256);
      this.unpacked.set(codeSha256, prepared);
      prepared.catch(() => this.unpacked.delete(codeSha256));
    }
    return prepared;
  }

  private async unpack(zip: Buffer, codeSha256: string): Promise<PreparedCode> {
    const folderName = Buffer.from(codeSha256, 'base64').toString('hex');
    const codeDirectory = path.join(await this.directory(), 'code', folderName);
    let archive: ZipFile;
    const entries: Entry[] = [];
    try {
      // yauzl refuses absolute paths and `..` segments in entry names (zip-slip),
      // and checks every entry's real size against the size it declares.
      archive = await fromBufferPromise(zip, { validateEntrySizes: true });
      for await (const entry of archive.eachEntry()) entries.push(entry);
    } catch {
      throw new AwsError('InvalidParameterValueException', NOT_A_ZIP);
    }
    const unzippedSize = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
    if (unzippedSize >= MAX_UNZIPPED_BYTES) {
      throw new AwsError('InvalidParameterValueException', TOO_LARGE);
    }
    try {
      await mkdir(codeDirectory, { recursive: true });
      for (const entry of entries) await extract(archive, entry, codeDirectory);
    } catch (error) {
      if (error instanceof AwsError) throw error;
      throw new AwsError('InvalidParameterValueException', NOT_A_ZIP);
    } finally {
      archive.close();
    }
    return { codeDirectory, codeSha256, codeSize: zip.length };
  }
}

async function extract(archive: ZipFile, entry: Entry, codeDirectory: string): Promise<void> {
  const target = path.resolve(codeDirectory, entry.fileName);
  if (!target.startsWith(codeDirectory + path.sep)) {
    throw new AwsError('InvalidParameterValueException', NOT_A_ZIP);
  }
  if (entry.fileName.endsWith('/')) {
    await mkdir(target, { recursive: true });
    return;
  }
  const unixMode = entry.externalFileAttributes >>> 16;
  // A symbolic link could point outside the folder, and a later entry be written through it.
  if ((unixMode & S_IFMT) === S_IFLNK) return;
  await mkdir(path.dirname(target), { recursive: true });
  // Read-only, as /var/task is on Lambda; executable bits are kept.
  const mode = unixMode & 0o111 ? 0o555 : 0o444;
  await pipeline(await archive.openReadStreamPromise(entry), createWriteStream(target, { mode }));
}

/**
 * Function code on disk: each zip is unpacked once per code version (its
 * SHA-256) into a folder of the runtime's temporary directory, the local
 * cloud's /var/task. Archives Lambda would refuse are refused with its errors.
 * A folder is removed when its last user goes: the function revisions whose
 * code it is, and the environments still running it. All unpacked code
 * together has a cap, as an account's code storage has on Lambda.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
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

/** The local cap on all unpacked code at once (Lambda's quota on an account's code storage,
 * 75 GB, is no size for a laptop's temporary directory). */
export const DEFAULT_CODE_STORAGE_LIMIT_BYTES = 2 * 1024 ** 3;

// Both messages, and refusing a size equal to the limit, as Lambda answers (and LocalStack
// reproduces in lambda_service.py, store_lambda_archive).
const NOT_A_ZIP =
  'Could not unzip uploaded file. Please check your file, then try to upload again.';
const TOO_LARGE = `Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** One code version on disk. */
interface StoredCode {
  readonly prepared: Promise<PreparedCode>;
  /** Function revisions and live environments that use it. */
  users: number;
  /** Its unzipped size, counted against the cap once known. */
  bytes: number;
}

export class CodeStore {
  /** By folder name (the hex SHA-256 of the zip). */
  private readonly stored = new Map<string, StoredCode>();
  /** Folders being removed, which a new unpacking of the same code waits for. */
  private readonly removals = new Map<string, Promise<void>>();

  /**
   * @param directory the folder (created lazily by the caller) that holds every code version
   * @param limitBytes the cap on all unpacked code
   */
  constructor(
    private readonly directory: () => Promise<string>,
    private readonly limitBytes: number,
  ) {}

  /** The zip's code on disk, for one more user, who gives it back with `release`. */
  prepare(zip: Buffer): Promise<PreparedCode> {
    const codeSha256 = createHash('sha256').update(zip).digest('base64');
    const folder = Buffer.from(codeSha256, 'base64').toString('hex');
    let code = this.stored.get(folder);
    if (!code) {
      const created: StoredCode = {
        prepared: this.unpack(zip, codeSha256, folder, (bytes) => this.reserve(created, bytes)),
        users: 0,
        bytes: 0,
      };
      created.prepared.catch(() => {
        if (this.stored.get(folder) === created) this.stored.delete(folder);
      });
      this.stored.set(folder, created);
      code = created;
    }
    code.users++;
    return code.prepared;
  }

  /** One more user of code already prepared: an environment that runs it. */
  retain(codeDirectory: string): void {
    const code = this.stored.get(path.basename(codeDirectory));
    if (code) code.users++;
  }

  /** One user fewer; when the last one goes, the folder is removed. */
  release(codeDirectory: string): void {
    const folder = path.basename(codeDirectory);
    const code = this.stored.get(folder);
    if (!code || --code.users > 0) return;
    this.stored.delete(folder);
    const removal = rm(codeDirectory, { recursive: true, force: true })
      .catch(() => {})
      .finally(() => {
        if (this.removals.get(folder) === removal) this.removals.delete(folder);
      });
    this.removals.set(folder, removal);
  }

  /** Forgets every code version (the runtime removes the whole directory). */
  clear(): void {
    this.stored.clear();
  }

  /** Counts the code's unzipped size against the cap, or refuses it as Lambda refuses code
   * past an account's storage: CodeStorageExceededException, HTTP 400
   * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors;
   * the message as LocalStack and other emulators word it). */
  private reserve(code: StoredCode, bytes: number): void {
    let storedBytes = 0;
    for (const other of this.stored.values()) storedBytes += other.bytes;
    if (storedBytes + bytes > this.limitBytes) {
      throw new AwsError('CodeStorageExceededException', 'Code storage limit exceeded.', 400, {
        Type: 'User',
      });
    }
    code.bytes = bytes;
  }

  private async unpack(
    zip: Buffer,
    codeSha256: string,
    folder: string,
    reserve: (bytes: number) => void,
  ): Promise<PreparedCode> {
    const codeDirectory = path.join(await this.directory(), 'code', folder);
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
    try {
      const unzippedSize = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
      if (unzippedSize >= MAX_UNZIPPED_BYTES) {
        throw new AwsError('InvalidParameterValueException', TOO_LARGE);
      }
      reserve(unzippedSize);
      await this.removals.get(folder);
      await mkdir(codeDirectory, { recursive: true });
      for (const entry of entries) await extract(archive, entry, codeDirectory);
    } catch (error) {
      await rm(codeDirectory, { recursive: true, force: true });
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

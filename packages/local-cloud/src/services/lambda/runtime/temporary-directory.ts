/**
 * The runtime's temporary directory, `l2l-lambda-*` in the system's: it holds
 * the bootstrap and every unpacked code version. A file in it names the
 * process that made it, so that a later local cloud can tell the folder of one
 * that crashed (its process is gone) from the folder of one still running, and
 * remove only the former.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'l2l-lambda-';
const PID_FILE = 'pid';

export async function makeTemporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), PREFIX));
  await writeFile(path.join(directory, PID_FILE), String(process.pid));
  return directory;
}

/** Removes the temporary directories whose process is gone. A folder without a pid (one being
 * made, or from an older version) is kept, as is any whose process still runs. */
export async function removeStaleDirectories(): Promise<void> {
  const parent = tmpdir();
  const names = (await readdir(parent)).filter((name) => name.startsWith(PREFIX));
  await Promise.all(
    names.map(async (name) => {
      const directory = path.join(parent, name);
      const pid = Number(await readFile(path.join(directory, PID_FILE), 'utf8').catch(() => ''));
      if (!Number.isInteger(pid) || pid <= 0 || isRunning(pid)) return;
      await rm(directory, { recursive: true, force: true }).catch(() => {});
    }),
  );
}

/** Signal 0 only asks whether the process exists; EPERM means it does, as another user's. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Test support: processes and their listening sockets as the system (Linux's /proc)
 * sees them, to check what kinesis-mock does from the outside.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process's parent and state ('Z': a zombie, dead but not reaped yet), from /proc/PID/stat. */
async function status(pid: number): Promise<{ parent: number; state: string } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "PID (COMMAND) STATE PPID ...": COMMAND may hold spaces and parentheses.
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(parent), state: state ?? '' };
  } catch {
    return undefined;
  }
}

/** The pid of kinesis-mock among the children of `parentPid`. */
export async function kinesisMockPid(parentPid: number): Promise<number> {
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || (await status(pid))?.parent !== parentPid) continue;
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes('kinesis-local')) return pid;
  }
  throw new Error(`process ${parentPid} has no kinesis-mock child`);
}

/**
 * The addresses a process listens on, as /proc/net/tcp and tcp6 write them
 * (hex IP:port; 127.0.0.1 is 0100007F, 0.0.0.0 is 00000000): the listening (state 0A)
 * sockets whose inodes the process holds open.
 */
export async function listeningAddresses(pid: number): Promise<string[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const [, local, , state, , , , , , inode] = fields;
      if (local && state === '0A' && inode && inodes.has(inode)) addresses.push(local);
    }
  }
  return addresses;
}

/** Resolves once `pid` has exited (a zombie counts: it runs no more); fails after `timeoutMs`. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid) && (await status(pid))?.state !== 'Z') {
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

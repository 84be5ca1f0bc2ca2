/**
 * `pnpm local-cloud`'s flags for the front door: `--allow-origin` lets a page of the
 * user's call it, and a flag that is not an origin stops it with the usage.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/local-cloud.mjs', import.meta.url));
const PAGE = 'http://localhost:3000';

function start(...args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: 'pipe' });
}

/** The first line that matches, of what the process prints. */
async function printed(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  let text = '';
  for await (const chunk of child.stdout ?? []) {
    text += String(chunk);
    const match = text.match(pattern);
    if (match) return match;
  }
  throw new Error(`the local cloud ended without printing ${pattern}: ${text}`);
}

describe('pnpm local-cloud', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('lets the pages named by --allow-origin call it, and no other', async () => {
    child = start('--allow-origin', PAGE, '--allow-host', 'my-laptop.local');
    const [, endpoint] = await printed(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const preflight = (origin: string) =>
      fetch(`${endpoint}/2015-03-31/functions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight(PAGE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect((await preflight('http://localhost:3001')).status).toBe(403);
  }, 30_000);

  it('stops with the usage for an origin that is not one', async () => {
    child = start('--allow-origin', 'localhost:3000 and more');
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += String(chunk);
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toContain("'localhost:3000 and more' is not an origin");
    expect(errors).toContain('--allow-origin URL');
  }, 30_000);
});

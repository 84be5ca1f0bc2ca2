/**
 * A chapter's `--trace FILE.html` (runChapterCli, @l2l/workshop's `traced`) on a real local cloud:
 * chapter 2's run is written as the live view's page and as Markdown with its chain.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runChapterCli } from '@l2l/workshop';
import { withLocalWorkshop } from '@l2l/workshop/testing';
import { afterEach, expect, it, vi } from 'vitest';
import { chapter } from '../src/chapter.ts';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

it("writes the chapter's chains of calls with --trace", async () => {
  const stdout: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args) => void stdout.push(args.join(' ')));
  const folder = mkdtempSync(path.join(tmpdir(), 'l2l-chapter-trace-'));
  try {
    const htmlFile = path.join(folder, 'chapter.html');
    const markdownFile = path.join(folder, 'chapter.md');
    // The chapter's command line, as `pnpm --filter @l2l/sync-invoke start -- --trace ...` runs it.
    await withLocalWorkshop(({ endpoint = '' }) =>
      runChapterCli(chapter, ['--', '--trace', htmlFile, '--endpoint', endpoint]),
    );
    expect(process.exitCode).toBeUndefined();
    expect(stdout.at(-1)).toBe(
      `\nThe run's chains of calls: ${htmlFile} (open it in a browser) and ${markdownFile} (Mermaid).`,
    );
    expect(readFileSync(htmlFile, 'utf8')).toContain(
      '<script type="application/json" id="recorded-run">',
    );
    // One chain: the step's Invoke, through Lambda, to echoTest and back.
    const markdown = readFileSync(markdownFile, 'utf8');
    expect(markdown).toMatch(/^# The chains of a run\n/);
    expect(markdown.match(/^## /gm)).toEqual(['## ']);
    expect(markdown).toContain('## 1. Invoke echoTest\n');
    expect(markdown).toMatch(
      /p0->>p1: Invoke echoTest\n {2}p1->>p2: run \(sync\)\n {2}p2-->>p1: ok, cold, \d+ ms\n {2}p1-->>p0: 200, \d+ ms\n/,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 60_000);

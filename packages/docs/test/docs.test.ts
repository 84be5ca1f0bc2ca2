/**
 * README.md and docs/*.md: code from source, output and sequence diagrams from a real run (one
 * local cloud per page), links and paths that resolve, commands that exist; and no script that a
 * command without `run` would miss.
 */
import { describe, expect, it } from 'vitest';
import { checkCodeBlocks } from '../src/code-blocks.ts';
import { checkCommands } from '../src/commands.ts';
import { checkLinks } from '../src/links.ts';
import { checkOutputs } from '../src/outputs.ts';
import { formatProblems, type Problem, readPages } from '../src/pages.ts';
import { checkPaths } from '../src/paths.ts';
import { checkScriptNames } from '../src/script-names.ts';
import { readWorkspace } from '../src/workspace.ts';

const pages = await readPages();
const workspace = await readWorkspace();

function expectNone(problems: readonly Problem[]) {
  if (problems.length > 0) expect.fail(`\n${formatProblems(problems)}`);
}

it('names no script like a pnpm command', () => {
  expectNone(checkScriptNames(workspace));
});

describe.each(pages)('$path', (page) => {
  it('shows each code block as its source has it', async () => {
    expectNone(await checkCodeBlocks(page));
  });

  it('shows what its commands print, and draws the calls they make', {
    timeout: 120_000,
  }, async () => {
    expectNone(await checkOutputs(page));
  });

  it('links to files and headings that exist', async () => {
    expectNone(await checkLinks(page));
  });

  it('names, in backticks, only paths that exist', async () => {
    expectNone(await checkPaths(page));
  });

  it('runs only packages and scripts that exist', () => {
    expectNone(checkCommands(page, workspace));
  });
});

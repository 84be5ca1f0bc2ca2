/**
 * Code blocks taken from source. A marker names a file, or a region of it:
 *
 *     <!-- code: packages/sync-invoke/src/invoke-sync.ts -->
 *     <!-- code: packages/x/src/y.ts#name -->   (between `// #region name` and `// #endregion`)
 *
 * and the fenced block below it must be that source, character for character
 * (region markers left out). `pnpm docs:write` rewrites the blocks from source.
 */
import { readFile } from 'node:fs/promises';
import { lineDiff, markedBlocks, type Page, type Problem, ROOT } from './pages.ts';

const REGION_MARKER = /^\s*\/\/ #(end)?region\b/;

/** The source a code marker names, as the docs show it. Throws when the file or region is missing. */
export async function sourceOf(target: string, root = ROOT): Promise<string> {
  const [file = '', region] = target.split('#');
  let text: string;
  try {
    text = await readFile(`${root}/${file}`, 'utf8');
  } catch {
    throw new Error(`no file ${file}`);
  }
  let shown = text.split('\n');
  if (region !== undefined) {
    const start = shown.findIndex((line) => line.trim() === `// #region ${region}`);
    const end = shown.findIndex((line, i) => i > start && /^\s*\/\/ #endregion\b/.test(line));
    if (start < 0 || end < 0) {
      throw new Error(`no region '${region}' in ${file} (// #region ${region} ... // #endregion)`);
    }
    shown = dedent(shown.slice(start + 1, end));
  }
  const code = shown.filter((line) => !REGION_MARKER.test(line)).join('\n');
  return `${code.replace(/\n+$/, '')}\n`;
}

function dedent(lines: string[]): string[] {
  const indents = lines
    .filter((line) => line.trim())
    .map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const indent = Math.min(...indents);
  return lines.map((line) => line.slice(indent));
}

/** Every code block of the page that differs from its source, with a diff. */
export async function checkCodeBlocks(page: Page, root = ROOT): Promise<Problem[]> {
  const { blocks, problems } = markedBlocks(page, 'code');
  for (const block of blocks) {
    const problem = (message: string) =>
      problems.push({ path: page.path, line: block.line, message });
    try {
      const source = await sourceOf(block.target, root);
      if (source !== block.content) {
        problem(
          `the code block differs from ${block.target} (run pnpm docs:write):\n${lineDiff(source, block.content, [block.target, page.path])}`,
        );
      }
    } catch (error) {
      problem(`code marker: ${(error as Error).message}`);
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** The page with every code block replaced by its source. */
export async function writeCodeBlocks(page: Page, root = ROOT): Promise<string> {
  const { blocks } = markedBlocks(page, 'code');
  let text = page.text;
  // From the last block up, so the earlier blocks' offsets stay right.
  for (const block of blocks.reverse()) {
    text =
      text.slice(0, block.start) + (await sourceOf(block.target, root)) + text.slice(block.end);
  }
  return text;
}

/**
 * `pnpm docs:write`: rewrites every code block of README.md and docs/*.md from its source, and
 * every sequence diagram from a real run of its steps.
 */
import { writeFile } from 'node:fs/promises';
import { writeCodeBlocks } from './code-blocks.ts';
import { writeSequences } from './outputs.ts';
import { ROOT, readPages } from './pages.ts';

for (const page of await readPages()) {
  const withCode = await writeCodeBlocks(page);
  const text = await writeSequences({ ...page, text: withCode });
  if (text !== page.text) {
    await writeFile(`${ROOT}/${page.path}`, text);
    console.log(`rewrote the code blocks and sequence diagrams of ${page.path}`);
  }
}

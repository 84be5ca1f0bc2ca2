/** `pnpm docs:write`: rewrites every code block of README.md and docs/*.md from its source. */
import { writeFile } from 'node:fs/promises';
import { writeCodeBlocks } from './code-blocks.ts';
import { ROOT, readPages } from './pages.ts';

for (const page of await readPages()) {
  const text = await writeCodeBlocks(page);
  if (text !== page.text) {
    await writeFile(`${ROOT}/${page.path}`, text);
    console.log(`rewrote the code blocks of ${page.path}`);
  }
}

/**
 * Paths: every path a page writes in backticks, such as `packages/sns-route/src/subscribe.ts`,
 * names a file or directory of the repository, as links do. A path counts when its first part
 * is a top-level directory of the repository (`packages/`, `docs/`, ...); other text in
 * backticks (`src/cli.ts` inside a package, `/aws/lambda/echoTest`, an ARN) is not checked.
 */
import { readdir, stat } from 'node:fs/promises';
import { codeSpans, lineAt, type Page, type Problem, ROOT } from './pages.ts';

/** `a/b/c.ts`, `a/b/`, with an optional `#region` after a file. */
const PATH = /^([\w.@-]+)(\/[\w.@-]+)+\/?(#[\w-]+)?$|^([\w.@-]+)\/$/;

export async function checkPaths(page: Page, root = ROOT): Promise<Problem[]> {
  const topLevel = new Set(
    (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name),
  );
  const problems: Problem[] = [];
  for (const span of codeSpans(page.text)) {
    if (span.text.startsWith('```') || span.text.startsWith('~~~')) continue;
    const text = span.text.replace(/^`+|`+$/g, '').trim();
    const match = PATH.exec(text);
    const first = match?.[1] ?? match?.[4];
    if (first === undefined || !topLevel.has(first)) continue;
    const path = text.replace(/#.*$/, '');
    if (!(await stat(`${root}/${path}`).catch(() => undefined))) {
      problems.push({
        path: page.path,
        line: lineAt(page.text, span.start),
        message: `the path ${path} does not exist`,
      });
    }
  }
  return problems;
}

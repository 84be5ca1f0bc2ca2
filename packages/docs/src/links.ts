/**
 * Links: every relative link of a page leads to a file of the repository, and
 * its #anchor, if any, to a heading of that page.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { headingAnchors, lineAt, type Page, type Problem, prose, ROOT } from './pages.ts';

/** `[text](target)` and `[label]: target`, outside code. */
const LINK = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\[[^\]]+\]:\s*(\S+)/gm;

export async function checkLinks(page: Page, root = ROOT): Promise<Problem[]> {
  const problems: Problem[] = [];
  const text = prose(page.text);
  for (const match of text.matchAll(LINK)) {
    const target = match[1] ?? match[2] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
    const [path = '', anchor] = target.split('#');
    const file = path ? join(dirname(page.path), decodeURI(path)) : page.path;
    const problem = (message: string) =>
      problems.push({ path: page.path, line: lineAt(text, match.index), message });
    if (/^\.\.(\/|$)/.test(file)) {
      problem(`the link ${target} leads out of the repository`);
      continue;
    }
    if (!path) {
      if (anchor && !headingAnchors(page.text).has(anchor)) {
        problem(`no heading for the anchor #${anchor} in this page`);
      }
      continue;
    }
    const found = await stat(join(root, file)).catch(() => undefined);
    if (!found) {
      problem(`the link ${target} leads to ${file}, which does not exist`);
    } else if (anchor && file.endsWith('.md')) {
      const anchors = headingAnchors(await readFile(join(root, file), 'utf8'));
      if (!anchors.has(anchor)) problem(`no heading for the anchor #${anchor} in ${file}`);
    }
  }
  return problems;
}

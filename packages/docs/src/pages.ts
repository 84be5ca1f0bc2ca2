/**
 * The pages the checks read (README.md and docs/*.md), what they report, and
 * the Markdown they look at: blocks after a marker comment, code, links, headings.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Page {
  /** Relative to the repository's root, e.g. `docs/02-sync-invoke.md`. */
  readonly path: string;
  readonly text: string;
}

export interface Problem {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(({ path, line, message }) => `${path}:${line}: ${message}`).join('\n\n');
}

/** README.md, then docs/*.md in order. */
export async function readPages(root = ROOT): Promise<Page[]> {
  const docs = (await readdir(`${root}/docs`)).filter((name) => name.endsWith('.md')).sort();
  const paths = ['README.md', ...docs.map((name) => `docs/${name}`)];
  return Promise.all(
    paths.map(async (path) => ({ path, text: await readFile(`${root}/${path}`, 'utf8') })),
  );
}

/** A fenced block that a `<!-- code: ... -->`, `<!-- output: ... -->` or `<!-- sequence: ... -->` line marks. */
export interface MarkedBlock {
  /** What the marker names: `packages/x/src/a.ts#region`, or `@l2l/x invoke`. */
  readonly target: string;
  /** The marker's line (1-based). */
  readonly line: number;
  /** The lines between the fences, each ending in a newline. */
  readonly content: string;
  /** Where `content` starts and ends in the page's text. */
  readonly start: number;
  readonly end: number;
}

export type MarkerKind = 'code' | 'output' | 'sequence';

const MARKER = /^<!--\s*(code|output|sequence):\s*(.*?)\s*-->\s*$/;
const FENCE = /^(`{3,}|~{3,})/;

interface Line {
  readonly text: string;
  /** Offset of the line's first character in the page. */
  readonly offset: number;
}

function lines(text: string): Line[] {
  let offset = 0;
  return text.split('\n').map((line) => {
    const result = { text: line, offset };
    offset += line.length + 1;
    return result;
  });
}

/** Each marker of that kind and the fenced block right below it; a marker with no block there is a problem. */
export function markedBlocks(
  page: Page,
  kind: MarkerKind,
): { blocks: MarkedBlock[]; problems: Problem[] } {
  const all = lines(page.text);
  const blocks: MarkedBlock[] = [];
  const problems: Problem[] = [];
  all.forEach(({ text }, index) => {
    const marker = MARKER.exec(text);
    if (marker?.[1] !== kind) return;
    const target = marker[2] ?? '';
    const line = index + 1;
    const fence = FENCE.exec(all[index + 1]?.text ?? '')?.[1];
    const close = fence
      ? all.findIndex((candidate, i) => i > index + 1 && candidate.text.trimEnd() === fence)
      : -1;
    const opening = all[index + 2];
    const closing = all[close];
    if (opening === undefined || closing === undefined) {
      problems.push({
        path: page.path,
        line,
        message: `the ${kind} marker must be followed by a fenced code block on the next line`,
      });
      return;
    }
    blocks.push({
      target,
      line,
      content: page.text.slice(opening.offset, closing.offset),
      start: opening.offset,
      end: closing.offset,
    });
  });
  return { blocks, problems };
}

/** The page with every fenced block and inline code span blanked (newlines kept, for line numbers). */
export function prose(text: string): string {
  return codeSpans(text).reduce(
    (result, { start, end }) =>
      result.slice(0, start) + result.slice(start, end).replace(/[^\n]/g, ' ') + result.slice(end),
    text,
  );
}

/** The fenced blocks (fences included) and the inline code spans: where commands are written. */
export function codeSpans(text: string): { start: number; end: number; text: string }[] {
  const spans: { start: number; end: number }[] = [];
  let fence: { marker: string; start: number } | undefined;
  for (const { text: line, offset } of lines(text)) {
    const opening = FENCE.exec(line)?.[1];
    if (fence === undefined && opening) {
      fence = { marker: opening, start: offset };
    } else if (fence !== undefined && line.trimEnd() === fence.marker) {
      spans.push({ start: fence.start, end: offset + line.length });
      fence = undefined;
    } else if (fence === undefined) {
      for (const { index, 0: span } of line.matchAll(/(`+)(.+?)\1/g)) {
        spans.push({ start: offset + index, end: offset + index + span.length });
      }
    }
  }
  return spans.map((span) => ({ ...span, text: text.slice(span.start, span.end) }));
}

/** The line (1-based) of an offset in the text. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** GitHub's anchors for the page's headings: `## What changed since 2017` -> `what-changed-since-2017`. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    // Headings are read from the original text: prose() blanked their inline code.
    const heading = text.slice(match.index, match.index + match[0].length).replace(/^#+\s+/, '');
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** A short diff: the lines where two texts part, `-` for what they should be and `+` for the page's. */
export function lineDiff(expected: string, actual: string, labels: [string, string]): string {
  const want = expected.split('\n');
  const have = actual.split('\n');
  let start = 0;
  while (start < want.length && start < have.length && want[start] === have[start]) start++;
  let endWant = want.length;
  let endHave = have.length;
  while (endWant > start && endHave > start && want[endWant - 1] === have[endHave - 1]) {
    endWant--;
    endHave--;
  }
  const shown = (part: string[], sign: string) =>
    part
      .slice(0, 12)
      .map((line) => `${sign} ${line}`)
      .concat(part.length > 12 ? [`${sign} ...`] : []);
  return [
    `--- ${labels[0]}`,
    `+++ ${labels[1]}`,
    `@@ block line ${start + 1} @@`,
    ...shown(want.slice(start, endWant), '-'),
    ...shown(have.slice(start, endHave), '+'),
  ].join('\n');
}

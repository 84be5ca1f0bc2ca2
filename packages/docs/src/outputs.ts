/**
 * Output blocks checked against a real run. A marker names a package and a
 * script, as the command above it runs them:
 *
 *     <!-- output: @l2l/sync-invoke invoke -->
 *     <!-- output: @l2l/cost start -- --memory 128 --durations 199 -->
 *
 * When the package exports a `chapter` with a step of that name, the step runs
 * in-process on an embedded local cloud, one per page; the chapter's steps
 * before it run first, as `start` would run them, and their output is not
 * compared. The `start` of a chapter is all its steps (unless the chapter
 * says its `start` does something else), and the block shows what each printed.
 * Any other script runs as pnpm would run it: its command from package.json, in
 * the package's directory. Both sides are compared after `maskOutput` (request
 * ids, times, durations, sequence numbers), so a page shows a real run. A figure
 * that a step measures (a duration, a price) where `maskOutput` has no pattern
 * for it is written `<n>` in the page (see `fitPlaceholders`). Both run as in a
 * learner's fresh shell: without the settings below, which change names,
 * regions or where the steps run. The page's sequence diagrams
 * (`<!-- sequence: ... -->`, ./sequences.ts) are drawn from the same run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Chapter } from '@l2l/workshop';
import { maskOutput, stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import {
  lineDiff,
  type MarkedBlock,
  markedBlocks,
  type Page,
  type Problem,
  ROOT,
} from './pages.ts';
import {
  chainsStartedBy,
  diagramOf,
  EMPTY_DIAGRAM,
  type StepRun,
  unmarkedDiagrams,
} from './sequences.ts';
import { readWorkspace, type Workspace } from './workspace.ts';

export interface OutputCommand {
  readonly packageName: string;
  readonly script: string;
  readonly args: readonly string[];
}

export function parseOutputTarget(target: string): OutputCommand {
  const [packageName = '', script = '', ...rest] = target.split(/\s+/);
  return { packageName, script, args: rest[0] === '--' ? rest.slice(1) : rest };
}

const LEARNER_UNSET = ['AWS_REGION', 'AWS_ENDPOINT_URL', 'L2L_TARGET', 'L2L_PREFIX'];

/** `process.env` without the settings a learner has not made, while `run` runs. */
async function asLearner<T>(run: () => Promise<T>): Promise<T> {
  const saved = LEARNER_UNSET.map((name) => [name, process.env[name]] as const);
  for (const name of LEARNER_UNSET) delete process.env[name];
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** The chapter a package exports, if it is a chapter package. */
async function chapterOf(packageName: string): Promise<Chapter | undefined> {
  try {
    return (await import(packageName)).chapter;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** A marked block and its kind: an output block shows what its command printed, a sequence block the calls its steps made. */
export interface ShownBlock {
  readonly kind: 'output' | 'sequence';
  readonly block: MarkedBlock;
}

/** What the page's marked blocks show of one real run. */
export interface PageRun {
  /** For each block: what its command printed, or the diagram of its steps' calls. */
  readonly shown: Map<MarkedBlock, string>;
  /** Whether a chapter's steps ran on the embedded local cloud. */
  readonly ranSteps: boolean;
}

/** The page's output and sequence blocks, as one run shows them: one local cloud, each chapter's steps in order. */
export function runPage(blocks: readonly ShownBlock[], root = ROOT): Promise<PageRun> {
  return asLearner(() => runAll(blocks, root));
}

async function runAll(blocks: readonly ShownBlock[], root: string): Promise<PageRun> {
  const workspace = await readWorkspace(root);
  const results = new Map<MarkedBlock, string>();
  // For each chapter, in the order the page shows them: the blocks that show its steps.
  const shownSteps = new Map<Chapter, (ShownBlock & { indices: number[] })[]>();
  const scripts: Promise<void>[] = [];
  for (const { kind, block } of blocks) {
    const command = parseOutputTarget(block.target);
    const chapter = await chapterOf(command.packageName);
    const indices =
      chapter === undefined || command.args.length > 0
        ? []
        : command.script === 'start' && chapter.start === undefined
          ? chapter.steps.map((_, index) => index)
          : [chapter.steps.findIndex((step) => step.name === command.script)].filter((i) => i >= 0);
    if (chapter && indices.length > 0) {
      shownSteps.set(chapter, [...(shownSteps.get(chapter) ?? []), { kind, block, indices }]);
    } else if (kind === 'output') {
      scripts.push(runScript(command, workspace).then((output) => void results.set(block, output)));
    } else {
      results.set(
        block,
        `(${block.target} is not a chapter's step, whose calls a diagram could show)\n`,
      );
    }
  }
  if (shownSteps.size > 0) {
    await withLocalWorkshop(async (workshop, cloud) => {
      for (const [chapter, blocksOfChapter] of shownSteps) {
        // The chapter's steps in order, up to the last one a block shows.
        const last = Math.max(...blocksOfChapter.flatMap((s) => s.indices));
        const steps: StepRun<string>[] = [];
        for (const step of chapter.steps.slice(0, last + 1)) {
          steps.push(await chainsStartedBy(cloud.recorder, () => stepOutput(workshop, step)));
        }
        for (const { kind, block, indices } of blocksOfChapter) {
          const ran = indices.map((index) => steps[index]);
          results.set(
            block,
            kind === 'output'
              ? ran.map((step) => step?.result).join('')
              : diagramOf(ran.flatMap((step) => step?.chains ?? [])),
          );
        }
      }
    });
  }
  await Promise.all(scripts);
  return { shown: results, ranSteps: shownSteps.size > 0 };
}

const run = promisify(execFile);

/** Runs a package's script with its arguments, as `pnpm --filter <package> run <script> -- <args>` does. */
async function runScript(
  { packageName, script, args }: OutputCommand,
  workspace: Workspace,
): Promise<string> {
  const found = workspace.packages.get(packageName);
  const command = found?.scripts[script];
  if (found === undefined || command === undefined) {
    return `(${packageName} has no script '${script}')`;
  }
  const quoted = args.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`);
  try {
    const { stdout } = await run('sh', ['-c', [command, ...quoted].join(' ')], {
      cwd: found.dir,
      env: { ...process.env, PATH: `${found.dir}/node_modules/.bin:${process.env.PATH}` },
    });
    return stdout;
  } catch (error) {
    return `(failed: ${(error as Error).message})`;
  }
}

/** Trims the blank lines a run prints before and after (a step's heading starts with one). */
const shown = (text: string) => `${maskOutput(text).replace(/^\n+|\s+$/g, '')}\n`;

/** The page's output and sequence blocks. */
function shownBlocks(page: Page): { blocks: ShownBlock[]; problems: Problem[] } {
  const outputs = markedBlocks(page, 'output');
  const sequences = markedBlocks(page, 'sequence');
  return {
    blocks: [
      ...outputs.blocks.map((block) => ({ kind: 'output' as const, block })),
      ...sequences.blocks.map((block) => ({ kind: 'sequence' as const, block })),
    ].sort((a, b) => a.block.line - b.block.line),
    problems: [...outputs.problems, ...sequences.problems],
  };
}

/**
 * Every output block and sequence diagram of the page that differs from a real run of its
 * command, and every sequence diagram drawn by hand on a page that runs a chapter.
 */
export async function checkOutputs(page: Page, root = ROOT): Promise<Problem[]> {
  const { blocks, problems } = shownBlocks(page);
  let run: PageRun;
  try {
    run = await runPage(blocks, root);
  } catch (error) {
    return [
      ...problems,
      {
        path: page.path,
        line: blocks[0]?.block.line ?? 1,
        message: `running the page's commands failed: ${(error as Error).stack}`,
      },
    ];
  }
  for (const { kind, block } of blocks) {
    const real = run.shown.get(block) ?? '';
    const problem = (message: string) =>
      problems.push({ path: page.path, line: block.line, message });
    if (kind === 'sequence') {
      if (real === EMPTY_DIAGRAM) {
        problem(`no call that ${block.target} made ran a function: there is nothing to draw`);
      } else if (real !== block.content) {
        problem(
          `the sequence diagram differs from a real run of ${block.target} (run pnpm docs:write):\n${lineDiff(real, block.content, ['real run', page.path])}`,
        );
      }
      continue;
    }
    const docs = shown(block.content);
    const printed = fitPlaceholders(shown(real), docs);
    if (printed !== docs) {
      problem(
        `the output block differs from a real run of ${block.target} (ids and times masked):\n${lineDiff(printed, docs, ['real run', page.path])}`,
      );
    }
  }
  if (run.ranSteps) problems.push(...unmarkedDiagrams(page));
  return problems.sort((a, b) => a.line - b.line);
}

/** The page with every sequence diagram drawn from a real run (its output blocks are left as they are). */
export async function writeSequences(page: Page, root = ROOT): Promise<string> {
  const { blocks } = shownBlocks(page);
  if (!blocks.some(({ kind }) => kind === 'sequence')) return page.text;
  const { shown: drawn } = await runPage(blocks, root);
  let text = page.text;
  // From the last block up, so the earlier blocks' offsets stay right.
  for (const { kind, block } of blocks.reverse()) {
    if (kind !== 'sequence') continue;
    text = text.slice(0, block.start) + (drawn.get(block) ?? block.content) + text.slice(block.end);
  }
  return text;
}

/**
 * The run's output fitted to a page that writes `<n>` for measured figures: `<n>` stands for any
 * number (or one `maskOutput` masked), and, in such a block, a run of spaces for any run of
 * spaces, since a table's alignment changes with its figures' widths. A line that matches so is
 * taken as the page's; every other character must be as the page has it.
 */
export function fitPlaceholders(real: string, docs: string): string {
  if (!docs.includes('<n>')) return real;
  const docsLines = docs.split('\n');
  return real
    .split('\n')
    .map((line, index) => {
      const shownLine = docsLines[index];
      if (shownLine === undefined) return line;
      const pattern = shownLine
        .split('<n>')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, ' +'))
        .join('(?:\\d+(?:\\.\\d+)?|<n>)');
      return new RegExp(`^${pattern}$`).test(line) ? shownLine : line;
    })
    .join('\n');
}

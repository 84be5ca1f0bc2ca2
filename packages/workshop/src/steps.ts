/**
 * Chapters and steps, and the command line every chapter package shares:
 * `pnpm --filter @l2l/<chapter> start` runs all steps in order, `<step>` one,
 * `cleanup` removes what the chapter created.
 */
import { confirmCreation } from './confirm.ts';
import { explain } from './explain.ts';
import { OPTIONS_HELP, parseCommandLine, UsageError } from './options.ts';
import { traced } from './trace.ts';
import { openWorkshop, type Workshop } from './workshop.ts';

export interface Step {
  /** The script and command name, e.g. `invoke`. */
  readonly name: string;
  /**
   * The heading printed before it runs, e.g. `2.1 Invoke {echoTest} synchronously`. A name in
   * braces is a resource's: it is shown as the workshop names it (`ana-echoTest` with
   * `--prefix ana`), see `stepTitle`.
   */
  readonly title: string;
  /** One line for --help. */
  readonly summary: string;
  /** What the step creates that AWS bills for (confirmed before anything runs on AWS). */
  readonly creates?: (workshop: Workshop) => readonly string[];
  run(workshop: Workshop): Promise<void>;
}

export interface Chapter {
  /** The package, e.g. `@l2l/sync-invoke`. */
  readonly packageName: string;
  readonly title: string;
  readonly steps: readonly Step[];
  /** What `start` does, when it is not the steps in order (echo-callee's runs the handler locally). */
  readonly start?: string;
  /** Removes what the chapter's steps created (only resources tagged by the workshop); returns what it removed. */
  cleanup(workshop: Workshop): Promise<readonly string[]>;
}

export interface StepTiming {
  readonly step: Step;
  readonly milliseconds: number;
}

/** The step's title with the workshop's names: `{echoTest}` is `ana-echoTest` with `--prefix ana`. */
export function stepTitle(step: Step, name: (base: string) => string = (base) => base): string {
  return step.title.replace(/\{([\w-]+)\}/g, (_, base: string) => name(base));
}

/** The line printed before a step runs. */
export function heading(step: Step, workshop: Workshop): string {
  return `\n── ${stepTitle(step, workshop.name)} ──`;
}

/** Everything the steps will create, for the one confirmation on AWS. */
export function plannedResources(workshop: Workshop, steps: readonly Step[]): string[] {
  return [...new Set(steps.flatMap((step) => step.creates?.(workshop) ?? []))];
}

/** Runs one step under its heading and says how long it took. */
export async function runStep(workshop: Workshop, step: Step): Promise<StepTiming> {
  console.log(heading(step, workshop));
  const started = performance.now();
  await step.run(workshop);
  return { step, milliseconds: performance.now() - started };
}

/** Runs the steps in order, after one confirmation on AWS. */
export async function runSteps(workshop: Workshop, steps: readonly Step[]): Promise<StepTiming[]> {
  await confirmCreation(workshop, plannedResources(workshop, steps));
  const timings: StepTiming[] = [];
  for (const step of steps) timings.push(await runStep(workshop, step));
  return timings;
}

/**
 * Runs every chapter's clean-up, even after one fails, so that a failure
 * (a permission missing, say) leaves as little behind as possible.
 */
export async function runCleanup(workshop: Workshop, chapters: readonly Chapter[]): Promise<void> {
  const removed: string[] = [];
  const failures: unknown[] = [];
  for (const chapter of chapters) {
    try {
      removed.push(...(await chapter.cleanup(workshop)));
    } catch (error) {
      failures.push(error);
    }
  }
  console.log(
    removed.length
      ? `Removed:\n${removed.map((r) => `  - ${r}`).join('\n')}`
      : 'Nothing to remove.',
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new AggregateError(
      failures,
      `${failures.length} clean-ups failed: ${failures.map((failure) => explain(failure)).join('; ')}`,
    );
  }
}

export function chapterUsage(chapter: Chapter): string {
  const width = Math.max(...chapter.steps.map((step) => step.name.length), 'cleanup'.length);
  const lines = chapter.steps.map((step) => `  ${step.name.padEnd(width)}  ${step.summary}`);
  return `${chapter.title}

Usage: pnpm --filter ${chapter.packageName} run <script> [options]

Scripts:
  ${'start'.padEnd(width)}  ${chapter.start ?? (chapter.steps.length > 1 ? 'the whole chapter, step by step' : 'the whole chapter, which is this one step:')}
${lines.join('\n')}
  ${'cleanup'.padEnd(width)}  remove what this chapter created

${OPTIONS_HELP}`;
}

/** The command line of a chapter package: `tsx src/cli.ts [step|cleanup] [options]`. */
export async function runChapterCli(
  chapter: Chapter,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  // The SDK warns on Node.js 20 that it will need 22 from 2027; the README says so
  // once, and the steps' output stays what the docs show.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let workshop: Workshop | undefined;
  try {
    const { options, positionals, help, traceFile } = parseCommandLine(argv);
    if (help) {
      console.log(chapterUsage(chapter));
      return;
    }
    const [command, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const steps =
      command === undefined || command === 'cleanup'
        ? chapter.steps
        : chapter.steps.filter((step) => step.name === command);
    if (steps.length === 0) throw new UsageError(`no step named '${command}'`);

    workshop = await openWorkshop(options);
    const opened = workshop;
    await traced(opened, traceFile, async () => {
      if (command === 'cleanup') await runCleanup(opened, [chapter]);
      else await runSteps(opened, steps);
    });
  } catch (error) {
    console.error(`\n${explain(error)}`);
    if (error instanceof UsageError) console.error(`\n${chapterUsage(chapter)}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await workshop?.close();
  }
}

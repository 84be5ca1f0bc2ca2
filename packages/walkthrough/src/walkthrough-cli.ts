/**
 * `pnpm start` at the root: the whole walkthrough on the embedded local cloud
 * (or wherever the options say), ending with a summary of what ran.
 * `--step` pauses before each chapter in a terminal, for a teaching session (./pauses.ts).
 * `--trace FILE.html`, as for every chapter (@l2l/workshop's `traced`), writes the run's chains
 * to a page that opens offline and to FILE.md, Mermaid sequence diagrams for the docs.
 * `pnpm cleanup`: removes everything the workshop created.
 */
import {
  explain,
  OPTIONS_HELP,
  openWorkshop,
  parseCommandLine,
  runCleanup,
  traced,
  UsageError,
  type Workshop,
} from '@l2l/workshop';
import { type KeyInput, Pauses } from './pauses.ts';
import { chapters, runWalkthrough, summary } from './walkthrough.ts';

const USAGE = `Usage: pnpm start [--step] [--trace FILE.html] [options]
       pnpm cleanup [options]

Runs the whole walkthrough, chapter by chapter, and ends with a summary of how
long each step took. By default it runs on an embedded local cloud, started and
stopped with it (or on \`pnpm local-cloud\` if that is running).

  --step              in a terminal, wait before each chapter: Enter runs it,
                      q (or Ctrl-C) stops the walkthrough

${OPTIONS_HELP}`;

/** Where `--step` reads keys and writes its prompts, and how Ctrl-C during a chapter ends it. */
export interface Terminal {
  readonly input: KeyInput;
  readonly output: NodeJS.WritableStream;
  exit(code: number): void;
}

const TERMINAL: Terminal = {
  input: process.stdin,
  output: process.stdout,
  exit: (code) => process.exit(code),
};

/** The learner stopped the walkthrough at a pause: not a failure. */
class Stopped extends Error {}

async function main(argv: readonly string[], terminal: Terminal): Promise<void> {
  let step = argv.includes('--step');
  const { options, positionals, help, traceFile } = parseCommandLine(
    argv.filter((arg) => arg !== '--step'),
  );
  if (help) {
    console.log(USAGE);
    return;
  }
  const [command, ...extra] = positionals;
  if (extra.length > 0 || (command !== undefined && command !== 'cleanup')) {
    throw new UsageError(`unexpected argument '${command}'`);
  }
  // Only a person at a terminal is asked to press Enter; CI never waits.
  if (step && command !== 'cleanup' && (!terminal.input.isTTY || process.env.CI)) {
    console.error(
      '--step is ignored: there is no terminal to wait in (CI, or input from a pipe), so the chapters run one after another.',
    );
    step = false;
  }
  let workshop: Workshop | undefined;
  const pauses = new Pauses(terminal.input, terminal.output, () => {
    // Ctrl-C while a chapter runs: stop now, leaving the terminal and the local cloud as they were.
    pauses.close();
    console.log('\nStopped (Ctrl-C).');
    void (workshop?.close() ?? Promise.resolve()).finally(() => terminal.exit(0));
  });
  try {
    // Chapter 5 will need kinesis-mock: started now, it is ready by then.
    workshop = await openWorkshop(options, { startKinesisNow: command !== 'cleanup' });
    const where = workshop.embedded
      ? 'an embedded local cloud'
      : (workshop.endpoint ?? `AWS (account ${workshop.accountId}, ${workshop.region})`);
    const opened = workshop;
    await traced(opened, traceFile, async () => {
      if (command === 'cleanup') {
        await runCleanup(opened, [...chapters].reverse());
        return;
      }
      console.log(`The lambda-to-lambda walkthrough, on ${where}`);
      const started = performance.now();
      const timings = await runWalkthrough(opened, async (chapter) => {
        if (!step) return;
        const answer = await pauses.pause(
          `\nNext: ${chapter.title}.\nPress Enter to run it, or q (or Ctrl-C) to stop. `,
        );
        if (answer === 'stop') throw new Stopped(`Stopped before ${chapter.title}.`);
      });
      console.log(
        summary(timings, performance.now() - started - pauses.pausedMilliseconds, opened.name),
      );
    });
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    console.log(error.message);
  } finally {
    pauses.close();
    await workshop?.close();
  }
}

/** The walkthrough's command line: `pnpm start [--step] [options]`, `pnpm cleanup [options]`. */
export async function runWalkthroughCli(
  argv: readonly string[],
  terminal: Terminal = TERMINAL,
): Promise<void> {
  // As runChapterCli: the SDK's warning about Node.js 20 stays out of the steps' output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    await main(argv, terminal);
  } catch (error) {
    console.error(`\n${explain(error)}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

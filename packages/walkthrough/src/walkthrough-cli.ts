/**
 * `pnpm start` at the root: the whole walkthrough on the embedded local cloud
 * (or wherever the options say), ending with a summary of what ran.
 * `--step` pauses before each chapter in a terminal, for a teaching session.
 * `pnpm cleanup`: removes everything the workshop created.
 */
import { createInterface } from 'node:readline/promises';
import {
  explain,
  OPTIONS_HELP,
  openWorkshop,
  parseCommandLine,
  runCleanup,
  UsageError,
  type Workshop,
} from '@l2l/workshop';
import { chapters, runWalkthrough, summary } from './walkthrough.ts';

const USAGE = `Usage: pnpm start [--step] [options]
       pnpm cleanup [options]

Runs the whole walkthrough, chapter by chapter, and ends with a summary of how
long each step took. By default it runs on an embedded local cloud, started and
stopped with it (or on \`pnpm local-cloud\` if that is running).

  --step              in a terminal, wait for Enter before each chapter

${OPTIONS_HELP}`;

async function main(argv: readonly string[]): Promise<void> {
  const pause = argv.includes('--step');
  const { options, positionals, help } = parseCommandLine(argv.filter((arg) => arg !== '--step'));
  if (help) {
    console.log(USAGE);
    return;
  }
  const [command, ...extra] = positionals;
  if (extra.length > 0 || (command !== undefined && command !== 'cleanup')) {
    throw new UsageError(`unexpected argument '${command}'`);
  }
  let workshop: Workshop | undefined;
  try {
    workshop = await openWorkshop(options);
    const where = workshop.embedded
      ? 'an embedded local cloud'
      : (workshop.endpoint ?? `AWS (account ${workshop.accountId}, ${workshop.region})`);
    if (command === 'cleanup') {
      await runCleanup(workshop, [...chapters].reverse());
      return;
    }
    console.log(`The lambda-to-lambda walkthrough, on ${where}`);
    const started = performance.now();
    const timings = await runWalkthrough(workshop, async (chapter, index) => {
      // Only a person at a terminal is asked to press Enter; CI never waits.
      if (!pause || index === 0 || !process.stdin.isTTY || process.env.CI) return;
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      await prompt.question(`\nNext: ${chapter.title}. Press Enter to go on. `);
      prompt.close();
    });
    console.log(summary(timings, performance.now() - started));
  } finally {
    await workshop?.close();
  }
}

/** The walkthrough's command line: `pnpm start [--step] [options]`, `pnpm cleanup [options]`. */
export async function runWalkthroughCli(argv: readonly string[]): Promise<void> {
  // As runChapterCli: the SDK's warning about Node.js 20 stays out of the steps' output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    await main(argv);
  } catch (error) {
    console.error(`\n${explain(error)}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

/** The calculator's command line: the job, from --durations, --memory, --sync and --cold-start. */
import { parseArgs } from 'node:util';
import type { Job } from './cost.ts';

export const USAGE = `Usage: pnpm --filter @l2l/cost start -- --durations MS[,MS...] [options]

What Lambda bills for a job, rounded as in 2017 (100 ms units) and today (1 ms):
one function (--durations 199), or a caller and the callees it invokes
(--durations 101,98: the caller works 101 ms, its callee 98 ms).

Options:
  --durations LIST   milliseconds of work, the caller's first, comma-separated
  --memory MB        each function's memory, 128 to 10240 (default 128)
  --sync             the caller waits for its callees (synchronous invoke)
  --cold-start MS    each callee (or the one function) starts cold, taking MS longer
  -h, --help         show this help`;

export class UsageError extends Error {}

export function parseJob(argv: readonly string[]): Job | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    // pnpm passes the `--` of `start -- --memory 128` on to the script.
    ({ values } = parse(withNegativeValues(argv[0] === '--' ? argv.slice(1) : argv)));
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    throw new UsageError(unknown ? `unknown option '${unknown[1]}'` : (error as Error).message);
  }
  if (values.help) return 'help';
  if (values.durations === undefined) {
    throw new UsageError('--durations is missing, e.g. --durations 199 or --durations 101,98');
  }
  const durationsMs = values.durations.split(',').map((text) => {
    const n = Number(text);
    if (!text.trim() || !Number.isInteger(n) || n <= 0 || n > 900_000) {
      throw new UsageError(
        `--durations takes whole milliseconds above 0 (and at most 900000, Lambda's 15 minutes), separated by commas: got '${values.durations}'`,
      );
    }
    return n;
  });
  const memoryMb = Number(values.memory ?? 128);
  if (!Number.isInteger(memoryMb) || memoryMb < 128 || memoryMb > 10_240) {
    throw new UsageError(
      `--memory takes megabytes, a whole number from 128 to 10240: got '${values.memory}'`,
    );
  }
  const coldStartMs = Number(values['cold-start'] ?? 0);
  if (!Number.isInteger(coldStartMs) || coldStartMs < 0) {
    throw new UsageError(`--cold-start takes whole milliseconds: got '${values['cold-start']}'`);
  }
  const sync = values.sync ?? false;
  if (sync && durationsMs.length < 2) {
    throw new UsageError('--sync needs a caller and a callee, e.g. --durations 100,99 --sync');
  }
  return { memoryMb, durationsMs, sync, coldStartMs };
}

/**
 * `--durations -5` as `--durations=-5`: parseArgs takes a value that starts with a dash for
 * another option ("ambiguous"), so the check below can say what is wrong with it.
 */
function withNegativeValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (const arg of args) {
    const previous = joined.at(-1);
    if (/^-\d/.test(arg) && previous !== undefined && VALUE_OPTIONS.has(previous)) {
      joined[joined.length - 1] = `${previous}=${arg}`;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

const VALUE_OPTIONS = new Set(['--durations', '--memory', '--cold-start']);

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      durations: { type: 'string' },
      memory: { type: 'string' },
      sync: { type: 'boolean' },
      'cold-start': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

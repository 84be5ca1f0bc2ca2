/**
 * What a learner can choose for every step, on the command line or in the
 * environment: where it runs, under which names, and whether to ask first.
 */
import { parseArgs } from 'node:util';

export type TargetKind = 'local' | 'aws';

export interface WorkshopOptions {
  /** `local` (default): the embedded local cloud, or whatever answers at `endpoint`. `aws`: AWS itself. */
  readonly target: TargetKind;
  /** An AWS-compatible endpoint for the local target (a running `pnpm local-cloud`, LocalStack, ...). */
  readonly endpoint?: string;
  /** Put before every name the workshop creates, so several learners can share one account. */
  readonly prefix: string;
  /** Create billable resources on AWS without asking. */
  readonly yes: boolean;
}

export const OPTIONS_HELP = `Options:
  --target local|aws  where to run (default: local, or $L2L_TARGET)
                      local: the embedded local cloud, or a running \`pnpm local-cloud\`
                      aws:   AWS itself, with your usual credentials and region
  --endpoint URL      an AWS-compatible endpoint for the local target, e.g. a
                      LocalStack you already run (default: $AWS_ENDPOINT_URL)
  --prefix NAME       put NAME before every resource name (default: $L2L_PREFIX)
  --yes               on AWS, create resources without asking
  --trace FILE.html   on the local cloud, write the run's chains of calls to
                      FILE.html (the live view, offline) and FILE.md (Mermaid)
  -h, --help          show this help`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Why `--trace` is refused with `--target aws`. */
export const NO_TRACE_ON_AWS =
  '--trace records what the local cloud sees: it has nothing to read on AWS';

/**
 * A command line `util.parseArgs` refused, said plainly: its message for an unknown option ends
 * in advice about positional arguments after `--`, which none of these commands takes.
 */
export function argumentError(error: unknown): UsageError {
  const message = (error as Error).message;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  return new UsageError(unknown ? `unknown option '${unknown[1]}'` : message);
}

export interface ParsedCommandLine {
  readonly options: WorkshopOptions;
  readonly positionals: readonly string[];
  readonly help: boolean;
  /** `--trace FILE.html`: where to write the run's chains of calls (./trace.ts). */
  readonly traceFile?: string;
}

export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ParsedCommandLine {
  let parsed: ReturnType<typeof parse>;
  try {
    // `pnpm --filter X start -- --help` hands the script the `--` too: it only ends pnpm's options.
    parsed = parse(argv[0] === '--' ? argv.slice(1) : argv);
  } catch (error) {
    throw argumentError(error);
  }
  const { values, positionals } = parsed;
  const target = values.target ?? env.L2L_TARGET ?? 'local';
  if (target !== 'local' && target !== 'aws') {
    throw new UsageError(`--target must be 'local' or 'aws', got '${target}'`);
  }
  const endpoint = values.endpoint ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new UsageError(`the endpoint must be an http(s) URL, got '${endpoint}'`);
  }
  if (target === 'aws' && endpoint !== undefined) {
    throw new UsageError(
      `--target aws talks to AWS itself, but an endpoint is set (${values.endpoint ? '--endpoint' : 'AWS_ENDPOINT_URL'}=${endpoint}). Drop one of them.`,
    );
  }
  if (values.prefix === '') throw new UsageError('--prefix needs a name, e.g. --prefix ana');
  const prefix = values.prefix ?? env.L2L_PREFIX ?? '';
  if (!/^[A-Za-z0-9-]{0,20}$/.test(prefix)) {
    throw new UsageError(`--prefix takes up to 20 letters, digits or '-', got '${prefix}'`);
  }
  const traceFile = values.trace;
  if (traceFile !== undefined && !/\.html?$/i.test(traceFile)) {
    throw new UsageError(`--trace takes a file name ending in .html, got '${traceFile}'`);
  }
  if (traceFile !== undefined && target === 'aws') {
    throw new UsageError(NO_TRACE_ON_AWS);
  }
  return {
    options: {
      target,
      ...(endpoint === undefined ? {} : { endpoint }),
      prefix,
      yes: values.yes ?? false,
    },
    positionals,
    help: values.help ?? false,
    ...(traceFile === undefined ? {} : { traceFile }),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      endpoint: { type: 'string' },
      prefix: { type: 'string' },
      yes: { type: 'boolean' },
      trace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

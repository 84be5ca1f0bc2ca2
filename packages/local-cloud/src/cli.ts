/**
 * `pnpm local-cloud`: the local cloud as a long-running server, printing each API call
 * it serves on one line, and every function's log lines live as CloudWatch Logs stores
 * them. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import {
  AllowListError,
  DEFAULT_CONCURRENCY_LIMIT,
  DEFAULT_PORT,
  type HopEvent,
  type LogEvent,
  type StopReport,
  startLocalCloud,
} from './index.ts';

// The cloud's own SDK client (Kinesis, for event source mappings) would warn on Node.js 20
// that later SDK versions need 22: that is for whoever runs the SDK, not for this output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const USAGE = `Usage: pnpm local-cloud [--port N] [--quiet] [--concurrency N] [--allow-origin URL]... [--allow-host NAME]...

Starts the workshop's local cloud on 127.0.0.1 and prints each API call it serves
on one line, and each function's log lines as they are written. The chapters find
it on port ${DEFAULT_PORT} by themselves (on another port, pass them --endpoint URL).
Other tools (the AWS CLI, your scripts) reach it with
  AWS_ENDPOINT_URL=http://127.0.0.1:<port>
It serves only signed AWS requests, and no web page but those you allow.

Options:
  --port N             port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  -q, --quiet          print the functions' log lines only, not each API call
  --concurrency N      execution environments that may run at once (default ${DEFAULT_CONCURRENCY_LIMIT})
  --allow-origin URL   let the web page at this origin call it, e.g. http://localhost:3000
                       (repeatable; also LOCAL_CLOUD_ALLOW_ORIGINS, comma-separated)
  --allow-host NAME    serve requests sent to this host name too, besides 127.0.0.1,
                       localhost and [::1] (repeatable; also LOCAL_CLOUD_ALLOW_HOSTS)
  -h, --help           show this help`;

function fail(message: string): never {
  console.error(`local-cloud: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    fail(`${name} must be a whole number, got '${value}'`);
  return number;
}

function printLogEvent(event: LogEvent): void {
  const time = new Date(event.timestamp).toISOString();
  process.stdout.write(`${time} ${event.logGroupName} ${event.message.replace(/\n$/, '')}\n`);
}

/** An API call once answered, on one line: `CreateFunction echoTest`, `caller: Invoke echoTest`. */
function printCall({ type, hop }: HopEvent): void {
  if (type !== 'ended' || hop.kind !== 'call') return;
  const time = new Date(hop.startedAt).toISOString();
  const caller = hop.from === 'You' ? '' : `${hop.from}: `;
  process.stdout.write(`${time} ${caller}${hop.label}\n`);
}

/** "1 event was" or "3 events were": a count and its words. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What was dropped, and that nothing the local cloud kept outlives it. */
function stopLines(report: StopReport): string[] {
  const lines: string[] = [];
  const { queuedEvents, runningEvents, eventsAwaitingRetry, pendingSnsDeliveries } = report;
  if (queuedEvents > 0) {
    lines.push(`${count(queuedEvents, 'queued event was', 'queued events were')} dropped.`);
  }
  if (runningEvents > 0) {
    lines.push(`${count(runningEvents, 'event was', 'events were')} running: stopped unfinished.`);
  }
  if (eventsAwaitingRetry > 0) {
    const failed = count(eventsAwaitingRetry, 'failed event was', 'failed events were');
    lines.push(`${failed} waiting for a retry: dropped.`);
  }
  if (pendingSnsDeliveries > 0) {
    lines.push(
      `${count(pendingSnsDeliveries, 'SNS delivery was', 'SNS deliveries were')} dropped.`,
    );
  }
  lines.push(
    'Functions, roles, topics, streams, logs and queued events were kept in memory only: they are gone.',
  );
  return lines;
}

async function main(): Promise<void> {
  let values: {
    port?: string;
    quiet?: boolean;
    concurrency?: string;
    'allow-origin'?: string[];
    'allow-host'?: string[];
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        concurrency: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = wholeNumber(values.port, '--port', DEFAULT_PORT);
  const concurrencyLimit = wholeNumber(
    values.concurrency,
    '--concurrency',
    DEFAULT_CONCURRENCY_LIMIT,
  );
  if (port > 65535) fail('--port must be at most 65535');
  if (concurrencyLimit < 1) fail('--concurrency must be at least 1');

  let cloud: Awaited<ReturnType<typeof startLocalCloud>>;
  try {
    cloud = await startLocalCloud({
      port,
      concurrencyLimit,
      onLogEvent: printLogEvent,
      onNotice: (message) => console.log(`local-cloud: ${message}`),
      allowOrigins: values['allow-origin'],
      allowHosts: values['allow-host'],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `local-cloud: port ${port} is already in use (another local cloud, or LocalStack?). Stop it or pass --port.`,
      );
      process.exit(1);
    }
    if (error instanceof AllowListError) fail(error.message);
    throw error;
  }
  if (!values.quiet) cloud.recorder.subscribe(printCall);
  console.log(`Local cloud listening on ${cloud.endpoint} (Ctrl-C to stop)`);
  console.log(`Watch each call live in your browser: ${cloud.liveViewUrl}`);
  console.log(
    cloud.port === DEFAULT_PORT
      ? 'The chapters find it by themselves: run them in another terminal.'
      : `The chapters look for it on port ${DEFAULT_PORT}: run them with --endpoint ${cloud.endpoint}.`,
  );
  console.log(`Other tools (the AWS CLI, your scripts): AWS_ENDPOINT_URL=${cloud.endpoint}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud...`);
    const report = await cloud.stop();
    for (const line of stopLines(report)) console.log(line);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();

/**
 * `pnpm local-cloud`: the local cloud as a long-running server, printing every
 * function's log lines live as CloudWatch Logs stores them. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import {
  AllowListError,
  DEFAULT_CONCURRENCY_LIMIT,
  DEFAULT_PORT,
  type LogEvent,
  type StopReport,
  startLocalCloud,
} from './index.ts';

const USAGE = `Usage: pnpm local-cloud [--port N] [--concurrency N] [--allow-origin URL]... [--allow-host NAME]...

Starts the workshop's local cloud on 127.0.0.1 and prints each function's log
lines as they are written. Point the AWS SDK (or the chapters) at it with
  AWS_ENDPOINT_URL=http://127.0.0.1:<port>
It serves only signed AWS requests, and no web page but those you allow.

Options:
  --port N             port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
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
    concurrency?: string;
    'allow-origin'?: string[];
    'allow-host'?: string[];
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
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
  console.log(`Local cloud listening on ${cloud.endpoint} (Ctrl-C to stop)`);
  console.log(`Use it with: AWS_ENDPOINT_URL=${cloud.endpoint}`);

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

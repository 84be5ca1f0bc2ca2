/**
 * `pnpm local-cloud`: the local cloud as a long-running server, printing every
 * function's log lines live as CloudWatch Logs stores them. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { AllowListError, DEFAULT_PORT, type LogEvent, startLocalCloud } from './index.ts';

const USAGE = `Usage: pnpm local-cloud [--port N] [--concurrency N] [--allow-origin URL]... [--allow-host NAME]...

Starts the workshop's local cloud on 127.0.0.1 and prints each function's log
lines as they are written. Point the AWS SDK (or the chapters) at it with
  AWS_ENDPOINT_URL=http://127.0.0.1:<port>
It serves only signed AWS requests, and no web page but those you allow.

Options:
  --port N             port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --concurrency N      execution environments that may run at once (default 10)
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
  const concurrencyLimit = wholeNumber(values.concurrency, '--concurrency', 10);
  if (port > 65535) fail('--port must be at most 65535');
  if (concurrencyLimit < 1) fail('--concurrency must be at least 1');

  let cloud: Awaited<ReturnType<typeof startLocalCloud>>;
  try {
    cloud = await startLocalCloud({
      port,
      concurrencyLimit,
      onLogEvent: printLogEvent,
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
    const { queuedEvents, pendingSnsDeliveries } = await cloud.stop();
    if (queuedEvents > 0) console.log(`${queuedEvents} queued events were dropped.`);
    if (pendingSnsDeliveries > 0) {
      console.log(`${pendingSnsDeliveries} SNS deliveries were dropped.`);
    }
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();

/**
 * `pnpm --filter @l2l/local-cloud bench` (after bench/run.ts): figures for asynchronous
 * invocation, printed next to their floors. A benchmark, not a test: it asserts nothing.
 *
 * - 1,000 `Event` invokes of a 10 ms handler at concurrency 10, from the first Invoke sent
 *   to the last handler's end, against the ideal 1 s (1,000 × 10 ms / 10); the ten
 *   execution environments are warm first, so cold starts are not in the figure. Sent as
 *   plain HTTP Invoke requests (the local cloud's own figure: median of 3 rounds), then
 *   through the SDK, whose own cost shows next to it: the time the SDK alone takes to send
 *   them to a server that answers 202 at once. The runtime's own floor shows too: the same
 *   1,000 invocations as 10 clients each making 100 synchronous invokes one after another.
 * - SNS publish-to-handler latency: from Publish sent to the subscribed function's log
 *   line, p50/p99 over 50 publishes one after another.
 * Handler ends are observed as CloudWatch Logs stores them (startLocalCloud's onLogEvent).
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddPermissionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { type LogEvent, startLocalCloud } from '../src/index.ts';
import { createFunction } from '../test/support/functions.ts';
import { zipOf } from '../test/support/zip.ts';
import { credentials, ms as msFine, percentile, REGION } from './stats.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const FUNCTIONS = `arn:aws:lambda:${REGION}:000000000000:function`;
const EVENTS = 1_000;
const CONCURRENCY = 10;
const HANDLER_MS = 10;
const IDEAL_MS = (EVENTS * HANDLER_MS) / CONCURRENCY;
const PUBLISHES = 50;

const SLEEP_SOURCE = `export const handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, ${HANDLER_MS}));
  return null;
};
`;
const LOG_SOURCE = `export const handler = async (event) => {
  console.log('GOT ' + event.Records[0].Sns.Message);
  return null;
};
`;

const ms = (value: number) => `${value.toFixed(0)} ms`;
const ratio = (value: number) => `${(value / IDEAL_MS).toFixed(2)}x`;

/** Called with each log event the local cloud stores, and when (performance.now()). */
type Watcher = (event: LogEvent, at: number) => void;

/** One Invoke request as plain HTTP (the local cloud takes unsigned Lambda calls). */
function rawInvoke(
  agent: http.Agent,
  url: URL,
  payload: string,
  invocationType: 'Event' | 'RequestResponse',
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'x-amz-invocation-type': invocationType,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === (invocationType === 'Event' ? 202 : 200)
            ? resolve()
            : reject(new Error(`Invoke answered ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A server that answers every request 202 at once: what sending costs the SDK alone. */
async function cannedEventServer(): Promise<Server> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(202, { 'content-length': '0' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function sdkEventInvokes(lambda: LambdaClient): Promise<unknown> {
  return Promise.all(
    Array.from({ length: EVENTS }, (_, n) =>
      lambda.send(
        new InvokeCommand({
          FunctionName: 'sleep10',
          InvocationType: 'Event',
          Payload: JSON.stringify({ n }),
        }),
      ),
    ),
  );
}

async function main(): Promise<void> {
  let watch: Watcher = () => {};
  const cloud = await startLocalCloud({
    port: 0,
    concurrencyLimit: CONCURRENCY,
    onLogEvent: (event) => watch(event, performance.now()),
  });
  const config = { endpoint: cloud.endpoint, region: REGION, credentials };
  const lambda = new LambdaClient(config);
  const sns = new SNSClient(config);
  const deploy = async (name: string, source: string) =>
    createFunction(lambda, name, await zipOf({ 'index.mjs': source }));

  /** Sends the events with `send`; returns ms from the start to the last handler's end. */
  const timeEvents = async (send: () => Promise<unknown>): Promise<number> => {
    let ended = 0;
    let lastEnd = 0;
    const allEnded = new Promise<void>((resolve) => {
      watch = (event, at) => {
        if (event.logGroupName !== '/aws/lambda/sleep10' || !event.message.startsWith('END ')) {
          return;
        }
        ended += 1;
        lastEnd = at;
        if (ended === EVENTS) resolve();
      };
    });
    const start = performance.now();
    await send();
    await allEnded;
    return lastEnd - start;
  };

  // 1,000 Event invokes at concurrency 10, on warm environments.
  await deploy('sleep10', SLEEP_SOURCE);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      lambda.send(new InvokeCommand({ FunctionName: 'sleep10' })),
    ),
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(`${cloud.endpoint}/2015-03-31/functions/sleep10/invocations`);
  const raw: number[] = [];
  for (let round = 0; round < 3; round++) {
    raw.push(
      await timeEvents(() =>
        Promise.all(
          Array.from({ length: EVENTS }, (_, n) =>
            rawInvoke(agent, url, JSON.stringify({ n }), 'Event'),
          ),
        ),
      ),
    );
  }
  const floorStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let n = 0; n < EVENTS / CONCURRENCY; n++) {
        await rawInvoke(agent, url, JSON.stringify({ n }), 'RequestResponse');
      }
    }),
  );
  const floor = performance.now() - floorStart;
  agent.destroy();
  const throughSdk = await timeEvents(() => sdkEventInvokes(lambda));
  const canned = await cannedEventServer();
  const cannedClient = new LambdaClient({
    ...config,
    endpoint: `http://127.0.0.1:${(canned.address() as AddressInfo).port}`,
  });
  await sdkEventInvokes(cannedClient); // warm the client
  const sdkStart = performance.now();
  await sdkEventInvokes(cannedClient);
  const sdkAlone = performance.now() - sdkStart;
  cannedClient.destroy();
  canned.close();

  const median = percentile(raw, 50);
  console.log(
    `${EVENTS.toLocaleString('en')} Event invokes of a ${HANDLER_MS} ms handler at concurrency ${CONCURRENCY} (warm environments), first Invoke sent to last handler end`,
  );
  console.log(
    `  HTTP Invoke requests  ${ms(median)} (median of ${raw.map(ms).join(', ')})  ideal ${ms(IDEAL_MS)}  ratio ${ratio(median)} (goal <= 1.25x)`,
  );
  console.log(
    `  runtime floor         ${ms(floor)}  ratio ${ratio(floor)}  (${CONCURRENCY} clients × ${EVENTS / CONCURRENCY} sync invokes, no queue)`,
  );
  console.log(
    `  through the SDK       ${ms(throughSdk)}  ratio ${ratio(throughSdk)}; the SDK alone takes ${ms(sdkAlone)} to send them (canned 202 server)`,
  );

  // SNS publish to handler.
  await deploy('snsLogger', LOG_SOURCE);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'benchSns' }));
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'snsLogger',
      StatementId: 'sns',
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      SourceArn: TopicArn,
    }),
  );
  await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: `${FUNCTIONS}:snsLogger` }),
  );
  const latencies: number[] = [];
  for (let i = 0; i < PUBLISHES + 5; i++) {
    const message = `message ${i}`;
    const handled = new Promise<number>((resolve) => {
      watch = (event, at) => {
        if (event.message.endsWith(`GOT ${message}\n`)) resolve(at);
      };
    });
    const sent = performance.now();
    await sns.send(new PublishCommand({ TopicArn, Message: message }));
    const at = await handled;
    if (i >= 5) latencies.push(at - sent); // the first ones warm the environment and the clients
  }
  console.log(`\nSNS publish to handler (${PUBLISHES} publishes, one at a time, warm function)`);
  console.log(
    `  p50 ${msFine(percentile(latencies, 50))}  p99 ${msFine(percentile(latencies, 99))}  (Publish sent to the handler's log line)`,
  );

  lambda.destroy();
  sns.destroy();
  await cloud.stop();
}

console.log(
  `\nlocal-cloud async bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
);
await main();

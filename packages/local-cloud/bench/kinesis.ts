/**
 * `pnpm --filter @l2l/local-cloud bench` (after bench/run.ts and bench/async-invoke.ts): figures
 * for Kinesis. A benchmark, not a test: it asserts nothing.
 *
 * - Put-to-handler latency of a Kinesis trigger (walkthrough step 3: one shard, batch size 1):
 *   from PutRecord sent to the handler's log line (startLocalCloud's onLogEvent), p50/p90 over
 *   50 records put one after another (each after a random pause within the poll interval), at
 *   the fastest poll setting (kinesisPollIntervalMs 1) and at the default (100 ms). Lambda
 *   itself polls each shard once per second.
 * - The latency the local cloud's Kinesis proxy adds to PutRecord: the same SDK client (with
 *   an HTTP/1.1 handler, as kinesis-mock needs) against the local cloud's endpoint and straight
 *   at kinesis-mock, 300 calls each way, interleaved, p50s side by side; and the SDK's default
 *   HTTP/2 client through the endpoint, as the walkthrough's code sends it.
 */

import http from 'node:http';
import {
  CreateStreamCommand,
  KinesisClient,
  PutRecordCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { LOCAL_ACCOUNT_ID, type LogEvent, startLocalCloud } from '../src/index.ts';
import { listen } from '../src/server/http-server.ts';
import { Router } from '../src/server/router.ts';
import { kinesisService } from '../src/services/kinesis/api.ts';
import { KinesisEngine } from '../src/services/kinesis/kinesis-engine.ts';
import { kinesisMockClient } from '../src/services/lambda/event-source-mappings/kinesis-client.ts';
import { createFunction } from '../test/support/functions.ts';
import { zipOf } from '../test/support/zip.ts';
import { credentials, ms, percentile, REGION } from './stats.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const RECORDS = 50;
const PUTS = 300;

const LOG_SOURCE = `export const handler = async (event) => {
  for (const record of event.Records) console.log('GOT ' + Buffer.from(record.kinesis.data, 'base64'));
  return null;
};
`;

/** Put-to-handler latencies of records put one after another on a triggered stream. */
async function putToHandler(pollIntervalMs: number): Promise<number[]> {
  const arrivals = new Map<string, (at: number) => void>();
  const onLogEvent = ({ message }: LogEvent) => {
    const id = /\tGOT (\S+)/.exec(message)?.[1];
    if (id !== undefined) arrivals.get(id)?.(performance.now());
  };
  const cloud = await startLocalCloud({
    port: 0,
    kinesisPollIntervalMs: pollIntervalMs,
    onLogEvent,
  });
  const config = { endpoint: cloud.endpoint, region: REGION, credentials };
  const kinesis = new KinesisClient(config);
  const lambda = new LambdaClient(config);
  await kinesis.send(new CreateStreamCommand({ StreamName: 'testKinesis', ShardCount: 1 }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: 'testKinesis' });
  await createFunction(lambda, 'kinesisCallee', await zipOf({ 'index.mjs': LOG_SOURCE }));
  const { UUID } = await lambda.send(
    new CreateEventSourceMappingCommand({
      EventSourceArn: `arn:aws:kinesis:${REGION}:${LOCAL_ACCOUNT_ID}:stream/testKinesis`,
      FunctionName: 'kinesisCallee',
      BatchSize: 1,
      StartingPosition: 'LATEST',
    }),
  );
  while ((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State !== 'Enabled') {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  const samples: number[] = [];
  // Five more first, to warm the execution environment and kinesis-mock.
  for (let i = 0; i < RECORDS + 5; i++) {
    // Records put right after the previous one arrived would meet the poller always at the same
    // point of its wait: a random pause spreads them over the poll interval, as real puts are.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * pollIntervalMs));
    const id = `record-${i}`;
    const arrived = new Promise<number>((resolve) => arrivals.set(id, resolve));
    const sent = performance.now();
    await kinesis.send(
      new PutRecordCommand({
        StreamName: 'testKinesis',
        PartitionKey: 'partition',
        Data: Buffer.from(id),
      }),
    );
    const latency = (await arrived) - sent;
    if (i >= 5) samples.push(latency);
  }
  kinesis.destroy();
  lambda.destroy();
  await cloud.stop();
  return samples;
}

/** PutRecord latencies of clients called in turn, one call each per round. */
async function timePuts(clients: KinesisClient[], rounds: number): Promise<number[][]> {
  const samples = clients.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, client] of clients.entries()) {
      const start = performance.now();
      await client.send(
        new PutRecordCommand({
          StreamName: 'benchStream',
          PartitionKey: 'p',
          Data: Buffer.from('x'),
        }),
      );
      samples[index]?.push(performance.now() - start);
    }
  }
  return samples;
}

async function proxyOverhead(): Promise<void> {
  const engine = new KinesisEngine();
  const router = new Router([kinesisService(engine)]);
  const server = await listen(router, 0);
  const endpoint = `http://127.0.0.1:${server.port}`;
  const direct = await kinesisMockClient(await engine.address(), REGION, LOCAL_ACCOUNT_ID);
  const proxied = new KinesisClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: LOCAL_ACCOUNT_ID, secretAccessKey: 'bench' },
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true }) }),
  });
  const http2 = new KinesisClient({ endpoint, region: REGION, credentials });
  await direct.send(new CreateStreamCommand({ StreamName: 'benchStream', ShardCount: 1 }));
  await waitUntilStreamExists({ client: direct, maxWaitTime: 30 }, { StreamName: 'benchStream' });

  const clients = [direct, proxied, http2];
  await timePuts(clients, 100);
  const [directSamples = [], proxiedSamples = [], http2Samples = []] = await timePuts(
    clients,
    PUTS,
  );
  const [d50, p50, h50] = [directSamples, proxiedSamples, http2Samples].map((samples) =>
    percentile(samples, 50),
  ) as [number, number, number];
  console.log(
    `\nPutRecord through the local cloud's Kinesis proxy (${PUTS} calls each way, interleaved)`,
  );
  console.log(
    `  straight at kinesis-mock (HTTP/1.1)      p50 ${ms(d50)}  p90 ${ms(percentile(directSamples, 90))}`,
  );
  console.log(
    `  through the endpoint (HTTP/1.1)          p50 ${ms(p50)}  p90 ${ms(percentile(proxiedSamples, 90))}`,
  );
  console.log(
    `  added by the proxy                       p50 ${ms(p50 - d50)} (goal < 1 ms), ${(p50 / d50).toFixed(2)}x`,
  );
  console.log(
    `  through the endpoint, SDK default HTTP/2 p50 ${ms(h50)}  (${(h50 / d50).toFixed(2)}x the direct call)`,
  );

  for (const client of clients) client.destroy();
  await server.close();
  await router.stop();
}

console.log(
  `\nlocal-cloud Kinesis bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
);
console.log(
  `Put-to-handler latency of a Kinesis trigger (batch size 1; ${RECORDS} records, one at a time)`,
);
for (const [label, pollIntervalMs] of [
  ['fastest poll (1 ms)', 1],
  ['default poll (100 ms)', 100],
] as const) {
  const samples = await putToHandler(pollIntervalMs);
  console.log(
    `  ${label.padEnd(22)} p50 ${ms(percentile(samples, 50))}  p90 ${ms(percentile(samples, 90))}  (Lambda polls once per second)`,
  );
}
await proxyOverhead();

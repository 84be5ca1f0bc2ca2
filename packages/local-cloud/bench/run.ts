/**
 * `pnpm --filter @l2l/local-cloud bench`: figures for the local cloud's hot
 * paths, printed next to their floors. A benchmark, not a test: it asserts nothing.
 *
 * - warm sync Invoke of the echo handler through the SDK, p50/p99, next to the
 *   same SDK call against a bare server that returns a canned Invoke response;
 * - cold start of an execution environment (p50);
 * - start-up to first answered request, in-process and as `pnpm local-cloud`;
 * - resident memory of an idle `pnpm local-cloud` with one warm function.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalCloud } from '../src/index.ts';
import { createFunction } from '../test/support/functions.ts';
import { echoZip } from '../test/support/zip.ts';
import { credentials, ms, percentile, REGION } from './stats.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const EVENT = '{"id":"1","name":"Luna"}';

/** Calls through each client in turn, so that the machine's ups and downs touch all alike. */
async function timeInterleaved(clients: LambdaClient[], count: number): Promise<number[][]> {
  const samples = clients.map((): number[] => []);
  for (let i = 0; i < count; i++) {
    for (const [index, client] of clients.entries()) {
      const start = performance.now();
      await client.send(new InvokeCommand({ FunctionName: 'echoTest', Payload: EVENT }));
      samples[index]?.push(performance.now() - start);
    }
  }
  return samples;
}

async function timeInvokes(client: LambdaClient, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await client.send(new InvokeCommand({ FunctionName: 'echoTest', Payload: EVENT }));
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The floor: a server that does nothing but return a canned Invoke response. */
async function cannedInvokeServer(): Promise<Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
        'content-length': String(EVENT.length),
      });
      res.end(EVENT);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function warmInvoke(): Promise<void> {
  const cloud = await startLocalCloud({ port: 0 });
  const lambda = new LambdaClient({ endpoint: cloud.endpoint, region: REGION, credentials });
  await createFunction(lambda, 'echoTest', await echoZip());

  const canned = await cannedInvokeServer();
  const floorClient = new LambdaClient({
    endpoint: `http://127.0.0.1:${(canned.address() as AddressInfo).port}`,
    region: REGION,
    credentials,
  });
  await timeInterleaved([lambda, floorClient], 100);
  const [local = [], floor = []] = await timeInterleaved([lambda, floorClient], 1000);
  const [p50, p99, f50, f99] = [
    percentile(local, 50),
    percentile(local, 99),
    percentile(floor, 50),
    percentile(floor, 99),
  ];
  console.log(
    'Warm sync Invoke of the echo handler through the SDK, server in-process (1,000 calls)',
  );
  console.log(`  local cloud  p50 ${ms(p50)}  p99 ${ms(p99)}`);
  console.log(`  floor        p50 ${ms(f50)}  p99 ${ms(f99)}  (canned Invoke response)`);
  console.log(
    `  ratio        p50 ${(p50 / f50).toFixed(2)}x (goal <= 1.5x)  p99 ${(p99 / f99).toFixed(2)}x`,
  );

  const cold: number[] = [];
  for (let i = 0; i < 20; i++) {
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'echoTest',
        Environment: { Variables: { ROUND: String(i) } },
      }),
    );
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10 },
      { FunctionName: 'echoTest' },
    );
    const [sample] = await timeInvokes(lambda, 1);
    if (sample !== undefined) cold.push(sample);
  }
  console.log('\nCold start (new execution environment, then Invoke; 20 rounds)');
  console.log(`  p50 ${ms(percentile(cold, 50))}  max ${ms(Math.max(...cold))}`);

  lambda.destroy();
  floorClient.destroy();
  canned.close();
  await cloud.stop();
}

async function startupInProcess(): Promise<void> {
  const start = performance.now();
  const cloud = await startLocalCloud({ port: 0 });
  const sts = new STSClient({ endpoint: cloud.endpoint, region: REGION, credentials });
  await sts.send(new GetCallerIdentityCommand({}));
  const elapsed = performance.now() - start;
  sts.destroy();
  await cloud.stop();
  console.log('\nStart-up to first answered request');
  console.log(`  startLocalCloud() in-process   ${ms(elapsed)}`);
}

/** A child process that prints `listening on http://127.0.0.1:<port>`, and that endpoint. */
async function spawnListening(args: string[]) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`${args.join(' ')} exited: ${output}`)));
  });
  const stop = async () => {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { child, endpoint, stop };
}

/** The floor in a process of its own, as the local cloud is below. */
const CANNED_SERVER = `require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST', 'content-length': ${EVENT.length} });
    res.end(${JSON.stringify(EVENT)});
  });
}).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });
process.on('SIGINT', () => process.exit(0));`;

/**
 * `pnpm local-cloud` as a learner starts it: a new process, then the first answer; warm
 * idle memory with one warm function; then warm Invokes with the server in its own process
 * (as the chapters use a running local cloud), next to the canned server in its own process.
 */
async function cliProcess(): Promise<void> {
  const cli = fileURLToPath(new URL('../bin/local-cloud.mjs', import.meta.url));
  const start = performance.now();
  const server = await spawnListening([cli, '--port', '0']);
  const sts = new STSClient({ endpoint: server.endpoint, region: REGION, credentials });
  await sts.send(new GetCallerIdentityCommand({}));
  console.log(`  pnpm local-cloud (new process) ${ms(performance.now() - start)}`);
  sts.destroy();

  const lambda = new LambdaClient({ endpoint: server.endpoint, region: REGION, credentials });
  await createFunction(lambda, 'echoTest', await echoZip());
  await timeInvokes(lambda, 10);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const status = await readFile(`/proc/${server.child.pid}/status`, 'utf8').catch(() => '');
  const rssKb = Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1]);
  console.log('\nResident memory of an idle local cloud with one warm function');
  console.log(
    Number.isFinite(rssKb)
      ? `  ${(rssKb / 1024).toFixed(1)} MB (goal < 100 MB)`
      : '  not measured (needs /proc)',
  );

  const canned = await spawnListening(['-e', CANNED_SERVER]);
  const floorClient = new LambdaClient({ endpoint: canned.endpoint, region: REGION, credentials });
  await timeInterleaved([lambda, floorClient], 100);
  const [local = [], floor = []] = await timeInterleaved([lambda, floorClient], 1000);
  await canned.stop();
  floorClient.destroy();
  lambda.destroy();
  const [p50, f50] = [percentile(local, 50), percentile(floor, 50)];
  console.log(
    '\nWarm sync Invoke through the SDK, each server in a process of its own (1,000 calls)',
  );
  console.log(`  pnpm local-cloud  p50 ${ms(p50)}  p99 ${ms(percentile(local, 99))}`);
  console.log(
    `  floor             p50 ${ms(f50)}  p99 ${ms(percentile(floor, 99))}  (canned Invoke response)`,
  );
  console.log(`  ratio             p50 ${(p50 / f50).toFixed(2)}x (goal <= 1.5x)`);

  await server.stop();
}

console.log(
  `local-cloud bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}\n`,
);
await warmInvoke();
await startupInProcess();
await cliProcess();

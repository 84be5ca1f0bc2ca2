/**
 * What running a function on another Node.js major costs: cold start and warm invoke of
 * the echo handler in a worker thread (the host's major) and in a child process of the
 * registry's binary (nodejs22.x, nodejs24.x: node-binaries.ts), through LambdaRuntime alone
 * (no HTTP), so that only the crossing differs.
 */

import { performance } from 'node:perf_hooks';
import type { FunctionSnapshot } from '../src/services/lambda/runtime/contract.ts';
import { LambdaRuntime } from '../src/services/lambda/runtime/lambda-runtime.ts';
import { HOST_NODE_MAJOR } from '../src/services/lambda/runtime/node-binaries.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { functionSnapshot } from '../test/support/function-snapshot.ts';
import { echoZip } from '../test/support/zip.ts';
import { ms, percentile } from './stats.ts';

const COLD_STARTS = 20;
const WARM_INVOKES = 1000;
const runtime = new LambdaRuntime({
  logs: new LogsModel({ accountId: '000000000000' }),
  concurrencyLimit: 2,
});
const code = await runtime.prepareCode(await echoZip());
let requests = 0;

function snapshot(runtimeName: string, functionName: string): FunctionSnapshot {
  return functionSnapshot(code.codeDirectory, {
    functionName,
    runtime: runtimeName,
    region: 'us-east-1',
  });
}

async function timedInvoke(fn: FunctionSnapshot): Promise<number> {
  const started = performance.now();
  const result = await runtime.invoke({
    fn,
    payload: Buffer.from('{"id":"bench"}'),
    requestId: `00000000-0000-4000-8000-${String(++requests).padStart(12, '0')}`,
  });
  if (result.functionError) throw new Error(result.payload.toString());
  return performance.now() - started;
}

console.log(`Host Node.js ${process.versions.node}; echo handler, 128 MB`);
for (const runtimeName of new Set([`nodejs${HOST_NODE_MAJOR}.x`, 'nodejs22.x', 'nodejs24.x'])) {
  const cold: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const fn = snapshot(runtimeName, `cold-${runtimeName}-${i}`);
    cold.push(await timedInvoke(fn));
    await runtime.retire(fn.functionName);
  }
  const fn = snapshot(runtimeName, `warm-${runtimeName}`);
  await timedInvoke(fn);
  const warm: number[] = [];
  for (let i = 0; i < WARM_INVOKES; i++) warm.push(await timedInvoke(fn));
  const where = runtimeName === `nodejs${HOST_NODE_MAJOR}.x` ? 'worker thread' : 'child process';
  console.log(
    `${runtimeName} (${where}): cold start + invoke p50 ${ms(percentile(cold, 50))}; warm invoke p50 ${ms(percentile(warm, 50))}, p99 ${ms(percentile(warm, 99))}`,
  );
}
await runtime.stop();

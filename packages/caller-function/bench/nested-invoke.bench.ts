/**
 * `pnpm --filter @l2l/caller-function run bench`: a warm nested synchronous invoke (the SDK on
 * this machine invokes caller, which invokes echoTest and waits) beside a warm direct invoke of
 * echoTest, on an embedded local cloud, the two taking turns so that the machine's ups and downs
 * touch both alike. Goal: the nested call's p50 within 2.5x of the direct one's.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent } from '@l2l/decoding';
import { FUNCTION_NAME } from '@l2l/echo-callee';
import { withLocalWorkshop } from '@l2l/workshop/testing';
import { CALLER_NAME, deployCaller } from '../src/deploy.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROUNDS = 500;
const WARM_UP = 50;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? 0;

await withLocalWorkshop(async (workshop) => {
  await deployCaller(workshop);
  const lambda = new LambdaClient(workshop.clientConfig);
  const timed = async (FunctionName: string, event: unknown) => {
    const started = performance.now();
    const result = await lambda.send(
      new InvokeCommand({ FunctionName, Payload: encodeEvent(event) }),
    );
    if (result.FunctionError) throw new Error(`${FunctionName} failed`);
    return performance.now() - started;
  };
  const direct: number[] = [];
  const nested: number[] = [];
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    const d = await timed(FUNCTION_NAME, { id: '1', name: 'Luna' });
    const n = await timed(CALLER_NAME, { route: 'sync' });
    if (round >= WARM_UP) {
      direct.push(d);
      nested.push(n);
    }
  }
  const row = (label: string, values: number[]) =>
    `  ${label.padEnd(34)} p50 ${percentile(values, 0.5).toFixed(2)} ms, p99 ${percentile(values, 0.99).toFixed(2)} ms`;
  console.log(
    `nested invoke bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${ROUNDS} rounds after ${WARM_UP} to warm up\n`,
  );
  console.log(row('direct: SDK -> echoTest', direct));
  console.log(row('nested: SDK -> caller -> echoTest', nested));
  const ratio = percentile(nested, 0.5) / percentile(direct, 0.5);
  console.log(`\n  ratio of the p50s (goal: at most 2.5x): ${ratio.toFixed(2)}x`);
});

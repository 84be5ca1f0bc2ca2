/**
 * `pnpm --filter @l2l/fast-answer run bench`: a warm GET on front's Function URL (Node's fetch,
 * no signature) beside a warm SDK Invoke of the same function with the same request as its
 * event, on an embedded local cloud, the two taking turns. Goal: the URL's p50 within 1.5x of
 * the Invoke's.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent } from '@l2l/decoding';
import { withLocalWorkshop } from '@l2l/workshop/testing';
import { callUrl } from '../src/call-url.ts';
import { deployFronts, FRONT } from '../src/deploy.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROUNDS = 300;
const WARM_UP = 30;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? 0;

await withLocalWorkshop(async (workshop) => {
  const urls = await deployFronts(workshop, false);
  const lambda = new LambdaClient(workshop.clientConfig);
  const event = {
    rawPath: '/resume',
    queryStringParameters: { user: 'luna' },
    requestContext: { requestId: 'bench', timeEpoch: Date.now(), http: { userAgent: 'bench' } },
  };
  const invoke = async () => {
    const started = performance.now();
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: FRONT, Payload: encodeEvent(event) }),
    );
    if (result.FunctionError) throw new Error('front failed');
    return performance.now() - started;
  };
  const viaUrl: number[] = [];
  const viaInvoke: number[] = [];
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    const url = await callUrl(urls.front);
    if (url.status !== 200) throw new Error(`the URL answered ${url.status}`);
    const direct = await invoke();
    if (round >= WARM_UP) {
      viaUrl.push(url.ms);
      viaInvoke.push(direct);
    }
  }
  const row = (label: string, values: number[]) =>
    `  ${label.padEnd(26)} p50 ${percentile(values, 0.5).toFixed(2)} ms, p99 ${percentile(values, 0.99).toFixed(2)} ms`;
  console.log(
    `function URL bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${ROUNDS} rounds after ${WARM_UP} to warm up\n`,
  );
  console.log(row('GET on the Function URL', viaUrl));
  console.log(row('SDK Invoke of front', viaInvoke));
  const ratio = percentile(viaUrl, 0.5) / percentile(viaInvoke, 0.5);
  console.log(`\n  ratio of the p50s (goal: at most 1.5x): ${ratio.toFixed(2)}x`);
});

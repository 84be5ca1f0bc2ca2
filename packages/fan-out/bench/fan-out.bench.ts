/**
 * `pnpm --filter @l2l/fan-out run bench`: the splitter fans 100 parts of 50 ms out to the
 * worker, held to 10 at a time by its reserved concurrency, on an embedded local cloud whose
 * concurrency limit (20) leaves room for the splitter and the collector. The ideal is 10 rounds
 * of 50 ms, 0.5 s, from the splitter's start to the last part's end. Goal: within 1.25x of it.
 */
import { LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { withLocalWorkshop } from '@l2l/workshop/testing';
import { COLLECTOR, deployFanOut, SPLITTER, WORKER } from '../src/deploy.ts';
import { fanOut, mostAtOnce } from '../src/run.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const PARTS = 100;
const WORK_MS = 50;
const CONCURRENCY = 10;
const IDEAL_MS = (PARTS / CONCURRENCY) * WORK_MS;
const RUNS = 5;

await withLocalWorkshop(
  async (workshop) => {
    await deployFanOut(workshop, false);
    await new LambdaClient(workshop.clientConfig).send(
      new PutFunctionConcurrencyCommand({
        FunctionName: WORKER,
        ReservedConcurrentExecutions: CONCURRENCY,
      }),
    );
    const names = { splitter: SPLITTER, collector: COLLECTOR };
    // The first run starts the workers' environments (cold starts); it is not counted.
    await fanOut(workshop.clientConfig, names, PARTS, WORK_MS);
    const walls: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const fanned = await fanOut(workshop.clientConfig, names, PARTS, WORK_MS);
      if (fanned.results.length !== PARTS || mostAtOnce(fanned.results) > CONCURRENCY) {
        throw new Error(
          `run ${run}: ${fanned.results.length} results, ${mostAtOnce(fanned.results)} at once`,
        );
      }
      walls.push(fanned.wallMs);
    }
    const median = [...walls].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0;
    console.log(
      `fan-out bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}: ${PARTS} parts x ${WORK_MS} ms at concurrency ${CONCURRENCY}, ${RUNS} warm runs\n`,
    );
    console.log(`  wall times: ${walls.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
    console.log(
      `  median ${(median / 1000).toFixed(2)} s against the ideal ${(IDEAL_MS / 1000).toFixed(2)} s: ${(median / IDEAL_MS).toFixed(2)}x (goal: at most 1.25x)`,
    );
  },
  '',
  { concurrencyLimit: 20 },
);

/**
 * Chapter 8 as steps: `pnpm --filter @l2l/fan-out run deploy-fan-out` (8.1), `run fan-out`
 * (8.2), `run reserved-concurrency` (8.3), or `start` for all three.
 */
import {
  DeleteFunctionConcurrencyCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import type { Chapter, Step, Workshop } from '@l2l/workshop';
import { COLLECTOR, deployFanOut, removeFanOut, SPLITTER, WORKER } from './deploy.ts';
import { BATCH, fanOut, mostAtOnce, oneByOne } from './run.ts';

/**
 * The job: the batch cut into 5 parts, each 100 ms of work. Five workers, with the splitter and
 * the collector, stay within the local cloud's 10 execution environments (and a new AWS
 * account's concurrency of 10), so that the second fan-out finds them all warm.
 */
const PARTS = 5;
const WORK_MS = 100;
/** The worker's reserved concurrency in step 8.3. */
const RESERVED = 2;

const creates = (workshop: Workshop) =>
  [SPLITTER, WORKER, COLLECTOR].flatMap((base) => [
    `IAM role ${workshop.name(`${base}-role`)}`,
    `Lambda function ${workshop.name(base)} (billed per invocation)`,
  ]);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const names = (workshop: Workshop) => ({
  splitter: workshop.name(SPLITTER),
  collector: workshop.name(COLLECTOR),
});

export const deployStep: Step = {
  name: 'deploy-fan-out',
  title: '8.1 Deploy {splitter}, {worker} and {collector}',
  summary:
    "deploy the three functions and their roles; the collector is the worker's OnSuccess destination",
  creates,
  async run(workshop) {
    for (const arn of await deployFanOut(workshop, true)) console.log(`Deployed ${arn}`);
    console.log(
      `${workshop.name(SPLITTER)} may invoke ${workshop.name(WORKER)}, and ${workshop.name(WORKER)} may invoke ${workshop.name(COLLECTOR)}`,
    );
    console.log(
      `${workshop.name(WORKER)}'s asynchronous runs that succeed go to its OnSuccess destination, ${workshop.name(COLLECTOR)}`,
    );
  },
};

export const fanOutStep: Step = {
  name: 'fan-out',
  title: '8.2 Fan a batch out to {worker}, then do it one part after another',
  summary: `the sum of the squares of 1 to ${BATCH.length} in ${PARTS} parts of ${WORK_MS} ms: all at once, then one by one`,
  creates,
  async run(workshop) {
    await deployFanOut(workshop, false);
    console.log(
      `The job: the sum of the squares of 1 to ${BATCH.length}, in ${PARTS} parts of ${WORK_MS} ms of work each`,
    );
    // The first time, every worker needs an execution environment of its own: cold starts, at
    // the same time. The second time they are warm.
    for (const run of ['Fanned out (cold):', 'Fanned out (warm):']) {
      const fanned = await fanOut(workshop.clientConfig, names(workshop), PARTS, WORK_MS);
      console.log(
        `${run.padEnd(19)}${fanned.results.length} results reached the collector, total ${fanned.total}, in ${seconds(fanned.wallMs)}`,
      );
    }
    const sequential = await oneByOne(
      workshop.clientConfig,
      workshop.name(SPLITTER),
      PARTS,
      WORK_MS,
    );
    console.log(`One after another:  total ${sequential.total}, in ${seconds(sequential.wallMs)}`);
  },
};

export const reservedConcurrencyStep: Step = {
  name: 'reserved-concurrency',
  title: `8.3 Fan out again, with {worker} limited to ${RESERVED} at a time`,
  summary: `reserve ${RESERVED} concurrent runs for the worker, fan out the same batch, then take the limit off`,
  creates,
  async run(workshop) {
    await deployFanOut(workshop, false);
    const lambda = new LambdaClient(workshop.clientConfig);
    const FunctionName = workshop.name(WORKER);
    // #region reserve
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: RESERVED }),
    );
    // #endregion
    console.log(`${FunctionName} may now run at most ${RESERVED} invocations at once`);
    try {
      const fanned = await fanOut(workshop.clientConfig, names(workshop), PARTS, WORK_MS);
      console.log(
        `Fanned out:        ${fanned.results.length} results reached the collector, total ${fanned.total}, in ${seconds(fanned.wallMs)}`,
      );
      console.log(
        `At most ${mostAtOnce(fanned.results)} parts ran at the same time: Lambda held the other events and ran them as runs ended`,
      );
    } finally {
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName }));
      console.log(`${FunctionName}'s limit is off again`);
    }
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/fan-out',
  title: 'Chapter 8: fan a batch out to workers',
  steps: [deployStep, fanOutStep, reservedConcurrencyStep],
  cleanup: removeFanOut,
};

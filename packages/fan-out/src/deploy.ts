/**
 * Step 8.1: the three functions of the fan-out, each with a role of its own that may do only
 * what it must: the splitter may invoke the worker, the worker may invoke the collector (Lambda
 * sends the worker's destination records with the worker's role, and on AWS refuses a
 * destination the role may not invoke), the collector only writes its logs. Then the worker's
 * asynchronous settings: its `OnSuccess` destination is the collector.
 */
import { fileURLToPath } from 'node:url';
import { LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import {
  deployFunction,
  ensureFunction,
  type FunctionSpec,
  removeFunction,
} from '@l2l/echo-callee';
import { buildFunctionZip } from '@l2l/echo-handler';
import type { Workshop } from '@l2l/workshop';

export const SPLITTER = 'splitter';
export const WORKER = 'worker';
export const COLLECTOR = 'collector';
const FUNCTIONS = [COLLECTOR, WORKER, SPLITTER] as const;
type FunctionBase = (typeof FUNCTIONS)[number];

const roleName = (workshop: Workshop, base: FunctionBase) => workshop.name(`${base}-role`);

const source = (base: FunctionBase) =>
  fileURLToPath(new URL(`./functions/${base}.ts`, import.meta.url));

/** The ARN Lambda gives a function of this name in the workshop's account and region. */
function functionArn(workshop: Workshop, base: FunctionBase): string {
  return `arn:aws:lambda:${workshop.region}:${workshop.accountId}:function:${workshop.name(base)}`;
}

/** A role that may invoke one function, and nothing else but write its logs. */
function mayInvoke(workshop: Workshop, target: FunctionBase) {
  return {
    name: `invoke-${target}`,
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: functionArn(workshop, target),
        },
      ],
    },
  } as const;
}

async function spec(workshop: Workshop, base: FunctionBase): Promise<FunctionSpec> {
  const target = base === SPLITTER ? WORKER : base === WORKER ? COLLECTOR : undefined;
  return {
    functionName: workshop.name(base),
    role: {
      roleName: roleName(workshop, base),
      description: `Execution role of the lambda-to-lambda workshop's fan-out ${base}`,
      inlinePolicy: target && mayInvoke(workshop, target),
    },
    zipFile: await buildFunctionZip(source(base)),
    environment: base === SPLITTER ? { WORKER_FUNCTION: workshop.name(WORKER) } : undefined,
    // The splitter, one part after another, waits for every part.
    timeout: base === SPLITTER ? 60 : undefined,
  };
}

/**
 * Deploys the three functions (`always`: update them even if they are as they should be, as
 * step 8.1 does; otherwise only what is missing or changed), and makes the collector the
 * worker's `OnSuccess` destination.
 */
export async function deployFanOut(workshop: Workshop, always: boolean): Promise<string[]> {
  const deploy = always ? deployFunction : ensureFunction;
  const arns: string[] = [];
  // The collector first: the worker's destination must exist.
  for (const base of FUNCTIONS) arns.push(await deploy(workshop, await spec(workshop, base)));
  const lambda = new LambdaClient(workshop.clientConfig);
  // #region destination
  // Where Lambda sends the record of each asynchronous run of the worker that succeeded.
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: workshop.name(WORKER),
      DestinationConfig: { OnSuccess: { Destination: functionArn(workshop, COLLECTOR) } },
    }),
  );
  // #endregion
  return arns;
}

/** Removes the three functions, their log groups and their roles. */
export async function removeFanOut(workshop: Workshop): Promise<string[]> {
  const removed: string[] = [];
  for (const base of [...FUNCTIONS].reverse()) {
    removed.push(
      ...(await removeFunction(workshop, workshop.name(base), roleName(workshop, base))),
    );
  }
  return removed;
}

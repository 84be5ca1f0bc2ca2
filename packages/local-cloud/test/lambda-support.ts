/**
 * Test support for the Lambda service: small deployment packages, and a stub
 * of the runtime for tests of the model that need no execution environments.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  type CreateFunctionInput,
  type FunctionRuntime,
  LambdaModel,
} from '../src/services/lambda/model.ts';
import type { InvokeRequest } from '../src/services/lambda/runtime/contract.ts';
import { ROLE } from './support/functions.ts';
import { zipOf } from './support/zip.ts';

export { ROLE };

/** A deployment package with one ES module, `index.mjs`. */
export function handlerZip(source: string): Promise<Buffer> {
  return zipOf({ 'index.mjs': source });
}

/** A runtime that echoes each event back and records what the model asked of it. */
export function stubRuntime() {
  const invocations: InvokeRequest[] = [];
  const retired: string[] = [];
  const released: string[] = [];
  const retained: string[] = [];
  const runtime: FunctionRuntime = {
    prepareCode: async (zip) => ({
      codeDirectory: '/var/task',
      codeSha256: createHash('sha256').update(zip).digest('base64'),
      codeSize: zip.length,
    }),
    invoke: async (request) => {
      invocations.push(request);
      return { payload: request.payload, log: `START RequestId: ${request.requestId}\n` };
    },
    retire: async (functionName) => {
      retired.push(functionName);
    },
    retainCode: (codeDirectory) => {
      retained.push(codeDirectory);
    },
    releaseCode: (codeDirectory) => {
      released.push(codeDirectory);
    },
  };
  return { runtime, invocations, retired, released, retained };
}

/** Lets the model finish a change (Pending -> Active, InProgress -> Successful). */
export function settled(): Promise<void> {
  return nextTurn();
}

export const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
/** The stub runtime's deployment package: never unpacked. */
export const ZIP = Buffer.from('not unpacked by the stub');

/** A model over a stub runtime. */
export function setup() {
  const stub = stubRuntime();
  const model = new LambdaModel({ runtime: stub.runtime, accountId: ACCOUNT });
  return { model, ...stub };
}

/** CreateFunction's input for `echoTest`, with `overrides`. */
export function functionInput(overrides: Partial<CreateFunctionInput> = {}): CreateFunctionInput {
  return {
    FunctionName: 'echoTest',
    Role: ROLE,
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Code: { ZipFile: ZIP },
    ...overrides,
  };
}

/** A model with `echoTest` created and Active. */
export async function activeFunction(overrides: Partial<CreateFunctionInput> = {}) {
  const context = setup();
  await context.model.createFunction(REGION, functionInput(overrides));
  await settled();
  return context;
}

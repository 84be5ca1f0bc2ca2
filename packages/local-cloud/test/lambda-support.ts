/**
 * Test support for the Lambda service: small deployment packages, and a stub
 * of the runtime for tests of the model that need no execution environments.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FunctionRuntime } from '../src/services/lambda/model.ts';
import type { InvokeRequest } from '../src/services/lambda/runtime/contract.ts';
import { zipOf } from './support/zip.ts';

export { ROLE } from './support/functions.ts';

/** A deployment package with one ES module, `index.mjs`. */
export function handlerZip(source: string): Promise<Buffer> {
  return zipOf({ 'index.mjs': source });
}

/** A runtime that echoes each event back and records what the model asked of it. */
export function stubRuntime() {
  const invocations: InvokeRequest[] = [];
  const retired: string[] = [];
  const released: string[] = [];
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
    releaseCode: (codeDirectory) => {
      released.push(codeDirectory);
    },
  };
  return { runtime, invocations, retired, released };
}

/** Lets the model finish a change (Pending -> Active, InProgress -> Successful). */
export function settled(): Promise<void> {
  return nextTurn();
}

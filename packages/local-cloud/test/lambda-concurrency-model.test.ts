/**
 * Reserved concurrency and GetAccountSettings on the model (no HTTP): a runtime whose
 * invocations end when the test says, so that "at its reservation" is a state the test holds.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { type FunctionRuntime, LambdaModel } from '../src/services/lambda/model.ts';
import type { InvokeRequest } from '../src/services/lambda/runtime/contract.ts';
import { functionInput, REGION, settled, ZIP } from './lambda-support.ts';
import { thrown } from './support/failure.ts';

/** A runtime whose invocations run until `finish()` ends the oldest. */
function heldRuntime() {
  const running: { request: InvokeRequest; end: () => void }[] = [];
  const started: InvokeRequest[] = [];
  const runtime: FunctionRuntime = {
    prepareCode: async (zip) => ({
      codeDirectory: '/var/task',
      codeSha256: createHash('sha256').update(zip).digest('base64'),
      codeSize: zip.length,
    }),
    invoke: (request) =>
      new Promise((resolve) => {
        started.push(request);
        running.push({ request, end: () => resolve({ payload: request.payload, log: '' }) });
      }),
    retire: async () => {},
    retainCode: () => {},
    releaseCode: () => {},
  };
  return {
    runtime,
    started,
    running,
    finish() {
      running.shift()?.end();
    },
  };
}

async function setupHeld(concurrencyLimit = 10) {
  const held = heldRuntime();
  const model = new LambdaModel({
    runtime: held.runtime,
    accountId: '000000000000',
    concurrencyLimit,
  });
  await model.createFunction(REGION, functionInput());
  await model.createFunction(REGION, functionInput({ FunctionName: 'other' }));
  await settled();
  return { model, ...held };
}

function invokeInput(overrides = {}) {
  return { FunctionName: 'echoTest', Payload: Buffer.from('{}'), RequestId: 'r', ...overrides };
}

describe('Put/Get/DeleteFunctionConcurrency', () => {
  it('keeps a reservation, and leaves a tenth of the limit unreserved', async () => {
    const { model } = await setupHeld(10);
    expect(model.getFunctionConcurrency(REGION, 'echoTest')).toEqual({});
    expect(model.putFunctionConcurrency(REGION, 'echoTest', 8)).toEqual({
      ReservedConcurrentExecutions: 8,
    });
    expect(model.getFunctionConcurrency(REGION, 'echoTest')).toEqual({
      ReservedConcurrentExecutions: 8,
    });
    expect(model.getFunction(REGION, 'echoTest').Concurrency).toEqual({
      ReservedConcurrentExecutions: 8,
    });
    expect(thrown(() => model.putFunctionConcurrency(REGION, 'other', 2))).toMatchObject({
      code: 'InvalidParameterValueException',
      message:
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [1].",
    });
    model.putFunctionConcurrency(REGION, 'other', 1);
    // Changing a function's own reservation counts it once.
    model.putFunctionConcurrency(REGION, 'echoTest', 8);
    expect(thrown(() => model.putFunctionConcurrency(REGION, 'echoTest', -1))).toMatchObject({
      code: 'ValidationException',
    });
    expect(thrown(() => model.putFunctionConcurrency(REGION, 'echoTest', undefined))).toMatchObject(
      { code: 'ValidationException' },
    );
    model.deleteFunctionConcurrency(REGION, 'echoTest');
    expect(model.getFunctionConcurrency(REGION, 'echoTest')).toEqual({});
    expect(model.getFunction(REGION, 'echoTest')).not.toHaveProperty('Concurrency');
  });

  it('GetAccountSettings says the local limits and what is used', async () => {
    const { model } = await setupHeld(10);
    model.putFunctionConcurrency(REGION, 'echoTest', 3);
    model.publishVersion(REGION, 'echoTest', {});
    expect(model.getAccountSettings(REGION)).toEqual({
      AccountLimit: {
        TotalCodeSize: 2 * 1024 ** 3,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: 10,
        UnreservedConcurrentExecutions: 7,
      },
      AccountUsage: { FunctionCount: 2, TotalCodeSize: 3 * ZIP.length },
    });
    expect(model.getAccountSettings('eu-west-1').AccountUsage).toEqual({
      FunctionCount: 0,
      TotalCodeSize: 0,
    });
  });
});

describe('invoking a function at its reserved concurrency', () => {
  it('answers a synchronous invoke past it with 429 and the Reason', async () => {
    const { model, finish } = await setupHeld();
    model.putFunctionConcurrency(REGION, 'echoTest', 1);
    const first = model.invoke(REGION, invokeInput());
    await settled();
    const refused = await model
      .invoke(REGION, invokeInput({ Qualifier: '$LATEST' }))
      .catch((e) => e);
    expect(refused).toMatchObject({
      code: 'TooManyRequestsException',
      statusCode: 429,
      message: 'Rate Exceeded.',
      fields: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    });
    // Another function is not held back.
    const other = model.invoke(REGION, invokeInput({ FunctionName: 'other' }));
    finish();
    finish();
    await Promise.all([first, other]);
    const again = model.invoke(REGION, invokeInput());
    finish();
    expect((await again).StatusCode).toBe(200);
  });

  it('holds Event invocations until a slot is free, and loses none', async () => {
    const { model, started, finish } = await setupHeld();
    model.putFunctionConcurrency(REGION, 'echoTest', 1);
    for (const id of ['a', 'b', 'c']) {
      expect(
        (await model.invoke(REGION, invokeInput({ InvocationType: 'Event', RequestId: id })))
          .StatusCode,
      ).toBe(202);
    }
    await vi.waitFor(() => expect(started).toHaveLength(1));
    finish();
    await vi.waitFor(() => expect(started).toHaveLength(2));
    finish();
    await vi.waitFor(() => expect(started).toHaveLength(3));
    finish();
    expect(started.map((r) => r.requestId)).toEqual(['a', 'b', 'c']);
  });

  it('0 stops the function: sync refused, Event held until the reservation goes', async () => {
    const { model, started, finish } = await setupHeld();
    model.putFunctionConcurrency(REGION, 'echoTest', 0);
    await expect(model.invoke(REGION, invokeInput())).rejects.toMatchObject({
      code: 'TooManyRequestsException',
      fields: { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    });
    await model.invoke(REGION, invokeInput({ InvocationType: 'Event', RequestId: 'held' }));
    // The other function's events go on meanwhile: the held one blocks nothing.
    await model.invoke(
      REGION,
      invokeInput({ FunctionName: 'other', InvocationType: 'Event', RequestId: 'x' }),
    );
    await vi.waitFor(() => expect(started.map((r) => r.requestId)).toEqual(['x']));
    finish();
    model.deleteFunctionConcurrency(REGION, 'echoTest');
    await vi.waitFor(() => expect(started.map((r) => r.requestId)).toEqual(['x', 'held']));
    finish();
  });

  it('counts a held event as not started when the cloud stops', async () => {
    const { model } = await setupHeld();
    model.putFunctionConcurrency(REGION, 'echoTest', 0);
    await model.invoke(REGION, invokeInput({ InvocationType: 'Event' }));
    await settled();
    expect(model.stopAsyncInvocations()).toEqual({ notStarted: 1, running: 0, awaitingRetry: 0 });
  });
});

/**
 * Asynchronous invocation end to end, through the unchanged SDK client against a
 * running local cloud: `Event` invokes, Lambda's retries (with the local cloud's short
 * waits), destination records field by field, the queue under a saturated concurrency
 * limit, what stop() reports, and 1,000 events of which a third fail once
 * (async-invocation-config.test.ts has the event invoke config operations).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../src/index.ts';
import {
  lambdaTools,
  RECORDER_SOURCE,
  SLEEPER_SOURCE,
  useAsyncInvocation,
} from './support/async-invocation.ts';
import { FUNCTION_ARN_PREFIX as ARN } from './support/lambda-api.ts';
import { startTestCloud, useLocalCloud } from './support/local-cloud.ts';

describe('asynchronous invocation', () => {
  const { tools, send } = useAsyncInvocation();

  it('runs an Event invoke and sends the OnSuccess record, field by field', async () => {
    await send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'flaky',
        DestinationConfig: { OnSuccess: { Destination: `${ARN}:recorder` } },
      }),
    );
    const requestId = await tools.invokeEvent('flaky', { n: 1 });
    expect(await tools.recordOf(requestId)).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId,
        functionArn: `${ARN}:flaky:$LATEST`,
        condition: 'Success',
        approximateInvokeCount: 1,
      },
      requestPayload: { n: 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { ran: 1 },
    });
  });

  it('retries a failed event after 100 ms and 200 ms, then sends the OnFailure record', async () => {
    await send(
      new UpdateFunctionEventInvokeConfigCommand({
        FunctionName: 'flaky',
        DestinationConfig: {
          OnSuccess: { Destination: `${ARN}:recorder` },
          OnFailure: { Destination: `${ARN}:recorder` },
        },
      }),
    );
    const requestId = await tools.invokeEvent('flaky', { n: 2, fail: true });
    const record = await tools.recordOf(requestId);
    expect(record).toEqual({
      version: '1.0',
      timestamp: expect.any(String),
      requestContext: {
        requestId,
        functionArn: `${ARN}:flaky:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { n: 2, fail: true },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom', trace: expect.any(Array) },
    });
    // Each attempt runs with the event's request id; the waits between them are the configured ones.
    const starts = tools.lines('flaky', `START RequestId: ${requestId}`);
    const ends = tools.lines('flaky', `END RequestId: ${requestId}`);
    expect(starts).toHaveLength(3);
    const waits = [1, 2].map(
      (i) => (starts[i]?.timestamp ?? 0) - (ends[i - 1]?.timestamp ?? Number.POSITIVE_INFINITY),
    );
    expect(waits[0]).toBeGreaterThanOrEqual(99);
    expect(waits[1]).toBeGreaterThanOrEqual(199);
  });

  it('runs a failing event once with MaximumRetryAttempts 0', async () => {
    await send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'noRetries',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: `${ARN}:recorder` } },
      }),
    );
    const requestId = await tools.invokeEvent('noRetries', { n: 3, fail: true });
    const record = await tools.recordOf(requestId);
    expect(record?.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    });
    expect(tools.lines('noRetries', `START RequestId: ${requestId}`)).toHaveLength(1);
  });
});

describe('asynchronous invocation over a saturated concurrency limit', () => {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({
    concurrencyLimit: 1,
    onLogEvent: (event) => logEvents.push(event),
  });
  const tools = lambdaTools(cloud, logEvents);
  beforeAll(async () => {
    await tools.deploy('sleeper', SLEEPER_SOURCE);
    await tools.deploy('hog', SLEEPER_SOURCE);
  });
  afterAll(() => tools.destroy());

  it('runs every queued event, one at a time, while sync invokes compete for the one environment', async () => {
    const events = Array.from({ length: 20 }, (_, n) => ({ n, ms: 10 }));
    const hog = (async () => {
      let throttled = 0;
      for (let i = 0; i < 5; i++) {
        await tools
          .client()
          .send(new InvokeCommand({ FunctionName: 'hog', Payload: '{"n":-1,"ms":30}' }))
          .catch((error: Error) => {
            if (error.name === 'TooManyRequestsException') throttled++;
            else throw error;
          });
      }
      return throttled;
    })();
    await Promise.all(events.map((event) => tools.invokeEvent('sleeper', event)));
    await expect
      .poll(() => tools.lines('sleeper', 'DONE ').length, { timeout: 10_000 })
      .toBe(events.length);
    const done = tools.lines('sleeper', 'DONE ').map((line) => line.message.split('DONE ')[1]);
    expect(new Set(done).size).toBe(events.length);
    // Each sync invoke either ran or was throttled (after the SDK's own retries).
    const throttled = await hog;
    expect(tools.lines('hog', 'DONE ').length + throttled).toBe(5);
  });
});

describe('stopping the local cloud', () => {
  it('reports the events that never started apart from the one running', async () => {
    const logEvents: LogEvent[] = [];
    const cloud = await startTestCloud({
      port: 0,
      concurrencyLimit: 1,
      onLogEvent: (event) => logEvents.push(event),
    });
    const tools = lambdaTools(() => cloud, logEvents);
    try {
      // A handler that would run for 10 minutes: were stop() to wait for it, the test would time out.
      await tools.deploy('sleeper', SLEEPER_SOURCE, undefined, { Timeout: 900 });
      for (let n = 0; n < 5; n++) await tools.invokeEvent('sleeper', { n, ms: 600_000 });
      await expect.poll(() => tools.lines('sleeper', 'START ').length).toBe(1);
    } finally {
      tools.destroy();
    }
    expect(await cloud.stop()).toEqual({
      queuedEvents: 4,
      runningEvents: 1,
      eventsAwaitingRetry: 0,
      pendingSnsDeliveries: 0,
    });
  });
});

describe('1,000 asynchronous invokes, a third of which fail once', () => {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({
    concurrencyLimit: 10,
    onLogEvent: (event) => logEvents.push(event),
  });
  const tools = lambdaTools(cloud, logEvents);
  let markers: string;
  /** Fails the first attempt of an event marked failOnce: a marker file says it was tried (retries may run in another environment). */
  const ONCE_FLAKY_SOURCE = `import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
export const handler = async (event) => {
  const marker = join(process.env.MARKER_DIR, String(event.id));
  if (event.failOnce && !existsSync(marker)) {
    writeFileSync(marker, '');
    throw new Error('first attempt of ' + event.id);
  }
  return { id: event.id };
};
`;
  beforeAll(async () => {
    markers = await mkdtemp(path.join(tmpdir(), 'l2l-async-markers-'));
    await tools.deploy('recorder', RECORDER_SOURCE);
    await tools.deploy('onceFlaky', ONCE_FLAKY_SOURCE, { MARKER_DIR: markers });
    await tools.client().send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'onceFlaky',
        DestinationConfig: {
          OnSuccess: { Destination: `${ARN}:recorder` },
          OnFailure: { Destination: `${ARN}:recorder` },
        },
      }),
    );
  });
  afterAll(async () => {
    tools.destroy();
    await rm(markers, { recursive: true, force: true });
  });

  it('processes every event, none lost, each failing one exactly twice', async () => {
    const count = 1_000;
    const events = Array.from({ length: count }, (_, id) => ({ id, failOnce: id % 3 === 0 }));
    await Promise.all(events.map((event) => tools.invokeEvent('onceFlaky', event)));
    // About 8 s on an idle 2-core machine; the bound only stops a hang, as the machine may be
    // busy with other tests (CI runs three packages, and this package three files, at a time).
    await expect
      .poll(() => tools.lines('recorder', 'RECORD ').length, { timeout: 100_000, interval: 100 })
      .toBe(count);
    const records = tools.records();
    expect(records.every((record) => record.requestContext.condition === 'Success')).toBe(true);
    const attemptsById = new Map(
      records.map((record) => [
        record.requestPayload.id,
        record.requestContext.approximateInvokeCount,
      ]),
    );
    expect(attemptsById.size).toBe(count);
    for (const { id, failOnce } of events) expect(attemptsById.get(id)).toBe(failOnce ? 2 : 1);
    const failingOnce = events.filter((event) => event.failOnce).length;
    expect(failingOnce).toBe(334);
    expect(tools.lines('onceFlaky', 'START ')).toHaveLength(count + failingOnce);
  }, 120_000);
});

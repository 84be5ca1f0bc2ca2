/**
 * Asynchronous invocation in the Lambda model, with a stub runtime and fake timers:
 * the queue's retry waits, its throttle waits, event age expiry, what stop() reports,
 * and SNS's invokes with the resource policy checks AWS makes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsError } from '../src/server/aws-error.ts';
import { LambdaModel } from '../src/services/lambda/model.ts';
import type { InvokeRequest, InvokeResult } from '../src/services/lambda/runtime/contract.ts';
import { ROLE, stubRuntime } from './lambda-support.ts';
import { REGION } from './support/local-cloud.ts';

const ACCOUNT = '000000000000';
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`;
const NOTHING_DROPPED = { notStarted: 0, running: 0, awaitingRetry: 0 };
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:testSns`;
/** SNS's invoke for the topic: the service principal and the resource it invokes for. */
const FROM_SNS = { principal: 'sns.amazonaws.com', sourceArn: TOPIC_ARN };

interface Run {
  readonly functionName: string;
  readonly event: unknown;
  readonly requestId: string;
  readonly at: number;
}

/** A model whose runtime records each run and answers with `answer` (default: success). */
async function modelWith(
  functions: string[],
  options: {
    concurrencyLimit?: number;
    asyncQueueLimits?: { events?: number; payloadBytes?: number };
  } = {},
) {
  const stub = stubRuntime();
  const runs: Run[] = [];
  let answer = (_request: InvokeRequest): Promise<InvokeResult> =>
    Promise.resolve({ payload: Buffer.from('"ok"'), log: '' });
  stub.runtime.invoke = (request) => {
    runs.push({
      functionName: request.fn.functionName,
      event: JSON.parse(request.payload.toString()),
      requestId: request.requestId,
      at: Date.now(),
    });
    return answer(request);
  };
  const model = new LambdaModel({
    runtime: stub.runtime,
    accountId: ACCOUNT,
    asyncRetryDelaysMs: [100, 200],
    ...options,
  });
  for (const name of functions) {
    await model.createFunction(REGION, {
      FunctionName: name,
      Role: ROLE,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: { ZipFile: Buffer.from('zip') },
    });
  }
  await vi.advanceTimersByTimeAsync(0); // Pending -> Active
  const invokeEvent = (name: string, event: unknown, requestId = `request-${name}`) =>
    model.invoke(REGION, {
      FunctionName: name,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify(event)),
      RequestId: requestId,
    });
  return {
    model,
    runs,
    invokeEvent,
    answer: (next: typeof answer) => {
      answer = next;
    },
  };
}

const failed = (): Promise<InvokeResult> =>
  Promise.resolve({
    payload: Buffer.from('{"errorType":"Error","errorMessage":"boom"}'),
    functionError: 'Unhandled',
    log: '',
  });
const throttled = (): Promise<InvokeResult> =>
  Promise.reject(
    new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
      Reason: 'ConcurrentInvocationLimitExceeded',
    }),
  );

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the async event queue', () => {
  it('retries a failed event after 100 ms, then 200 ms, and runs it at most three times', async () => {
    const { model, runs, invokeEvent, answer } = await modelWith(['flaky']);
    answer(failed);
    await invokeEvent('flaky', { n: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs.map((run) => run.requestId)).toEqual(Array(3).fill('request-flaky'));
    const [first, second, third] = runs.map((run) => run.at);
    expect((second ?? 0) - (first ?? 0)).toBe(100);
    expect((third ?? 0) - (second ?? 0)).toBe(200);
    expect(model.stopAsyncInvocations()).toEqual(NOTHING_DROPPED);
  });

  it('waits while throttled, from 10 ms doubling, keeps the order and loses nothing', async () => {
    const { model, runs, invokeEvent, answer } = await modelWith(['busy']);
    answer(throttled);
    await Promise.all([invokeEvent('busy', { n: 1 }), invokeEvent('busy', { n: 2 })]);
    await vi.advanceTimersByTimeAsync(10 + 20 + 40 + 5);
    const started = () => runs.map((run) => [run.at - (runs[0]?.at ?? 0), run.event]);
    const round = (at: number) => [
      [at, { n: 1 }],
      [at, { n: 2 }],
    ];
    expect(started()).toEqual([...round(0), ...round(10), ...round(30), ...round(70)]);
    answer(() => Promise.resolve({ payload: Buffer.from('null'), log: '' }));
    await vi.advanceTimersByTimeAsync(80);
    expect(started().slice(8)).toEqual(round(150));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(10);
    expect(model.stopAsyncInvocations()).toEqual(NOTHING_DROPPED);
  });

  it('runs no more events at once than the concurrency limit, functions taking turns', async () => {
    const { model, runs, invokeEvent, answer } = await modelWith(['a', 'b'], {
      concurrencyLimit: 2,
    });
    const finish: (() => void)[] = [];
    answer(
      () =>
        new Promise((resolve) => {
          finish.push(() => resolve({ payload: Buffer.from('null'), log: '' }));
        }),
    );
    for (let n = 0; n < 4; n++) await invokeEvent('a', { n });
    await invokeEvent('b', { n: 0 });
    const started = () => runs.map((run) => `${run.functionName}${JSON.stringify(run.event)}`);
    expect(started()).toEqual(['a{"n":0}', 'a{"n":1}']);
    finish.shift()?.();
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    // a's events were queued first; after one of them, it is b's turn.
    expect(started().slice(2)).toEqual(['a{"n":2}', 'b{"n":0}']);
    expect(model.stopAsyncInvocations()).toEqual({ notStarted: 1, running: 2, awaitingRetry: 0 });
  });

  it('discards an event older than MaximumEventAgeInSeconds, with an EventAgeExceeded record', async () => {
    const { model, runs, invokeEvent, answer } = await modelWith(['old', 'recorder']);
    model.putFunctionEventInvokeConfig(REGION, 'old', {
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: `${ARN}:recorder` } },
    });
    answer((request) =>
      request.fn.functionName === 'old'
        ? throttled()
        : Promise.resolve({ payload: Buffer.from('null'), log: '' }),
    );
    await invokeEvent('old', { n: 1 });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(runs.every((run) => run.functionName === 'old')).toBe(true);
    await vi.advanceTimersByTimeAsync(2_100);
    const recorded = runs.filter((run) => run.functionName === 'recorder');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.event).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId: 'request-old',
        functionArn: `${ARN}:old:$LATEST`,
        condition: 'EventAgeExceeded',
        approximateInvokeCount: 0,
      },
      requestPayload: { n: 1 },
    });
    expect(model.stopAsyncInvocations()).toEqual(NOTHING_DROPPED);
  });

  it('on stop, reports the events queued, running and waiting for a retry apart, and clears every timer', async () => {
    const { model, invokeEvent, answer } = await modelWith(['slow', 'flaky'], {
      concurrencyLimit: 1,
    });
    answer((request) =>
      request.fn.functionName === 'flaky' ? failed() : new Promise<InvokeResult>(() => {}),
    );
    await invokeEvent('flaky', { n: 1 }); // fails, then waits 100 ms for its retry
    await vi.advanceTimersByTimeAsync(0);
    await invokeEvent('slow', { n: 1 }); // runs and never ends
    await invokeEvent('slow', { n: 2 }); // queued
    expect(vi.getTimerCount()).toBe(1);
    expect(model.stopAsyncInvocations()).toEqual({ notStarted: 1, running: 1, awaitingRetry: 1 });
    expect(vi.getTimerCount()).toBe(0);
    await invokeEvent('slow', { n: 3 });
    expect(model.stopAsyncInvocations()).toEqual(NOTHING_DROPPED);
  });

  it('holds at most asyncQueueLimits.events events, running ones included, and refuses more with 429', async () => {
    const { model, runs, invokeEvent, answer } = await modelWith(['slow'], {
      concurrencyLimit: 1,
      asyncQueueLimits: { events: 3 },
    });
    const finish: (() => void)[] = [];
    answer(
      () =>
        new Promise((resolve) => {
          finish.push(() => resolve({ payload: Buffer.from('null'), log: '' }));
        }),
    );
    for (let n = 0; n < 3; n++) await expect(invokeEvent('slow', { n })).resolves.toBeDefined();
    await expect(invokeEvent('slow', { n: 3 })).rejects.toMatchObject({
      code: 'TooManyRequestsException',
      statusCode: 429,
      message: expect.stringContaining('at most 3 events'),
      fields: { Reason: 'CallerRateLimitExceeded' },
    });
    finish.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
    await expect(invokeEvent('slow', { n: 4 })).resolves.toBeDefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.map((run) => run.event)).toEqual([{ n: 0 }, { n: 1 }]);
    expect(model.stopAsyncInvocations()).toEqual({ notStarted: 2, running: 1, awaitingRetry: 0 });
  });

  it('holds at most asyncQueueLimits.payloadBytes of payloads, for Invoke and SNS alike', async () => {
    const { model, invokeEvent, answer } = await modelWith(['slow'], {
      concurrencyLimit: 1,
      asyncQueueLimits: { payloadBytes: 20 },
    });
    model.addPermission(REGION, 'slow', {
      StatementId: 'sns',
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
    });
    answer(() => new Promise<InvokeResult>(() => {}));
    await invokeEvent('slow', { pad: 'xx' }); // 12 bytes of JSON
    // 12 + 11 bytes > 20
    await expect(invokeEvent('slow', { pad: 'x' })).rejects.toMatchObject({
      code: 'TooManyRequestsException',
      message: expect.stringContaining('20 bytes of payloads'),
    });
    const fromSns = (event: string) =>
      model.invokeAsService({ ...FROM_SNS, functionArn: `${ARN}:slow`, event });
    await expect(fromSns('{"Records":[]}')).rejects.toMatchObject({ statusCode: 429 });
    await expect(fromSns('[1,2,3]')).resolves.toBeUndefined(); // 12 + 7 <= 20
    model.stopAsyncInvocations();
  });

  it('drops the events of a function deleted while they waited', async () => {
    const { model, runs, invokeEvent, answer } = await modelWith(['gone']);
    answer(failed);
    await invokeEvent('gone', { n: 1 });
    model.deleteFunction(REGION, 'gone');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(1);
    expect(model.stopAsyncInvocations()).toEqual(NOTHING_DROPPED);
  });
});

describe("SNS's invokes", () => {
  async function subscribed(permission?: {
    Principal?: string;
    SourceArn?: string;
    SourceAccount?: string;
    Action?: string;
  }) {
    const context = await modelWith(['echoTest']);
    if (permission) {
      context.model.addPermission(REGION, 'echoTest', {
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        ...permission,
      });
    }
    const invokeFromSns = (topicArn = TOPIC_ARN, functionArn = `${ARN}:echoTest`) =>
      context.model.invokeAsService({
        ...FROM_SNS,
        sourceArn: topicArn,
        functionArn,
        event: '{"Records":[]}',
      });
    return { ...context, invokeFromSns };
  }

  it('queues the event when the policy lets sns.amazonaws.com invoke for the topic', async () => {
    const { model, runs, invokeFromSns } = await subscribed({ SourceArn: TOPIC_ARN });
    await invokeFromSns();
    await invokeFromSns(TOPIC_ARN, `${ARN}:echoTest:$LATEST`);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.map((run) => run.event)).toEqual([{ Records: [] }, { Records: [] }]);
    expect(model.stopAsyncInvocations()).toEqual(NOTHING_DROPPED);
  });

  it('matches SourceArn as ArnLike (wildcards), SourceAccount, any principal and lambda:*', async () => {
    for (const permission of [
      { SourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:test*` },
      { SourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:testSn?` },
      { SourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:*` },
      { SourceAccount: ACCOUNT },
      { Principal: '*' },
      { Action: 'lambda:*' },
      {},
    ]) {
      const { model, invokeFromSns } = await subscribed(permission);
      await expect(invokeFromSns()).resolves.toBeUndefined();
      model.stopAsyncInvocations();
    }
  });

  it('answers AccessDeniedException (403) when no statement allows the topic', async () => {
    for (const permission of [
      undefined,
      { SourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:otherTopic` },
      { SourceArn: `arn:aws:sns:${REGION}:${ACCOUNT}:test*:x` },
      { SourceAccount: '111111111111' },
      { Principal: 's3.amazonaws.com' },
      { Principal: ACCOUNT },
      { Action: 'lambda:GetFunction' },
    ]) {
      const { model, runs, invokeFromSns } = await subscribed(permission);
      await expect(invokeFromSns()).rejects.toMatchObject({
        code: 'AccessDeniedException',
        statusCode: 403,
        message: `User: sns.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: ${ARN}:echoTest because no resource-based policy allows the lambda:InvokeFunction action`,
      });
      expect(runs).toEqual([]);
      model.stopAsyncInvocations();
    }
  });

  it('answers ResourceNotFoundException (404) for a function that does not exist', async () => {
    const { model, invokeFromSns } = await subscribed({ SourceArn: TOPIC_ARN });
    await expect(invokeFromSns(TOPIC_ARN, `${ARN}:nobody`)).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
      statusCode: 404,
      message: `Function not found: ${ARN}:nobody`,
    });
    await expect(invokeFromSns(TOPIC_ARN, `${ARN}:echoTest:v1`)).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
    });
    model.stopAsyncInvocations();
  });
});

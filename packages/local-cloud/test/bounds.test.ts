/**
 * Bounds a runaway handler or client meets, through the unchanged SDK against a running
 * local cloud: a log line longer than one CloudWatch Logs event is cut, and `Event` invokes
 * past the queue's bound are refused with 429. (The models' own tests: logs-bounds.test.ts
 * and async-invocation-model.test.ts.)
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../src/index.ts';
import { MAX_MESSAGE_BYTES } from '../src/services/logs/event-size.ts';
import { handlerZip } from './lambda-support.ts';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, startTestCloud, useLocalCloud } from './support/local-cloud.ts';

/** Logs one line of `event.bytes` letters. */
const LOUD_SOURCE = `export const handler = async (event) => {
  console.log('z'.repeat(event.bytes));
  return null;
};
`;
/** Takes `event.ms`, logging when it starts. */
const SLEEPER_SOURCE = `export const handler = async (event) => {
  console.log('SLEEPING ' + event.n);
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return null;
};
`;

describe('a log line longer than one event', () => {
  const written: LogEvent[] = [];
  const cloud = useLocalCloud({ onLogEvent: (event) => written.push(event) });
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  afterAll(() => {
    lambda?.destroy();
    logs?.destroy();
  });

  it('is cut to 1 MB less 26 bytes; the rest of it is not kept', async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    logs = new CloudWatchLogsClient(clientConfig(cloud()));
    await createFunction(lambda, 'loud', await handlerZip(LOUD_SOURCE));
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: 'loud', Payload: JSON.stringify({ bytes: 1_200_000 }) }),
    );
    expect(output.FunctionError).toBeUndefined();
    const { events = [] } = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/loud' }),
    );
    const lines = events.map((event) => event.message ?? '');
    const long = lines.findIndex((line) => line.includes('\tINFO\tzzz'));
    expect(Buffer.byteLength(lines[long] ?? '')).toBe(MAX_MESSAGE_BYTES);
    expect(lines[long]).toMatch(/^\S+Z\t[0-9a-f-]{36}\tINFO\tz+$/);
    expect(lines[long + 1]).toMatch(/^END RequestId: /);
    expect(written.find((event) => event.message.includes('zzz'))?.message).toBe(lines[long]);
  });
});

describe('Event invokes past the queue bound', () => {
  it('are refused with 429 TooManyRequestsException, and the stop report tells queued from running', async () => {
    const written: LogEvent[] = [];
    const cloud = await startTestCloud({
      port: 0,
      concurrencyLimit: 1,
      asyncQueueLimits: { events: 2 },
      onLogEvent: (event) => written.push(event),
    });
    // No SDK retries: the refusal itself is what is tested.
    const lambda = new LambdaClient({ ...clientConfig(cloud), maxAttempts: 1 });
    const invokeEvent = (n: number) =>
      lambda.send(
        new InvokeCommand({
          FunctionName: 'sleeper',
          InvocationType: 'Event',
          Payload: JSON.stringify({ n, ms: 60_000 }),
        }),
      );
    try {
      await createFunction(lambda, 'sleeper', await handlerZip(SLEEPER_SOURCE));
      expect((await invokeEvent(1)).StatusCode).toBe(202);
      expect((await invokeEvent(2)).StatusCode).toBe(202);
      const refused = await failure(invokeEvent(3));
      expect(refused).toBeInstanceOf(TooManyRequestsException);
      expect(refused).toMatchObject({
        name: 'TooManyRequestsException',
        Reason: 'CallerRateLimitExceeded',
        $metadata: { httpStatusCode: 429 },
        message: expect.stringContaining('at most 2 events'),
      });
      await expect
        .poll(() => written.filter((event) => event.message.includes('SLEEPING ')).length)
        .toBe(1);
    } finally {
      lambda.destroy();
    }
    expect(await cloud.stop()).toEqual({
      queuedEvents: 1,
      runningEvents: 1,
      eventsAwaitingRetry: 0,
      pendingSnsDeliveries: 0,
    });
    expect(written.filter((event) => event.message.includes('SLEEPING 3'))).toEqual([]);
  });
});

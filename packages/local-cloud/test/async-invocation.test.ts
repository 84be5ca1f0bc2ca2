/**
 * Asynchronous invocation end to end, through the unchanged SDK client against a
 * running local cloud: `Event` invokes, Lambda's retries (with the local cloud's short
 * waits), destination records field by field, the event invoke config operations and
 * their errors, the queue under a saturated concurrency limit, what stop() reports,
 * and 1,000 events of which a third fail once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type CreateFunctionCommandInput,
  DeleteFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  ResourceNotFoundException,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalCloud, LogEvent } from '../src/index.ts';
import { handlerZip } from './lambda-support.ts';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, REGION, startTestCloud, useLocalCloud } from './support/local-cloud.ts';

const ARN = `arn:aws:lambda:${REGION}:000000000000:function`;

/** Logs each event it gets (invocation records, here) as one JSON line. */
const RECORDER_SOURCE = `export const handler = async (event) => {
  console.log('RECORD ' + JSON.stringify(event));
  return null;
};
`;
/** Fails when the event says so; otherwise answers which event it ran. */
const FLAKY_SOURCE = `export const handler = async (event) => {
  if (event.fail) throw new Error('boom');
  return { ran: event.n };
};
`;
/** Takes a while; says which event it ran. */
const SLEEPER_SOURCE = `export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  console.log('DONE ' + event.n);
  return null;
};
`;

interface InvocationRecord {
  requestContext: { requestId: string; condition: string; approximateInvokeCount: number };
  requestPayload: { n?: number; id?: number };
}

/** A Lambda client for the cloud, and helpers to deploy functions and read their logs. */
function lambdaTools(cloud: () => LocalCloud, logEvents: LogEvent[]) {
  let lambda: LambdaClient | undefined;
  const client = () => {
    lambda ??= new LambdaClient(clientConfig(cloud()));
    return lambda;
  };
  return {
    client,
    destroy: () => lambda?.destroy(),
    async deploy(
      name: string,
      source: string,
      variables?: Record<string, string>,
      settings?: Partial<CreateFunctionCommandInput>,
    ) {
      await createFunction(client(), name, await handlerZip(source), variables, settings);
    },
    async invokeEvent(name: string, event: unknown): Promise<string> {
      const output = await client().send(
        new InvokeCommand({
          FunctionName: name,
          InvocationType: 'Event',
          Payload: JSON.stringify(event),
        }),
      );
      expect(output.StatusCode).toBe(202);
      return output.$metadata.requestId as string;
    },
    /** The log lines of a function that start with `prefix`, in order. */
    lines(name: string, prefix: string): LogEvent[] {
      return logEvents.filter(
        (event) =>
          event.logGroupName === `/aws/lambda/${name}` &&
          event.message.split('\t').at(-1)?.startsWith(prefix),
      );
    },
    /** The invocation records the recorder function logged. */
    records(recorder = 'recorder'): (InvocationRecord & Record<string, unknown>)[] {
      return this.lines(recorder, 'RECORD ').map((event) =>
        JSON.parse(event.message.slice(event.message.indexOf('RECORD ') + 7)),
      );
    },
    /** Waits for the record of the event `requestId`. */
    recordOf(requestId: string) {
      return vi.waitFor(
        () => {
          const record = this.records().find((r) => r.requestContext.requestId === requestId);
          if (!record) throw new Error(`no record of ${requestId} yet`);
          return record;
        },
        { timeout: 5_000, interval: 20 },
      );
    },
  };
}

describe('asynchronous invocation', () => {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({
    asyncRetryDelaysMs: [100, 200],
    onLogEvent: (event) => logEvents.push(event),
  });
  const tools = lambdaTools(cloud, logEvents);
  const send: LambdaClient['send'] = (command: never) => tools.client().send(command);

  beforeAll(async () => {
    await Promise.all([
      tools.deploy('flaky', FLAKY_SOURCE),
      tools.deploy('recorder', RECORDER_SOURCE),
      tools.deploy('noRetries', FLAKY_SOURCE),
    ]);
  });
  afterAll(() => tools.destroy());

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

  describe('event invoke config operations', () => {
    beforeAll(() => tools.deploy('configured', FLAKY_SOURCE));

    it('Put sets, Get reads, Update changes what it names, List lists, Delete removes', async () => {
      const put = await send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'configured',
          MaximumEventAgeInSeconds: 3_600,
          DestinationConfig: { OnFailure: { Destination: `${ARN}:recorder` } },
        }),
      );
      expect(put.$metadata.httpStatusCode).toBe(200);
      const { $metadata, ...config } = put;
      expect(config).toEqual({
        LastModified: expect.any(Date),
        FunctionArn: `${ARN}:configured:$LATEST`,
        MaximumEventAgeInSeconds: 3_600,
        DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: `${ARN}:recorder` } },
      });
      expect(Math.abs((put.LastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
      const got = await send(
        new GetFunctionEventInvokeConfigCommand({ FunctionName: 'configured' }),
      );
      expect(got).toMatchObject(config);

      const updated = await send(
        new UpdateFunctionEventInvokeConfigCommand({
          FunctionName: `${ARN}:configured`,
          MaximumRetryAttempts: 1,
        }),
      );
      expect(updated).toMatchObject({
        ...config,
        MaximumRetryAttempts: 1,
        LastModified: expect.any(Date),
      });
      const listed = await send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'configured' }),
      );
      expect(listed.FunctionEventInvokeConfigs).toEqual([
        { ...config, MaximumRetryAttempts: 1, LastModified: expect.any(Date) },
      ]);
      expect(listed.NextMarker).toBeUndefined();

      const deleted = await send(
        new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'configured' }),
      );
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      const gone = await failure(
        send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'configured' })),
      );
      expect(gone).toBeInstanceOf(ResourceNotFoundException);
      expect(gone.message).toBe(
        `The function ${ARN}:configured:$LATEST doesn't have an EventInvokeConfig`,
      );
      expect(gone.$metadata.httpStatusCode).toBe(404);
      const empty = await send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'configured' }),
      );
      expect(empty.FunctionEventInvokeConfigs).toEqual([]);
    });

    it('refuses settings out of range, malformed destinations and an empty config', async () => {
      const put = (input: object) =>
        failure(
          send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'configured', ...input })),
        );
      const cases: [object, string, string][] = [
        [
          { MaximumRetryAttempts: 3 },
          'ValidationException',
          "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
        ],
        [
          { MaximumEventAgeInSeconds: 59 },
          'ValidationException',
          "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
        ],
        [
          { MaximumEventAgeInSeconds: 21_601 },
          'ValidationException',
          "1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600",
        ],
        [
          { DestinationConfig: { OnSuccess: { Destination: 'invalid' } } },
          'ValidationException',
          String.raw`1 validation error detected: Value 'invalid' at 'destinationConfig.onSuccess.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
        ],
        [
          {},
          'InvalidParameterValueException',
          'You must specify at least one of error handling or destination setting.',
        ],
        [
          { DestinationConfig: { OnFailure: { Destination: `${ARN}:nobody` } } },
          'InvalidParameterValueException',
          `The destination ARN ${ARN}:nobody is invalid.`,
        ],
        [
          { DestinationConfig: { OnFailure: { Destination: `${ARN}:configured` } } },
          'InvalidParameterValueException',
          "You can't specify the function as a destination for itself.",
        ],
        [
          {
            DestinationConfig: {
              OnFailure: { Destination: `arn:aws:sqs:${REGION}:000000000000:dead-letters` },
            },
          },
          'InvalidParameterValueException',
          `The local cloud delivers destination records to Lambda functions only, not to arn:aws:sqs:${REGION}:000000000000:dead-letters.`,
        ],
      ];
      for (const [input, name, message] of cases) {
        const error = await put(input);
        expect({
          name: error.name,
          message: error.message,
          status: error.$metadata.httpStatusCode,
        }).toEqual({
          name,
          message,
          status: 400,
        });
      }
    });

    it('answers ResourceNotFoundException for a function or config that does not exist', async () => {
      const missing = await failure(
        send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'nobody',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe("The function doesn't exist.");
      const qualified = await failure(
        send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'configured',
            Qualifier: 'v1',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      expect(qualified).toBeInstanceOf(ResourceNotFoundException);
      await send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'configured' })).catch(
        () => {},
      );
      const update = await failure(
        send(
          new UpdateFunctionEventInvokeConfigCommand({
            FunctionName: 'configured',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      expect(update).toBeInstanceOf(ResourceNotFoundException);
      expect(update.message).toBe(
        `The function ${ARN}:configured:$LATEST doesn't have an EventInvokeConfig`,
      );
      const remove = await failure(
        send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'nobody' })),
      );
      expect(remove.message).toBe(
        `The function ${ARN}:nobody:$LATEST doesn't have an EventInvokeConfig`,
      );
      expect(
        await failure(send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'nobody' }))),
      ).toBeInstanceOf(ResourceNotFoundException);
    });

    it('goes with its function', async () => {
      await tools.deploy('shortLived', FLAKY_SOURCE);
      await send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'shortLived',
          MaximumRetryAttempts: 0,
        }),
      );
      await send(new DeleteFunctionCommand({ FunctionName: 'shortLived' }));
      await tools.deploy('shortLived', FLAKY_SOURCE);
      const error = await failure(
        send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'shortLived' })),
      );
      expect(error).toBeInstanceOf(ResourceNotFoundException);
    });
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
    await expect
      .poll(() => tools.lines('recorder', 'RECORD ').length, { timeout: 15_000, interval: 100 })
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
  }, 30_000);
});

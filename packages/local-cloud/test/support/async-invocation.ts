/**
 * Test support for the asynchronous invocation tests (async-invocation*.test.ts):
 * handlers that record, fail or sleep, a Lambda client with helpers to deploy them
 * and read their logs, and the local cloud most of those tests share.
 */
import {
  type CreateFunctionCommandInput,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { LocalCloud, LogEvent } from '../../src/index.ts';
import { handlerZip } from '../lambda-support.ts';
import { createFunction } from './functions.ts';
import { clientConfig, useLocalCloud } from './local-cloud.ts';

/** Logs each event it gets (invocation records, here) as one JSON line. */
export const RECORDER_SOURCE = `export const handler = async (event) => {
  console.log('RECORD ' + JSON.stringify(event));
  return null;
};
`;
/** Fails when the event says so; otherwise answers which event it ran. */
export const FLAKY_SOURCE = `export const handler = async (event) => {
  if (event.fail) throw new Error('boom');
  return { ran: event.n };
};
`;
/** Takes a while; says which event it ran. */
export const SLEEPER_SOURCE = `export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  console.log('DONE ' + event.n);
  return null;
};
`;

export interface InvocationRecord {
  requestContext: { requestId: string; condition: string; approximateInvokeCount: number };
  requestPayload: { n?: number; id?: number };
}

/** A Lambda client for the cloud, and helpers to deploy functions and read their logs. */
export function lambdaTools(cloud: () => LocalCloud, logEvents: LogEvent[]) {
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

/**
 * The local cloud of the 'asynchronous invocation' tests, retrying after 100 and 200 ms,
 * with the functions `flaky`, `recorder` (the destination) and `noRetries`.
 */
export function useAsyncInvocation() {
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
  return { tools, send };
}

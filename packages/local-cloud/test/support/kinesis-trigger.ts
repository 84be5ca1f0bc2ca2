/**
 * Test support for Kinesis triggers (walkthrough step 3): streams and event source
 * mappings made with the real SDK clients, as provisioning code does (functions:
 * ./functions.ts), and the setup of the trigger tests (kinesis-trigger-*.test.ts),
 * whose handlers report each batch they get in a `BATCH {...}` log line.
 */

import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AttachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateStreamCommand,
  KinesisClient,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  type GetEventSourceMappingCommandOutput,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalCloud, LogEvent } from '../../src/index.ts';
import { handlerZip } from '../lambda-support.ts';
import { createFunction, ROLE } from './functions.ts';
import { clientConfig, deferredClientConfig, REGION, useLocalCloud } from './local-cloud.ts';

export function streamArn(name: string): string {
  return `arn:aws:kinesis:${REGION}:000000000000:stream/${name}`;
}

/**
 * Gives the execution role of the test functions (./functions.ts) the AWS
 * managed policy that lets Lambda read streams with it, as CreateEventSourceMapping requires.
 */
export async function createStreamReadingRole(cloud: LocalCloud): Promise<void> {
  const iam = new IAMClient(clientConfig(cloud));
  const RoleName = ROLE.slice(ROLE.lastIndexOf('/') + 1);
  try {
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName,
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
      }),
    );
  } finally {
    iam.destroy();
  }
}

/** Creates a stream and waits until it is ACTIVE (the waiter wants a maxWaitTime over 10 s). */
export async function createStream(kinesis: KinesisClient, name: string, shardCount = 1) {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: name });
  return streamArn(name);
}

/** Polls GetEventSourceMapping, as provisioning code does, until the mapping is in `state`. */
export async function waitForState(
  lambda: LambdaClient,
  uuid: string | undefined,
  state: string,
  timeoutMs = 10_000,
): Promise<GetEventSourceMappingCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    if (mapping.State === state) return mapping;
    if (Date.now() > deadline) {
      throw new Error(`mapping ${uuid} is ${mapping.State}, not ${state}, after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Each record's data is JSON, `{ id, fail?, report?, identifier? }`: a batch with a record that
 * has `fail` throws until that record has failed `fail` times; `report` answers
 * `{ batchItemFailures: [{ itemIdentifier }] }` for the record (its sequence number, or
 * `identifier`) until it has been reported `report` times. Counts live in files under MARKERS.
 */
export const SCRIPTED_SOURCE = `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const counted = (id) => path.join(process.env.MARKERS, process.env.AWS_LAMBDA_FUNCTION_NAME + '-' + id);
const failures = (id) => (existsSync(counted(id)) ? Number(readFileSync(counted(id), 'utf8')) : 0);
const count = (id) => writeFileSync(counted(id), String(failures(id) + 1));
const report = (ids, outcome) => console.log('BATCH ' + JSON.stringify({ ids, outcome }));

export const handler = async (event) => {
  const records = event.Records.map((record) => ({
    sequenceNumber: record.kinesis.sequenceNumber,
    ...JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')),
  }));
  const ids = records.map((record) => record.id);
  const failing = records.find((record) => record.fail !== undefined && failures(record.id) < record.fail);
  if (failing) {
    count(failing.id);
    report(ids, 'error');
    throw new Error('record ' + failing.id + ' failed');
  }
  const reported = records.find((record) => record.report !== undefined && failures(record.id) < record.report);
  if (reported) {
    count(reported.id);
    report(ids, 'partial');
    return { batchItemFailures: [{ itemIdentifier: reported.identifier ?? reported.sequenceNumber }] };
  }
  report(ids, 'ok');
  return {};
};
`;

export interface Batch {
  readonly ids: number[];
  readonly outcome: 'ok' | 'error' | 'partial';
  readonly shard?: string;
}

/**
 * Starts the file's local cloud (polling every 10 ms, recording its log events), SDK
 * clients of it, a folder for the handlers' MARKERS, and what the tests do with them.
 */
export function useKinesisTriggers() {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({
    kinesisPollIntervalMs: 10,
    onLogEvent: (event) => logEvents.push(event),
  });
  const lambda = new LambdaClient(deferredClientConfig(cloud));
  const kinesis = new KinesisClient(deferredClientConfig(cloud));
  const markers = mkdtempSync(path.join(os.tmpdir(), 'kinesis-trigger-'));

  beforeAll(() => createStreamReadingRole(cloud()));
  afterAll(async () => {
    lambda.destroy();
    kinesis.destroy();
    await rm(markers, { recursive: true, force: true });
  });

  /** The batches a function reported so far, in the order it got them. */
  function batchesOf(functionName: string): Batch[] {
    return logEvents
      .filter((event) => event.logGroupName === `/aws/lambda/${functionName}`)
      .map((event) => /\tBATCH (.*)$/s.exec(event.message)?.[1])
      .filter((json) => json !== undefined)
      .map((json) => JSON.parse(json) as Batch);
  }

  /** Waits until the function has reported a batch with the record `id` processed. */
  async function processed(functionName: string, id: number, timeout = 5_000): Promise<Batch[]> {
    await expect
      .poll(
        () =>
          batchesOf(functionName).some((batch) => batch.outcome === 'ok' && batch.ids.includes(id)),
        { timeout, interval: 10 },
      )
      .toBe(true);
    return batchesOf(functionName);
  }

  /** A stream, a function with `source`, and an Enabled mapping between them (`before` it: `setup`). */
  async function trigger(
    name: string,
    source: string,
    options: {
      settings?: Partial<CreateEventSourceMappingCommandInput>;
      shards?: number;
      setup?: () => Promise<unknown>;
    } = {},
  ): Promise<{ uuid: string; arn: string }> {
    const arn = await createStream(kinesis, name, options.shards);
    await createFunction(lambda, name, await handlerZip(source), { MARKERS: markers });
    await options.setup?.();
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: arn,
        FunctionName: name,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 1,
        ...options.settings,
      }),
    );
    await waitForState(lambda, UUID, 'Enabled');
    return { uuid: UUID as string, arn };
  }

  async function untrigger(uuid: string): Promise<void> {
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  }

  /** Puts records `{ id, ...extra }` on the stream in one PutRecords call, in order on one shard. */
  async function putRecords(stream: string, records: object[]): Promise<void> {
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: records.map((record) => ({
          PartitionKey: 'one-shard',
          Data: Buffer.from(JSON.stringify(record)),
        })),
      }),
    );
  }

  return {
    cloud,
    logEvents,
    lambda,
    kinesis,
    markers,
    trigger,
    untrigger,
    putRecords,
    batchesOf,
    processed,
  };
}

/**
 * Test support for the event source mapping tests (event-source-mapping*.test.ts):
 * a local cloud for the file with the streams `mappedStream` and `otherStream`, the
 * functions `mapped`, `other`, `listed`, `doomed` and `aliased` (the echo callee),
 * SDK clients of it, and mappings created and deleted as the tests need them.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, expect } from 'vitest';
import type { LogEvent } from '../../src/index.ts';
import { failure } from './failure.ts';
import { createFunction } from './functions.ts';
import { createStream, createStreamReadingRole, streamArn } from './kinesis-trigger.ts';
import { deferredClientConfig, useLocalCloud } from './local-cloud.ts';
import { echoZip } from './zip.ts';

export const STREAM = streamArn('mappedStream');

export function useEventSourceMappings() {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({ onLogEvent: (event) => logEvents.push(event) });
  const lambda = new LambdaClient(deferredClientConfig(cloud));
  const kinesis = new KinesisClient(deferredClientConfig(cloud));

  beforeAll(async () => {
    await createStreamReadingRole(cloud());
    await createStream(kinesis, 'mappedStream');
    await createStream(kinesis, 'otherStream');
    const zip = await echoZip();
    await Promise.all(
      ['mapped', 'other', 'listed', 'doomed', 'aliased'].map((name) =>
        createFunction(lambda, name, zip),
      ),
    );
  });
  afterAll(() => {
    lambda.destroy();
    kinesis.destroy();
  });

  function create(input: Partial<CreateEventSourceMappingCommandInput>) {
    return lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: STREAM,
        FunctionName: 'mapped',
        StartingPosition: 'TRIM_HORIZON',
        ...input,
      }),
    );
  }

  /** Waits until a deleted mapping is gone (Deleting, then ResourceNotFoundException). */
  async function gone(uuid: string | undefined): Promise<void> {
    await expect
      .poll(() => failure(lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))), {
        timeout: 1_000,
        interval: 5,
      })
      .toMatchObject({ name: 'ResourceNotFoundException' });
  }

  async function deleteMapping(uuid: string | undefined): Promise<void> {
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
    await gone(uuid);
  }

  return { cloud, logEvents, lambda, kinesis, create, gone, deleteMapping };
}

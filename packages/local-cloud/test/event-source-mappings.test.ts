/**
 * The event source mapping operations of the Lambda API through the unchanged
 * SDK v3 client, against a running local cloud with a real Kinesis stream:
 * AWS's answers (fields, defaults, states) as recorded against AWS in
 * LocalStack's snapshots, or as the API reference gives them
 * (event-source-mapping-errors.test.ts has the refusals).
 */
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  CreateAliasCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  PublishVersionCommand,
  paginateListEventSourceMappings,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { describe, expect, it, vi } from 'vitest';
import { STREAM, useEventSourceMappings } from './support/event-source-mappings.ts';
import { failure } from './support/failure.ts';
import { createStream, streamArn, waitForState } from './support/kinesis-trigger.ts';
import { FUNCTION_ARN_PREFIX as FUNCTION_ARN } from './support/lambda-api.ts';
import { REGION } from './support/local-cloud.ts';

const { logEvents, lambda, kinesis, create, gone, deleteMapping } = useEventSourceMappings();

describe('a mapping of an alias', () => {
  it('records the qualified ARN and delivers to the version the alias names', async () => {
    await lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }),
    );
    await createStream(kinesis, 'aliasStream');
    const created = await create({
      EventSourceArn: streamArn('aliasStream'),
      FunctionName: 'aliased:live',
      BatchSize: 1,
    });
    expect(created.FunctionArn).toBe(`${FUNCTION_ARN}:aliased:live`);
    await waitForState(lambda, created.UUID, 'Enabled');
    await kinesis.send(
      new PutRecordCommand({
        StreamName: 'aliasStream',
        PartitionKey: 'k',
        Data: Buffer.from('to the alias'),
      }),
    );
    await vi.waitFor(() => {
      const started = logEvents.find(
        (e) => e.logGroupName === '/aws/lambda/aliased' && e.message.startsWith('START'),
      );
      expect(started?.message).toMatch(/Version: 1\n?$/);
      expect(started?.logStreamName).toMatch(/\/\[1\][0-9a-f]{32}$/);
    }, 5_000);
    await deleteMapping(created.UUID);
  });
});

describe('a mapping from CreateEventSourceMapping to DeleteEventSourceMapping', () => {
  it('is created with the fields and defaults AWS returns, then Enabled', async () => {
    const before = Date.now();
    const created = await create({ BatchSize: 1 });
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created).toMatchObject({
      UUID: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      EventSourceArn: STREAM,
      FunctionArn: `${FUNCTION_ARN}:mapped`,
      LastProcessingResult: 'No records processed',
      State: 'Creating',
      StateTransitionReason: 'User action',
      DestinationConfig: { OnFailure: {} },
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
      EventSourceMappingArn: `arn:aws:lambda:${REGION}:000000000000:event-source-mapping:${created.UUID}`,
    });
    expect(created.StartingPositionTimestamp).toBeUndefined();
    // LastModified is epoch seconds on the wire, a Date in the SDK.
    expect(created.LastModified).toBeInstanceOf(Date);
    expect(created.LastModified?.getTime()).toBeGreaterThanOrEqual(before);

    const enabled = await waitForState(lambda, created.UUID, 'Enabled');
    expect(enabled.$metadata.httpStatusCode).toBe(200);
    expect(enabled).toMatchObject({ ...withoutMetadata(created), State: 'Enabled' });

    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    expect(deleted).toMatchObject({ UUID: created.UUID, State: 'Deleting' });
    await gone(created.UUID);
    const missing = await failure(
      lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })),
    );
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('takes every batch and error-handling setting, and names the function by ARN too', async () => {
    const created = await create({
      FunctionName: `${FUNCTION_ARN}:other`,
      EventSourceArn: streamArn('otherStream'),
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 300,
      ParallelizationFactor: 10,
      MaximumRecordAgeInSeconds: 60,
      MaximumRetryAttempts: 10_000,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: {} },
      Enabled: false,
    });
    expect(created).toMatchObject({
      FunctionArn: `${FUNCTION_ARN}:other`,
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 300,
      ParallelizationFactor: 10,
      MaximumRecordAgeInSeconds: 60,
      MaximumRetryAttempts: 10_000,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      State: 'Creating',
    });
    await waitForState(lambda, created.UUID, 'Disabled');
    await deleteMapping(created.UUID);
  });

  it('starts AT_TIMESTAMP and returns StartingPositionTimestamp', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const created = await create({
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: at,
    });
    expect(created).toMatchObject({ StartingPosition: 'AT_TIMESTAMP' });
    expect(created.StartingPositionTimestamp).toEqual(at);
    await waitForState(lambda, created.UUID, 'Enabled');
    await deleteMapping(created.UUID);
  });

  it('disables (Disabling -> Disabled), enables (Enabling -> Enabled) and updates (Updating)', async () => {
    const { UUID } = await create({});
    await waitForState(lambda, UUID, 'Enabled');

    const disabling = await lambda.send(
      new UpdateEventSourceMappingCommand({ UUID, Enabled: false }),
    );
    expect(disabling.$metadata.httpStatusCode).toBe(202);
    expect(disabling.State).toBe('Disabling');
    await waitForState(lambda, UUID, 'Disabled');

    const enabling = await lambda.send(
      new UpdateEventSourceMappingCommand({ UUID, Enabled: true }),
    );
    expect(enabling.State).toBe('Enabling');
    await waitForState(lambda, UUID, 'Enabled');

    const updating = await lambda.send(
      new UpdateEventSourceMappingCommand({
        UUID,
        BatchSize: 7,
        MaximumRetryAttempts: 3,
        FunctionName: 'other',
      }),
    );
    expect(updating).toMatchObject({
      State: 'Updating',
      BatchSize: 7,
      MaximumRetryAttempts: 3,
      FunctionArn: `${FUNCTION_ARN}:other`,
      StartingPosition: 'TRIM_HORIZON',
    });
    const updated = await waitForState(lambda, UUID, 'Enabled');
    expect(updated.BatchSize).toBe(7);
    await deleteMapping(UUID);
  });

  it('outlives its function, as on AWS', async () => {
    const { UUID } = await create({ FunctionName: 'doomed' });
    await waitForState(lambda, UUID, 'Enabled');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }));
    const after = await lambda.send(new GetEventSourceMappingCommand({ UUID }));
    expect(after).toMatchObject({ State: 'Enabled', FunctionArn: `${FUNCTION_ARN}:doomed` });
    await deleteMapping(UUID);
  });
});

describe('ListEventSourceMappings', () => {
  it('lists by stream and by function (name or ARN), in pages of MaxItems', async () => {
    const first = await create({ FunctionName: 'listed' });
    const second = await create({
      FunctionName: 'listed',
      EventSourceArn: streamArn('otherStream'),
    });
    await waitForState(lambda, first.UUID, 'Enabled');
    await waitForState(lambda, second.UUID, 'Enabled');

    const byFunction = await lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: 'listed' }),
    );
    expect(byFunction.EventSourceMappings?.map((mapping) => mapping.UUID).sort()).toEqual(
      [first.UUID, second.UUID].sort(),
    );
    expect(byFunction.NextMarker).toBeUndefined();
    const byArn = await lambda.send(
      new ListEventSourceMappingsCommand({
        FunctionName: `${FUNCTION_ARN}:listed`,
        EventSourceArn: streamArn('otherStream'),
      }),
    );
    expect(byArn.EventSourceMappings?.map((mapping) => mapping.UUID)).toEqual([second.UUID]);
    expect(byArn.EventSourceMappings?.[0]).toMatchObject({ State: 'Enabled', BatchSize: 100 });

    const pages: (string | undefined)[][] = [];
    for await (const page of paginateListEventSourceMappings(
      { client: lambda, pageSize: 1 },
      { FunctionName: 'listed' },
    )) {
      pages.push((page.EventSourceMappings ?? []).map((mapping) => mapping.UUID));
    }
    expect(pages).toHaveLength(2);
    expect(pages.flat().sort()).toEqual([first.UUID, second.UUID].sort());

    const none = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'nobody' }));
    expect(none.EventSourceMappings).toEqual([]);
    const badMaxItems = await failure(
      lambda.send(new ListEventSourceMappingsCommand({ MaxItems: 0 })),
    );
    expect(badMaxItems).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    await deleteMapping(first.UUID);
    await deleteMapping(second.UUID);
  });
});

function withoutMetadata<T extends { $metadata: unknown }>(
  output: T,
): Omit<T, '$metadata' | 'State'> {
  const { $metadata: _, State: __, ...rest } = output as T & { State?: string };
  return rest;
}

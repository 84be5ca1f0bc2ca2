/**
 * The event source mapping operations of the Lambda API through the unchanged
 * SDK v3 client, against a running local cloud with a real Kinesis stream:
 * AWS's answers (fields, defaults, states, errors) as recorded against AWS in
 * LocalStack's snapshots, or as the API reference gives them.
 */
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  PublishVersionCommand,
  paginateListEventSourceMappings,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../src/index.ts';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import {
  createStream,
  createStreamReadingRole,
  streamArn,
  waitForState,
} from './support/kinesis-trigger.ts';
import { clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const logEvents: LogEvent[] = [];
const cloud = useLocalCloud({ onLogEvent: (event) => logEvents.push(event) });
let lambda: LambdaClient;
let kinesis: KinesisClient;

const FUNCTION_ARN = `arn:aws:lambda:${REGION}:000000000000:function`;
const STREAM = streamArn('mappedStream');

beforeAll(async () => {
  lambda = new LambdaClient(clientConfig(cloud()));
  kinesis = new KinesisClient(clientConfig(cloud()));
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
    await waitForState(lambda, created.UUID, 'Enabled', 500);
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
  it('is created with the fields and defaults AWS returns, and is Enabled within a few hundred ms', async () => {
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

    const enabled = await waitForState(lambda, created.UUID, 'Enabled', 500);
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

describe('CreateEventSourceMapping refuses as AWS does', () => {
  it('a stream that does not exist, or a function that does not', async () => {
    const stream = await failure(create({ EventSourceArn: streamArn('noSuchStream') }));
    expect(stream).toMatchObject({
      name: 'InvalidParameterValueException',
      message: `Stream not found: ${streamArn('noSuchStream')}`,
      $metadata: { httpStatusCode: 400 },
    });
    const fn = await failure(create({ FunctionName: 'noSuchFunction' }));
    expect(fn).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Function does not exist',
    });
  });

  it('a second mapping of the same stream and function (ResourceConflictException)', async () => {
    const { UUID } = await create({});
    const duplicate = await failure(create({ FunctionName: `${FUNCTION_ARN}:mapped` }));
    expect(duplicate).toMatchObject({
      name: 'ResourceConflictException',
      message: `The event source arn (" ${STREAM} ") and function (" mapped ") provided mapping already exists. Please update or delete the existing mapping with UUID ${UUID}`,
      $metadata: { httpStatusCode: 409 },
    });
    await waitForState(lambda, UUID, 'Enabled');
    await deleteMapping(UUID);
  });

  it.each([
    [
      'no EventSourceArn',
      { EventSourceArn: undefined },
      'InvalidParameterValueException',
      'Unrecognized event source.',
    ],
    [
      'no StartingPosition',
      { StartingPosition: undefined },
      'InvalidParameterValueException',
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    ],
    [
      'an unknown StartingPosition',
      { StartingPosition: 'invalid' as 'LATEST' },
      'ValidationException',
      "1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]",
    ],
    [
      'AT_TIMESTAMP without a timestamp',
      { StartingPosition: 'AT_TIMESTAMP' as const },
      'InvalidParameterValueException',
      'StartingPositionTimestamp must be given when StartingPosition is AT_TIMESTAMP.',
    ],
    [
      'a BatchSize over 10,000',
      { BatchSize: 10_001 },
      'ValidationException',
      "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000",
    ],
    [
      'settings out of their ranges, all at once',
      {
        BatchSize: 0,
        MaximumBatchingWindowInSeconds: 301,
        ParallelizationFactor: 11,
        MaximumRetryAttempts: -2,
      },
      'ValidationException',
      "4 validation errors detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300; " +
        "Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10; " +
        "Value '-2' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to -1",
    ],
    [
      'a MaximumRecordAgeInSeconds under 60',
      { MaximumRecordAgeInSeconds: 30 },
      'InvalidParameterValueException',
      'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)',
    ],
    [
      'an unknown FunctionResponseType',
      { FunctionResponseTypes: ['Everything' as 'ReportBatchItemFailures'] },
      'ValidationException',
      "1 validation error detected: Value '[Everything]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]",
    ],
    [
      'an OnSuccess destination',
      { DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:q' } } },
      'InvalidParameterValueException',
      'Unsupported DestinationConfig parameter for given event source mapping type.',
    ],
    [
      'a malformed EventSourceArn',
      { EventSourceArn: 'testKinesis' },
      'ValidationException',
      "1 validation error detected: Value 'testKinesis' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)",
    ],
  ])('%s', async (_, input, name, message) => {
    const error = await failure(create(input as Partial<CreateEventSourceMappingCommandInput>));
    expect(error).toMatchObject({ name, message, $metadata: { httpStatusCode: 400 } });
  });

  it('what the local cloud does not do, saying so: other sources, OnFailure destinations, Tags', async () => {
    const queue = await failure(create({ EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q' }));
    expect(queue).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(queue.message).toMatch(/Kinesis data streams only/);
    const destination = await failure(
      create({
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:q' } },
      }),
    );
    expect(destination.message).toMatch(
      /does not send discarded records to an OnFailure destination/,
    );
    const tags = await failure(create({ Tags: { team: 'l2l' } }));
    expect(tags.message).toMatch(
      /does not support the parameter 'Tags' in CreateEventSourceMapping/,
    );
  });
});

describe('unknown mappings', () => {
  it.each([
    ['Get', () => lambda.send(new GetEventSourceMappingCommand({ UUID: 'nope' }))],
    [
      'Update',
      () => lambda.send(new UpdateEventSourceMappingCommand({ UUID: 'nope', BatchSize: 1 })),
    ],
    ['Delete', () => lambda.send(new DeleteEventSourceMappingCommand({ UUID: 'nope' }))],
  ])('%s: ResourceNotFoundException', async (_, call) => {
    expect(await failure(call())).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('live in their region', async () => {
    const { UUID } = await create({});
    const elsewhere = new LambdaClient({ ...clientConfig(cloud()), region: 'eu-west-1' });
    const error = await failure(elsewhere.send(new GetEventSourceMappingCommand({ UUID })));
    expect(error.name).toBe('ResourceNotFoundException');
    elsewhere.destroy();
    await waitForState(lambda, UUID, 'Enabled');
    await deleteMapping(UUID);
  });
});

function withoutMetadata<T extends { $metadata: unknown }>(
  output: T,
): Omit<T, '$metadata' | 'State'> {
  const { $metadata: _, State: __, ...rest } = output as T & { State?: string };
  return rest;
}

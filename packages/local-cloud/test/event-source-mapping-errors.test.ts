/**
 * The event source mapping operations' refusals through the unchanged SDK v3
 * client, against a running local cloud with a real Kinesis stream: AWS's errors
 * as recorded against AWS in LocalStack's snapshots, or as the API reference gives them.
 */
import {
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { STREAM, useEventSourceMappings } from './support/event-source-mappings.ts';
import { failure } from './support/failure.ts';
import { streamArn, waitForState } from './support/kinesis-trigger.ts';
import { FUNCTION_ARN_PREFIX as FUNCTION_ARN } from './support/lambda-api.ts';
import { clientConfig } from './support/local-cloud.ts';

const { cloud, lambda, create, deleteMapping } = useEventSourceMappings();

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

import {
  DeleteRolePolicyCommand,
  IAMClient,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { WorkshopError } from '@l2l/workshop';
import { TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addKinesisTrigger,
  allowReadingStream,
  removeKinesisTriggers,
  removeReadPolicy,
} from '../src/trigger.ts';
import { functionArn, streamArn } from './targets.ts';

const iam = mockClient(IAMClient);
const lambda = mockClient(LambdaClient);
const UUID = '6d9a0a2d-0b43-4a0e-9d8c-0e3f7c1b2a11';

beforeEach(() => {
  iam.reset();
  lambda.reset();
  vi.spyOn(process.stderr, 'write').mockReturnValue(true);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('allowReadingStream', () => {
  const config = TARGETS.aws;
  it("puts an inline policy on the role that reads this stream only (and lists the account's streams)", async () => {
    iam.on(PutRolePolicyCommand).resolves({});
    await allowReadingStream(config, 'echoTest-role', 'testKinesis', streamArn(config));
    expect(iam).toHaveReceivedCommandTimes(PutRolePolicyCommand, 1);
    const input = iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input;
    expect(input?.RoleName).toBe('echoTest-role');
    expect(input?.PolicyName).toBe('read-testKinesis');
    expect(JSON.parse(input?.PolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'kinesis:GetRecords',
            'kinesis:GetShardIterator',
            'kinesis:DescribeStream',
            'kinesis:DescribeStreamSummary',
            'kinesis:ListShards',
          ],
          Resource: streamArn(config),
        },
        { Effect: 'Allow', Action: 'kinesis:ListStreams', Resource: '*' },
      ],
    });
  });
});

describe('addKinesisTrigger', () => {
  const config = TARGETS.aws;
  const mapping = (State: string) => ({
    UUID,
    State,
    BatchSize: 1,
    StartingPosition: 'TRIM_HORIZON' as const,
    FunctionResponseTypes: ['ReportBatchItemFailures' as const],
    MaximumRetryAttempts: 2,
    EventSourceArn: streamArn(config),
    FunctionArn: functionArn(config),
  });
  const expectedCreate = {
    EventSourceArn: streamArn(config),
    FunctionName: 'echoTest',
    BatchSize: 1,
    StartingPosition: 'TRIM_HORIZON',
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    MaximumRetryAttempts: 2,
  };

  it('creates the trigger (batch size 1, TRIM_HORIZON) and waits until it is Enabled', async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    lambda.on(CreateEventSourceMappingCommand).resolves(mapping('Creating'));
    lambda
      .on(GetEventSourceMappingCommand)
      .resolvesOnce(mapping('Creating'))
      .resolves(mapping('Enabled'));
    vi.useFakeTimers();
    const added = addKinesisTrigger(config, 'echoTest', streamArn(config));
    await vi.runAllTimersAsync();
    await expect(added).resolves.toMatchObject(mapping('Enabled'));
    expect(lambda).toHaveReceivedCommandWith(ListEventSourceMappingsCommand, {
      EventSourceArn: streamArn(config),
      FunctionName: 'echoTest',
    });
    expect(lambda).toHaveReceivedCommandTimes(CreateEventSourceMappingCommand, 1);
    expect(lambda.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input).toEqual(
      expectedCreate,
    );
    expect(lambda).toHaveReceivedCommandWith(GetEventSourceMappingCommand, { UUID });
    expect(lambda).toHaveReceivedCommandTimes(GetEventSourceMappingCommand, 2);
  });

  it("reuses an earlier run's trigger instead of creating a second one", async () => {
    lambda
      .on(ListEventSourceMappingsCommand)
      .resolves({ EventSourceMappings: [mapping('Enabled')] });
    lambda.on(GetEventSourceMappingCommand).resolves(mapping('Enabled'));
    await expect(addKinesisTrigger(config, 'echoTest', streamArn(config))).resolves.toMatchObject({
      UUID,
      State: 'Enabled',
    });
    expect(lambda).toHaveReceivedCommandTimes(CreateEventSourceMappingCommand, 0);
    expect(lambda).toHaveReceivedCommandTimes(UpdateEventSourceMappingCommand, 0);
  });

  it('turns on failed-record reporting in a trigger an earlier version made without it', async () => {
    const { FunctionResponseTypes: _, ...older } = mapping('Enabled');
    lambda
      .on(ListEventSourceMappingsCommand)
      .resolves({ EventSourceMappings: [{ ...older, MaximumRetryAttempts: -1 }] });
    lambda.on(UpdateEventSourceMappingCommand).resolves(mapping('Updating'));
    lambda.on(GetEventSourceMappingCommand).resolves(mapping('Enabled'));
    await addKinesisTrigger(config, 'echoTest', streamArn(config));
    expect(lambda).toHaveReceivedCommandWith(UpdateEventSourceMappingCommand, {
      UUID,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 2,
    });
  });

  it.each([
    `Cannot access stream ${streamArn(config)}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your stream in IAM.`,
    'The provided execution role does not have permissions to call GetRecords on Kinesis',
  ])(
    'tries again while IAM has not yet told Lambda that the role may read the stream: %s',
    async (message) => {
      vi.useFakeTimers();
      lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
      lambda
        .on(CreateEventSourceMappingCommand)
        .rejectsOnce(new InvalidParameterValueException({ message, $metadata: {} }))
        .resolves(mapping('Creating'));
      lambda.on(GetEventSourceMappingCommand).resolves(mapping('Enabled'));
      const added = addKinesisTrigger(config, 'echoTest', streamArn(config));
      await vi.runAllTimersAsync();
      await expect(added).resolves.toMatchObject({ State: 'Enabled' });
      expect(lambda).toHaveReceivedCommandTimes(CreateEventSourceMappingCommand, 2);
    },
  );

  it('gives up on the role, with what Lambda said', async () => {
    vi.useFakeTimers();
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    lambda.on(CreateEventSourceMappingCommand).rejects(
      new InvalidParameterValueException({
        message:
          'The provided execution role does not have permissions to call GetRecords on Kinesis',
        $metadata: {},
      }),
    );
    const added = addKinesisTrigger(config, 'echoTest', streamArn(config)).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await added).toBeInstanceOf(InvalidParameterValueException);
  });

  it('fails at once on any other refusal', async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    lambda.on(CreateEventSourceMappingCommand).rejects(
      new InvalidParameterValueException({
        message: 'Unsupported starting position',
        $metadata: {},
      }),
    );
    await expect(addKinesisTrigger(config, 'echoTest', streamArn(config))).rejects.toThrow(
      'Unsupported starting position',
    );
    expect(lambda).toHaveReceivedCommandTimes(CreateEventSourceMappingCommand, 1);
  });

  it('says so when the trigger will not become Enabled', async () => {
    lambda
      .on(ListEventSourceMappingsCommand)
      .resolves({ EventSourceMappings: [mapping('Disabled')] });
    lambda
      .on(GetEventSourceMappingCommand)
      .resolves({ ...mapping('Disabled'), StateTransitionReason: 'USER_INITIATED' });
    await expect(addKinesisTrigger(config, 'echoTest', streamArn(config))).rejects.toThrow(
      new WorkshopError(
        `The trigger ${UUID} is Disabled (USER_INITIATED): run cleanup, then this step again.`,
      ),
    );
  });

  it('gives up after 3 minutes', async () => {
    vi.useFakeTimers();
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    lambda.on(CreateEventSourceMappingCommand).resolves(mapping('Creating'));
    lambda.on(GetEventSourceMappingCommand).resolves(mapping('Creating'));
    const added = addKinesisTrigger(config, 'echoTest', streamArn(config)).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await added).toEqual(
      new WorkshopError(`Gave up after 180 s waiting for the trigger ${UUID} to be Enabled.`),
    );
  });
});

describe('removing the trigger', () => {
  const config = TARGETS.aws;
  it("deletes the function's triggers from this stream only", async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({
      EventSourceMappings: [
        { UUID, EventSourceArn: streamArn(config), State: 'Enabled' },
        { UUID: 'other', EventSourceArn: streamArn(config, 'otherStream'), State: 'Enabled' },
        { UUID: 'gone', EventSourceArn: streamArn(config), State: 'Deleting' },
      ],
    });
    lambda.on(DeleteEventSourceMappingCommand).resolves({ UUID, State: 'Deleting' });
    await expect(removeKinesisTriggers(config, 'echoTest', 'testKinesis')).resolves.toEqual([UUID]);
    expect(lambda).toHaveReceivedCommandWith(ListEventSourceMappingsCommand, {
      FunctionName: 'echoTest',
    });
    expect(lambda).toHaveReceivedCommandTimes(DeleteEventSourceMappingCommand, 1);
    expect(lambda).toHaveReceivedCommandWith(DeleteEventSourceMappingCommand, { UUID });
  });

  it('follows the pages of the list', async () => {
    lambda
      .on(ListEventSourceMappingsCommand, { FunctionName: 'echoTest', Marker: undefined })
      .resolves({ EventSourceMappings: [], NextMarker: 'page2' })
      .on(ListEventSourceMappingsCommand, { FunctionName: 'echoTest', Marker: 'page2' })
      .resolves({ EventSourceMappings: [{ UUID, EventSourceArn: streamArn(config) }] });
    lambda.on(DeleteEventSourceMappingCommand).resolves({});
    await expect(removeKinesisTriggers(config, 'echoTest', 'testKinesis')).resolves.toEqual([UUID]);
  });

  it('has nothing to do when the function is gone', async () => {
    lambda
      .on(ListEventSourceMappingsCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: {} }));
    await expect(removeKinesisTriggers(config, 'echoTest', 'testKinesis')).resolves.toEqual([]);
  });

  it("deletes the role's inline policy for the stream, if it is there", async () => {
    iam
      .on(DeleteRolePolicyCommand)
      .resolvesOnce({})
      .rejects(
        new NoSuchEntityException({
          message: 'The role policy with name read-testKinesis cannot be found.',
          $metadata: {},
        }),
      );
    await expect(removeReadPolicy(config, 'echoTest-role', 'testKinesis')).resolves.toBe(true);
    await expect(removeReadPolicy(config, 'echoTest-role', 'testKinesis')).resolves.toBe(false);
    expect(iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, {
      RoleName: 'echoTest-role',
      PolicyName: 'read-testKinesis',
    });
  });
});

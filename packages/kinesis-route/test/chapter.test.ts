/**
 * Every step of chapter 3 with mocked SDK clients: the exact commands, in order,
 * and what the step works out (what it prints is docs/05's, checked against a real
 * run by `pnpm docs:check`). echoTest's own deployment and
 * removal are @l2l/echo-callee's (tested there): here they are stand-ins.
 */
import { inspect } from 'node:util';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AccessDeniedException,
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListTagsForStreamCommand,
  PutRecordCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { kinesisPutRecordData, kinesisPutRecordEvent } from '@l2l/decoding/fixtures';
import { deployCallee, removeCallee } from '@l2l/echo-callee';
import type { ClientConfig, Workshop } from '@l2l/workshop';
import { explain, runSteps } from '@l2l/workshop';
import {
  ACCOUNT_ID,
  expectClientConfig,
  stepOutput,
  TARGET_ENTRIES,
  TARGETS,
  workshopOn,
} from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chapter, decodeStep, putStep, setupStep } from '../src/chapter.ts';
import { streamExists, WORKSHOP_STREAM_TAGS } from './existing-stream.ts';
import { functionArn, streamArn } from './targets.ts';

vi.mock('@l2l/echo-callee', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@l2l/echo-callee')>()),
  deployCallee: vi.fn(),
  removeCallee: vi.fn(),
}));

const kinesis = mockClient(KinesisClient);
const iam = mockClient(IAMClient);
const lambda = mockClient(LambdaClient);
const logs = mockClient(CloudWatchLogsClient);
const UUID = '6d9a0a2d-0b43-4a0e-9d8c-0e3f7c1b2a11';
const REQUEST_ID = '094d4d3e-0c11-11e7-b9a6-2dbd1c4e5f2a';
const SEQUENCE_NUMBER = '49571470617410410658004564491315382019801680888626937858';

/** A console.log line of the Node.js runtime, as CloudWatch Logs holds it. */
const logLine = (message: string) => `2017-03-19T04:48:44.100Z\t${REQUEST_ID}\tINFO\t${message}\n`;

/** What the tests read of any mocked client. */
interface MockedClient {
  calls(): { args: unknown[]; thisValue: unknown }[];
}

/** Which command each mocked client received, in order. */
const received = (mock: MockedClient) =>
  mock.calls().map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));

/** A cloud where nothing of chapter 3 exists yet. */
function emptyCloud(config: ClientConfig, prefix = '') {
  const name = (base: string) => (prefix ? `${prefix}-${base}` : base);
  const arn = streamArn(config, name('testKinesis'));
  kinesis.on(CreateStreamCommand).resolves({});
  kinesis.on(DescribeStreamCommand).resolves({
    StreamDescription: {
      StreamName: name('testKinesis'),
      StreamARN: arn,
      StreamStatus: 'ACTIVE',
      Shards: [],
      HasMoreShards: false,
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(),
      EnhancedMonitoring: [],
    },
  });
  kinesis.on(DescribeStreamSummaryCommand).resolves({
    StreamDescriptionSummary: {
      StreamName: name('testKinesis'),
      StreamARN: arn,
      StreamStatus: 'ACTIVE',
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(),
      EnhancedMonitoring: [],
      OpenShardCount: 1,
    },
  });
  iam.on(PutRolePolicyCommand).resolves({});
  const mapping = {
    UUID,
    BatchSize: 1,
    StartingPosition: 'TRIM_HORIZON' as const,
    FunctionResponseTypes: ['ReportBatchItemFailures' as const],
    MaximumRetryAttempts: 2,
    EventSourceArn: arn,
    FunctionArn: functionArn(config, name('echoTest')),
  };
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  lambda.on(CreateEventSourceMappingCommand).resolves({ ...mapping, State: 'Creating' });
  lambda.on(GetEventSourceMappingCommand).resolves({ ...mapping, State: 'Enabled' });
  kinesis
    .on(PutRecordCommand)
    .resolves({ ShardId: 'shardId-000000000000', SequenceNumber: SEQUENCE_NUMBER });
  return { arn, mapping };
}

beforeEach(() => {
  for (const mock of [kinesis, iam, lambda, logs]) mock.reset();
  vi.mocked(deployCallee).mockReset().mockResolvedValue('arn');
  vi.mocked(removeCallee).mockReset().mockResolvedValue([]);
});
afterEach(() => vi.useRealTimers());

describe('chapter 5', () => {
  const config = TARGETS.aws;
  let workshop: Workshop;
  beforeEach(() => {
    workshop = workshopOn('aws');
  });

  it('setup: creates the stream, lets the role read it and adds the trigger', async () => {
    const { arn } = emptyCloud(config);
    await stepOutput(workshop, setupStep);
    expect(received(kinesis)).toEqual(['CreateStream', 'DescribeStream', 'DescribeStreamSummary']);
    expect(kinesis).toHaveReceivedCommandWith(CreateStreamCommand, {
      StreamName: 'testKinesis',
      ShardCount: 1,
      Tags: { workshop: 'lambda-to-lambda' },
    });
    expect(deployCallee).toHaveBeenCalledExactlyOnceWith(workshop, 'echo');
    expect(received(iam)).toEqual(['PutRolePolicy']);
    expect(iam).toHaveReceivedCommandWith(PutRolePolicyCommand, {
      RoleName: 'echoTest-role',
      PolicyName: 'read-testKinesis',
    });
    expect(received(lambda)).toEqual([
      'ListEventSourceMappings',
      'CreateEventSourceMapping',
      'GetEventSourceMapping',
    ]);
    expect(lambda).toHaveReceivedCommandWith(CreateEventSourceMappingCommand, {
      EventSourceArn: arn,
      FunctionName: 'echoTest',
      BatchSize: 1,
      StartingPosition: 'TRIM_HORIZON',
    });
  });

  it.each(TARGET_ENTRIES)(
    "setup: makes every client from the %s target's configuration, the endpoint unchanged",
    async (target, targetConfig) => {
      emptyCloud(targetConfig);
      await stepOutput(workshopOn(target), setupStep);
      for (const mock of [kinesis, iam, lambda] as MockedClient[]) {
        for (const call of mock.calls()) {
          await expectClientConfig(call.thisValue as KinesisClient, targetConfig);
        }
      }
    },
  );

  it('setup, run again: reuses the stream and the trigger, and prints the same', async () => {
    const { arn, mapping } = emptyCloud(config);
    streamExists(kinesis, WORKSHOP_STREAM_TAGS);
    lambda
      .on(ListEventSourceMappingsCommand)
      .resolves({ EventSourceMappings: [{ ...mapping, State: 'Enabled' }] });
    expect(await stepOutput(workshop, setupStep)).toContain(`is ACTIVE: ${arn}\n`);
    expect(received(kinesis)).toEqual([
      'CreateStream',
      'ListTagsForStream',
      'DescribeStream',
      'DescribeStreamSummary',
    ]);
    expect(received(iam)).toEqual(['PutRolePolicy']);
    expect(received(lambda)).toEqual(['ListEventSourceMappings', 'GetEventSourceMapping']);
  });

  it('put: puts the record of 5.2, finds the event echoTest logged and decodes its data', async () => {
    vi.useFakeTimers({ now: new Date(kinesisPutRecordData.event_created_at), toFake: ['Date'] });
    emptyCloud(config);
    // echoTest logged other data than was put: the step decodes what echoTest got.
    const [record] = kinesisPutRecordEvent.Records;
    if (record === undefined) throw new Error('the fixture has no record');
    const logged = '{"event_name":"Kinesis 예제 (as logged)"}';
    const event = {
      Records: [
        { ...record, kinesis: { ...record.kinesis, data: Buffer.from(logged).toString('base64') } },
      ],
    };
    logs
      .on(FilterLogEventsCommand)
      .resolves({ events: [{ message: logLine(inspect(event, { depth: null })) }] });

    expect(await stepOutput(workshop, putStep)).toContain(`Decoded:\n${logged}\n`);
    expect(deployCallee).toHaveBeenCalledExactlyOnceWith(workshop, 'echo');
    expect(received(kinesis)).toEqual([
      'CreateStream',
      'DescribeStream',
      'DescribeStreamSummary',
      'PutRecord',
    ]);
    expect(kinesis).toHaveReceivedCommandWith(PutRecordCommand, {
      Data: new TextEncoder().encode(JSON.stringify(kinesisPutRecordData)),
      PartitionKey: 'partition',
      StreamName: 'testKinesis',
    });
    expect(logs).toHaveReceivedCommandExactlyOnceWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/echoTest',
      filterPattern: `"${SEQUENCE_NUMBER}"`,
      startTime: Date.parse(kinesisPutRecordData.event_created_at) - 60_000,
    } satisfies FilterLogEventsCommandInput);
  });

  it('decode: deploys the 5.3 handler, puts a record and reads the log line of its time', async () => {
    const createdAt = '2017-03-19T05:05:52.273Z';
    vi.useFakeTimers({ now: new Date(createdAt), toFake: ['Date'] });
    emptyCloud(config);
    const decoded = { event_name: 'Kinesis 예제', event_created_at: createdAt };
    logs
      .on(FilterLogEventsCommand)
      .resolves({ events: [{ message: logLine(JSON.stringify(decoded, null, 4)) }] });

    await stepOutput(workshop, decodeStep);
    expect(deployCallee).toHaveBeenCalledExactlyOnceWith(workshop, 'kinesis-decode');
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/echoTest',
      filterPattern: `"${createdAt}"`,
    });
  });

  it('cleanup: removes the trigger, the tagged stream, the policy, then echoTest', async () => {
    const { arn } = emptyCloud(config);
    lambda.on(ListEventSourceMappingsCommand).resolves({
      EventSourceMappings: [{ UUID, EventSourceArn: arn, State: 'Enabled' }],
    });
    lambda.on(DeleteEventSourceMappingCommand).resolves({ UUID, State: 'Deleting' });
    kinesis.on(ListTagsForStreamCommand).resolves({
      Tags: [{ Key: 'workshop', Value: 'lambda-to-lambda' }],
      HasMoreTags: false,
    });
    kinesis.on(DeleteStreamCommand).resolves({});
    kinesis
      .on(DescribeStreamCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    iam.on(DeleteRolePolicyCommand).resolves({});
    vi.mocked(removeCallee).mockResolvedValue([
      'Lambda function echoTest',
      'log group /aws/lambda/echoTest',
      'IAM role echoTest-role',
    ]);

    await expect(chapter.cleanup(workshop)).resolves.toEqual([
      `trigger testKinesis → echoTest (${UUID})`,
      'Kinesis stream testKinesis (billed by the hour while it existed)',
      'inline policy read-testKinesis of IAM role echoTest-role',
      'Lambda function echoTest',
      'log group /aws/lambda/echoTest',
      'IAM role echoTest-role',
    ]);
    expect(received(lambda)).toEqual(['ListEventSourceMappings', 'DeleteEventSourceMapping']);
    expect(received(kinesis)).toEqual(['ListTagsForStream', 'DeleteStream', 'DescribeStream']);
    expect(kinesis).toHaveReceivedCommandWith(DeleteStreamCommand, { StreamName: 'testKinesis' });
    expect(iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, {
      RoleName: 'echoTest-role',
      PolicyName: 'read-testKinesis',
    });
    expect(removeCallee).toHaveBeenCalledExactlyOnceWith(workshop);
  });

  it('cleanup: leaves a stream the workshop did not make', async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    kinesis.on(ListTagsForStreamCommand).resolves({ Tags: [], HasMoreTags: false });
    iam.on(DeleteRolePolicyCommand).resolves({});
    const removed = await chapter.cleanup(workshop);
    expect(removed).toEqual(['inline policy read-testKinesis of IAM role echoTest-role']);
    expect(kinesis).toHaveReceivedCommandTimes(DeleteStreamCommand, 0);
  });

  it('names everything with the prefix', async () => {
    workshop = workshopOn('aws', { prefix: 'ana' });
    const { arn } = emptyCloud(config, 'ana');
    const output = await stepOutput(workshop, setupStep);
    expect(output).toContain(`Stream ana-testKinesis (1 shard) is ACTIVE: ${arn}\n`);
    expect(kinesis).toHaveReceivedCommandWith(CreateStreamCommand, {
      StreamName: 'ana-testKinesis',
      Tags: { workshop: 'lambda-to-lambda', 'workshop-prefix': 'ana' },
    });
    expect(iam).toHaveReceivedCommandWith(PutRolePolicyCommand, {
      RoleName: 'ana-echoTest-role',
      PolicyName: 'read-ana-testKinesis',
    });
    expect(lambda).toHaveReceivedCommandWith(CreateEventSourceMappingCommand, {
      FunctionName: 'ana-echoTest',
    });
  });
});

describe('running the chapter on AWS', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    vi.spyOn(console, 'error').mockImplementation((...args) => {
      stderr.push(args.join(' '));
    });
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('lists what it will create, the stream billed by the hour first, and says plainly when AWS refuses', async () => {
    kinesis.on(CreateStreamCommand).rejects(
      new AccessDeniedException({
        message:
          'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: kinesis:CreateStream',
        $metadata: {},
      }),
    );
    const error = await runSteps(workshopOn('aws'), chapter.steps).catch((e: unknown) => e);
    expect(stderr).toEqual([
      `This creates resources in AWS account ${ACCOUNT_ID}, region ${TARGETS.aws.region}:
  - Kinesis stream testKinesis (1 shard; billed per shard-hour until cleanup)
  - IAM role echoTest-role (Lambda may write logs)
  - Lambda function echoTest (nodejs24.x; billed per invocation)
Each is tagged workshop=lambda-to-lambda; \`pnpm cleanup\` removes them all.`,
    ]);
    expect(explain(error)).toMatch(
      /^AWS refused the request \(AccessDeniedException\): User: .* kinesis:CreateStream\n/,
    );
    expect(deployCallee).not.toHaveBeenCalled();
  });
});

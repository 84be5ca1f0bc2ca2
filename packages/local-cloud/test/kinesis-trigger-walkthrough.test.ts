/**
 * Kinesis triggers end to end, with the unchanged SDK clients against one local
 * cloud: walkthrough step 3 (a record put on `testKinesis` reaches the echo
 * callee with Lambda's Kinesis event), where a mapping starts and resumes, and
 * how records are batched (kinesis-trigger-failures.test.ts has the failures).
 */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { parseKinesisRecord } from '@l2l/decoding';
import { describe, expect, it } from 'vitest';
import { handlerZip, ROLE } from './lambda-support.ts';
import { createFunction } from './support/functions.ts';
import {
  createStream,
  SCRIPTED_SOURCE,
  streamArn,
  useKinesisTriggers,
  waitForState,
} from './support/kinesis-trigger.ts';
import { clientConfig, REGION } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const {
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
} = useKinesisTriggers();

/** Logs the whole event as JSON. */
const RECORDER_SOURCE = `export const handler = async (event) => {
  console.log('EVENT ' + JSON.stringify(event));
  return {};
};
`;

type KinesisEventRecord = Parameters<typeof parseKinesisRecord>[0];

describe('walkthrough step 3: a Kinesis trigger', () => {
  it('3.1-3.3: a record put on testKinesis reaches the echo callee with the Kinesis event', async () => {
    await createStream(kinesis, 'testKinesis');
    await createFunction(lambda, 'kinesisEcho', await echoZip());
    const { UUID } = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: streamArn('testKinesis'),
        FunctionName: 'kinesisEcho',
        BatchSize: 1,
        StartingPosition: 'TRIM_HORIZON',
      }),
    );
    await waitForState(lambda, UUID, 'Enabled');

    const data = JSON.stringify({ event_name: 'Kinesis 예제', event_created_at: new Date() });
    const put = await kinesis.send(
      new PutRecordCommand({
        Data: Buffer.from(data),
        PartitionKey: 'partition',
        StreamName: 'testKinesis',
      }),
    );
    expect(put.ShardId).toBe('shardId-000000000000');
    expect(put.SequenceNumber).toMatch(/^\d{20,}$/);

    // The callee's log, read as the walkthrough reads it: through CloudWatch Logs.
    const logs = new CloudWatchLogsClient(clientConfig(cloud()));
    const logged = async () => {
      const { events = [] } = await logs.send(
        new FilterLogEventsCommand({ logGroupName: '/aws/lambda/kinesisEcho' }),
      );
      return events.find((event) => event.message?.includes(put.SequenceNumber as string));
    };
    await expect.poll(logged, { timeout: 5_000, interval: 20 }).toBeDefined();
    const message = (await logged())?.message ?? '';
    logs.destroy();
    const fields = [
      "kinesisSchemaVersion: '1.0'",
      "partitionKey: 'partition'",
      `sequenceNumber: '${put.SequenceNumber}'`,
      `data: '${Buffer.from(data).toString('base64')}'`,
      "eventSource: 'aws:kinesis'",
      "eventVersion: '1.0'",
      `eventID: 'shardId-000000000000:${put.SequenceNumber}'`,
      "eventName: 'aws:kinesis:record'",
      `invokeIdentityArn: '${ROLE}'`,
      `awsRegion: '${REGION}'`,
      `eventSourceARN: '${streamArn('testKinesis')}'`,
    ];
    for (const field of fields) expect(message).toContain(field);
    expect(message).toMatch(/approximateArrivalTimestamp: \d{10}\.\d{1,3}\b/);
    await untrigger(UUID as string);
  });

  it('3.4: the records arrive as Lambda sends them, their data base64 of what was put', async () => {
    const { uuid, arn } = await trigger('decodedKinesis', RECORDER_SOURCE, {
      settings: { BatchSize: 10 },
    });
    const put = { event_name: 'Kinesis 예제', event_created_at: new Date().toISOString() };
    const before = Date.now();
    const { SequenceNumber } = await kinesis.send(
      new PutRecordCommand({
        StreamName: 'decodedKinesis',
        PartitionKey: 'partition',
        Data: Buffer.from(JSON.stringify(put)),
      }),
    );
    const eventLine = () =>
      logEvents.find(
        (event) =>
          event.logGroupName === '/aws/lambda/decodedKinesis' && event.message.includes('EVENT '),
      );
    await expect.poll(eventLine, { timeout: 5_000, interval: 10 }).toBeDefined();
    const event = JSON.parse(/\tEVENT (.*)$/s.exec(eventLine()?.message ?? '')?.[1] ?? '') as {
      Records: KinesisEventRecord[];
    };
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'partition',
            sequenceNumber: SequenceNumber,
            data: Buffer.from(JSON.stringify(put)).toString('base64'),
            approximateArrivalTimestamp: expect.any(Number),
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000000:${SequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: ROLE,
          awsRegion: REGION,
          eventSourceARN: arn,
        },
      ],
    });
    const [record] = event.Records;
    // Epoch seconds with milliseconds, when Kinesis got it.
    const arrival = (record?.kinesis.approximateArrivalTimestamp ?? 0) * 1000;
    expect(arrival).toBeGreaterThanOrEqual(before - 1_000);
    expect(arrival).toBeLessThanOrEqual(Date.now());
    expect(parseKinesisRecord(record as KinesisEventRecord)).toEqual(put);
    await untrigger(uuid);
  });
});

describe('where a mapping reads', () => {
  it('LATEST: only the records put once the mapping is Enabled', async () => {
    const { uuid } = await trigger('latestKinesis', SCRIPTED_SOURCE, {
      settings: { StartingPosition: 'LATEST' },
      setup: () => putRecords('latestKinesis', [{ id: 1 }]),
    });
    await putRecords('latestKinesis', [{ id: 2 }]);
    expect(await processed('latestKinesis', 2)).toEqual([{ ids: [2], outcome: 'ok' }]);
    await untrigger(uuid);
  });

  it('disabled, then enabled again: it resumes where it stopped, and nothing put meanwhile is lost', async () => {
    const { uuid, arn } = await trigger('pausedKinesis', SCRIPTED_SOURCE, {
      settings: { StartingPosition: 'LATEST' },
    });
    // A second, enabled mapping on the stream: once it has the records put while the first
    // one is disabled, the first one has had as many chances to read them.
    await createFunction(lambda, 'pausedWitness', await handlerZip(SCRIPTED_SOURCE), {
      MARKERS: markers,
    });
    const witness = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: arn,
        FunctionName: 'pausedWitness',
        StartingPosition: 'LATEST',
        BatchSize: 1,
      }),
    );
    await waitForState(lambda, witness.UUID, 'Enabled');
    await putRecords('pausedKinesis', [{ id: 1 }]);
    await processed('pausedKinesis', 1);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
    await waitForState(lambda, uuid, 'Disabled');
    await putRecords('pausedKinesis', [{ id: 2 }, { id: 3 }]);
    await processed('pausedWitness', 3);
    expect(batchesOf('pausedKinesis')).toHaveLength(1);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    await waitForState(lambda, uuid, 'Enabled');
    expect(await processed('pausedKinesis', 3)).toEqual([
      { ids: [1], outcome: 'ok' },
      { ids: [2], outcome: 'ok' },
      { ids: [3], outcome: 'ok' },
    ]);
    await untrigger(uuid);
    await untrigger(witness.UUID as string);
  });
});

describe('batching', () => {
  it('MaximumBatchingWindowInSeconds: gathers records for up to the window, unless the batch fills', async () => {
    const { uuid } = await trigger('windowedKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 5, MaximumBatchingWindowInSeconds: 1 },
    });
    const firstPut = Date.now();
    for (const id of [1, 2, 3]) {
      await putRecords('windowedKinesis', [{ id }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await processed('windowedKinesis', 3)).toEqual([{ ids: [1, 2, 3], outcome: 'ok' }]);
    expect(Date.now() - firstPut).toBeGreaterThanOrEqual(1_000);
    await untrigger(uuid);

    // With the longest window, 300 s, only a full batch can be delivered within the test.
    const full = await trigger('fullBatchKinesis', SCRIPTED_SOURCE, {
      settings: { BatchSize: 5, MaximumBatchingWindowInSeconds: 300 },
    });
    await putRecords(
      'fullBatchKinesis',
      [4, 5, 6, 7, 8].map((id) => ({ id })),
    );
    expect(await processed('fullBatchKinesis', 8)).toEqual([
      { ids: [4, 5, 6, 7, 8], outcome: 'ok' },
    ]);
    await untrigger(full.uuid);
  });
});

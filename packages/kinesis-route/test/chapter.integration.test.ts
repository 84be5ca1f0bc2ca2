/**
 * Chapter 3 on a real local cloud (its Kinesis is kinesis-mock, its trigger the
 * local cloud's event source mapping): each step's printed output, masked, is the
 * output the docs show. One cloud for the whole file, as a learner's running
 * `pnpm local-cloud` is: so this also runs the chapter twice on the same cloud.
 */
import { type LocalCloud, startLocalCloud } from '@l2l/local-cloud';
import { openWorkshop, type Workshop } from '@l2l/workshop';
import { maskOutput, stepOutput } from '@l2l/workshop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapter, decodeStep, putStep, setupStep } from '../src/chapter.ts';
import { removeKinesisTriggers } from '../src/trigger.ts';

let cloud: LocalCloud;
let workshop: Workshop;
beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
  workshop = await openWorkshop({
    target: 'local',
    endpoint: cloud.endpoint,
    prefix: '',
    yes: false,
  });
});
afterAll(async () => {
  await workshop?.close();
  await cloud?.stop();
});

const run = async (step: typeof setupStep) => maskOutput(await stepOutput(workshop, step));

const expectedSetup = () => `
── 3.1–3.2 Create the stream testKinesis and make it the trigger of echoTest ──
Stream testKinesis (1 shard) is ACTIVE: arn:aws:kinesis:${workshop.region}:000000000000:stream/testKinesis
Role echoTest-role may read it: inline policy read-testKinesis
Trigger testKinesis → echoTest is Enabled: batch size 1, starting position TRIM_HORIZON, UUID <uuid>
`;

const expectedPut = () => `
── 3.3 Put a record into testKinesis ──
{
  ShardId: 'shardId-000000000000',
  SequenceNumber: '<sequence number>'
}
echoTest logged the event the trigger invoked it with:
{
  Records: [
    {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'partition',
        sequenceNumber: '<sequence number>',
        data: '<base64>',
        approximateArrivalTimestamp: <n>
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: 'shardId-000000000000:<sequence number>',
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/echoTest-role',
      awsRegion: '${workshop.region}',
      eventSourceARN: 'arn:aws:kinesis:${workshop.region}:000000000000:stream/testKinesis'
    }
  ]
}
kinesis.data is the record's data in base64, an encoding, not encryption. Decoded:
{"event_name":"Kinesis 예제","event_created_at":"<time>"}
`;

const expectedDecode = `
── 3.4 Decode the records in echoTest ──
echoTest now logs the data of each record of a batch, decoded
{
  ShardId: 'shardId-000000000000',
  SequenceNumber: '<sequence number>'
}
echoTest logged:
{
    "event_name": "Kinesis 예제",
    "event_created_at": "<time>"
}
`;

describe('chapter 3 on the local cloud', () => {
  it('setup, put and decode print what the walkthrough prints', async () => {
    expect(await run(setupStep)).toBe(expectedSetup());
    expect(await run(putStep)).toBe(expectedPut());
    expect(await run(decodeStep)).toBe(expectedDecode);
  });

  it('runs again on the same cloud: the same output, each step showing its own record', async () => {
    expect(await run(setupStep)).toBe(expectedSetup());
    expect(await run(putStep)).toBe(expectedPut());
    expect(await run(decodeStep)).toBe(expectedDecode);
  });

  it("finds this run's record when a new trigger hands over the stream's older ones first", async () => {
    // A new trigger starts at TRIM_HORIZON: the four records above reach echoTest again.
    await removeKinesisTriggers(workshop.clientConfig, 'echoTest', 'testKinesis');
    expect(await run(putStep)).toBe(expectedPut());
  });

  it('cleanup removes everything, and the chapter then starts from nothing', async () => {
    expect(await chapter.cleanup(workshop)).toEqual([
      expect.stringMatching(/^trigger testKinesis → echoTest \([0-9a-f-]{36}\)$/),
      'Kinesis stream testKinesis (billed by the hour while it existed)',
      'inline policy read-testKinesis of IAM role echoTest-role',
      'Lambda function echoTest',
      'log group /aws/lambda/echoTest',
      'IAM role echoTest-role',
    ]);
    expect(await chapter.cleanup(workshop)).toEqual([]);
    expect(await run(setupStep)).toBe(expectedSetup());
    expect(await run(decodeStep)).toBe(expectedDecode);
  });
});

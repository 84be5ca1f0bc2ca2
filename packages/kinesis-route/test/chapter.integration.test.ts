/**
 * Chapter 5 on a real local cloud (its Kinesis is kinesis-mock, its trigger the
 * local cloud's event source mapping): what each step does (the output it prints
 * is docs/05's, which `pnpm docs:check` compares with a real run). One cloud for
 * the whole file, as a learner's running `pnpm local-cloud` is: so this also runs
 * the chapter twice on the same cloud.
 */
import { type LocalCloud, startLocalCloud } from '@l2l/local-cloud';
import { openWorkshop, type Workshop } from '@l2l/workshop';
import { stepOutput } from '@l2l/workshop/testing';
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

const run = (step: typeof setupStep) => stepOutput(workshop, step);

/** The trigger's UUID, as setup prints it. */
const triggerUuid = (setup: string) =>
  /^Trigger testKinesis → echoTest is Enabled: .*, UUID ([0-9a-f-]{36})$/m.exec(setup)?.[1];

/**
 * Runs put (or decode) and checks that what echoTest logged is this step's record: the
 * sequence number PutRecord answered with (put), and the time the step put in the data.
 */
async function expectOwnRecord(step: typeof putStep): Promise<void> {
  const started = Date.now();
  const output = await run(step);
  const put = /SequenceNumber: '(\d+)'/.exec(output)?.[1];
  if (step === putStep) expect(output).toContain(`sequenceNumber: '${put}'`);
  const created = /"event_created_at":\s*"([^"]+)"/.exec(output)?.[1] ?? '';
  expect(Date.parse(created)).toBeGreaterThanOrEqual(started);
}

describe('chapter 5 on the local cloud', () => {
  let firstTrigger: string | undefined;

  it('setup makes the trigger; put and decode each find their own record in what echoTest logged', async () => {
    firstTrigger = triggerUuid(await run(setupStep));
    expect(firstTrigger).toBeDefined();
    await expectOwnRecord(putStep);
    await expectOwnRecord(decodeStep);
  });

  it('runs again on the same cloud: the same trigger, each step finding its own record', async () => {
    expect(triggerUuid(await run(setupStep))).toBe(firstTrigger);
    await expectOwnRecord(putStep);
    await expectOwnRecord(decodeStep);
  });

  it("finds this run's record when a new trigger hands over the stream's older ones first", async () => {
    // A new trigger starts at TRIM_HORIZON: the four records above reach echoTest again.
    await removeKinesisTriggers(workshop.clientConfig, 'echoTest', 'testKinesis');
    await expectOwnRecord(putStep);
  });

  it('cleanup removes everything, and the chapter then starts from nothing', async () => {
    expect(await chapter.cleanup(workshop)).toEqual([
      expect.stringMatching(/^trigger testKinesis → echoTest \([0-9a-f-]{36}\)$/),
      'Kinesis stream testKinesis',
      'inline policy read-testKinesis of IAM role echoTest-role',
      'Lambda function echoTest',
      'log group /aws/lambda/echoTest',
      'IAM role echoTest-role',
    ]);
    expect(await chapter.cleanup(workshop)).toEqual([]);
    expect(triggerUuid(await run(setupStep))).not.toBe(firstTrigger);
    await expectOwnRecord(decodeStep);
  });
});

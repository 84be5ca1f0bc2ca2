/**
 * Chapter 5 as steps: `pnpm --filter @l2l/kinesis-route run add-trigger`, `put`,
 * `decode`, or `start` for all three, and `cleanup`.
 */

import { decodeBase64, decodeUtf8 } from '@l2l/decoding';
import {
  deployCallee,
  deployStep,
  FUNCTION_NAME,
  type HandlerName,
  removeCallee,
  roleName,
} from '@l2l/echo-callee';
import { type Chapter, type Step, type Workshop, waitForLoggedText } from '@l2l/workshop';
import { putRecord } from './put-record.ts';
import { createStream, deleteStream } from './stream.ts';
import {
  addKinesisTrigger,
  allowReadingStream,
  readPolicyName,
  removeKinesisTriggers,
  removeReadPolicy,
} from './trigger.ts';

export const STREAM_NAME = 'testKinesis';

/**
 * Step 5.1, with echoTest running `handler`. Every step starts with
 * them, so that each also runs on its own: an embedded local cloud starts empty,
 * and on a cloud that has them already, they change nothing.
 */
async function setUpKinesisRoute(workshop: Workshop, handler: HandlerName) {
  const streamName = workshop.name(STREAM_NAME);
  const functionName = workshop.name(FUNCTION_NAME);
  const streamArn = await createStream(workshop.clientConfig, streamName, workshop.tags);
  // The function, and with it its role, must exist before the role gets its policy
  // and the stream becomes the function's trigger.
  await deployCallee(workshop, handler);
  await allowReadingStream(workshop.clientConfig, roleName(workshop), streamName, streamArn);
  const trigger = await addKinesisTrigger(workshop.clientConfig, functionName, streamArn);
  return { streamName, functionName, streamArn, trigger };
}

const creates = (workshop: Workshop) => [
  `Kinesis stream ${workshop.name(STREAM_NAME)} (1 shard; billed per shard-hour until cleanup)`,
  ...(deployStep.creates?.(workshop) ?? []),
];

export const setupStep: Step = {
  name: 'add-trigger',
  title: `5.1 Create the stream {${STREAM_NAME}} and make it the trigger of {${FUNCTION_NAME}}`,
  summary: `create the stream ${STREAM_NAME} (1 shard), let ${FUNCTION_NAME} read it, add the trigger (batch size 1, TRIM_HORIZON)`,
  creates,
  async run(workshop) {
    const { streamName, functionName, streamArn, trigger } = await setUpKinesisRoute(
      workshop,
      'echo',
    );
    console.log(`Stream ${streamName} (1 shard) is ACTIVE: ${streamArn}`);
    console.log(
      `Role ${roleName(workshop)} may read it: inline policy ${readPolicyName(streamName)}`,
    );
    console.log(
      `Trigger ${streamName} → ${functionName} is ${trigger.State}: batch size ${trigger.BatchSize}, starting position ${trigger.StartingPosition}, UUID ${trigger.UUID}`,
    );
  },
};

export const putStep: Step = {
  name: 'put',
  title: `5.2 Put a record into {${STREAM_NAME}}`,
  summary: `put { event_name: "Kinesis 예제", event_created_at: new Date() } and show the event ${FUNCTION_NAME} logged`,
  creates,
  async run(workshop) {
    const { streamName, functionName } = await setUpKinesisRoute(workshop, 'echo');
    const sentAt = new Date();
    const { result } = await putRecord(workshop.clientConfig, streamName);
    console.log(result);
    // The stream may hold records of earlier runs, which the trigger hands over too
    // (it starts at TRIM_HORIZON, the oldest): this record's sequence number finds its event.
    const event = await waitForLoggedText(
      workshop.clientConfig,
      functionName,
      result.SequenceNumber ?? '',
      { sentAt },
    );
    console.log(`${functionName} logged the event the trigger invoked it with:\n${event}`);
    // The data as echoTest logged it, decoded as 3.4's callee will do it.
    const data = /\bdata: '([^']*)'/.exec(event)?.[1] ?? '';
    console.log(
      `kinesis.data is the record's data in base64, an encoding, not encryption. Decoded:\n${decodeUtf8(decodeBase64(data))}`,
    );
  },
};

export const decodeStep: Step = {
  name: 'decode',
  title: `5.3 Decode the records in {${FUNCTION_NAME}}`,
  summary: `deploy the ${FUNCTION_NAME} that decodes each record's data, put a record and show what it logged`,
  creates,
  async run(workshop) {
    const { streamName, functionName } = await setUpKinesisRoute(workshop, 'kinesis-decode');
    console.log(`${functionName} now logs the data of each record of a batch, decoded`);
    const { sent, result } = await putRecord(workshop.clientConfig, streamName);
    console.log(result);
    // The decoded data holds no sequence number, but its time tells this record apart.
    const { event_created_at } = JSON.parse(sent) as { event_created_at: string };
    const logged = await waitForLoggedText(workshop.clientConfig, functionName, event_created_at);
    console.log(`${functionName} logged:\n${logged}`);
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/kinesis-route',
  title: 'Chapter 5: trigger a Lambda function from a Kinesis stream',
  steps: [setupStep, putStep, decodeStep],
  async cleanup(workshop) {
    const streamName = workshop.name(STREAM_NAME);
    const functionName = workshop.name(FUNCTION_NAME);
    const triggers = await removeKinesisTriggers(workshop.clientConfig, functionName, streamName);
    const removed = triggers.map((uuid) => `trigger ${streamName} → ${functionName} (${uuid})`);
    if (await deleteStream(workshop.clientConfig, streamName)) {
      const billed =
        workshop.options.target === 'aws' ? ' (billed by the hour while it existed)' : '';
      removed.push(`Kinesis stream ${streamName}${billed}`);
    }
    if (await removeReadPolicy(workshop.clientConfig, roleName(workshop), streamName)) {
      removed.push(`inline policy ${readPolicyName(streamName)} of IAM role ${roleName(workshop)}`);
    }
    removed.push(...(await removeCallee(workshop)));
    return removed;
  },
};

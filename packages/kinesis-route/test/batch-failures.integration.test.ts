/**
 * Step 5.3's callee names the records it could not decode, and the trigger reports them
 * (`ReportBatchItemFailures`): on a real local cloud, Lambda retries from the failed record, not
 * the records before it, gives it up after `MaximumRetryAttempts`, and goes on with the next.
 */
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { encodeEvent } from '@l2l/decoding';
import { deployCallee, FUNCTION_NAME, roleName } from '@l2l/echo-callee';
import { loggedLinesWith, waitForLoggedText } from '@l2l/workshop';
import { withLocalWorkshop } from '@l2l/workshop/testing';
import { expect, it } from 'vitest';
import { STREAM_NAME } from '../src/chapter.ts';
import { createStream } from '../src/stream.ts';
import { addKinesisTrigger, allowReadingStream } from '../src/trigger.ts';

it('retries a record the callee reports, three times in all, then goes on with the next', async () => {
  await withLocalWorkshop(async (workshop) => {
    const { clientConfig } = workshop;
    const streamArn = await createStream(clientConfig, STREAM_NAME, workshop.tags);
    await deployCallee(workshop, 'kinesis-decode');
    await allowReadingStream(clientConfig, roleName(workshop), STREAM_NAME, streamArn);

    // Before the trigger starts reading at TRIM_HORIZON: a good record, a bad one, a good one.
    const kinesis = new KinesisClient(clientConfig);
    const put = async (data: string) => {
      const { SequenceNumber } = await kinesis.send(
        new PutRecordCommand({
          StreamName: STREAM_NAME,
          PartitionKey: 'p',
          Data: encodeEvent(data),
        }),
      );
      return SequenceNumber ?? '';
    };
    await put(JSON.stringify({ record: 'record-before' }));
    const bad = await put('not json');
    await put(JSON.stringify({ record: 'record-after' }));
    await addKinesisTrigger(clientConfig, FUNCTION_NAME, streamArn);

    // The last record is decoded only once the shard is past the bad one.
    await waitForLoggedText(clientConfig, FUNCTION_NAME, 'record-after', { timeoutMs: 20_000 });
    const failures = await loggedLinesWith(clientConfig, FUNCTION_NAME, bad);
    expect(failures).toHaveLength(3);
    for (const line of failures) {
      expect(line).toMatch(
        new RegExp(`ERROR\\tKinesis record ${bad} from shardId-000000000000: Invalid JSON`),
      );
    }
    // The record before it was done with: it is not sent again.
    expect(await loggedLinesWith(clientConfig, FUNCTION_NAME, 'record-before')).toHaveLength(1);
  });
});

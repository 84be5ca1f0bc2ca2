/**
 * Step 5.2: put one record into the stream; the trigger then hands it to echoTest.
 */
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { encodeEvent } from '@l2l/decoding';
import type { ClientConfig } from '@l2l/workshop';

export async function putRecord(clientConfig: ClientConfig, streamName: string) {
  const kinesis = new KinesisClient(clientConfig);
  const data = JSON.stringify({ event_name: 'Kinesis 예제', event_created_at: new Date() });
  const { ShardId, SequenceNumber } = await kinesis.send(
    new PutRecordCommand({
      // SDK v3 takes the data as bytes, where the 2017 SDK took the string: its UTF-8.
      Data: encodeEvent(data),
      // Records with the same partition key go to the same shard, in the order they were put.
      PartitionKey: 'partition',
      StreamName: streamName,
    }),
  );
  // The 2017 SDK printed only these two; SDK v3 also returns EncryptionType and $metadata.
  return { sent: data, result: { ShardId, SequenceNumber } };
}

/**
 * Step 5.1: the stream `testKinesis`, with one shard.
 *
 * A shard is a unit of a stream's capacity (1 MB/s or 1,000 records/s in), and
 * AWS bills a provisioned stream per shard-hour for as long as it exists, used or
 * not: `pnpm cleanup` deletes it.
 */
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  LimitExceededException,
  ListTagsForStreamCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilStreamExists,
  waitUntilStreamNotExists,
} from '@aws-sdk/client-kinesis';
import {
  type ClientConfig,
  madeByWorkshop,
  notMadeByWorkshop,
  WorkshopError,
  waitWithProgress,
} from '@l2l/workshop';

/**
 * How the SDK's stream waiters wait, in seconds: at most 3 minutes, and 1 s before
 * the second look instead of their default 10 s (then longer and longer, as the
 * waiters back off), so that a wait of a second does not take ten.
 */
const STREAM_WAIT = { maxWaitTime: 180, minDelay: 1 };

// #region create-stream
/** Creates the stream, or finds it from an earlier run, and waits until it is ACTIVE. Returns its ARN. */
export async function createStream(
  clientConfig: ClientConfig,
  streamName: string,
  tags: Record<string, string>,
): Promise<string> {
  const kinesis = new KinesisClient(clientConfig);
  try {
    await kinesis.send(
      new CreateStreamCommand({ StreamName: streamName, ShardCount: 1, Tags: tags }),
    );
  } catch (error) {
    if (error instanceof LimitExceededException) {
      throw new WorkshopError(
        `Kinesis refused to create the stream ${streamName}: ${error.message}\nThe account has reached a Kinesis limit (its shards, or streams being created at once): delete a stream you no longer use, or wait a minute, and run the step again.`,
      );
    }
    // ResourceInUseException: the stream exists. This run reuses it if an earlier run made it.
    if (!(error instanceof ResourceInUseException)) throw error;
    const { Tags } = await kinesis.send(new ListTagsForStreamCommand({ StreamName: streamName }));
    if (!madeByWorkshop(Tags)) throw notMadeByWorkshop(`The Kinesis stream ${streamName}`);
  }
  // The stream is CREATING for about half a minute on AWS, then ACTIVE: only then
  // does it take records. The waiter polls DescribeStream until it says ACTIVE.
  await waitWithProgress(
    `Waiting for the stream ${streamName} to be ACTIVE`,
    waitUntilStreamExists({ client: kinesis, ...STREAM_WAIT }, { StreamName: streamName }),
  );
  const { StreamDescriptionSummary } = await kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: streamName }),
  );
  if (!StreamDescriptionSummary?.StreamARN) {
    throw new WorkshopError(`Kinesis described ${streamName} without its ARN`);
  }
  return StreamDescriptionSummary.StreamARN;
}
// #endregion

/**
 * Deletes the stream if the workshop made it (it carries the workshop's tag), and
 * waits until it is gone: until then, AWS bills it. Returns whether it deleted it.
 */
export async function deleteStream(
  clientConfig: ClientConfig,
  streamName: string,
): Promise<boolean> {
  const kinesis = new KinesisClient(clientConfig);
  try {
    const { Tags } = await kinesis.send(new ListTagsForStreamCommand({ StreamName: streamName }));
    if (!madeByWorkshop(Tags)) return false;
    await kinesis.send(new DeleteStreamCommand({ StreamName: streamName }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
  await waitWithProgress(
    `Waiting for the stream ${streamName} to be deleted`,
    waitUntilStreamNotExists({ client: kinesis, ...STREAM_WAIT }, { StreamName: streamName }),
  );
  return true;
}

/**
 * Reads one shard in order with the Kinesis API: GetShardIterator once, then
 * GetRecords with each answer's NextShardIterator. When an iterator is lost (it
 * expires after 5 minutes, or a call fails), the next read takes a new one just
 * after the last record read, so nothing is skipped or read twice.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
 */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
  type _Record as KinesisRecord,
} from '@aws-sdk/client-kinesis';

/** Where reading a shard (re)starts. */
export type ShardPosition =
  | { readonly afterSequenceNumber: string }
  | { readonly atTimestamp: Date }
  | { readonly type: 'TRIM_HORIZON' | 'LATEST' };

export class ShardReader {
  private iterator: string | undefined;
  /** True once the shard is closed (resharded) and read to its end. */
  closed = false;

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamArn: string,
    readonly shardId: string,
    /** Where the next iterator starts: the starting position, then after the last record read. */
    private position: ShardPosition,
  ) {}

  /** Takes a shard iterator at the current position (LATEST: the records put from now on). */
  async open(signal?: AbortSignal): Promise<void> {
    const input: GetShardIteratorCommandInput = {
      StreamARN: this.streamArn,
      ShardId: this.shardId,
      ...iteratorType(this.position),
    };
    const output = await this.kinesis.send(new GetShardIteratorCommand(input), {
      abortSignal: signal,
    });
    this.iterator = output.ShardIterator;
  }

  /** The next records of the shard, up to `limit` (none when it has no new ones yet). */
  async read(limit: number, signal?: AbortSignal): Promise<KinesisRecord[]> {
    try {
      if (this.iterator === undefined) await this.open(signal);
      const output = await this.kinesis.send(
        new GetRecordsCommand({
          StreamARN: this.streamArn,
          ShardIterator: this.iterator,
          Limit: limit,
        }),
        { abortSignal: signal },
      );
      this.iterator = output.NextShardIterator;
      if (this.iterator === undefined) this.closed = true;
      const records = output.Records ?? [];
      const last = records.at(-1)?.SequenceNumber;
      if (last !== undefined) this.position = { afterSequenceNumber: last };
      return records;
    } catch (error) {
      this.iterator = undefined;
      throw error;
    }
  }
}

function iteratorType(
  position: ShardPosition,
): Pick<
  GetShardIteratorCommandInput,
  'ShardIteratorType' | 'StartingSequenceNumber' | 'Timestamp'
> {
  if ('afterSequenceNumber' in position) {
    return {
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: position.afterSequenceNumber,
    };
  }
  if ('atTimestamp' in position) {
    return { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: position.atTimestamp };
  }
  return { ShardIteratorType: position.type };
}

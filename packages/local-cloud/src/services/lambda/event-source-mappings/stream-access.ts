/**
 * Lambda reads a mapping's stream with the function's execution role, and checks at
 * CreateEventSourceMapping that the role may: otherwise it refuses the mapping with
 * "Cannot access stream <ARN>. Please ensure the role can perform the GetRecords,
 * GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your stream in IAM."
 * (InvalidParameterValueException, as recorded from AWS, e.g. in
 * aws-samples/cross-account-amazon-dynamodb-replication#11). The local cloud checks those
 * five actions with IAM's decision (src/auth/): on the stream, and ListStreams, which names
 * no stream, on `*`. It checks at creation only, as AWS's message comes then; a role that
 * loses them later is not noticed by the poller.
 */
import { invalidParameterValue } from '../errors.ts';

/** Whether the role (an ARN) may perform `action` on `resource`, as IAM decides. */
export type RoleAllows = (roleArn: string, action: string, resource: string) => boolean;

const STREAM_ACTIONS = ['GetRecords', 'GetShardIterator', 'DescribeStream', 'ListShards'];

export function checkRoleCanRead(roleAllows: RoleAllows, roleArn: string, streamArn: string): void {
  const allowed =
    STREAM_ACTIONS.every((action) => roleAllows(roleArn, `kinesis:${action}`, streamArn)) &&
    roleAllows(roleArn, 'kinesis:ListStreams', '*');
  if (!allowed) {
    throw invalidParameterValue(
      `Cannot access stream ${streamArn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your stream in IAM.`,
    );
  }
}

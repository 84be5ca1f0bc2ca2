/**
 * The documents of the AWS managed policies the workshop and its tests attach, each
 * as its default version reads in the AWS Managed Policy reference
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html), so that
 * attaching one to a role grants what it grants on AWS. Any other
 * `arn:aws:iam::aws:policy/...` can still be attached, and grants nothing here.
 */
import type { PolicyDocument } from '../../auth/policy-evaluation.ts';

const allowAll = (Action: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource: '*' }],
});

const BASIC_EXECUTION_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
];

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, PolicyDocument> = new Map([
  // Version v1.
  [
    'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    allowAll(BASIC_EXECUTION_ACTIONS),
  ],
  // Version v2.
  [
    'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
    allowAll([
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
      'kinesis:ListStreams',
      'kinesis:SubscribeToShard',
      ...BASIC_EXECUTION_ACTIONS,
    ]),
  ],
  // Version v1.
  [
    'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess',
    allowAll(['kinesis:Get*', 'kinesis:List*', 'kinesis:Describe*']),
  ],
]);

/**
 * The workshop's execution role driven by the AWS CLI v2 (botocore's strict parsers; see
 * ./aws-cli-functions.test.ts): its trust policy, a managed and an inline policy, tags, and
 * clean-up.
 */
import { describe, expect, it } from 'vitest';
import { aws as awsOn } from './support/aws-cli.ts';
import { ACCOUNT, BASIC_EXECUTION } from './support/iam.ts';
import { LAMBDA_TRUST_POLICY, useLocalCloud } from './support/local-cloud.ts';

const cloud = useLocalCloud();
const aws = (...args: string[]) => awsOn(cloud(), ...args);

describe('a role through the AWS CLI v2', () => {
  it('IAM: a role with its trust policy, a managed and an inline policy, and tags', async () => {
    const { Role } = (await aws(
      'iam',
      'create-role',
      '--role-name',
      'cliRole',
      '--assume-role-policy-document',
      LAMBDA_TRUST_POLICY,
      '--tags',
      'Key=workshop,Value=lambda-to-lambda',
    )) as { Role: { Arn: string } };
    expect(Role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/cliRole`);
    await aws(
      'iam',
      'attach-role-policy',
      '--role-name',
      'cliRole',
      '--policy-arn',
      BASIC_EXECUTION,
    );
    const inline = JSON.stringify({
      Version: '2012-10-17',
      // What an event source mapping needs of its role to read a stream.
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'kinesis:DescribeStream',
            'kinesis:DescribeStreamSummary',
            'kinesis:GetRecords',
            'kinesis:GetShardIterator',
            'kinesis:ListShards',
            'kinesis:ListStreams',
          ],
          Resource: '*',
        },
      ],
    });
    await aws(
      'iam',
      'put-role-policy',
      '--role-name',
      'cliRole',
      '--policy-name',
      'read',
      '--policy-document',
      inline,
    );
    expect(await aws('iam', 'list-attached-role-policies', '--role-name', 'cliRole')).toMatchObject(
      {
        AttachedPolicies: [{ PolicyArn: BASIC_EXECUTION }],
      },
    );
    expect(await aws('iam', 'list-role-policies', '--role-name', 'cliRole')).toMatchObject({
      PolicyNames: ['read'],
    });
    expect(await aws('iam', 'list-role-tags', '--role-name', 'cliRole')).toMatchObject({
      Tags: [{ Key: 'workshop', Value: 'lambda-to-lambda' }],
    });
    await aws('iam', 'tag-role', '--role-name', 'cliRole', '--tags', 'Key=team,Value=a');
    await aws('iam', 'untag-role', '--role-name', 'cliRole', '--tag-keys', 'team');
  }, 120_000);

  it('clean-up: the role and its policies', async () => {
    await aws(
      'iam',
      'detach-role-policy',
      '--role-name',
      'cliRole',
      '--policy-arn',
      BASIC_EXECUTION,
    );
    await aws('iam', 'delete-role-policy', '--role-name', 'cliRole', '--policy-name', 'read');
    await aws('iam', 'delete-role', '--role-name', 'cliRole');
    await expect(aws('iam', 'get-role', '--role-name', 'cliRole')).rejects.toThrow(/NoSuchEntity/);
  }, 60_000);
});

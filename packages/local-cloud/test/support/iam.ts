/**
 * Test support for the IAM API tests (iam-*.test.ts): a local cloud for the
 * file with an IAM client of it, fresh role names, and the policies they attach.
 */
import { CreateRoleCommand, IAMClient, type IAMServiceException } from '@aws-sdk/client-iam';
import { afterAll } from 'vitest';
import { failure as rejection } from './failure.ts';
import { deferredClientConfig, LAMBDA_TRUST_POLICY, useLocalCloud } from './local-cloud.ts';

export const ACCOUNT = '000000000000';
export const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
export const KINESIS_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess';
export const KINESIS_READ_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'kinesis:DescribeStream',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
      ],
      Resource: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders`,
    },
  ],
});

/** The error a call rejects with, for asserting its class, message and status. */
export const failure = rejection<IAMServiceException>;

/** Starts the file's local cloud and an IAM client of it, destroyed after the file's tests. */
export function useIam() {
  const cloud = useLocalCloud();
  const iam = new IAMClient(deferredClientConfig(cloud));
  afterAll(() => iam.destroy());

  let roleCount = 0;
  /** A fresh role name per test, so tests do not depend on each other. */
  function roleName(): string {
    roleCount += 1;
    return `test-role-${roleCount}`;
  }

  async function createRole(name: string): Promise<void> {
    await iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
    );
  }

  return { cloud, iam, roleName, createRole };
}

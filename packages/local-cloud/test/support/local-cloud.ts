/**
 * Test support: a local cloud on an ephemeral port, and the SDK client
 * configuration that points the unchanged SDK v3 clients at it.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll } from 'vitest';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../src/index.ts';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export function clientConfig(cloud: LocalCloud) {
  return {
    endpoint: cloud.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
  };
}

/**
 * clientConfig for a cloud that starts later (in a beforeAll): the client can be
 * made at once, and reads the cloud's endpoint at each request.
 */
export function deferredClientConfig(cloud: () => LocalCloud) {
  return {
    endpoint: async () => ({ url: new URL(cloud().endpoint) }),
    region: REGION,
    credentials: CREDENTIALS,
  };
}

/** The execution role test functions run with (`ROLE` in ./functions.ts). */
export const LAMBDA_ROLE_NAME = 'lambda-role';

/** A trust policy that lets Lambda assume the role, as CreateFunction requires. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** A local cloud on a free port, with the execution role test functions run with. */
export async function startTestCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const cloud = await startLocalCloud({ port: 0, ...options });
  const iam = new IAMClient(clientConfig(cloud));
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: LAMBDA_ROLE_NAME,
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
      }),
    );
  } finally {
    iam.destroy();
  }
  return cloud;
}

/** Starts one local cloud for the file's tests (./startTestCloud) and stops it after them. */
export function useLocalCloud(options: LocalCloudOptions = {}): () => LocalCloud {
  let cloud: LocalCloud | undefined;
  beforeAll(async () => {
    cloud = await startTestCloud(options);
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  return () => {
    if (!cloud) throw new Error('the local cloud is not started yet');
    return cloud;
  };
}

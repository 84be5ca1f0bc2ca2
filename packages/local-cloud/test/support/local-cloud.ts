/**
 * Test support: a local cloud on an ephemeral port, and the SDK client
 * configuration that points the unchanged SDK v3 clients at it.
 */
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

/** Starts one local cloud for the file's tests and stops it after them. */
export function useLocalCloud(options: LocalCloudOptions = {}): () => LocalCloud {
  let cloud: LocalCloud | undefined;
  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0, ...options });
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  return () => {
    if (!cloud) throw new Error('the local cloud is not started yet');
    return cloud;
  };
}

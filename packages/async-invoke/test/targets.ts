/** The client configurations of the two targets, as `openWorkshop` makes them. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ClientConfig } from '@l2l/workshop';
import { expect } from 'vitest';

export const targets: Record<string, ClientConfig> = {
  local: {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  },
  aws: { region: 'eu-west-1' },
};

/** The SDK client was made from `config`: its region, endpoint (none on AWS) and credentials. */
export async function expectClientConfig(
  client: LambdaClient | CloudWatchLogsClient,
  config: ClientConfig,
): Promise<void> {
  expect(await client.config.region()).toBe(config.region);
  const endpoint = await client.config.endpoint?.();
  expect(endpoint && `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe(
    config.endpoint,
  );
  if (config.credentials) {
    expect(await client.config.credentials()).toMatchObject(config.credentials);
  }
}

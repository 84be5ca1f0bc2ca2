/**
 * Test support for Kinesis triggers (walkthrough step 3): streams and event source
 * mappings made with the real SDK clients, as provisioning code does (functions:
 * ./functions.ts).
 */

import { AttachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateStreamCommand,
  type KinesisClient,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import {
  GetEventSourceMappingCommand,
  type GetEventSourceMappingCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { LocalCloud } from '../../src/index.ts';
import { ROLE } from './functions.ts';
import { clientConfig, REGION } from './local-cloud.ts';

export function streamArn(name: string): string {
  return `arn:aws:kinesis:${REGION}:000000000000:stream/${name}`;
}

/**
 * Gives the execution role of the test functions (./functions.ts) the AWS
 * managed policy that lets Lambda read streams with it, as CreateEventSourceMapping requires.
 */
export async function createStreamReadingRole(cloud: LocalCloud): Promise<void> {
  const iam = new IAMClient(clientConfig(cloud));
  const RoleName = ROLE.slice(ROLE.lastIndexOf('/') + 1);
  try {
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName,
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
      }),
    );
  } finally {
    iam.destroy();
  }
}

/** Creates a stream and waits until it is ACTIVE (the waiter wants a maxWaitTime over 10 s). */
export async function createStream(kinesis: KinesisClient, name: string, shardCount = 1) {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: name });
  return streamArn(name);
}

/** Polls GetEventSourceMapping, as provisioning code does, until the mapping is in `state`. */
export async function waitForState(
  lambda: LambdaClient,
  uuid: string | undefined,
  state: string,
  timeoutMs = 10_000,
): Promise<GetEventSourceMappingCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    if (mapping.State === state) return mapping;
    if (Date.now() > deadline) {
      throw new Error(`mapping ${uuid} is ${mapping.State}, not ${state}, after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

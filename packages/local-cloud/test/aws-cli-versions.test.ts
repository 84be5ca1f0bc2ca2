/**
 * Versions, a weighted alias invoked by its qualifier, and reserved concurrency, driven by the
 * AWS CLI v2 (botocore's strict parsers; see ./aws-cli-functions.test.ts). The function itself
 * is made with the SDK: creating one with the CLI is that file's test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws as awsOn, cli as cliOn } from './support/aws-cli.ts';
import { createFunction } from './support/functions.ts';
import { deferredClientConfig, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();
const aws = (...args: string[]) => awsOn(cloud(), ...args);
const cli = (...args: string[]) => cliOn(cloud(), ...args);
const lambda = new LambdaClient(deferredClientConfig(cloud));
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'l2l-aws-cli-versions-'));
  await createFunction(lambda, 'cliEcho', await echoZip());
});
afterAll(() => lambda.destroy());

describe('versions and aliases through the AWS CLI v2', () => {
  it('Lambda: versions, a weighted alias invoked by its qualifier, reserved concurrency, account settings', async () => {
    const fn = ['--function-name', 'cliEcho'];
    expect(await aws('lambda', 'publish-version', ...fn)).toMatchObject({ Version: '1' });
    await aws('lambda', 'update-function-configuration', ...fn, '--description', 'second');
    await cli('lambda', 'wait', 'function-updated-v2', ...fn);
    expect(await aws('lambda', 'publish-version', ...fn)).toMatchObject({ Version: '2' });
    const routing = { AdditionalVersionWeights: { '2': 0.5 } };
    const alias = ['--name', 'live', '--function-version', '1'];
    const routed = ['--routing-config', JSON.stringify(routing)];
    await aws('lambda', 'create-alias', ...fn, ...alias, ...routed);
    expect(await aws('lambda', 'list-aliases', ...fn)).toMatchObject({
      Aliases: [{ Name: 'live', FunctionVersion: '1', RoutingConfig: routing }],
    });
    const answer = path.join(folder, 'answer.json');
    const invoked = await aws('lambda', 'invoke', ...fn, '--qualifier', 'live', answer);
    expect(invoked).toMatchObject({ StatusCode: 200 });
    expect(['1', '2']).toContain(invoked.ExecutedVersion);
    const reserved = ['--reserved-concurrent-executions', '2'];
    await aws('lambda', 'put-function-concurrency', ...fn, ...reserved);
    expect(await aws('lambda', 'get-function-concurrency', ...fn)).toEqual({
      ReservedConcurrentExecutions: 2,
    });
    expect(await aws('lambda', 'get-account-settings')).toMatchObject({
      AccountLimit: { ConcurrentExecutions: 10 },
      AccountUsage: { FunctionCount: 1 },
    });
  }, 120_000);
});

/**
 * A function driven by the AWS CLI v2, whose parsers (botocore's) are strict where the SDK v3
 * forgives: create, wait, invoke in every mode, logs, tags, a permission, configuration, and
 * clean-up. Every command must exit 0 with the answer botocore expects (a missing result
 * wrapper fails it, as `aws sns tag-resource` once did with `KeyError: 'TagResourceResult'`).
 * The workshop's other resources have files of their own that run beside this one: the role
 * (./aws-cli-iam.test.ts), versions and aliases (./aws-cli-versions.test.ts), and the SNS and
 * Kinesis routes (./aws-cli-events.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aws as awsOn, cli as cliOn } from './support/aws-cli.ts';
import { ROLE } from './support/functions.ts';
import { useLocalCloud } from './support/local-cloud.ts';
import { echoZip, HANDLER, RUNTIME } from './support/zip.ts';

const cloud = useLocalCloud();
const aws = (...args: string[]) => awsOn(cloud(), ...args);
const cli = (...args: string[]) => cliOn(cloud(), ...args);
const ACCOUNT = '000000000000';
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'l2l-aws-cli-functions-'));
  writeFileSync(path.join(folder, 'echo.zip'), await echoZip());
});

describe('a function through the AWS CLI v2', () => {
  it('Lambda: create, wait, invoke in every mode, tail the log, tag, permission, configuration', async () => {
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      'cliEcho',
      '--runtime',
      RUNTIME,
      '--role',
      ROLE,
      '--handler',
      HANDLER,
      '--zip-file',
      `fileb://${path.join(folder, 'echo.zip')}`,
    );
    await cli('lambda', 'wait', 'function-active-v2', '--function-name', 'cliEcho');
    const answer = path.join(folder, 'answer.json');
    const payload = ['--cli-binary-format', 'raw-in-base64-out', '--payload', '{"n":1}'];
    const sync = await aws(
      'lambda',
      'invoke',
      '--function-name',
      'cliEcho',
      ...payload,
      '--log-type',
      'Tail',
      answer,
    );
    expect(sync).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(Buffer.from(sync.LogResult as string, 'base64').toString()).toMatch(
      /^REPORT RequestId/m,
    );
    expect(JSON.parse(readFileSync(answer, 'utf8'))).toEqual({ n: 1 });
    const event = await aws(
      'lambda',
      'invoke',
      '--function-name',
      'cliEcho',
      '--invocation-type',
      'Event',
      ...payload,
      answer,
    );
    expect(event).toMatchObject({ StatusCode: 202 });
    const dryRun = await aws(
      'lambda',
      'invoke',
      '--function-name',
      'cliEcho',
      '--invocation-type',
      'DryRun',
      answer,
    );
    expect(dryRun).toMatchObject({ StatusCode: 204 });

    const logs = await aws('logs', 'filter-log-events', '--log-group-name', '/aws/lambda/cliEcho');
    expect((logs.events as unknown[]).length).toBeGreaterThan(0);
    expect(await cli('logs', 'tail', '/aws/lambda/cliEcho')).toMatch(/START RequestId/);

    const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cliEcho`;
    await aws('lambda', 'tag-resource', '--resource', fnArn, '--tags', 'workshop=lambda-to-lambda');
    expect(await aws('lambda', 'list-tags', '--resource', fnArn)).toEqual({
      Tags: { workshop: 'lambda-to-lambda' },
    });
    await aws('lambda', 'untag-resource', '--resource', fnArn, '--tag-keys', 'workshop');
    await aws(
      'lambda',
      'add-permission',
      '--function-name',
      'cliEcho',
      '--statement-id',
      'sns',
      '--action',
      'lambda:InvokeFunction',
      '--principal',
      'sns.amazonaws.com',
    );
    expect(await aws('lambda', 'get-policy', '--function-name', 'cliEcho')).toHaveProperty(
      'Policy',
    );
    await aws(
      'lambda',
      'put-function-event-invoke-config',
      '--function-name',
      'cliEcho',
      '--maximum-retry-attempts',
      '0',
    );
    expect(await aws('lambda', 'get-function', '--function-name', 'cliEcho')).toMatchObject({
      Code: { RepositoryType: 'S3' },
    });
    await aws(
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cliEcho',
      '--timeout',
      '5',
    );
    await cli('lambda', 'wait', 'function-updated-v2', '--function-name', 'cliEcho');
  }, 120_000);

  it('clean-up: the function and its log group', async () => {
    await aws('lambda', 'delete-function', '--function-name', 'cliEcho');
    await aws('logs', 'delete-log-group', '--log-group-name', '/aws/lambda/cliEcho');
    expect(await aws('lambda', 'list-functions')).toEqual({ Functions: [] });
  }, 60_000);
});

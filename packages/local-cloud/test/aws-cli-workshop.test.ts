/**
 * The workshop's whole flow driven by the AWS CLI v2, whose parsers (botocore's) are strict
 * where the SDK v3 forgives: roles, a function, invoke in every mode, logs, SNS with a
 * Lambda subscriber, Kinesis with an event source mapping, versions, a weighted alias, reserved
 * concurrency, and clean-up. Every command must
 * exit 0 with the answer botocore expects (a missing result wrapper fails it, as
 * `aws sns tag-resource` once did with `KeyError: 'TagResourceResult'`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aws as awsOn, cli as cliOn } from './support/aws-cli.ts';
import { useLocalCloud } from './support/local-cloud.ts';
import { echoZip, HANDLER, RUNTIME } from './support/zip.ts';

const cloud = useLocalCloud();
const aws = (...args: string[]) => awsOn(cloud(), ...args);
const cli = (...args: string[]) => cliOn(cloud(), ...args);
const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** Waits until cliEcho has logged `text` (a message id, a sequence number), as the CLI reads its log. */
async function loggedByEcho(text: string): Promise<void> {
  const search = ['--log-group-name', '/aws/lambda/cliEcho', '--filter-pattern', `"${text}"`];
  await expect
    .poll(async () => cli('logs', 'filter-log-events', ...search), {
      timeout: 20_000,
      interval: 200,
    })
    .toContain(text);
}

let folder: string;
let roleArn: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'l2l-aws-cli-flow-'));
  writeFileSync(path.join(folder, 'echo.zip'), await echoZip());
});

describe('the workshop flow through the AWS CLI v2', () => {
  it('IAM: a role with its trust policy, a managed and an inline policy, and tags', async () => {
    const { Role } = (await aws(
      'iam',
      'create-role',
      '--role-name',
      'cliRole',
      '--assume-role-policy-document',
      TRUST,
      '--tags',
      'Key=workshop,Value=lambda-to-lambda',
    )) as { Role: { Arn: string } };
    roleArn = Role.Arn;
    expect(roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/cliRole`);
    const basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    await aws('iam', 'attach-role-policy', '--role-name', 'cliRole', '--policy-arn', basic);
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
        AttachedPolicies: [{ PolicyArn: basic }],
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

  it('Lambda: create, wait, invoke in every mode, tail the log, tag, permission, configuration', async () => {
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      'cliEcho',
      '--runtime',
      RUNTIME,
      '--role',
      roleArn,
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

  it('SNS: a tagged topic, a Lambda subscription, a publish that reaches the function', async () => {
    const { TopicArn } = (await aws('sns', 'create-topic', '--name', 'cliTopic')) as {
      TopicArn: string;
    };
    await aws(
      'sns',
      'tag-resource',
      '--resource-arn',
      TopicArn,
      '--tags',
      'Key=workshop,Value=l2l',
    );
    expect(await aws('sns', 'list-tags-for-resource', '--resource-arn', TopicArn)).toEqual({
      Tags: [{ Key: 'workshop', Value: 'l2l' }],
    });
    await aws('sns', 'untag-resource', '--resource-arn', TopicArn, '--tag-keys', 'workshop');
    await aws(
      'sns',
      'set-topic-attributes',
      '--topic-arn',
      TopicArn,
      '--attribute-name',
      'DisplayName',
      '--attribute-value',
      'cli',
    );
    expect(await aws('sns', 'get-topic-attributes', '--topic-arn', TopicArn)).toMatchObject({
      Attributes: { DisplayName: 'cli' },
    });
    const fnArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cliEcho`;
    const { SubscriptionArn } = (await aws(
      'sns',
      'subscribe',
      '--topic-arn',
      TopicArn,
      '--protocol',
      'lambda',
      '--notification-endpoint',
      fnArn,
    )) as { SubscriptionArn: string };
    expect(
      await aws('sns', 'get-subscription-attributes', '--subscription-arn', SubscriptionArn),
    ).toMatchObject({
      Attributes: { Endpoint: fnArn },
    });
    const { MessageId } = (await aws(
      'sns',
      'publish',
      '--topic-arn',
      TopicArn,
      '--message',
      'from the CLI',
    )) as { MessageId: string };
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    await loggedByEcho(MessageId);
    await aws('sns', 'unsubscribe', '--subscription-arn', SubscriptionArn);
    await aws('sns', 'delete-topic', '--topic-arn', TopicArn);
  }, 120_000);

  it('Kinesis: a stream, a record, and an event source mapping that delivers it', async () => {
    await aws('kinesis', 'create-stream', '--stream-name', 'cliStream', '--shard-count', '1');
    await cli('kinesis', 'wait', 'stream-exists', '--stream-name', 'cliStream');
    const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/cliStream`;
    const mapping = (await aws(
      'lambda',
      'create-event-source-mapping',
      '--function-name',
      'cliEcho',
      '--event-source-arn',
      streamArn,
      '--starting-position',
      'TRIM_HORIZON',
      '--batch-size',
      '10',
    )) as { UUID: string };
    const put = await aws(
      'kinesis',
      'put-record',
      '--stream-name',
      'cliStream',
      '--partition-key',
      'k',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--data',
      'hello from the CLI',
    );
    expect(put).toHaveProperty('SequenceNumber');
    await loggedByEcho(put.SequenceNumber as string);
    expect(
      await aws('lambda', 'list-event-source-mappings', '--function-name', 'cliEcho'),
    ).toMatchObject({
      EventSourceMappings: [{ UUID: mapping.UUID }],
    });
    await aws('lambda', 'update-event-source-mapping', '--uuid', mapping.UUID, '--batch-size', '5');
    await expect
      .poll(
        async () => (await aws('lambda', 'get-event-source-mapping', '--uuid', mapping.UUID)).State,
        { timeout: 10_000 },
      )
      .toBe('Enabled');
    await aws('lambda', 'delete-event-source-mapping', '--uuid', mapping.UUID);
    await aws('kinesis', 'delete-stream', '--stream-name', 'cliStream');
  }, 120_000);

  it('clean-up: the function, its log group, the role and its policies', async () => {
    await aws('lambda', 'delete-function', '--function-name', 'cliEcho');
    await aws('logs', 'delete-log-group', '--log-group-name', '/aws/lambda/cliEcho');
    await aws(
      'iam',
      'detach-role-policy',
      '--role-name',
      'cliRole',
      '--policy-arn',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    await aws('iam', 'delete-role-policy', '--role-name', 'cliRole', '--policy-name', 'read');
    await aws('iam', 'delete-role', '--role-name', 'cliRole');
    expect(await aws('lambda', 'list-functions')).toEqual({ Functions: [] });
  }, 60_000);
});

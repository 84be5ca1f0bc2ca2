/**
 * The SNS and Kinesis routes driven by the AWS CLI v2 (botocore's strict parsers; see
 * ./aws-cli-functions.test.ts): a tagged topic with a Lambda subscription, a stream with an event
 * source mapping, and a message through each that reaches the function's log. The function, its
 * role's read access to streams and SNS's permission to invoke it are made with the SDK: making them
 * with the CLI is that file's test.
 */
import { AttachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { AddPermissionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws as awsOn, cli as cliOn, loggedBy } from './support/aws-cli.ts';
import { createFunction } from './support/functions.ts';
import { ACCOUNT, KINESIS_READ_ONLY } from './support/iam.ts';
import { deferredClientConfig, LAMBDA_ROLE_NAME, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();
const aws = (...args: string[]) => awsOn(cloud(), ...args);
const cli = (...args: string[]) => cliOn(cloud(), ...args);
const lambda = new LambdaClient(deferredClientConfig(cloud));
const iam = new IAMClient(deferredClientConfig(cloud));

beforeAll(async () => {
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: LAMBDA_ROLE_NAME, PolicyArn: KINESIS_READ_ONLY }),
  );
  await createFunction(lambda, 'cliEcho', await echoZip());
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'cliEcho',
      StatementId: 'sns',
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
    }),
  );
});
afterAll(() => {
  lambda.destroy();
  iam.destroy();
});

describe('the SNS and Kinesis routes through the AWS CLI v2', () => {
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
    await loggedBy(cloud(), 'cliEcho', MessageId);
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
    await loggedBy(cloud(), 'cliEcho', put.SequenceNumber as string);
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
});

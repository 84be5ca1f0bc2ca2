/**
 * SNS to Lambda end to end, the walkthrough's flow with the unchanged SDK clients:
 * topic `testSns`, the echo callee subscribed with the permission AddPermission grants
 * `sns.amazonaws.com`, a publish whose SNS event shows in the callee's log (read through
 * CloudWatch Logs) and, through the callee's OnSuccess destination, field by field.
 * Without the permission the delivery fails, and SNS's Failure log says why.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AddPermissionCommand,
  LambdaClient,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerZip } from './lambda-support.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';
import { logMessages } from './support/logs.ts';
import { echoZip } from './support/zip.ts';

const ACCOUNT = '000000000000';
const FUNCTIONS = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`;
const RECORDER_SOURCE = `export const handler = async (event) => {
  console.log('RECORD ' + JSON.stringify(event));
  return null;
};
`;

describe('SNS delivery to Lambda', () => {
  const cloud = useLocalCloud();
  let lambda: LambdaClient;
  let sns: SNSClient;
  let logs: CloudWatchLogsClient;
  let topicArn: string;
  let otherTopicArn: string;
  let subscriptionArn: string;

  async function subscribe(topic: string, functionName: string): Promise<string> {
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'lambda',
        Endpoint: `${FUNCTIONS}:${functionName}`,
      }),
    );
    return SubscriptionArn ?? '';
  }

  beforeAll(async () => {
    const config = clientConfig(cloud());
    lambda = new LambdaClient(config);
    sns = new SNSClient(config);
    logs = new CloudWatchLogsClient(config);
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'testSns' }))).TopicArn ?? '';
    otherTopicArn = (await sns.send(new CreateTopicCommand({ Name: 'otherTopic' }))).TopicArn ?? '';
    await createFunction(lambda, 'echoTest', await echoZip());
    await createFunction(lambda, 'recorder', await handlerZip(RECORDER_SOURCE));
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'echoTest',
        StatementId: 'sns-testSns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: topicArn,
      }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'echoTest',
        DestinationConfig: { OnSuccess: { Destination: `${FUNCTIONS}:recorder` } },
      }),
    );
    subscriptionArn = await subscribe(topicArn, 'echoTest');
  });
  afterAll(() => {
    lambda.destroy();
    sns.destroy();
    logs.destroy();
  });

  it("publishing to testSns invokes the echo callee with SNS's event", async () => {
    const message = 'Hello from SNS!';
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'test subject',
        Message: message,
        MessageAttributes: { name: { DataType: 'String', StringValue: 'Luna' } },
      }),
    );
    // The echo callee logs the event it got (util.inspect, over several lines: one log event).
    const [logged] = await logMessages(logs, '/aws/lambda/echoTest', `MessageId: '${MessageId}'`);
    for (const field of [
      "EventSource: 'aws:sns'",
      "EventVersion: '1.0'",
      `EventSubscriptionArn: '${subscriptionArn}'`,
      "Type: 'Notification'",
      `TopicArn: '${topicArn}'`,
      "Subject: 'test subject'",
      `Message: '${message}'`,
      "name: { Type: 'String', Value: 'Luna' }",
    ]) {
      expect(logged).toContain(field);
    }

    // Field by field: the callee returns its event, so the OnSuccess record carries it twice.
    const [recordLine = ''] = await logMessages(logs, '/aws/lambda/recorder', `${MessageId}`);
    const record = JSON.parse(recordLine.slice(recordLine.indexOf('RECORD ') + 7));
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: subscriptionArn,
          Sns: {
            Type: 'Notification',
            MessageId,
            TopicArn: topicArn,
            Subject: 'test subject',
            Message: message,
            Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            SignatureVersion: '1',
            Signature: expect.any(String),
            SigningCertUrl: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\//),
            UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
            MessageAttributes: { name: { Type: 'String', Value: 'Luna' } },
          },
        },
      ],
    };
    expect(record).toMatchObject({
      requestContext: {
        functionArn: `${FUNCTIONS}:echoTest:$LATEST`,
        condition: 'Success',
        approximateInvokeCount: 1,
      },
      requestPayload: event,
      responsePayload: event,
    });
  });

  it('fails the delivery without the permission, and the Failure log says why', async () => {
    await createFunction(lambda, 'unpermitted', await echoZip());
    await createFunction(lambda, 'otherTopicOnly', await echoZip());
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'otherTopicOnly',
        StatementId: 'sns-otherTopic',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: otherTopicArn,
      }),
    );
    await subscribe(topicArn, 'unpermitted');
    await subscribe(topicArn, 'otherTopicOnly');
    const { MessageId } = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Message: 'for everyone' }),
    );

    const failureLog = `sns/${REGION}/${ACCOUNT}/testSns/Failure`;
    const lines = await logMessages(logs, failureLog, `${MessageId}`, 2);
    const failures = lines.map((line) => JSON.parse(line));
    expect(failures).toHaveLength(2);
    for (const name of ['unpermitted', 'otherTopicOnly']) {
      const entry = failures.find((f) => f.delivery.destination === `${FUNCTIONS}:${name}`);
      expect(entry).toMatchObject({
        notification: { messageId: MessageId, topicArn },
        delivery: { attempts: 1, statusCode: 403 },
        status: 'FAILURE',
      });
      expect(JSON.parse(entry.delivery.providerResponse)).toEqual({
        ErrorCode: 'AccessDeniedException',
        ErrorMessage: `User: sns.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: ${FUNCTIONS}:${name} because no resource-based policy allows the lambda:InvokeFunction action`,
      });
    }
    // The permitted callee got the message; the others never ran.
    await logMessages(logs, '/aws/lambda/echoTest', `MessageId: '${MessageId}'`);
    const { logGroups = [] } = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }),
    );
    expect(logGroups.map((group) => group.logGroupName)).not.toContain('/aws/lambda/unpermitted');
    expect(logGroups.map((group) => group.logGroupName)).not.toContain(
      '/aws/lambda/otherTopicOnly',
    );
  });
});

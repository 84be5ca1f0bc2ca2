import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ACCOUNT_ID, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MESSAGE, parseAsJson, publishMessage } from '../src/publish-message.ts';
import { publishTestMessage } from '../src/publish-test-message.ts';
import { sentCommands } from './sent-commands.ts';

const sns = mockClient(SNSClient);
beforeEach(() => sns.reset());

const messageId = '207e6adf-277a-5191-a94b-3b98d96b3f4d';

describe('publishing', () => {
  const config = TARGETS.aws;
  const topicArn = `arn:aws:sns:${config.region}:${ACCOUNT_ID}:testSns`;

  it("publishTestMessage sends the console's test message: subject, JSON structure, default text", async () => {
    sns.on(PublishCommand).resolves({ MessageId: messageId });
    await expect(publishTestMessage(config, topicArn)).resolves.toBe(messageId);
    expect(sentCommands(sns)).toEqual([
      [
        'PublishCommand',
        {
          TopicArn: topicArn,
          Subject: 'test subject',
          MessageStructure: 'json',
          Message: '{"default":"지켜보고 있다."}',
        },
      ],
    ]);
  });

  it('publishMessage sends the code of 4.3, stray brace and all, and answers the 2017 way', async () => {
    sns.on(PublishCommand).resolves({
      MessageId: messageId,
      $metadata: { requestId: '64efe66a-abfa-5a12-8abd-b72d55ebe4ce' },
    });
    await expect(publishMessage(config, topicArn)).resolves.toEqual({
      ResponseMetadata: { RequestId: '64efe66a-abfa-5a12-8abd-b72d55ebe4ce' },
      MessageId: messageId,
    });
    expect(sentCommands(sns)).toEqual([
      [
        'PublishCommand',
        {
          TargetArn: topicArn,
          Message: '{"id":"snsFromNodeJS", "name":"Luna"}}',
          Subject: 'TestSNS',
        },
      ],
    ]);
  });
});

describe('parseAsJson', () => {
  const notification = {
    messageId,
    topicArn: 'arn:aws:sns:us-east-1:123456789012:testSns',
    subject: 'TestSNS',
    message: MESSAGE,
    timestamp: '2017-03-19T03:32:33.996Z',
    attributes: {},
  };

  it("names the message that is not JSON: the walkthrough's, with its stray brace", () => {
    expect(parseAsJson(notification)).toBe(
      `DecodingError: SNS message ${messageId}: Invalid JSON: Unexpected non-whitespace character after JSON at position 37`,
    );
  });

  it('gives the value of a message that is JSON', () => {
    expect(parseAsJson({ ...notification, message: MESSAGE.slice(0, -1) })).toBe(
      '{"id":"snsFromNodeJS","name":"Luna"}',
    );
  });
});

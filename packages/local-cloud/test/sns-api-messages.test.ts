/**
 * SNS over the wire with the real SDK v3 SNS client: subscriptions, Publish and the
 * endpoint itself, with their errors as the SDK's exception classes (the walkthrough's
 * chapter 2 and the topic operations are in sns-api-topics.test.ts).
 */
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  InvalidParameterValueException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  NotFoundException,
  PublishCommand,
  type PublishCommandInput,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedFetch } from './support/signed-fetch.ts';
import { ACCOUNT, ECHO_ARN, failure, useSnsApi } from './support/sns.ts';

const { lambda, sns, newTopic, port } = useSnsApi();

describe('Subscribe, Unsubscribe, ListSubscriptions, ListSubscriptionsByTopic, GetSubscriptionAttributes', () => {
  it('subscribes once per function, lists, describes and unsubscribes', async () => {
    const arn = await newTopic('subscribed');
    const subscribe = () =>
      sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: ECHO_ARN }));
    const { SubscriptionArn } = await subscribe();
    expect((await subscribe()).SubscriptionArn).toBe(SubscriptionArn);

    const listed = {
      SubscriptionArn,
      Owner: ACCOUNT,
      Protocol: 'lambda',
      Endpoint: ECHO_ARN,
      TopicArn: arn,
    };
    const byTopic = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(byTopic.Subscriptions).toEqual([listed]);
    const all = await sns().send(new ListSubscriptionsCommand({}));
    expect(all.Subscriptions).toContainEqual(listed);

    const { Attributes } = await sns().send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn }),
    );
    expect(Attributes).toEqual({
      ConfirmationWasAuthenticated: 'true',
      Endpoint: ECHO_ARN,
      Owner: ACCOUNT,
      PendingConfirmation: 'false',
      Protocol: 'lambda',
      RawMessageDelivery: 'false',
      SubscriptionArn,
      TopicArn: arn,
    });
    const counts = await sns().send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(counts.Attributes?.SubscriptionsConfirmed).toBe('1');

    await sns().send(new UnsubscribeCommand({ SubscriptionArn }));
    await sns().send(new UnsubscribeCommand({ SubscriptionArn }));
    const after = await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    expect(after.Subscriptions).toEqual([]);
    const deleted = await sns().send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(deleted.Attributes).toMatchObject({
      SubscriptionsConfirmed: '0',
      SubscriptionsDeleted: '1',
    });
    const gone = await failure(
      sns().send(new GetSubscriptionAttributesCommand({ SubscriptionArn })),
    );
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.message).toBe('Subscription does not exist');
  });

  it('refuses a protocol SNS does not know, and those the local cloud does not deliver to', async () => {
    const arn = await newTopic('protocols');
    const unknown = await failure(
      sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: 'pigeon', Endpoint: 'x' })),
    );
    expect(unknown).toBeInstanceOf(InvalidParameterException);
    expect(unknown.message).toBe(
      'Invalid parameter: Amazon SNS does not support this protocol string: pigeon',
    );
    const sqs = await failure(
      sns().send(
        new SubscribeCommand({
          TopicArn: arn,
          Protocol: 'sqs',
          Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q',
        }),
      ),
    );
    expect(sqs).toBeInstanceOf(InvalidParameterException);
    expect(sqs.message).toContain('lambda protocol only');
  });

  it.each([
    ['a function name', 'echoTest'],
    ['a role ARN', `arn:aws:iam::${ACCOUNT}:role/echo`],
    ['no endpoint', undefined],
  ])('refuses %s as a Lambda endpoint', async (_, endpoint) => {
    const arn = await newTopic('endpoints');
    const error = await failure(
      sns().send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: endpoint })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: Lambda endpoint ARN');
  });

  it('accepts a qualified function ARN', async () => {
    const arn = await newTopic('qualified');
    const { SubscriptionArn } = await sns().send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: `${ECHO_ARN}:live` }),
    );
    expect(SubscriptionArn).toContain(arn);
  });

  it('refuses to subscribe to a topic that does not exist', async () => {
    const error = await failure(
      sns().send(
        new SubscribeCommand({
          TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nowhere`,
          Protocol: 'lambda',
          Endpoint: ECHO_ARN,
        }),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundException);
  });

  it.each([
    [
      'not an ARN',
      'nonsense',
      'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1',
    ],
    [
      'a topic ARN',
      `arn:aws:sns:us-east-1:${ACCOUNT}:testSns`,
      'Invalid parameter: SubscriptionId',
    ],
  ])('Unsubscribe refuses %s', async (_, arn, message) => {
    const error = await failure(sns().send(new UnsubscribeCommand({ SubscriptionArn: arn })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(message);
  });
});

describe('Publish', () => {
  let topicArn = '';
  beforeAll(async () => {
    topicArn = await newTopic('publishing');
  });
  const publish = (input: Omit<PublishCommandInput, 'TopicArn'>) =>
    sns().send(new PublishCommand({ TopicArn: topicArn, ...input }));

  it('answers NotFound for a topic that does not exist', async () => {
    const error = await failure(
      sns().send(
        new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nowhere`, Message: 'm' }),
      ),
    );
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Topic does not exist');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('needs a TopicArn or TargetArn', async () => {
    const error = await failure(sns().send(new PublishCommand({ Message: 'm' })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
  });

  it.each([
    ['empty', ''],
    ['of 101 characters', 'a'.repeat(101)],
    ['with a line break', 'two\nlines'],
  ])('refuses a subject %s', async (_, subject) => {
    const error = await failure(publish({ Message: 'm', Subject: subject }));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: Subject');
  });

  it('accepts a subject of 100 characters', async () => {
    await expect(publish({ Message: 'm', Subject: 's'.repeat(100) })).resolves.toHaveProperty(
      'MessageId',
    );
  });

  it('refuses an empty message', async () => {
    const error = await failure(publish({ Message: '' }));
    expect(error.message).toBe('Invalid parameter: Empty message');
  });

  it('takes 262,144 bytes, attributes included, and no more', async () => {
    const attributes = { n: { DataType: 'Number', StringValue: '1' } };
    const room = 262_144 - ('n'.length + 'Number'.length + '1'.length);
    await expect(
      publish({ Message: 'a'.repeat(room), MessageAttributes: attributes }),
    ).resolves.toHaveProperty('MessageId');
    const error = await failure(
      publish({ Message: 'a'.repeat(room + 1), MessageAttributes: attributes }),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: Message too long');
    const bytes = await failure(publish({ Message: 'é'.repeat(131_073) }));
    expect(bytes.message).toBe('Invalid parameter: Message too long');
  });

  it.each([
    [
      'no default entry',
      '{"lambda":"x"}',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    ],
    [
      'a default that is not a string',
      '{"default":{"a":1}}',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    ],
    [
      'a body that is not JSON',
      '{"default":"x"} }',
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    ],
  ])('MessageStructure json refuses %s', async (_, message, expected) => {
    const error = await failure(publish({ Message: message, MessageStructure: 'json' }));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(expected);
  });

  it.each([
    [
      'an empty String',
      { a: { DataType: 'String', StringValue: '' } },
      "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    ],
    [
      'a type that is not String, Number or Binary',
      { a: { DataType: 'Text', StringValue: 'x' } },
      "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    ],
    [
      'a Binary given as a string',
      { a: { DataType: 'Binary', StringValue: 'x' } },
      "The message attribute 'a' with type 'Binary' must use field 'Binary'.",
    ],
    [
      'a String given as bytes',
      { a: { DataType: 'String', BinaryValue: new Uint8Array([1]) } },
      "The message attribute 'a' with type 'String' must use field 'String'.",
    ],
    [
      'a Number that is not a number',
      { a: { DataType: 'Number', StringValue: 'twelve' } },
      "Could not cast message attribute 'a' value to number.",
    ],
    [
      'a String.Array that is not a JSON array',
      { a: { DataType: 'String.Array', StringValue: '["x", {"y": 1}]' } },
      "The message attribute 'a' with type 'String.Array' must be a JSON array of strings, numbers, true, false or null.",
    ],
    [
      'a name with a caret',
      { 'a^b': { DataType: 'String', StringValue: 'x' } },
      "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
    ],
    [
      'a name starting with a period',
      { '.a': { DataType: 'String', StringValue: 'x' } },
      "Invalid message attribute name starting with character '.' was found.",
    ],
    [
      'a name with two periods in a row',
      { 'a..b': { DataType: 'String', StringValue: 'x' } },
      "Message attribute name can not have successive '.' character.",
    ],
    [
      'a name of 257 characters',
      { ['a'.repeat(257)]: { DataType: 'String', StringValue: 'x' } },
      'Length of message attribute name must be less than 256 bytes.',
    ],
  ])('refuses a message attribute with %s', async (_, attributes, message) => {
    const error = await failure(publish({ Message: 'm', MessageAttributes: attributes }));
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe(message);
  });

  it('delivers each attribute as Lambda gets it', async () => {
    const arn = await newTopic('attributes');
    await sns().send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: ECHO_ARN }),
    );
    const before = lambda.invokes.length;
    await sns().send(
      new PublishCommand({
        TopicArn: arn,
        Message: 'with attributes',
        MessageAttributes: {
          colour: { DataType: 'String', StringValue: 'red' },
          'count.total': { DataType: 'Number', StringValue: '-1.5e3' },
          bytes: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 254, 255]) },
          tags: { DataType: 'String.Array', StringValue: '["a", 1, true, null]' },
        },
      }),
    );
    const invokes = await lambda.received(before + 1);
    const event = invokes[before]?.event as { Records: { Sns: { MessageAttributes: unknown } }[] };
    expect(event.Records[0]?.Sns.MessageAttributes).toEqual({
      colour: { Type: 'String', Value: 'red' },
      'count.total': { Type: 'String', Value: '-1.5e3' },
      bytes: { Type: 'Binary', Value: 'AAH+/w==' },
      tags: { Type: 'String', Value: '["a", 1, true, null]' },
    });
  });
});

describe('the endpoint', () => {
  it('answers an action SNS does not have in awsQuery XML', async () => {
    const response = await signedFetch(`http://127.0.0.1:${port()}/`, {
      service: 'sns',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=LaunchRocket&Version=2010-03-31',
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('<Code>InvalidAction</Code>');
    expect(body).toContain('xmlns="http://sns.amazonaws.com/doc/2010-03-31/"');
  });
});

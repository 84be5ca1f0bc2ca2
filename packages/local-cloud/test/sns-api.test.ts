/**
 * SNS over the wire with the real SDK v3 SNS client: every operation, its errors as the
 * SDK's exception classes, and the walkthrough's chapter 2 (topic testSns, a Lambda
 * subscription, the console's test message and the code's message).
 */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  InvalidParameterValueException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishCommand,
  type PublishCommandInput,
  SetTopicAttributesCommand,
  type SNSServiceException,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnsModel } from '../src/services/sns/model.ts';
import { failure as rejection } from './support/failure.ts';
import { signedFetch } from './support/signed-fetch.ts';
import { FakeLambda, snsEndpoint } from './support/sns.ts';

const ACCOUNT = '000000000000';
const ECHO_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echoTest`;

const lambda = new FakeLambda();
const model = new SnsModel({ accountId: ACCOUNT, lambda, retryDelaysMs: [] });
let endpoint: Awaited<ReturnType<typeof snsEndpoint>>;
const sns = () => endpoint.client;

beforeAll(async () => {
  endpoint = await snsEndpoint(model);
});
afterAll(async () => {
  model.stop();
  await endpoint.close();
});

/** The error a call fails with, to assert its class, code, message and status. */
const failure = rejection<SNSServiceException>;

async function newTopic(name: string): Promise<string> {
  const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: name }));
  return TopicArn ?? '';
}

describe("the walkthrough's chapter 2", () => {
  let topicArn = '';
  let subscriptionArn = '';

  it('2.1 creates topic testSns with display name testSns', async () => {
    const created = await sns().send(
      new CreateTopicCommand({ Name: 'testSns', Attributes: { DisplayName: 'testSns' } }),
    );
    topicArn = created.TopicArn ?? '';
    expect(topicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:testSns`);

    const { Attributes } = await sns().send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(Attributes).toEqual({
      DisplayName: 'testSns',
      EffectiveDeliveryPolicy: expect.any(String),
      Owner: ACCOUNT,
      Policy: expect.any(String),
      SubscriptionsConfirmed: '0',
      SubscriptionsDeleted: '0',
      SubscriptionsPending: '0',
      TopicArn: topicArn,
    });
    expect(JSON.parse(Attributes?.Policy ?? '')).toMatchObject({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Resource: topicArn,
          Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
        },
      ],
    });
    expect(JSON.parse(Attributes?.EffectiveDeliveryPolicy ?? '')).toMatchObject({
      http: { defaultHealthyRetryPolicy: { numRetries: 3, backoffFunction: 'linear' } },
    });
  });

  it('2.1 subscribes the callee, and gets its subscription ARN at once', async () => {
    const subscribed = await sns().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: ECHO_ARN }),
    );
    subscriptionArn = subscribed.SubscriptionArn ?? '';
    expect(subscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
  });

  it('2.2 publishes the console test message; the callee gets the SNS event', async () => {
    const message = JSON.stringify({ default: 'Sample fallback message' });
    const published = await sns().send(
      new PublishCommand({ TopicArn: topicArn, Subject: 'test subject', Message: message }),
    );
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);

    const [invoke] = await lambda.received(1);
    expect(invoke?.functionArn).toBe(ECHO_ARN);
    expect(invoke?.sourceArn).toBe(topicArn);
    expect(invoke?.principal).toBe('sns.amazonaws.com');
    expect(invoke?.event).toEqual({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: subscriptionArn,
          Sns: {
            Type: 'Notification',
            MessageId: published.MessageId,
            TopicArn: topicArn,
            Subject: 'test subject',
            Message: message,
            Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            SignatureVersion: '1',
            Signature: expect.stringMatching(/^[A-Za-z0-9+/]{342}==$/),
            SigningCertUrl: expect.stringMatching(
              /^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/,
            ),
            UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
            MessageAttributes: {},
          },
        },
      ],
    });
  });

  it('2.3 publishes from code with TargetArn; the stray brace is delivered as written', async () => {
    const message = '{"id":"snsFromNodeJS", "name":"Luna"}}';
    const published = await sns().send(
      new PublishCommand({ TargetArn: topicArn, Message: message, Subject: 'TestSNS' }),
    );
    expect(Object.keys(published).sort()).toEqual(['$metadata', 'MessageId']);
    expect(published.$metadata.httpStatusCode).toBe(200);
    expect(published.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const invokes = await lambda.received(2);
    const event = invokes[1]?.event as { Records: { Sns: Record<string, unknown> }[] };
    expect(event.Records[0]?.Sns).toMatchObject({
      MessageId: published.MessageId,
      Subject: 'TestSNS',
      Message: message,
    });
  });
});

describe('CreateTopic', () => {
  it('is idempotent for the same name and attributes, and for fewer of them', async () => {
    const attributes = { DisplayName: 'same' };
    const first = await sns().send(
      new CreateTopicCommand({ Name: 'idem', Attributes: attributes }),
    );
    const again = await sns().send(
      new CreateTopicCommand({ Name: 'idem', Attributes: attributes }),
    );
    const bare = await sns().send(new CreateTopicCommand({ Name: 'idem' }));
    expect(again.TopicArn).toBe(first.TopicArn);
    expect(bare.TopicArn).toBe(first.TopicArn);
  });

  it('refuses the same name with different attributes or tags', async () => {
    await sns().send(
      new CreateTopicCommand({ Name: 'taken', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    const attributes = await failure(
      sns().send(new CreateTopicCommand({ Name: 'taken', Attributes: { DisplayName: 'other' } })),
    );
    expect(attributes).toBeInstanceOf(InvalidParameterException);
    expect(attributes.message).toBe(
      'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    );
    const tags = await failure(
      sns().send(new CreateTopicCommand({ Name: 'taken', Tags: [{ Key: 'team', Value: 'b' }] })),
    );
    expect(tags.message).toBe(
      'Invalid parameter: Tags Reason: Topic already exists with different tags',
    );
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(257)],
    ['with a colon', 'bad:name'],
    ['with a space', 'bad name'],
    ['a FIFO name on a standard topic', 'test.fifo'],
  ])('refuses a name %s', async (_, name) => {
    const error = await failure(sns().send(new CreateTopicCommand({ Name: name })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toBe('Invalid parameter: Topic Name');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$fault).toBe('client');
  });

  it('accepts a name of 256 characters', async () => {
    expect(await newTopic('a'.repeat(256))).toMatch(/:a{256}$/);
  });

  it('refuses an attribute SNS does not have, and FIFO topics', async () => {
    const unknown = await failure(
      sns().send(new CreateTopicCommand({ Name: 'attrs', Attributes: { Colour: 'red' } })),
    );
    expect(unknown).toBeInstanceOf(InvalidParameterException);
    expect(unknown.message).toBe(
      'Invalid parameter: Attributes Reason: Invalid attribute name: Colour',
    );
    const fifo = await failure(
      sns().send(new CreateTopicCommand({ Name: 'f.fifo', Attributes: { FifoTopic: 'true' } })),
    );
    expect(fifo).toBeInstanceOf(InvalidParameterException);
  });
});

describe('GetTopicAttributes, SetTopicAttributes, DeleteTopic', () => {
  it('sets an attribute and reports it', async () => {
    const arn = await newTopic('settable');
    await sns().send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'DisplayName',
        AttributeValue: 'Set <&> later',
      }),
    );
    const { Attributes } = await sns().send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes?.DisplayName).toBe('Set <&> later');
  });

  it('refuses to set an attribute SNS does not have', async () => {
    const arn = await newTopic('unsettable');
    const error = await failure(
      sns().send(
        new SetTopicAttributesCommand({
          TopicArn: arn,
          AttributeName: 'Colour',
          AttributeValue: 'x',
        }),
      ),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: AttributeName');
  });

  it('deletes a topic, idempotently; then it does not exist (404)', async () => {
    const arn = await newTopic('doomed');
    await sns().send(new DeleteTopicCommand({ TopicArn: arn }));
    await sns().send(new DeleteTopicCommand({ TopicArn: arn }));
    const error = await failure(sns().send(new GetTopicAttributesCommand({ TopicArn: arn })));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Topic does not exist');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses a malformed topic ARN', async () => {
    const error = await failure(
      sns().send(new GetTopicAttributesCommand({ TopicArn: 'test-topic' })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    );
  });

  it("refuses another region's topic", async () => {
    const arn = `arn:aws:sns:eu-west-1:${ACCOUNT}:elsewhere`;
    const error = await failure(sns().send(new GetTopicAttributesCommand({ TopicArn: arn })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: TopicArn');
  });
});

describe('ListTopics', () => {
  it("pages by 100 with NextToken, and lists only the caller's region", async () => {
    const other = await snsEndpoint(model, 'eu-central-1');
    try {
      const names = Array.from({ length: 101 }, (_, i) => `paged-${i}`);
      for (const name of names) {
        await other.client.send(new CreateTopicCommand({ Name: name }));
      }
      const first = await other.client.send(new ListTopicsCommand({}));
      expect(first.Topics).toHaveLength(100);
      expect(first.NextToken).toBeDefined();
      const second = await other.client.send(new ListTopicsCommand({ NextToken: first.NextToken }));
      expect(second.NextToken).toBeUndefined();
      const listed = [...(first.Topics ?? []), ...(second.Topics ?? [])].map((t) => t.TopicArn);
      expect(listed).toEqual(names.map((name) => `arn:aws:sns:eu-central-1:${ACCOUNT}:${name}`));

      const here = await sns().send(new ListTopicsCommand({}));
      expect(here.Topics?.some((t) => t.TopicArn?.includes('eu-central-1'))).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe('ListTagsForResource, TagResource, UntagResource', () => {
  it('lists the tags given at creation, adds, replaces and removes them', async () => {
    const { TopicArn } = await sns().send(
      new CreateTopicCommand({
        Name: 'tagged',
        Tags: [{ Key: 'workshop', Value: 'lambda-to-lambda' }],
      }),
    );
    const tagsOf = async () =>
      (await sns().send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags;
    expect(await tagsOf()).toEqual([{ Key: 'workshop', Value: 'lambda-to-lambda' }]);
    await sns().send(
      new TagResourceCommand({
        ResourceArn: TopicArn,
        Tags: [
          { Key: 'workshop', Value: 'other' },
          { Key: 'team', Value: 'a' },
        ],
      }),
    );
    expect(await tagsOf()).toEqual([
      { Key: 'workshop', Value: 'other' },
      { Key: 'team', Value: 'a' },
    ]);
    await sns().send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['workshop'] }));
    expect(await tagsOf()).toEqual([{ Key: 'team', Value: 'a' }]);
  });

  it('answers an unknown topic with ResourceNotFound (404)', async () => {
    const error = await failure(
      sns().send(
        new ListTagsForResourceCommand({ ResourceArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nope` }),
      ),
    );
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

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
    const response = await signedFetch(`http://127.0.0.1:${endpoint.port}/`, {
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

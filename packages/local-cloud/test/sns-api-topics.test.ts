/**
 * SNS over the wire with the real SDK v3 SNS client: the walkthrough's chapter 2
 * (topic testSns, a Lambda subscription, the console's test message and the code's
 * message), and the topic operations with their errors as the SDK's exception classes.
 * Subscriptions and Publish are in sns-api-messages.test.ts.
 */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, ECHO_ARN, failure, snsEndpoint, useSnsApi } from './support/sns.ts';

const { lambda, model, sns, newTopic } = useSnsApi();

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

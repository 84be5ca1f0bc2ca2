import {
  AddPermissionCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { explain } from '@l2l/workshop';
import { ACCOUNT_ID, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { subscribeToTopic } from '../src/subscribe.ts';
import { sentCommands } from './sent-commands.ts';

const sns = mockClient(SNSClient);
const lambda = mockClient(LambdaClient);
beforeEach(() => {
  sns.reset();
  lambda.reset();
});

describe('subscribeToTopic', () => {
  const config = TARGETS.aws;
  const topicArn = `arn:aws:sns:${config.region}:${ACCOUNT_ID}:testSns`;
  const functionArn = `arn:aws:lambda:${config.region}:${ACCOUNT_ID}:function:echoTest`;
  const subscriptionArn = `${topicArn}:1009056c-eb87-4f68-9cb1-de50b0024b90`;
  const options = {
    topicName: 'testSns',
    functionArn,
    qualifier: 'live',
    tags: { workshop: 'lambda-to-lambda' },
  };

  const expectedSns = [
    ['ListTagsForResourceCommand', { ResourceArn: topicArn }],
    [
      'CreateTopicCommand',
      {
        Name: 'testSns',
        Attributes: { DisplayName: 'testSns' },
        Tags: [{ Key: 'workshop', Value: 'lambda-to-lambda' }],
      },
    ],
    // The alias, not $LATEST.
    [
      'SubscribeCommand',
      { TopicArn: topicArn, Protocol: 'lambda', Endpoint: `${functionArn}:live` },
    ],
  ];
  const expectedLambda = [
    [
      'AddPermissionCommand',
      {
        FunctionName: functionArn,
        // The permission is the alias's: one on the function would not let SNS invoke `live`.
        Qualifier: 'live',
        StatementId: 'sns-testSns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: topicArn,
      },
    ],
  ];

  let order: string[] = [];
  beforeEach(() => {
    order = [];
    sns
      .on(ListTagsForResourceCommand)
      .rejects(new NotFoundException({ message: 'Topic does not exist', $metadata: {} }));
    sns.on(CreateTopicCommand).resolves({ TopicArn: topicArn });
    sns.on(SubscribeCommand).callsFake(() => {
      order.push('Subscribe');
      return { SubscriptionArn: subscriptionArn };
    });
  });

  it('creates the topic, lets SNS invoke the alias, and subscribes the alias', async () => {
    lambda.on(AddPermissionCommand).callsFake(() => {
      order.push('AddPermission');
      return { Statement: '{}' };
    });
    await expect(subscribeToTopic(config, options)).resolves.toEqual({
      topicArn,
      subscriptionArn,
    });
    expect(sentCommands(sns)).toEqual(expectedSns);
    expect(sentCommands(lambda)).toEqual(expectedLambda);
    // The permission is in place before the subscription can deliver anything.
    expect(order).toEqual(['AddPermission', 'Subscribe']);
  });

  it('runs again as the first time when everything exists already', async () => {
    sns
      .on(ListTagsForResourceCommand)
      .resolves({ Tags: [{ Key: 'workshop', Value: 'lambda-to-lambda' }] });
    // CreateTopic and Subscribe answer with what exists; AddPermission refuses a second statement.
    lambda.on(AddPermissionCommand).rejects(
      new ResourceConflictException({
        message:
          'The statement id (sns-testSns) provided already exists. Please provide a new statement id, or remove the existing statement.',
        $metadata: {},
      }),
    );
    await expect(subscribeToTopic(config, options)).resolves.toEqual({
      topicArn,
      subscriptionArn,
    });
    expect(sentCommands(sns)).toEqual(expectedSns);
    expect(sentCommands(lambda)).toEqual(expectedLambda);
  });

  it('stops at a topic of the same name that the workshop did not make, and changes nothing', async () => {
    sns.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'team', Value: 'payments' }] });
    const error = await subscribeToTopic(config, options).catch((caught: unknown) => caught);
    expect(explain(error)).toMatch(
      /^The SNS topic testSns already exists and the workshop did not make it /,
    );
    expect(sentCommands(sns)).toEqual([expectedSns[0]]);
    expect(lambda.calls()).toHaveLength(0);
  });

  it('stops at any other error, before subscribing', async () => {
    lambda
      .on(AddPermissionCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: {} }));
    await expect(subscribeToTopic(config, options)).rejects.toThrow('Function not found');
    expect(sns).not.toHaveReceivedCommand(SubscribeCommand);
  });
});

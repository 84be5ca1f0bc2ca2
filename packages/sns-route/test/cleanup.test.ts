import {
  DeleteAliasCommand,
  GetAliasCommand,
  GetFunctionCommand,
  LambdaClient,
  ResourceNotFoundException as LambdaResourceNotFound,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import {
  AuthorizationErrorException,
  DeleteTopicCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  ResourceNotFoundException,
  SNSClient,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { workshopOn } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { removeTopic } from '../src/cleanup.ts';
import { sentCommands } from './sent-commands.ts';

const sns = mockClient(SNSClient);
const lambda = mockClient(LambdaClient);
beforeEach(() => {
  sns.reset();
  lambda.reset();
});

describe('removeTopic', () => {
  const workshop = workshopOn('aws', { prefix: 'ana' });
  const topicArn = `arn:aws:sns:${workshop.region}:${workshop.accountId}:ana-testSns`;
  const subscriptionArn = `${topicArn}:1009056c-eb87-4f68-9cb1-de50b0024b90`;
  const removePermission = [
    'RemovePermissionCommand',
    { FunctionName: 'ana-echoTest', Qualifier: 'live', StatementId: 'sns-ana-testSns' },
  ];
  const getFunction = ['GetFunctionCommand', { FunctionName: 'ana-echoTest' }];
  const aliasCommands = [
    getFunction,
    ['GetAliasCommand', { FunctionName: 'ana-echoTest', Name: 'live' }],
    ['DeleteAliasCommand', { FunctionName: 'ana-echoTest', Name: 'live' }],
  ];
  const workshopFunction = { Tags: { workshop: 'lambda-to-lambda' } };
  beforeEach(() => {
    // By default there is no echoTest, and so no alias.
    lambda
      .on(GetFunctionCommand)
      .rejects(new LambdaResourceNotFound({ message: 'Function not found', $metadata: {} }));
  });

  it("removes the workshop's topic with its subscriptions, then the permission and the alias", async () => {
    lambda
      .on(GetFunctionCommand)
      .resolves(workshopFunction)
      .on(GetAliasCommand)
      .resolves({ Name: 'live', FunctionVersion: '1' });
    // The SDK's paginator reuses one input object, so each page's input is copied as it is sent.
    const listed: unknown[] = [];
    sns
      .on(ListTagsForResourceCommand)
      .resolves({
        Tags: [
          { Key: 'workshop', Value: 'lambda-to-lambda' },
          { Key: 'workshop-prefix', Value: 'ana' },
        ],
      })
      .on(ListSubscriptionsByTopicCommand)
      .callsFake((input) => {
        listed.push({ ...input });
        return input.NextToken === undefined
          ? { Subscriptions: [{ SubscriptionArn: subscriptionArn }], NextToken: 'next' }
          : { Subscriptions: [{ SubscriptionArn: 'PendingConfirmation' }] };
      });
    await expect(removeTopic(workshop)).resolves.toEqual([
      `SNS subscription ${subscriptionArn}`,
      'SNS topic ana-testSns',
      'Lambda permission sns-ana-testSns of ana-echoTest:live',
      'Lambda alias ana-echoTest:live',
    ]);
    expect(listed).toEqual([{ TopicArn: topicArn }, { TopicArn: topicArn, NextToken: 'next' }]);
    expect(sentCommands(sns).map(([name]) => name)).toEqual([
      'ListTagsForResourceCommand',
      'ListSubscriptionsByTopicCommand',
      'ListSubscriptionsByTopicCommand',
      'UnsubscribeCommand',
      'DeleteTopicCommand',
    ]);
    expect(sns).toHaveReceivedCommandWith(ListTagsForResourceCommand, { ResourceArn: topicArn });
    expect(sns).toHaveReceivedCommandExactlyOnceWith(UnsubscribeCommand, {
      SubscriptionArn: subscriptionArn,
    });
    expect(sns).toHaveReceivedCommandExactlyOnceWith(DeleteTopicCommand, { TopicArn: topicArn });
    expect(sentCommands(lambda)).toEqual([removePermission, ...aliasCommands]);
  });

  it("leaves the alias alone when echoTest is not the workshop's, and finds none when there is none", async () => {
    sns
      .on(ListTagsForResourceCommand)
      .rejects(new NotFoundException({ message: 'no', $metadata: {} }));
    lambda.on(GetFunctionCommand).resolves({ Tags: { team: 'payments' } });
    await removeTopic(workshop);
    expect(lambda).not.toHaveReceivedCommand(DeleteAliasCommand);
    lambda
      .on(GetFunctionCommand)
      .resolves(workshopFunction)
      .on(GetAliasCommand)
      .rejects(new LambdaResourceNotFound({ message: 'Alias not found', $metadata: {} }));
    await expect(removeTopic(workshop)).resolves.toEqual([
      'Lambda permission sns-ana-testSns of ana-echoTest:live',
    ]);
    expect(lambda).not.toHaveReceivedCommand(DeleteAliasCommand);
  });

  it('leaves a topic of that name alone when the workshop did not make it', async () => {
    sns.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'team', Value: 'payments' }] });
    await expect(removeTopic(workshop)).resolves.toEqual([
      'Lambda permission sns-ana-testSns of ana-echoTest:live',
    ]);
    expect(sns).not.toHaveReceivedCommand(ListSubscriptionsByTopicCommand);
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
    expect(sns).not.toHaveReceivedCommand(DeleteTopicCommand);
  });

  it.each([
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException({ message: 'Resource does not exist', $metadata: {} }),
    ],
    [
      'NotFoundException',
      new NotFoundException({ message: 'Topic does not exist', $metadata: {} }),
    ],
  ])('removes nothing when there is no topic (%s) and no permission', async (_name, error) => {
    sns.on(ListTagsForResourceCommand).rejects(error);
    lambda.on(RemovePermissionCommand).rejects(
      new LambdaResourceNotFound({
        message: 'No policy is associated with the given resource.',
        $metadata: {},
      }),
    );
    await expect(removeTopic(workshop)).resolves.toEqual([]);
    expect(sentCommands(sns)).toEqual([['ListTagsForResourceCommand', { ResourceArn: topicArn }]]);
    expect(sentCommands(lambda)).toEqual([removePermission, getFunction]);
  });

  it('stops at any other error, with a clear one', async () => {
    sns.on(ListTagsForResourceCommand).rejects(
      new AuthorizationErrorException({
        message: 'User is not authorized to perform: SNS:ListTagsForResource',
        $metadata: {},
      }),
    );
    await expect(removeTopic(workshop)).rejects.toThrow('not authorized');
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
  });
});

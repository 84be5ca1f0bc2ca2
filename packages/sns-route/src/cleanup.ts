/**
 * `cleanup`: undoes step 4.1. The topic goes only if the workshop made it (it
 * carries the workshop's tag), and with it its subscriptions; the permission
 * statement goes by its id, which only the workshop uses, and the alias live
 * with it, if echoTest is the workshop's. Then echoTest goes, as in every
 * chapter, and with it its versions.
 */
import {
  DeleteAliasCommand,
  GetAliasCommand,
  GetFunctionCommand,
  LambdaClient,
  ResourceNotFoundException as LambdaResourceNotFound,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import {
  DeleteTopicCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  paginateListSubscriptionsByTopic,
  ResourceNotFoundException,
  SNSClient,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { FUNCTION_NAME, removeCallee } from '@l2l/echo-callee';
import { madeByWorkshop, type Workshop } from '@l2l/workshop';
import { ALIAS_NAME } from './alias.ts';
import { permissionStatementId, TOPIC_NAME } from './subscribe.ts';

/**
 * Removes the topic of that name, if the workshop made it, and its subscriptions first; returns
 * what it removed.
 */
export async function deleteTopic(workshop: Workshop, topicName: string): Promise<string[]> {
  const removed: string[] = [];
  const sns = new SNSClient(workshop.clientConfig);
  // The ARN CreateTopic answers with (in the standard partition, `aws`).
  const topicArn = `arn:aws:sns:${workshop.region}:${workshop.accountId}:${topicName}`;
  try {
    const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn }));
    if (madeByWorkshop(Tags)) {
      // All pages first: unsubscribing while paging could shift the pages.
      const subscriptionArns: string[] = [];
      const pages = paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: topicArn });
      for await (const { Subscriptions = [] } of pages) {
        for (const { SubscriptionArn } of Subscriptions) {
          // An unconfirmed subscription has no ARN yet ('PendingConfirmation'); it goes with the topic.
          if (SubscriptionArn?.startsWith('arn:')) subscriptionArns.push(SubscriptionArn);
        }
      }
      for (const SubscriptionArn of subscriptionArns) {
        await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
        removed.push(`SNS subscription ${SubscriptionArn}`);
      }
      await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
      removed.push(`SNS topic ${topicName}`);
    }
  } catch (error) {
    // No such topic: nothing to remove.
    if (!(error instanceof ResourceNotFoundException || error instanceof NotFoundException)) {
      throw error;
    }
  }
  return removed;
}

/** Removes the topic, its subscriptions, the permission and the alias; returns what it removed. */
export async function removeTopic(workshop: Workshop): Promise<string[]> {
  const topicName = workshop.name(TOPIC_NAME);
  const removed = await deleteTopic(workshop, topicName);
  const lambda = new LambdaClient(workshop.clientConfig);
  const FunctionName = workshop.name(FUNCTION_NAME);
  const StatementId = permissionStatementId(topicName);
  try {
    await lambda.send(
      new RemovePermissionCommand({ FunctionName, Qualifier: ALIAS_NAME, StatementId }),
    );
    removed.push(`Lambda permission ${StatementId} of ${FunctionName}:${ALIAS_NAME}`);
  } catch (error) {
    // No such function, alias or statement.
    if (!(error instanceof LambdaResourceNotFound)) throw error;
  }
  try {
    // `live` is a common name: only the workshop's echoTest's alias goes.
    const { Tags } = await lambda.send(new GetFunctionCommand({ FunctionName }));
    if (madeByWorkshop(Tags)) {
      // GetAlias first: a missing alias is then known as missing, however DeleteAlias answers it.
      await lambda.send(new GetAliasCommand({ FunctionName, Name: ALIAS_NAME }));
      await lambda.send(new DeleteAliasCommand({ FunctionName, Name: ALIAS_NAME }));
      removed.push(`Lambda alias ${FunctionName}:${ALIAS_NAME}`);
    }
  } catch (error) {
    if (!(error instanceof LambdaResourceNotFound)) throw error;
  }
  return removed;
}

/** The chapter's clean-up: the topic and what hangs on it, then echoTest. */
export async function removeChapterResources(workshop: Workshop): Promise<string[]> {
  return [...(await removeTopic(workshop)), ...(await removeCallee(workshop))];
}

/**
 * Step 4.1: create the topic testSns and subscribe echoTest to it, as the
 * console does: "Create topic", then "Create subscription" with the protocol
 * "AWS Lambda" and the function's ARN as the endpoint.
 *
 * Every call here is safe to repeat, so the step can run again and again.
 */
import {
  AddPermissionCommand,
  LambdaClient,
  ResourceConflictException,
} from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  ResourceNotFoundException,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { type ClientConfig, madeByWorkshop, notMadeByWorkshop } from '@l2l/workshop';

export const TOPIC_NAME = 'testSns';

/** The id of the function's policy statement that lets the topic invoke it. */
export const permissionStatementId = (topicName: string) => `sns-${topicName}`;

export interface TopicSubscription {
  readonly topicArn: string;
  readonly subscriptionArn: string;
}

export async function subscribeToTopic(
  clientConfig: ClientConfig,
  options: {
    readonly topicName: string;
    readonly functionArn: string;
    readonly tags: Readonly<Record<string, string>>;
  },
): Promise<TopicSubscription> {
  const sns = new SNSClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);

  // CreateTopic answers with the ARN of the topic of that name if it exists already, so
  // first make sure that a topic of that name is the workshop's: one of yours may have
  // subscribers of its own, and every publish would reach them too.
  await checkTopicIsTheWorkshops(sns, options.topicName, options.functionArn);
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: options.topicName,
      // The display name is what SMS and email subscribers see as the sender.
      Attributes: { DisplayName: TOPIC_NAME },
      Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  if (!TopicArn) throw new Error(`SNS created ${options.topicName} but returned no ARN`);

  // The console adds this for you when you subscribe a function: a statement in the
  // function's resource policy that lets SNS invoke it, for this topic only.
  try {
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: options.functionArn,
        StatementId: permissionStatementId(options.topicName),
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: TopicArn,
      }),
    );
  } catch (error) {
    // A statement with this id exists: an earlier run added it.
    if (!(error instanceof ResourceConflictException)) throw error;
  }

  // The endpoint is the unqualified ARN, so SNS invokes $LATEST, whatever code was
  // deployed last. The walkthrough advises against that in production: subscribe a
  // published version or, better, an alias (`...:function:echoTest:live`) that you
  // move to a version once it has been tested.
  // Subscribing the same endpoint again answers with the existing subscription.
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: options.functionArn }),
  );
  if (!SubscriptionArn) throw new Error(`SNS subscribed to ${TopicArn} but returned no ARN`);
  return { topicArn: TopicArn, subscriptionArn: SubscriptionArn };
}

/** Stops if a topic of this name exists without the workshop's tag; no topic is fine. */
async function checkTopicIsTheWorkshops(
  sns: SNSClient,
  topicName: string,
  functionArn: string,
): Promise<void> {
  // The topic's ARN as CreateTopic would answer it: the function's partition, region and account.
  const [partition, , region, account] = functionArn.split(':').slice(1);
  const topicArn = `arn:${partition}:sns:${region}:${account}:${topicName}`;
  try {
    const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn }));
    if (!madeByWorkshop(Tags)) throw notMadeByWorkshop(`The SNS topic ${topicName}`);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException || error instanceof NotFoundException)) {
      throw error;
    }
  }
}

/**
 * Step 4.1: create the topic testSns and subscribe echoTest's alias `live` to it, as the
 * console does: "Create topic", then "Create subscription" with the protocol
 * "AWS Lambda" and the alias's ARN as the endpoint.
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
    /** The function's ARN, unqualified. */
    readonly functionArn: string;
    /**
     * The alias (or version) SNS invokes: `live` makes the endpoint `...:function:echoTest:live`.
     * None: the function itself, $LATEST (chapter 10's loop).
     */
    readonly qualifier?: string;
    readonly tags: Readonly<Record<string, string>>;
    /** What SMS and email subscribers see as the sender (`testSns` when left out). */
    readonly displayName?: string;
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
      Attributes: { DisplayName: options.displayName ?? TOPIC_NAME },
      Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  if (!TopicArn) throw new Error(`SNS created ${options.topicName} but returned no ARN`);

  // The console adds this for you when you subscribe a function: a statement in the
  // resource policy of the alias (each alias and version has its own, apart from the
  // function's) that lets SNS invoke it, for this topic only. A permission on the alias does
  // not let SNS invoke $LATEST, nor the other way round: the 2017 walkthrough's permission error.
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html#versioning-permissions-alias
  try {
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: options.functionArn,
        Qualifier: options.qualifier,
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

  // The endpoint is the alias's ARN, so SNS invokes the version `live` points at, not
  // $LATEST (whatever code was deployed last), as the walkthrough advises.
  const subscriptionArn = await subscribe(
    sns,
    TopicArn,
    options.qualifier ? `${options.functionArn}:${options.qualifier}` : options.functionArn,
  );
  return { topicArn: TopicArn, subscriptionArn };
}

/**
 * Subscribes a function (or its alias or version) to the topic; returns the subscription's ARN.
 * Subscribing the same endpoint again answers with the existing subscription.
 */
export async function subscribe(
  sns: SNSClient,
  topicArn: string,
  functionArn: string,
): Promise<string> {
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: functionArn }),
  );
  if (!SubscriptionArn) throw new Error(`SNS subscribed to ${topicArn} but returned no ARN`);
  return SubscriptionArn;
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

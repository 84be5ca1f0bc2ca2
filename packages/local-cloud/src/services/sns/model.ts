/**
 * What SNS does, without HTTP: topics, their Lambda subscriptions, and the fan-out of
 * each published message to every subscribed function (in the background, with SNS's
 * retries). The wire protocol is in ./api.ts. Behaviour as the SNS API reference
 * documents it (https://docs.aws.amazon.com/sns/latest/api/), and as recorded from AWS in
 * LocalStack's snapshot tests where the reference is silent (tests/aws/services/sns/).
 */
import { randomUUID } from 'node:crypto';
import { isFunctionArn, parseArn, topicArn } from './arns.ts';
import { LOCAL_RETRY_DELAYS_MS } from './delivery-policy.ts';
import { deliveryFailureLogEntry } from './delivery-status-log.ts';
import { invalidParameter, notFound, resourceNotFound } from './errors.ts';
import { LambdaDeliveries } from './lambda-deliveries.ts';
import { snsLambdaEvent } from './lambda-event.ts';
import type { DeliveryLog, LambdaSubscriberPort } from './ports.ts';
import { checkMessage, type MessageInput } from './published-message.ts';
import {
  defaultPolicy,
  EFFECTIVE_DELIVERY_POLICY,
  SETTABLE_ATTRIBUTES,
} from './topic-attributes.ts';

export interface SnsModelOptions {
  /** The account of every topic ARN. */
  readonly accountId: string;
  readonly lambda: LambdaSubscriberPort;
  /** Where failed deliveries are logged (SNS delivery status logging). */
  readonly deliveryLog?: DeliveryLog;
  /** The delay before each retry of a failed invoke; default: SNS's policy, shortened (./delivery-policy.ts). */
  readonly retryDelaysMs?: readonly number[];
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface Subscription {
  readonly SubscriptionArn: string;
  readonly TopicArn: string;
  readonly Protocol: string;
  readonly Endpoint: string;
  readonly Owner: string;
}

/** One page of a list; `nextToken` when there are more. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export interface PublishInput extends MessageInput {
  /** TopicArn, or TargetArn: "for compatibility", either names the topic. */
  readonly topicArn?: string;
  /** The Publish request's X-Amzn-Trace-Id, passed on to the functions it invokes. */
  readonly traceHeader?: string;
}

interface Topic {
  readonly arn: string;
  readonly region: string;
  readonly attributes: Map<string, string>;
  readonly tags: Map<string, string>;
  subscriptionsDeleted: number;
}

/**
 * "Topic names must be made up of only uppercase and lowercase ASCII letters, numbers,
 * underscores, and hyphens, and must be between 1 and 256 characters long" (API_CreateTopic);
 * AWS answers any other name with "Invalid parameter: Topic Name".
 */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** The protocols SNS knows (API_Subscribe); the local cloud delivers to `lambda` only. */
const PROTOCOLS = [
  'http',
  'https',
  'email',
  'email-json',
  'sms',
  'sqs',
  'application',
  'lambda',
  'firehose',
];
/** ListTopics and ListSubscriptions return "a list of up to 100" per call. */
const PAGE_SIZE = 100;

export class SnsModel {
  private readonly accountId: string;
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly deliveries: LambdaDeliveries;

  constructor(options: SnsModelOptions) {
    this.accountId = options.accountId;
    const { deliveryLog } = options;
    this.deliveries = new LambdaDeliveries(
      options.lambda,
      options.retryDelaysMs ?? LOCAL_RETRY_DELAYS_MS,
      ({ notification, functionArn }, failure, attempts) =>
        deliveryLog?.(deliveryFailureLogEntry(notification, functionArn, failure, attempts)),
    );
  }

  /** Idempotent: the same name with no different attributes or tags names the same topic. */
  createTopic(
    region: string,
    input: { name: string; attributes?: Readonly<Record<string, string>>; tags?: readonly Tag[] },
  ): string {
    if (!TOPIC_NAME.test(input.name)) throw invalidParameter('Invalid parameter: Topic Name');
    const attributes = topicAttributes(input.attributes ?? {});
    const tags = tagMap(input.tags ?? []);
    const arn = topicArn(region, this.accountId, input.name);
    const existing = this.topics.get(arn);
    if (!existing) {
      this.topics.set(arn, { arn, region, attributes, tags, subscriptionsDeleted: 0 });
    } else if (!includes(existing.attributes, attributes)) {
      throw invalidParameter(
        'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      );
    } else if (!includes(existing.tags, tags)) {
      throw invalidParameter(
        'Invalid parameter: Tags Reason: Topic already exists with different tags',
      );
    }
    return arn;
  }

  getTopicAttributes(region: string, arn: string): Record<string, string> {
    const topic = this.topic(region, arn);
    const subscriptions = this.subscriptionsOf(topic.arn).length;
    return {
      DisplayName: '',
      Policy: defaultPolicy(topic.arn, this.accountId),
      ...Object.fromEntries(topic.attributes),
      EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
      Owner: this.accountId,
      SubscriptionsConfirmed: String(subscriptions),
      SubscriptionsDeleted: String(topic.subscriptionsDeleted),
      SubscriptionsPending: '0',
      TopicArn: topic.arn,
    };
  }

  setTopicAttribute(region: string, arn: string, name: string, value: string): void {
    const topic = this.topic(region, arn);
    if (!SETTABLE_ATTRIBUTES.has(name)) throw invalidParameter('Invalid parameter: AttributeName');
    topic.attributes.set(name, value);
  }

  listTopics(region: string, nextToken?: string): Page<string> {
    const arns = [...this.topics.values()].filter((t) => t.region === region).map((t) => t.arn);
    return page(arns, nextToken);
  }

  /** Idempotent; the topic's subscriptions go with it. */
  deleteTopic(region: string, arn: string): void {
    checkRegion(region, arn);
    for (const subscription of this.subscriptionsOf(arn)) {
      this.subscriptions.delete(subscription.SubscriptionArn);
    }
    this.topics.delete(arn);
  }

  /** Confirmed at once, as a Lambda subscription in the topic's own account is; the same one again returns the same ARN. */
  subscribe(
    region: string,
    input: {
      topicArn: string;
      protocol: string;
      endpoint?: string;
      attributes?: Readonly<Record<string, string>>;
    },
  ): string {
    const topic = this.topic(region, input.topicArn);
    const { protocol, endpoint } = input;
    if (!PROTOCOLS.includes(protocol)) {
      throw invalidParameter(
        `Invalid parameter: Amazon SNS does not support this protocol string: ${protocol}`,
      );
    }
    if (protocol !== 'lambda') {
      throw invalidParameter(
        `Invalid parameter: Protocol Reason: the local cloud delivers to the lambda protocol only, not to ${protocol}`,
      );
    }
    if (endpoint === undefined || !isFunctionArn(endpoint)) {
      throw invalidParameter('Invalid parameter: Lambda endpoint ARN');
    }
    const attributeNames = Object.keys(input.attributes ?? {});
    if (attributeNames.length > 0) {
      throw invalidParameter(
        `Invalid parameter: Attributes Reason: the local cloud does not support subscription attributes (${attributeNames.join(', ')})`,
      );
    }
    const existing = this.subscriptionsOf(topic.arn).find((s) => s.Endpoint === endpoint);
    if (existing) return existing.SubscriptionArn;
    const subscription: Subscription = {
      SubscriptionArn: `${topic.arn}:${randomUUID()}`,
      TopicArn: topic.arn,
      Protocol: protocol,
      Endpoint: endpoint,
      Owner: this.accountId,
    };
    this.subscriptions.set(subscription.SubscriptionArn, subscription);
    return subscription.SubscriptionArn;
  }

  /** Idempotent for a subscription that does not exist (or no longer does). */
  unsubscribe(arn: string | undefined): void {
    if (arn === undefined) {
      throw invalidParameter(
        'Invalid parameter: SubscriptionArn Reason: no value for required parameter',
      );
    }
    const { resource } = parseArn('SubscriptionArn', arn);
    if (!resource.includes(':')) throw invalidParameter('Invalid parameter: SubscriptionId');
    const subscription = this.subscriptions.get(arn);
    if (!subscription) return;
    this.subscriptions.delete(arn);
    const topic = this.topics.get(subscription.TopicArn);
    if (topic) topic.subscriptionsDeleted += 1;
  }

  listSubscriptions(region: string, nextToken?: string): Page<Subscription> {
    const inRegion = [...this.subscriptions.values()].filter(
      (s) => parseArn('TopicArn', s.TopicArn).region === region,
    );
    return page(inRegion, nextToken);
  }

  listSubscriptionsByTopic(region: string, arn: string, nextToken?: string): Page<Subscription> {
    return page(this.subscriptionsOf(this.topic(region, arn).arn), nextToken);
  }

  getSubscriptionAttributes(arn: string): Record<string, string> {
    const subscription = this.subscriptions.get(arn);
    if (!subscription) throw notFound('Subscription does not exist');
    return {
      ConfirmationWasAuthenticated: 'true',
      Endpoint: subscription.Endpoint,
      Owner: subscription.Owner,
      PendingConfirmation: 'false',
      Protocol: subscription.Protocol,
      RawMessageDelivery: 'false',
      SubscriptionArn: subscription.SubscriptionArn,
      TopicArn: subscription.TopicArn,
    };
  }

  /** Returns the MessageId at once; each subscribed function is invoked in the background. */
  publish(region: string, input: PublishInput): string {
    const { subject, message, attributes } = checkMessage(input);
    if (input.topicArn === undefined) {
      throw invalidParameter(
        'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
      );
    }
    const topic = this.topic(region, input.topicArn);
    const notification = {
      messageId: randomUUID(),
      topicArn: topic.arn,
      subject,
      message,
      attributes,
      publishedAt: new Date(),
    };
    for (const subscription of this.subscriptionsOf(topic.arn)) {
      const event = snsLambdaEvent(notification, subscription.SubscriptionArn, topic.region);
      this.deliveries.start({
        functionArn: subscription.Endpoint,
        notification,
        event: JSON.stringify(event),
        traceHeader: input.traceHeader,
      });
    }
    return notification.messageId;
  }

  /** Cancels the deliveries still under way or waiting for a retry; returns how many. */
  stop(): number {
    return this.deliveries.stop();
  }

  /** https://docs.aws.amazon.com/sns/latest/api/API_ListTagsForResource.html */
  listTags(region: string, arn: string): Tag[] {
    return [...this.taggedTopic(region, arn).tags].map(([Key, Value]) => ({ Key, Value }));
  }

  /** Adds or replaces tags (API_TagResource). */
  tagTopic(region: string, arn: string, tags: readonly Tag[]): void {
    const topic = this.taggedTopic(region, arn);
    for (const { Key, Value } of tags) topic.tags.set(Key, Value);
  }

  untagTopic(region: string, arn: string, keys: readonly string[]): void {
    const topic = this.taggedTopic(region, arn);
    for (const key of keys) topic.tags.delete(key);
  }

  /** The tagging actions answer an unknown topic with ResourceNotFound, not NotFound. */
  private taggedTopic(region: string, arn: string): Topic {
    const topic = this.topics.get(arn);
    if (!topic || topic.region !== region) throw resourceNotFound();
    return topic;
  }

  private topic(region: string, arn: string): Topic {
    checkRegion(region, arn);
    const topic = this.topics.get(arn);
    if (!topic) throw notFound('Topic does not exist');
    return topic;
  }

  private subscriptionsOf(arn: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.TopicArn === arn);
  }
}

/** A topic is served only by its own region's endpoint. */
function checkRegion(region: string, topicArn: string): void {
  if (parseArn('TopicArn', topicArn).region !== region) {
    throw invalidParameter('Invalid parameter: TopicArn');
  }
}

/** CreateTopic's attributes: FifoTopic `false` is the default and not kept, as on AWS. */
function topicAttributes(given: Readonly<Record<string, string>>): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [name, value] of Object.entries(given)) {
    if (name === 'FifoTopic' && value.toLowerCase() === 'false') continue;
    if (name === 'FifoTopic') {
      throw invalidParameter(
        'Invalid parameter: Attributes Reason: FifoTopic: the local cloud has standard topics only',
      );
    }
    if (!SETTABLE_ATTRIBUTES.has(name)) {
      throw invalidParameter(
        `Invalid parameter: Attributes Reason: Invalid attribute name: ${name}`,
      );
    }
    attributes.set(name, value);
  }
  return attributes;
}

function tagMap(tags: readonly Tag[]): Map<string, string> {
  const map = new Map(tags.map(({ Key, Value }) => [Key, Value]));
  if (map.size < tags.length)
    throw invalidParameter('Invalid parameter: Duplicated keys are not allowed.');
  return map;
}

/** Whether every entry of `subset` is in `map` with the same value. */
function includes(map: ReadonlyMap<string, string>, subset: ReadonlyMap<string, string>): boolean {
  return [...subset].every(([key, value]) => map.get(key) === value);
}

function page<T>(items: T[], nextToken: string | undefined): Page<T> {
  const start = nextToken === undefined ? 0 : Number(nextToken);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw invalidParameter('Invalid parameter: NextToken');
  }
  const end = start + PAGE_SIZE;
  return end < items.length
    ? { items: items.slice(start, end), nextToken: String(end) }
    : { items: items.slice(start) };
}

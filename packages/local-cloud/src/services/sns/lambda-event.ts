/**
 * The event SNS invokes a subscribed function with, field for field as in
 * "Using Lambda with Amazon SNS" (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html):
 * one record per invoke, `Subject` null when the message has none, `Timestamp` in
 * ISO 8601 with milliseconds, `SignatureVersion` '1' (what AWS sends to Lambda whatever
 * the topic's SignatureVersion, as recorded in LocalStack's TestSNSSubscriptionLambda snapshots).
 * The shape is that of `SNSEvent` in @types/aws-lambda, which local-cloud does not depend on.
 */
import { createHash } from 'node:crypto';
import type { MessageAttribute } from './message-attributes.ts';

export interface SnsLambdaEvent {
  readonly Records: readonly SnsEventRecord[];
}

export interface SnsEventRecord {
  readonly EventSource: 'aws:sns';
  readonly EventVersion: '1.0';
  readonly EventSubscriptionArn: string;
  readonly Sns: SnsEventMessage;
}

export interface SnsEventMessage {
  readonly Type: 'Notification';
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject: string | null;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: '1';
  readonly Signature: string;
  readonly SigningCertUrl: string;
  readonly UnsubscribeUrl: string;
  readonly MessageAttributes: Readonly<Record<string, { Type: string; Value: string }>>;
}

/** A published message, as delivered to Lambda subscribers. */
export interface Notification {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject: string | undefined;
  /** For MessageStructure `json`, the `lambda` entry if there is one, else `default`. */
  readonly message: string;
  readonly attributes: ReadonlyMap<string, MessageAttribute>;
  readonly publishedAt: Date;
}

/** SNS names its signing certificate `SimpleNotificationService-<32 hex digits>.pem`; these spell "l2l-local-cloud!". */
const SIGNING_CERT = 'SimpleNotificationService-6c326c2d6c6f63616c2d636c6f756421.pem';

export function snsLambdaEvent(
  notification: Notification,
  subscriptionArn: string,
  region: string,
): SnsLambdaEvent {
  const timestamp = notification.publishedAt.toISOString();
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: notification.messageId,
          TopicArn: notification.topicArn,
          Subject: notification.subject ?? null,
          Message: notification.message,
          Timestamp: timestamp,
          SignatureVersion: '1',
          Signature: lookalikeSignature(notification, timestamp),
          SigningCertUrl: `https://sns.${region}.amazonaws.com/${SIGNING_CERT}`,
          UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          MessageAttributes: lambdaAttributes(notification.attributes),
        },
      },
    ],
  };
}

/**
 * Attributes as Lambda receives them: `{ Type, Value }`, Binary values in base64.
 * "[String.Array and Number aren't] supported for AWS Lambda subscriptions. If you specify
 * this data type for Lambda endpoints, it's passed as the String data type in the JSON payload"
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html#SNSMessageAttributes.DataTypes).
 */
function lambdaAttributes(
  attributes: ReadonlyMap<string, MessageAttribute>,
): Record<string, { Type: string; Value: string }> {
  const delivered: Record<string, { Type: string; Value: string }> = {};
  for (const [name, { dataType, value }] of attributes) {
    const passedAsString = dataType === 'String.Array' || dataType.startsWith('Number');
    delivered[name] = {
      Type: passedAsString ? 'String' : dataType,
      Value: typeof value === 'string' ? value : Buffer.from(value).toString('base64'),
    };
  }
  return delivered;
}

/**
 * Not a signature: 256 bytes (the size of SNS's SHA1withRSA-2048 signature) derived from
 * the string SNS signs for a notification, so that the field looks and varies as on AWS.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
 */
function lookalikeSignature(notification: Notification, timestamp: string): string {
  const subject = notification.subject === undefined ? '' : `Subject\n${notification.subject}\n`;
  const signed = `Message\n${notification.message}\nMessageId\n${notification.messageId}\n${subject}Timestamp\n${timestamp}\nTopicArn\n${notification.topicArn}\nType\nNotification\n`;
  return createHash('shake256', { outputLength: 256 }).update(signed).digest('base64');
}

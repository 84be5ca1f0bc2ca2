/**
 * The log line of a failed delivery, as SNS delivery status logging writes it to
 * CloudWatch Logs (https://docs.aws.amazon.com/sns/latest/dg/sns-topic-attributes.html):
 * `{ notification: { messageMD5Sum, messageId, topicArn, timestamp }, delivery: { deliveryId,
 * destination, providerResponse, dwellTimeMs, attempts, statusCode }, status: 'FAILURE' }`,
 * the fields of the lines recorded from AWS in LocalStack's TestSNSPublishDelivery snapshot.
 * On AWS a topic logs only once given a LambdaFailureFeedbackRoleArn; the local cloud always
 * logs failures, so that a learner sees why a function was not invoked.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseArn } from './arns.ts';
import type { Notification } from './lambda-event.ts';
import type { DeliveryLogEntry } from './ports.ts';

/** Why Lambda did not accept an invoke, as the port reports it. */
export interface InvokeFailure {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
}

export function deliveryFailureLogEntry(
  notification: Notification,
  functionArn: string,
  failure: InvokeFailure,
  attempts: number,
  now = new Date(),
): DeliveryLogEntry {
  const { region, accountId, resource: topicName } = parseArn('TopicArn', notification.topicArn);
  const deliveryId = randomUUID();
  const line = {
    notification: {
      messageMD5Sum: createHash('md5').update(notification.message).digest('hex'),
      messageId: notification.messageId,
      topicArn: notification.topicArn,
      timestamp: logTimestamp(notification.publishedAt),
    },
    delivery: {
      deliveryId,
      destination: functionArn,
      // A JSON text, as AWS writes it.
      providerResponse: JSON.stringify({ ErrorCode: failure.code, ErrorMessage: failure.message }),
      dwellTimeMs: now.getTime() - notification.publishedAt.getTime(),
      attempts,
      statusCode: failure.statusCode,
    },
    status: 'FAILURE',
  };
  return {
    region,
    logGroupName: `sns/${region}/${accountId}/${topicName}/Failure`,
    logStreamName: deliveryId,
    timestamp: now.getTime(),
    message: JSON.stringify(line),
  };
}

/** `2026-11-25 15:16:46.123`, the form of the timestamps in SNS's delivery status logs. */
function logTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Chapter 10's loop-stopped: the looper's on-failure destination. When Lambda stops the loop,
 * it sends the event it did not run there (or to a dead-letter queue), with the record of why;
 * this function logs the message of that event.
 * Source: https://aws.amazon.com/about-aws/whats-new/2023/07/aws-lambda-detects-recursive-loops-lambda-functions/
 */
import type { SNSEvent } from 'aws-lambda';

interface InvocationRecord {
  readonly requestPayload: SNSEvent;
}

export async function handler(record: InvocationRecord): Promise<void> {
  for (const { Sns } of record.requestPayload.Records) console.log(`not run: ${Sns.Message}`);
}

/**
 * Chapter 10's looper: a function with a bug that makes a loop. It is subscribed to the topic
 * loopSns, and for every message it gets, it publishes the next one to the same topic, which
 * invokes it again, and again. Nothing in its code stops the loop: Lambda does, after about 16
 * invocations in the same chain of requests, which it follows in the trace header that the SDK
 * in the runtime sends on with each Publish.
 * Source: https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';

const sns = new SNSClient({});

/** What each message of the loop holds. */
export interface Hop {
  readonly loopId: string;
  readonly hop: number;
}

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const { loopId, hop } = JSON.parse(record.Sns.Message) as Hop;
    console.log(`loop ${loopId}: hop ${hop}`);
    const next: Hop = { loopId, hop: hop + 1 };
    await sns.send(
      new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify(next) }),
    );
  }
}

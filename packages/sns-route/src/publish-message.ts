/**
 * Step 4.3: publish to the topic from code, as the walkthrough's `sns.js` does.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type SnsMessage, safeParseSnsMessage } from '@l2l/decoding';
import type { ClientConfig } from '@l2l/workshop';

export const SUBJECT = 'TestSNS';
// Mind the stray `}`: the message is a string, and SNS never checks that it is
// JSON. It is delivered exactly as written.
export const MESSAGE = '{"id":"snsFromNodeJS", "name":"Luna"}}';

/** The answer as the walkthrough prints it: `{ ResponseMetadata: { RequestId }, MessageId }`. */
export interface PrintablePublishResult {
  ResponseMetadata: { RequestId: string | undefined };
  MessageId: string | undefined;
}

export async function publishMessage(
  clientConfig: ClientConfig,
  topicArn: string,
): Promise<PrintablePublishResult> {
  const sns = new SNSClient(clientConfig);
  // TargetArn, as the walkthrough writes it, takes a topic's ARN as TopicArn does.
  const data = await sns.send(
    new PublishCommand({ TargetArn: topicArn, Message: MESSAGE, Subject: SUBJECT }),
  );
  // SDK v2 printed the request id as `ResponseMetadata.RequestId`; SDK v3 puts it in
  // `$metadata.requestId`. Shown here the 2017 way.
  return { ResponseMetadata: { RequestId: data.$metadata.requestId }, MessageId: data.MessageId };
}

/**
 * What a callee meets when it opts in to reading the message as JSON, with
 * `parseSnsMessage` from @l2l/decoding: for this message, an error that names
 * the message. Returns the parsed value or the error, as text.
 */
export function parseAsJson(notification: SnsMessage): string {
  const parsed = safeParseSnsMessage(notification);
  return parsed.success
    ? JSON.stringify(parsed.data)
    : `${parsed.error.name}: ${parsed.error.message}`;
}

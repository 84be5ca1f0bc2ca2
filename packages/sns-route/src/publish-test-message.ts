/**
 * Step 2.2: the test message the walkthrough publishes from the console ("Publish
 * to topic"): subject `test subject`, message format JSON, and the message made
 * with the "JSON message generator" from the text 지켜보고 있다. ("I'm watching").
 *
 * Message format JSON is `MessageStructure: 'json'`: the message is then a JSON
 * object with one text per delivery protocol. The generator put the text under
 * `default`, the one every protocol without an entry of its own gets (it also
 * filled in an entry per protocol, each with the same text, so only `default` is
 * kept here). A Lambda subscriber is sent its `lambda` entry or, as here, `default`:
 * echoTest sees only the text, not the JSON around it.
 */
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { ClientConfig } from '@l2l/workshop';

export const consoleTestMessage = {
  Subject: 'test subject',
  MessageStructure: 'json',
  Message: JSON.stringify({ default: '지켜보고 있다.' }),
} satisfies Omit<PublishCommandInput, 'TopicArn'>;

/** Publishes the console's test message; returns its MessageId. */
export async function publishTestMessage(
  clientConfig: ClientConfig,
  topicArn: string,
): Promise<string> {
  const sns = new SNSClient(clientConfig);
  const { MessageId } = await sns.send(
    new PublishCommand({ TopicArn: topicArn, ...consoleTestMessage }),
  );
  if (!MessageId) throw new Error(`SNS accepted the message for ${topicArn} but returned no id`);
  return MessageId;
}

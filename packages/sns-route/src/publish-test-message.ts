/**
 * Step 4.2: the test message the walkthrough publishes from the console ("Publish
 * to topic"): subject `test subject`, message format JSON, and the message made
 * with the "JSON message generator" from the text 지켜보고 있다. ("I'm watching").
 *
 * Message format JSON is `MessageStructure: 'json'`: the message is then a JSON
 * object with a text per delivery protocol, and `default` for every protocol
 * without an entry of its own. The generator writes the text under `default`
 * (and under the keys of the endpoint types it is asked for; none is needed
 * here). A Lambda subscriber is sent its `lambda` entry or, as here, `default`:
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

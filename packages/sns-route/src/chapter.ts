/**
 * Chapter 4 as steps: `pnpm --filter @l2l/sns-route run subscribe` (4.1),
 * `run publish-test` (4.2), `run publish-from-code` (4.3), or `start` for all three.
 */

import { deployCallee, deployStep, FUNCTION_NAME } from '@l2l/echo-callee';
import { type Chapter, type Step, type Workshop, waitForLoggedText } from '@l2l/workshop';
import { removeChapterResources } from './cleanup.ts';
import { parseAsJson, publishMessage } from './publish-message.ts';
import { consoleTestMessage, publishTestMessage } from './publish-test-message.ts';
import { receivedNotifications } from './received.ts';
import { permissionStatementId, subscribeToTopic, TOPIC_NAME } from './subscribe.ts';

/** What every step needs, made or found: echoTest, the topic, the permission and the subscription. */
async function subscribedCallee(workshop: Workshop) {
  const functionArn = await deployCallee(workshop);
  const subscription = await subscribeToTopic(workshop.clientConfig, {
    topicName: workshop.name(TOPIC_NAME),
    functionArn,
    tags: workshop.tags,
  });
  return { functionArn, ...subscription };
}

/** Each step can run on its own (an embedded local cloud starts empty), so each sets up first. */
const creates = (workshop: Workshop) => [
  `SNS topic ${workshop.name(TOPIC_NAME)} (billed per million publishes)`,
  ...(deployStep.creates?.(workshop) ?? []),
];

/**
 * Prints what echoTest logged for the message (published at `sentAt`), the SNS event it was
 * invoked with, and returns it.
 */
async function printCalleeLog(
  workshop: Workshop,
  messageId: string,
  sentAt: Date,
): Promise<string> {
  const functionName = workshop.name(FUNCTION_NAME);
  const logged = await waitForLoggedText(workshop.clientConfig, functionName, messageId, {
    sentAt,
  });
  console.log(`${functionName} logged:\n${logged}`);
  return logged;
}

export const setupStep: Step = {
  name: 'subscribe',
  title: '4.1 Create the topic {testSns} and subscribe {echoTest} to it',
  summary: 'deploy echoTest if needed, create the topic, let SNS invoke echoTest, subscribe it',
  creates,
  async run(workshop) {
    const { functionArn, topicArn, subscriptionArn } = await subscribedCallee(workshop);
    console.log(`Topic:        ${topicArn} (display name ${TOPIC_NAME})`);
    console.log(`Endpoint:     ${functionArn} (protocol lambda)`);
    console.log(
      `Permission:   sns.amazonaws.com may invoke it from this topic (statement ${permissionStatementId(workshop.name(TOPIC_NAME))})`,
    );
    console.log(`Subscription: ${subscriptionArn}`);
  },
};

export const publishTestStep: Step = {
  name: 'publish-test',
  title: "4.2 Publish the console's test message to {testSns}",
  summary: "publish the console's test message (subject 'test subject') and show echoTest's log",
  creates,
  async run(workshop) {
    const { topicArn } = await subscribedCallee(workshop);
    const sentAt = new Date();
    const messageId = await publishTestMessage(workshop.clientConfig, topicArn);
    console.log('Published', consoleTestMessage);
    await printCalleeLog(workshop, messageId, sentAt);
  },
};

export const publishStep: Step = {
  name: 'publish-from-code',
  title: '4.3 Publish to {testSns} from code',
  summary: "publish the walkthrough's message from code and show echoTest's log",
  creates,
  async run(workshop) {
    const { topicArn } = await subscribedCallee(workshop);
    const sentAt = new Date();
    const result = await publishMessage(workshop.clientConfig, topicArn);
    console.log(result);
    const messageId = result.MessageId;
    if (!messageId) throw new Error(`SNS accepted the message for ${topicArn} but returned no id`);
    const logged = await printCalleeLog(workshop, messageId, sentAt);
    // SNS delivered the text as it was published, stray brace and all (the log shows it).
    // A callee that opts in to reading what it received as JSON fails on it.
    for (const notification of receivedNotifications(logged)) {
      console.log(
        `Read as JSON with parseSnsMessage (@l2l/decoding):\n${parseAsJson(notification)}`,
      );
    }
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/sns-route',
  title: 'Chapter 4: subscribe a Lambda function to an SNS topic',
  steps: [setupStep, publishTestStep, publishStep],
  cleanup: removeChapterResources,
};

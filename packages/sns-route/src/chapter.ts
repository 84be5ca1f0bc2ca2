/**
 * Chapter 4 as steps: `pnpm --filter @l2l/sns-route run subscribe` (4.1),
 * `run publish-test` (4.2), `run publish-from-code` (4.3), `run subscribe-latest` (4.4),
 * `run move-alias` (4.5), or `start` for all five.
 */

import { SNSClient, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { deployStep, ensureCallee, FUNCTION_NAME } from '@l2l/echo-callee';
import { type Chapter, type Step, type Workshop, waitForLoggedText } from '@l2l/workshop';
import { ALIAS_NAME, ensureAlias, moveAlias } from './alias.ts';
import { removeChapterResources } from './cleanup.ts';
import { failureLogGroup, versionThatLogged, waitForRefusedDelivery } from './delivery-log.ts';
import { parseAsJson, publishMessage } from './publish-message.ts';
import { consoleTestMessage, publishTestMessage } from './publish-test-message.ts';
import { receivedNotifications } from './received.ts';
import { permissionStatementId, subscribe, subscribeToTopic, TOPIC_NAME } from './subscribe.ts';

/**
 * What every step needs, made or found: echoTest (its code as $LATEST), the alias
 * `live` (made once, pointing at a version published then), the topic, the permission and the
 * subscription of the alias.
 */
export async function subscribedCallee(workshop: Workshop) {
  // Deploys only when echoTest is missing or runs other code: every UpdateFunctionCode,
  // even of the same code, makes the next PublishVersion publish a new version.
  const functionArn = await ensureCallee(workshop);
  const alias = await ensureAlias(workshop.clientConfig, workshop.name(FUNCTION_NAME));
  const subscription = await subscribeToTopic(workshop.clientConfig, {
    topicName: workshop.name(TOPIC_NAME),
    functionArn,
    qualifier: ALIAS_NAME,
    tags: workshop.tags,
  });
  return { functionArn, alias, ...subscription };
}

/** Each step can run on its own (an embedded local cloud starts empty), so each sets up first. */
const creates = (workshop: Workshop) => [
  `SNS topic ${workshop.name(TOPIC_NAME)} (billed per million publishes)`,
  ...(deployStep.creates?.(workshop) ?? []),
];

/**
 * Prints which version of echoTest ran for the message (published at `sentAt`) and what it
 * logged, the SNS event it was invoked with; returns that.
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
  const version = await versionThatLogged(workshop.clientConfig, functionName, messageId);
  console.log(`${functionName} logged (version ${version}, through ${ALIAS_NAME}):\n${logged}`);
  return logged;
}

export const setupStep: Step = {
  name: 'subscribe',
  title: "4.1 Create the topic {testSns} and subscribe {echoTest}'s alias live to it",
  summary:
    'deploy echoTest if needed, create the topic, publish a version as the alias live, let SNS invoke live, subscribe it',
  creates,
  async run(workshop) {
    const { alias, topicArn, subscriptionArn } = await subscribedCallee(workshop);
    console.log(`Topic:        ${topicArn} (display name ${TOPIC_NAME})`);
    console.log(
      `Alias:        ${ALIAS_NAME} → version ${alias.version} of ${workshop.name(FUNCTION_NAME)}`,
    );
    console.log(`Endpoint:     ${alias.aliasArn} (protocol lambda)`);
    console.log(
      `Permission:   sns.amazonaws.com may invoke ${ALIAS_NAME} from this topic (statement ${permissionStatementId(workshop.name(TOPIC_NAME))})`,
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

export const latestStep: Step = {
  name: 'subscribe-latest',
  title: '4.4 Subscribe {echoTest} itself too, which the permission does not cover',
  summary:
    "subscribe echoTest's $LATEST as the 2017 console did, publish, see SNS refused, unsubscribe it",
  creates,
  async run(workshop) {
    const { functionArn, topicArn } = await subscribedCallee(workshop);
    const sns = new SNSClient(workshop.clientConfig);
    const subscriptionArn = await subscribe(sns, topicArn, functionArn);
    try {
      console.log(
        `Endpoint:     ${functionArn} ($LATEST; the permission names ${ALIAS_NAME} only)`,
      );
      console.log(`Subscription: ${subscriptionArn}`);
      const sentAt = new Date();
      const messageId = await publishTestMessage(workshop.clientConfig, topicArn);
      console.log(`Published:    ${messageId}`);
      const functionName = workshop.name(FUNCTION_NAME);
      await waitForLoggedText(workshop.clientConfig, functionName, messageId, { sentAt });
      const version = await versionThatLogged(workshop.clientConfig, functionName, messageId);
      console.log(`Delivered to ${ALIAS_NAME}: ${functionName} version ${version} logged it`);
      if (workshop.options.target === 'aws') {
        // SNS logs deliveries only for a topic with delivery status logging, which needs an
        // IAM role for SNS: https://docs.aws.amazon.com/sns/latest/dg/topics-attrib.html
        console.log(
          `Refused for $LATEST: ${functionName} never runs for it. With delivery status logging on (the topic's LambdaFailureFeedbackRoleArn), SNS logs why in ${failureLogGroup(topicArn)}.`,
        );
      } else {
        const refused = await waitForRefusedDelivery(
          workshop.clientConfig,
          topicArn,
          messageId,
          functionArn,
        );
        console.log(
          `Refused for $LATEST, as ${failureLogGroup(topicArn)} shows:\n  status ${refused.statusCode}, ${refused.providerResponse}`,
        );
      }
    } finally {
      // Later publishes reach echoTest through live only, as before.
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
      console.log(`Unsubscribed ${subscriptionArn}`);
    }
  },
};

export const moveAliasStep: Step = {
  name: 'move-alias',
  title: "4.5 Publish {echoTest}'s code as a version and move live to it",
  summary: "publish $LATEST's code as a version (if it changed) and point the alias live at it",
  creates,
  async run(workshop) {
    await subscribedCallee(workshop);
    const functionName = workshop.name(FUNCTION_NAME);
    const { from, to } = await moveAlias(workshop.clientConfig, functionName);
    console.log(
      from === to.version
        ? `${ALIAS_NAME} stays at version ${from}: $LATEST's code and settings are that version's`
        : `${ALIAS_NAME}: version ${from} → version ${to.version}; SNS's deliveries run version ${to.version} now`,
    );
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/sns-route',
  title: 'Chapter 4: subscribe a Lambda function to an SNS topic',
  steps: [setupStep, publishTestStep, publishStep, latestStep, moveAliasStep],
  cleanup: removeChapterResources,
};

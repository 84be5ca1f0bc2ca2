import { maskOutput, stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { chapter, publishStep, publishTestStep, setupStep } from '../src/chapter.ts';

// The local cloud's account and region; its signing certificate's name is fixed.
const topicArn = 'arn:aws:sns:us-east-1:000000000000:testSns';
const signingCertUrl =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-6c326c2d6c6f63616c2d636c6f756421.pem';

/** The SNS event as echoTest logs it (util.inspect, full depth). */
const loggedEvent = (subject: string, message: string) => `echoTest logged:
{
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: '${topicArn}:<uuid>',
      Sns: {
        Type: 'Notification',
        MessageId: '<uuid>',
        TopicArn: '${topicArn}',
        Subject: '${subject}',
        Message: '${message}',
        Timestamp: '<time>',
        SignatureVersion: '1',
        Signature: '<signature>',
        SigningCertUrl: '${signingCertUrl}',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:<uuid>',
        MessageAttributes: {}
      }
    }
  ]
}`;

const expected = {
  setup: `
── 2.1 Create the topic testSns and subscribe echoTest to it ──
Topic:        ${topicArn} (display name testSns)
Endpoint:     arn:aws:lambda:us-east-1:000000000000:function:echoTest (protocol lambda)
Permission:   sns.amazonaws.com may invoke it from this topic (statement sns-testSns)
Subscription: ${topicArn}:<uuid>
`,
  publishTest: `
── 2.2 Publish the console's test message to testSns ──
Published {
  Subject: 'test subject',
  MessageStructure: 'json',
  Message: '{"default":"지켜보고 있다."}'
}
${loggedEvent('test subject', '지켜보고 있다.')}
`,
  publish: `
── 2.3 Publish to testSns from code ──
{
  ResponseMetadata: { RequestId: '<uuid>' },
  MessageId: '<uuid>'
}
${loggedEvent('TestSNS', '{"id":"snsFromNodeJS", "name":"Luna"}}')}
Read as JSON with parseSnsMessage (@l2l/decoding):
DecodingError: SNS message <uuid>: Invalid JSON: Unexpected non-whitespace character after JSON at position 37
`,
};

describe('chapter 2 on the local cloud', () => {
  it('prints what the walkthrough prints, and the same on a second run', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (let run = 1; run <= 2; run++) {
        expect(maskOutput(await stepOutput(workshop, setupStep))).toBe(expected.setup);
        expect(maskOutput(await stepOutput(workshop, publishTestStep))).toBe(expected.publishTest);
        expect(maskOutput(await stepOutput(workshop, publishStep))).toBe(expected.publish);
      }
    });
  });

  it('runs each step on its own, on an empty cloud', async () => {
    for (const [step, output] of [
      [publishTestStep, expected.publishTest],
      [publishStep, expected.publish],
    ] as const) {
      await withLocalWorkshop(async (workshop) => {
        expect(maskOutput(await stepOutput(workshop, step))).toBe(output);
      });
    }
  });

  it('answers with the same topic and subscription on a second run: nothing new is made', async () => {
    await withLocalWorkshop(async (workshop) => {
      const first = await stepOutput(workshop, setupStep);
      expect(await stepOutput(workshop, setupStep)).toBe(first);
    });
  });

  it('cleans up what it made, then finds nothing to remove, and runs again from scratch', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (const step of chapter.steps) await stepOutput(workshop, step);
      expect(maskOutput((await chapter.cleanup(workshop)).join('\n'))).toBe(
        [
          `SNS subscription ${topicArn}:<uuid>`,
          'SNS topic testSns',
          'Lambda permission sns-testSns of echoTest',
          'Lambda function echoTest',
          'log group /aws/lambda/echoTest',
          'IAM role echoTest-role',
        ].join('\n'),
      );
      expect(await chapter.cleanup(workshop)).toEqual([]);
      expect(maskOutput(await stepOutput(workshop, publishStep))).toBe(expected.publish);
    });
  });
});

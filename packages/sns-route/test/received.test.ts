import { inspect } from 'node:util';
import { snsConsoleTestEvent, snsPublishedEvent } from '@l2l/decoding/fixtures';
import { describe, expect, it } from 'vitest';
import { receivedNotifications } from '../src/received.ts';

/** What echoTest logs for an event (packages/echo-handler/src/echo.ts). */
const logged = (event: unknown) => inspect(event, { depth: null });

describe('receivedNotifications', () => {
  it('decodes the event of step 4.3 from what echoTest logged, stray brace and all', () => {
    expect(receivedNotifications(logged(snsPublishedEvent))).toEqual([
      {
        messageId: snsPublishedEvent.Records[0]?.Sns.MessageId,
        topicArn: snsPublishedEvent.Records[0]?.Sns.TopicArn,
        subject: 'TestSNS',
        message: '{"id":"snsFromNodeJS", "name":"Luna"}}',
        timestamp: snsPublishedEvent.Records[0]?.Sns.Timestamp,
        attributes: {},
      },
    ]);
  });

  it('reads the Korean text of step 4.2, and a text with a quote and a line break', () => {
    const record = snsConsoleTestEvent.Records[0];
    if (record === undefined) throw new Error('the fixture has no record');
    const [received] = receivedNotifications(logged(snsConsoleTestEvent));
    expect(received?.message).toBe('지켜보고 있다.');
    const quoted = { Records: [{ ...record, Sns: { ...record.Sns, Message: "it's\nhere" } }] };
    expect(receivedNotifications(logged(quoted))[0]?.message).toBe("it's\nhere");
  });
});

/**
 * The looper and loop-stopped, with the SNS client mocked: the looper publishes the next hop of
 * every message it gets to its own topic (the bug that makes the loop), loop-stopped logs the
 * message of the event Lambda did not run.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as loopStopped } from '../src/functions/loop-stopped.ts';
import { handler as looper } from '../src/functions/looper.ts';

const sns = mockClient(SNSClient);
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ana-loopSns';
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  vi.stubEnv('TOPIC_ARN', TOPIC_ARN);
  vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const snsEvent = (...messages: string[]) =>
  ({ Records: messages.map((Message) => ({ Sns: { Message } })) }) as unknown as SNSEvent;

describe('the looper', () => {
  it('publishes the next hop of each message to its own topic, and logs the hop it ran', async () => {
    await looper(snsEvent('{"loopId":"l-1","hop":3}', '{"loopId":"l-2","hop":1}'));
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      { TopicArn: TOPIC_ARN, Message: '{"loopId":"l-1","hop":4}' },
      { TopicArn: TOPIC_ARN, Message: '{"loopId":"l-2","hop":2}' },
    ]);
    expect(vi.mocked(console.log).mock.calls).toEqual([['loop l-1: hop 3'], ['loop l-2: hop 1']]);
  });
});

describe('loop-stopped', () => {
  it('logs the message of the event that was not run', async () => {
    await loopStopped({ requestPayload: snsEvent('{"loopId":"l-1","hop":17}') });
    expect(vi.mocked(console.log).mock.calls).toEqual([['not run: {"loopId":"l-1","hop":17}']]);
  });
});

import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { waitForLoggedText } from '../src/callee-log.ts';
import { targets } from './targets.ts';

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());

const messageId = '207e6adf-277a-5191-a94b-3b98d96b3f4d';
const since = 1_489_893_153_000;
// What the Node.js runtime writes for console.log of a two-line text: one event, lines joined by \r.
const line = `2017-03-19T03:32:34.101Z\t094d4d3e-1f1e-4c1a-9d3e-5a0f7e1b2c3d\tINFO\t{\r  MessageId: '${messageId}'\r}\n`;
const query = {
  logGroupName: '/aws/lambda/echoTest',
  filterPattern: `"${messageId}"`,
  startTime: since,
};

describe.each(['local', 'aws'] as const)('waitForLoggedText on the %s target', (target) => {
  const config = targets[target];

  it('asks again until the line is there (no log group yet, then nothing yet), and returns what was logged', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejectsOnce(
        new ResourceNotFoundException({
          message: 'The specified log group does not exist.',
          $metadata: {},
        }),
      )
      .resolvesOnce({ events: [] })
      .resolves({ events: [{ message: line }] });
    await expect(waitForLoggedText(config, 'echoTest', messageId, { since })).resolves.toBe(
      `{\n  MessageId: '${messageId}'\n}`,
    );
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 3);
    for (const call of logs.commandCalls(FilterLogEventsCommand)) {
      expect(call.args[0].input).toEqual(query);
    }
  });

  it('reads on through the pages of one search', async () => {
    logs
      .on(FilterLogEventsCommand, query)
      .resolves({ events: [], nextToken: 'page-2' })
      .on(FilterLogEventsCommand, { ...query, nextToken: 'page-2' })
      .resolves({ events: [{ message: line }] });
    await expect(waitForLoggedText(config, 'echoTest', messageId, { since })).resolves.toContain(
      messageId,
    );
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 2);
  });

  it('gives up after the time limit, saying what it waited for', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await expect(
      waitForLoggedText(config, 'echoTest', messageId, { since, timeoutMs: 250 }),
    ).rejects.toThrow(
      `echoTest logged nothing with ${messageId} in 0.25 s (log group /aws/lambda/echoTest). Is it subscribed, and may SNS invoke it?`,
    );
  });

  it('passes any other error on', async () => {
    logs.on(FilterLogEventsCommand).rejects(new Error('Rate exceeded'));
    await expect(waitForLoggedText(config, 'echoTest', messageId, { since })).rejects.toThrow(
      'Rate exceeded',
    );
  });
});

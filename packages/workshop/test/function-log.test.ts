import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleMessage, waitForLoggedText } from '../src/function-log.ts';
import { TARGETS } from '../src/testing.ts';
import { WorkshopError } from '../src/workshop.ts';

const logs = mockClient(CloudWatchLogsClient);
const PUT_AT = new Date('2017-03-19T04:48:43.000Z');
const REQUEST_ID = '094d4d3e-0c11-11e7-b9a6-2dbd1c4e5f2a';
const line = (message: string) => `2017-03-19T04:48:44.100Z\t${REQUEST_ID}\tINFO\t${message}\n`;

beforeEach(() => {
  logs.reset();
  // No progress dots in the test output.
  vi.spyOn(process.stderr, 'write').mockReturnValue(true);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const config = TARGETS.aws;

describe('waitForLoggedText', () => {
  it("asks for the function's log lines that hold the term, since the time it is given", async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: line('{ id: 1 }') }] });
    await expect(waitForLoggedText(config, 'echoTest', '4957', { since: PUT_AT })).resolves.toBe(
      '{ id: 1 }',
    );
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/echoTest',
      filterPattern: '"4957"',
      startTime: PUT_AT.getTime(),
    });
  });

  it('waits for the log group and then for the lines, and follows the pages', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejectsOnce(
        new ResourceNotFoundException({
          message: 'The specified log group does not exist.',
          $metadata: {},
        }),
      )
      .resolvesOnce({ events: [] })
      .resolvesOnce({ events: [], nextToken: 'more' })
      .resolvesOnce({ events: [{ message: line('found') }] });
    vi.useFakeTimers();
    const waited = waitForLoggedText(config, 'echoTest', '4957', { since: PUT_AT });
    await vi.runAllTimersAsync();
    await expect(waited).resolves.toBe('found');
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 4);
    expect(logs).toHaveReceivedNthCommandWith(FilterLogEventsCommand, 4, { nextToken: 'more' });
  });

  it('gives up after 3 minutes', async () => {
    vi.useFakeTimers();
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const waited = waitForLoggedText(config, 'echoTest', '4957', { since: PUT_AT }).catch((e) => e);
    await vi.runAllTimersAsync();
    expect(await waited).toEqual(
      new WorkshopError('Gave up after 180 s waiting for echoTest to log 4957.'),
    );
  });
});

describe('consoleMessage', () => {
  it('keeps what the handler logged, with its line breaks', () => {
    expect(consoleMessage(line('{\n    "a": 1\n}'))).toBe('{\n    "a": 1\n}');
  });

  it('leaves other lines as they are', () => {
    expect(consoleMessage(`START RequestId: ${REQUEST_ID} Version: $LATEST\n`)).toBe(
      `START RequestId: ${REQUEST_ID} Version: $LATEST`,
    );
  });
});

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

describe('waitForLoggedText, when the function logged the event cut short', () => {
  const cutOff = `{ Records: [ { EventSource: 'aws:sns', Sns: [Object] } ] }`;
  const lineAt = (time: string, message: string) => `${time}\t${REQUEST_ID}\tINFO\t${message}\n`;
  const answer = (lines: Record<string, string[]>) =>
    logs.on(FilterLogEventsCommand).callsFake(({ filterPattern }) => ({
      events: (lines[filterPattern] ?? []).map((message) => ({ message })),
    }));

  it('says so at once, showing the line, when it ran after the text was sent', async () => {
    answer({ '"[Object]"': [lineAt('2017-03-19T04:48:44.100Z', cutOff)] });
    const failure = waitForLoggedText(config, 'echoTest', '4957', { sentAt: PUT_AT });
    await expect(failure).rejects.toThrow(
      `echoTest ran, but its log does not show 4957: it logged the event with [Object] where its inner levels were, as console.log(event) does:\n${cutOff}\nLog the whole event, as packages/echo-handler/src/echo.ts does with inspect(event, { depth: null }), and run the step again.`,
    );
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      filterPattern: '"[Object]"',
      startTime: PUT_AT.getTime(),
    });
  });

  it('finds [Array] too', async () => {
    answer({ '"[Array]"': [lineAt('2017-03-19T04:48:44.100Z', '{ Records: [Array] }')] });
    await expect(waitForLoggedText(config, 'echoTest', '4957', { sentAt: PUT_AT })).rejects.toThrow(
      'it logged the event with [Array] where its inner levels were',
    );
  });

  it('waits on past a line cut short before the text was sent, and finds the text', async () => {
    answer({ '"[Object]"': [lineAt('2017-03-19T04:48:42.900Z', cutOff)] });
    vi.useFakeTimers();
    const waited = waitForLoggedText(config, 'echoTest', '4957', { sentAt: PUT_AT });
    await vi.advanceTimersByTimeAsync(1_000);
    answer({ '"4957"': [line('{ id: 4957 }')] });
    await vi.runAllTimersAsync();
    await expect(waited).resolves.toBe('{ id: 4957 }');
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

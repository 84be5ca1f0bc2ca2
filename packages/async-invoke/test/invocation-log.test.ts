import {
  AccessDeniedException,
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { WorkshopError } from '@l2l/workshop';
import { expectClientConfig, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  invocationError,
  invocationLog,
  isColdStart,
  waitForInvocationLog,
} from '../src/invocation-log.ts';

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());
afterEach(() => vi.useRealTimers());

const requestId = '094d4d3e-0c64-11e7-a1b4-c1d3a2e3b0f4';
const stream = '2017/03/19/[$LATEST]0123456789abcdef0123456789abcdef';
/** The four lines of a cold start, as Lambda sends them to CloudWatch Logs. */
const coldStartMessages = [
  `START RequestId: ${requestId} Version: $LATEST\n`,
  `2017-03-19T02:52:05.890Z\t${requestId}\tINFO\t{ id: '1', name: 'Luna' }\n`,
  `END RequestId: ${requestId}\n`,
  `REPORT RequestId: ${requestId}\tDuration: 208.59 ms\tBilled Duration: 300 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\tInit Duration: 187.12 ms\t\n`,
];
const events = (messages: readonly string[]) =>
  messages.map((message, index) => ({
    logStreamName: stream,
    timestamp: 1489891925890 + index,
    message,
  }));
const notYet = new ResourceNotFoundException({
  message: 'The specified log group does not exist.',
  $metadata: {},
});

describe('the log of one invocation', () => {
  const config = TARGETS.aws;
  it("filters echoTest's log group on the request id, and trims each line", async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: events(coldStartMessages) });
    const before = Date.now();
    expect(await invocationLog(config, 'echoTest', requestId)).toEqual([
      `START RequestId: ${requestId} Version: $LATEST`,
      `2017-03-19T02:52:05.890Z\t${requestId}\tINFO\t{ id: '1', name: 'Luna' }`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: 208.59 ms\tBilled Duration: 300 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\tInit Duration: 187.12 ms`,
    ]);
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 1);
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, {
      logGroupName: '/aws/lambda/echoTest',
      filterPattern: `"${requestId}"`,
    });
    // From a minute before the call on, in case this machine's clock is ahead of AWS's.
    const { startTime } = logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input ?? {};
    expect(startTime).toBeGreaterThanOrEqual(before - 60_000);
    expect(startTime).toBeLessThanOrEqual(Date.now() - 60_000);
    await expectClientConfig(logs.call(0).thisValue as CloudWatchLogsClient, config);
  });

  it('finds no lines, and no error, while the log group does not exist yet', async () => {
    logs.on(FilterLogEventsCommand).rejects(notYet);
    expect(await invocationLog(config, 'echoTest', requestId)).toEqual([]);
  });

  it('follows nextToken past pages without events, as FilterLogEvents sends them', async () => {
    const pages = [
      { events: [], nextToken: 'page-2' },
      { events: events(coldStartMessages.slice(0, 2)), nextToken: 'page-3' },
      { events: events(coldStartMessages.slice(2)) },
    ];
    // The paginator reuses one input object, so each call's token is noted as it is sent.
    const tokens: (string | undefined)[] = [];
    logs.on(FilterLogEventsCommand).callsFake((input) => {
      tokens.push(input.nextToken);
      return pages[tokens.length - 1];
    });
    expect(await invocationLog(config, 'echoTest', requestId)).toHaveLength(4);
    expect(tokens).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('waits for the REPORT line: no log group yet, then a run still going, then the end', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejectsOnce(notYet)
      .resolvesOnce({ events: events(coldStartMessages.slice(0, 2)) })
      .resolves({ events: events(coldStartMessages) });
    vi.useFakeTimers();
    const waited = waitForInvocationLog(config, 'echoTest', requestId);
    await vi.runAllTimersAsync();
    const lines = await waited;
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^REPORT RequestId: /);
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 3);
  });

  it('gives up after the timeout, saying what it waited for', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: events(coldStartMessages.slice(0, 2)) });
    vi.useFakeTimers();
    const waited = waitForInvocationLog(config, 'echoTest', requestId, 200).catch(
      (caught: unknown) => caught,
    );
    await vi.runAllTimersAsync();
    const error = await waited;
    expect(error).toBeInstanceOf(WorkshopError);
    expect((error as Error).message).toBe(
      `Gave up after 0.2 s waiting for the REPORT line of request ${requestId} in /aws/lambda/echoTest, which Lambda writes when the run is over.`,
    );
  });

  it('lets any other error through at once', async () => {
    logs.on(FilterLogEventsCommand).rejects(
      new AccessDeniedException({
        message: 'not allowed: logs:FilterLogEvents',
        $metadata: {},
      }),
    );
    await expect(waitForInvocationLog(config, 'echoTest', requestId)).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
    expect(logs).toHaveReceivedCommandTimes(FilterLogEventsCommand, 1);
  });
});

describe('a cold or a warm start, read from the REPORT line', () => {
  const lines = coldStartMessages.map((message) => message.trimEnd());
  const report = lines[3] as string;

  it('is cold when REPORT has an Init Duration', () => {
    expect(isColdStart(lines)).toBe(true);
  });

  it('is warm when it has none', () => {
    const warm = report.replace(/\tInit Duration: [\d.]+ ms/, '');
    expect(isColdStart([...lines.slice(0, 3), warm])).toBe(false);
  });

  it('does not take the handler printing "Init Duration:" for a cold start', () => {
    const printed = `2017-03-19T02:52:05.890Z\t${requestId}\tINFO\tInit Duration: 0 ms`;
    expect(isColdStart([printed])).toBe(false);
  });
});

describe('the error of a run that failed', () => {
  const id = requestId;
  it('is the Invoke Error line the runtime logs when the handler throws', () => {
    const error = `{"errorType":"DecodingError","errorMessage":"not a Kinesis batch"}`;
    expect(
      invocationError([
        `START RequestId: ${id} Version: $LATEST`,
        `2017-03-19T02:52:05.890Z\t${id}\tERROR\tInvoke Error \t${error}`,
        `END RequestId: ${id}`,
        `REPORT RequestId: ${id}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\tStatus: error\tError Type: Runtime.Unknown`,
      ]),
    ).toBe(`Invoke Error \t${error}`);
  });

  it("is REPORT's Status when the run ended without one (a timeout)", () => {
    expect(
      invocationError([
        `REPORT RequestId: ${id}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\tStatus: timeout`,
      ]),
    ).toBe('timeout');
  });

  it('is none for a run that succeeded, even one whose handler logged an error of its own', () => {
    expect(invocationError(coldStartMessages.map((line) => line.trimEnd()))).toBeUndefined();
    expect(invocationError([`<time>\t${id}\tERROR\tcould not read record 2`])).toBeUndefined();
  });
});

import {
  directInvokeEvent,
  kinesisPutRecordEvent,
  kinesisRecordWith,
  snsConsoleTestEvent,
} from '@l2l/decoding/fixtures';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { echoHandler, kinesisDecodeHandler } from '../src/index.ts';

let log: MockInstance<typeof console.log>;
let logError: MockInstance<typeof console.error>;

beforeEach(() => {
  log = vi.spyOn(console, 'log').mockImplementation(() => {});
  logError = vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the echo handler (step 1.1)', () => {
  it('logs the direct event as the log of chapter 3 shows it, and returns it', async () => {
    await expect(echoHandler(directInvokeEvent)).resolves.toBe(directInvokeEvent);
    expect(log).toHaveBeenCalledExactlyOnceWith("{ id: '1', name: 'Luna' }");
  });

  it('logs the SNS event of step 4.2 in full', async () => {
    await expect(echoHandler(snsConsoleTestEvent)).resolves.toBe(snsConsoleTestEvent);
    expect(log).toHaveBeenCalledOnce();
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain("EventSource: 'aws:sns'");
    expect(logged).toContain("Subject: 'test subject'");
    expect(logged).toContain("Message: '지켜보고 있다.'");
    expect(logged).toContain('MessageAttributes: {}');
    expect(logged).not.toContain('[Object]');
  });

  it('logs the Kinesis event of step 5.2 in full, data still in base64', async () => {
    await expect(echoHandler(kinesisPutRecordEvent)).resolves.toBe(kinesisPutRecordEvent);
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain(
      "data: 'eyJldmVudF9uYW1lIjoiS2luZXNpcyDsmIjsoJwiLCJldmVudF9jcmVhdGVkX2F0IjoiMjAxNy0wMy0xOVQwNDo0ODo0My4xOTlaIn0='",
    );
    expect(logged).toContain(
      "eventID: 'shardId-000000000000:49571470617410410658004564491315382019801680888626937858'",
    );
    expect(logged).not.toContain('[Object]');
  });
});

describe('the Kinesis decoding handler (step 5.3)', () => {
  it('logs the decoded data of the step 5.2 record and reports no failure', async () => {
    await expect(kinesisDecodeHandler(kinesisPutRecordEvent)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(log).toHaveBeenCalledExactlyOnceWith(
      [
        '{',
        '    "event_name": "Kinesis 예제",',
        '    "event_created_at": "2017-03-19T04:48:43.199Z"',
        '}',
      ].join('\n'),
    );
    expect(logError).not.toHaveBeenCalled();
  });

  it('logs the records it can decode and reports the others for retry', async () => {
    const event = {
      Records: [
        kinesisRecordWith('bm90IGpzb24=', '1001'), // base64 of "not json"
        ...kinesisPutRecordEvent.Records,
        kinesisRecordWith('not base64!', '1002'),
      ],
    };
    await expect(kinesisDecodeHandler(event)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: '1001' }, { itemIdentifier: '1002' }],
    });
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]?.[0]).toContain('"event_name": "Kinesis 예제"');
    expect(logError.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/^Kinesis record 1001 from shardId-000000000000: Invalid JSON/),
      expect.stringMatching(/^Kinesis record 1002 from shardId-000000000000: Invalid base64/),
    ]);
  });

  it('answers an empty batch with no failures', async () => {
    await expect(kinesisDecodeHandler({ Records: [] })).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(log).not.toHaveBeenCalled();
  });
});

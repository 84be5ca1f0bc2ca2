/**
 * The bounds of the logs the local cloud keeps, on the model: one event is cut at the size
 * CloudWatch Logs takes, and all events together keep to a byte budget, the oldest dropped
 * first, with one notice. (The cut through the SDK, end to end: bounds.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID, type LogEvent } from '../src/index.ts';
import { EVENT_OVERHEAD_BYTES, MAX_MESSAGE_BYTES } from '../src/services/logs/event-size.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { REGION } from './support/local-cloud.ts';

const GROUP = '/aws/lambda/loud';

/** A message that CloudWatch Logs counts as `size` bytes (UTF-8 plus 26), and tells apart by `tag`. */
function messageOf(tag: string, size = 100): string {
  return tag.padEnd(size - EVENT_OVERHEAD_BYTES, '.');
}

function messages(model: LogsModel, stream: string): string[] {
  return model.stream(REGION, GROUP, stream).events.map((event) => event.message.slice(0, 3));
}

describe('one log event', () => {
  const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
  const written: LogEvent[] = [];
  model.subscribe((event) => written.push(event));
  const storedAfter = (line: string) => {
    model.append(REGION, GROUP, 'cut', line);
    return model.stream(REGION, GROUP, 'cut').events.at(-1)?.message ?? '';
  };

  it('keeps a message of 1 MB less 26 bytes whole', () => {
    const line = 'x'.repeat(MAX_MESSAGE_BYTES);
    expect(storedAfter(line)).toBe(line);
  });

  it('cuts a longer one to its first 1,048,550 bytes, for readers and listeners alike', () => {
    const line = `START ${'y'.repeat(2 * MAX_MESSAGE_BYTES)}\n`;
    const stored = storedAfter(line);
    expect(MAX_MESSAGE_BYTES).toBe(1_048_550);
    expect(stored).toBe(line.slice(0, MAX_MESSAGE_BYTES));
    expect(written.at(-1)?.message).toBe(stored);
    expect(model.stream(REGION, GROUP, 'cut').storedBytes).toBe(2 * MAX_MESSAGE_BYTES);
  });

  it('cuts between characters, never inside one', () => {
    // 'a' then 3-byte characters: the limit falls after the first byte of one of them.
    const line = `a${'€'.repeat(MAX_MESSAGE_BYTES / 3 + 10)}`;
    const stored = storedAfter(line);
    expect(Buffer.byteLength(stored)).toBe(MAX_MESSAGE_BYTES - 1);
    expect(line.startsWith(stored)).toBe(true);
    expect(stored).not.toContain('\uFFFD');
  });
});

describe('the byte budget of the logs kept', () => {
  function budgeted(maxBytes: number) {
    const notices: string[] = [];
    const model = new LogsModel({
      accountId: LOCAL_ACCOUNT_ID,
      maxBytes,
      onNotice: (notice) => notices.push(notice),
    });
    return { model, notices };
  }

  it('drops the oldest events first, across streams, down to 7/8 of the budget', () => {
    const { model, notices } = budgeted(1_000);
    for (let n = 0; n < 5; n++) {
      model.append(REGION, GROUP, 'a', messageOf(`a${n}`));
      model.append(REGION, GROUP, 'b', messageOf(`b${n}`));
    }
    expect(notices).toEqual([]);
    expect(messages(model, 'a')).toEqual(['a0.', 'a1.', 'a2.', 'a3.', 'a4.']);
    model.append(REGION, GROUP, 'b', messageOf('b5')); // 1,100 bytes: 3 go, 800 stay
    expect(messages(model, 'a')).toEqual(['a2.', 'a3.', 'a4.']);
    expect(messages(model, 'b')).toEqual(['b1.', 'b2.', 'b3.', 'b4.', 'b5.']);
    expect(model.stream(REGION, GROUP, 'a').storedBytes).toBe(3 * (100 - EVENT_OVERHEAD_BYTES));
    expect(notices).toEqual([
      'the log events kept in memory reached their budget of 1000 bytes (maxLogBytes): the oldest are dropped from now on, and GetLogEvents and FilterLogEvents no longer return them.',
    ]);
  });

  it('empties whole streams and groups that are older than the rest, and says so only once', () => {
    const { model, notices } = budgeted(1024 * 1024);
    const size = 16 * 1024; // 64 events fill the budget
    for (let n = 0; n < 32; n++) {
      model.append(REGION, '/aws/lambda/early', `s${n % 4}`, messageOf('old', size));
    }
    for (let n = 0; n < 100; n++) model.append(REGION, GROUP, 'late', messageOf('new', size));
    for (let n = 0; n < 4; n++) {
      expect(model.stream(REGION, '/aws/lambda/early', `s${n}`).events).toEqual([]);
    }
    const kept = model.stream(REGION, GROUP, 'late').events.length;
    expect(kept).toBeGreaterThanOrEqual(56);
    expect(kept).toBeLessThanOrEqual(64);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('budget of 1 MB');
  });

  it('stops counting the events of a deleted stream or group', () => {
    const { model, notices } = budgeted(1_000);
    for (let n = 0; n < 5; n++) model.append(REGION, '/gone', 'one', messageOf(`g${n}`));
    for (let n = 0; n < 3; n++) model.append(REGION, GROUP, 'gone', messageOf(`s${n}`));
    model.deleteLogGroup(REGION, '/gone');
    model.deleteLogStream(REGION, GROUP, 'gone');
    for (let n = 0; n < 10; n++) model.append(REGION, GROUP, 'kept', messageOf(`k${n}`));
    expect(notices).toEqual([]);
    expect(messages(model, 'kept')).toHaveLength(10);
  });

  it('keeps to the budget over many appends', () => {
    const { model, notices } = budgeted(100_000);
    let kept = 0;
    for (let n = 0; n < 50_000; n++) {
      model.append(REGION, GROUP, `s${n % 7}`, messageOf(String(n), 26 + (n % 200)));
      if (n % 5_000 === 0) model.deleteLogStream(REGION, GROUP, `s${n % 7}`);
    }
    for (let n = 0; n < 7; n++) {
      const stream = model.stream(REGION, GROUP, `s${n}`);
      kept += stream.storedBytes + stream.events.length * EVENT_OVERHEAD_BYTES;
    }
    expect(kept).toBeLessThanOrEqual(100_000);
    expect(kept).toBeGreaterThan(80_000);
    expect(notices).toHaveLength(1);
  });

  it('refuses a budget that is not a positive whole number of bytes', () => {
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => budgeted(maxBytes)).toThrow(RangeError);
    }
  });
});

/**
 * What CloudWatch Logs does, driven on the model directly (no HTTP): pages and their
 * tokens, reading forward and backward, filtering, the streams a group keeps, and the
 * errors of its state. The members' checks and the wire are the API's (logs.test.ts);
 * the byte budget is logs-bounds.test.ts's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '../src/index.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { thrown } from './support/failure.ts';

const REGION = 'eu-west-1';
const GROUP = '/aws/lambda/echo';
const ALL = { orderBy: 'LogStreamName', descending: false, limit: 50 } as const;

/** A group with one stream `s` of events `e1`..`eN`, at timestamps 1..N. */
function modelWithEvents(count: number) {
  const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
  for (let n = 1; n <= count; n += 1) model.append(REGION, GROUP, 's', `e${n}`, n);
  return model;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LogsModel', () => {
  it('pages log groups by name with an opaque token, and refuses a token it did not hand out', () => {
    const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
    for (const name of ['/c', '/a', '/b']) model.createLogGroup(REGION, name);
    const first = model.describeLogGroups(REGION, { limit: 2 });
    expect(first.items.map((group) => group.logGroupName)).toEqual(['/a', '/b']);
    expect(first.nextToken).toBeDefined();
    const second = model.describeLogGroups(REGION, { limit: 2, nextToken: first.nextToken });
    expect(second.items.map((group) => group.logGroupName)).toEqual(['/c']);
    expect(second.nextToken).toBeUndefined();
    expect(
      thrown(() => model.describeLogGroups(REGION, { limit: 2, nextToken: 'b2Zmc2V0' })),
    ).toMatchObject({
      code: 'InvalidParameterException',
      message: 'The specified nextToken is invalid.',
    });
  });

  it('matches logGroupNamePattern case-insensitively anywhere in the name, in the region asked', () => {
    const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
    model.createLogGroup(REGION, '/aws/lambda/EchoTest');
    model.createLogGroup('us-east-1', '/aws/lambda/echoOther');
    const found = model.describeLogGroups(REGION, { pattern: 'echo', limit: 50 });
    expect(found.items.map((group) => group.logGroupArn)).toEqual([
      `arn:aws:logs:${REGION}:${LOCAL_ACCOUNT_ID}:log-group:/aws/lambda/EchoTest`,
    ]);
  });

  it('reads the newest events by default, then backward; forward from the head, with the same token at the end', () => {
    const model = modelWithEvents(5);
    const newest = model.getLogEvents(REGION, GROUP, 's', { startFromHead: false, limit: 2 });
    expect(newest.events.map((event) => event.message)).toEqual(['e4', 'e5']);
    const older = model.getLogEvents(REGION, GROUP, 's', {
      startFromHead: false,
      limit: 2,
      nextToken: newest.nextBackwardToken,
    });
    expect(older.events.map((event) => event.message)).toEqual(['e2', 'e3']);

    const head = model.getLogEvents(REGION, GROUP, 's', { startFromHead: true, limit: 3 });
    expect(head.events.map((event) => event.message)).toEqual(['e1', 'e2', 'e3']);
    const rest = model.getLogEvents(REGION, GROUP, 's', {
      startFromHead: true,
      limit: 3,
      nextToken: head.nextForwardToken,
    });
    expect(rest.events.map((event) => event.message)).toEqual(['e4', 'e5']);
    const end = model.getLogEvents(REGION, GROUP, 's', {
      startFromHead: true,
      limit: 3,
      nextToken: rest.nextForwardToken,
    });
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(rest.nextForwardToken);
    expect(
      thrown(() =>
        model.getLogEvents(REGION, GROUP, 's', { startFromHead: true, limit: 1, nextToken: 'x/1' }),
      ),
    ).toMatchObject({
      code: 'InvalidParameterException',
    });
  });

  it('reads events of a time range: from startTime, before endTime', () => {
    const model = modelWithEvents(5);
    const page = model.getLogEvents(REGION, GROUP, 's', {
      startFromHead: true,
      limit: 10,
      startTime: 2,
      endTime: 4,
    });
    expect(page.events.map((event) => event.message)).toEqual(['e2', 'e3']);
  });

  it('filters across streams by terms, phrases, any-of and none-of, oldest first', () => {
    const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
    model.append(REGION, GROUP, 'b', 'ERROR Task timed out', 3);
    model.append(REGION, GROUP, 'a', 'ERROR retry later', 1);
    model.append(REGION, GROUP, 'a', 'WARN slow', 2);
    const messages = (filterPattern: string) =>
      model
        .filterLogEvents(REGION, GROUP, { filterPattern, limit: 50 })
        .items.map((event) => event.message);
    expect(messages('ERROR')).toEqual(['ERROR retry later', 'ERROR Task timed out']);
    expect(messages('"Task timed out"')).toEqual(['ERROR Task timed out']);
    expect(messages('?WARN ?timed')).toEqual(['WARN slow', 'ERROR Task timed out']);
    expect(messages('ERROR -retry')).toEqual(['ERROR Task timed out']);
    expect(messages('error')).toEqual([]);
    const inA = model.filterLogEvents(REGION, GROUP, { logStreamNames: ['a'], limit: 1 });
    expect(inA.items.map((event) => event.logStreamName)).toEqual(['a']);
    expect(inA.nextToken).toBeDefined();
  });

  it('orders streams by their last event, descending if asked', () => {
    const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
    model.append(REGION, GROUP, 'a', 'late', 30);
    model.append(REGION, GROUP, 'b', 'early', 10);
    model.append(REGION, GROUP, 'c', 'middle', 20);
    const names = (descending: boolean) =>
      model
        .describeLogStreams(REGION, GROUP, { ...ALL, orderBy: 'LastEventTime', descending })
        .items.map((stream) => stream.logStreamName);
    expect(names(false)).toEqual(['b', 'c', 'a']);
    expect(names(true)).toEqual(['a', 'c', 'b']);
  });

  it('keeps the 200 most recently written streams of a group', () => {
    vi.useFakeTimers({ now: 0 });
    const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
    for (let n = 0; n < 200; n += 1) {
      model.append(REGION, GROUP, `s${n}`, 'line');
      vi.advanceTimersByTime(1);
    }
    model.append(REGION, GROUP, 's0', 'written again');
    vi.advanceTimersByTime(1);
    model.append(REGION, GROUP, 'new', 'line');
    const names = model.describeLogStreams(REGION, GROUP, { ...ALL, limit: 250 });
    expect(names.items).toHaveLength(200);
    const kept = new Set(names.items.map((stream) => stream.logStreamName));
    expect(kept.has('s0')).toBe(true);
    expect(kept.has('s1')).toBe(false);
    expect(kept.has('new')).toBe(true);
  });

  it('answers groups and streams that exist already or do not exist with their exceptions', () => {
    const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
    model.createLogGroup(REGION, GROUP);
    expect(thrown(() => model.createLogGroup(REGION, GROUP))).toMatchObject({
      code: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    model.createLogGroup('us-east-1', GROUP);
    model.createLogStream(REGION, GROUP, 's');
    expect(thrown(() => model.createLogStream(REGION, GROUP, 's'))).toMatchObject({
      code: 'ResourceAlreadyExistsException',
      message: 'The specified log stream already exists',
    });
    expect(thrown(() => model.createLogStream(REGION, '/nowhere', 's'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    model.deleteLogStream(REGION, GROUP, 's');
    expect(thrown(() => model.deleteLogStream(REGION, GROUP, 's'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    model.deleteLogGroup(REGION, GROUP);
    expect(thrown(() => model.deleteLogGroup(REGION, GROUP))).toMatchObject({
      code: 'ResourceNotFoundException',
    });
    expect(model.describeLogGroups('us-east-1', { limit: 50 }).items).toHaveLength(1);
  });
});

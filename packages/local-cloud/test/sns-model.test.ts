/**
 * What SNS does, without HTTP: the SnsModel with a fake Lambda behind its port.
 * Delivery in the background, SNS's retries (with short injected delays), the
 * failures it logs, and the event each function gets.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AWS_MANAGED_ENDPOINT_POLICY,
  LOCAL_RETRY_DELAYS_MS,
  retryDelaysMs,
} from '../src/services/sns/delivery-policy.ts';
import { SnsModel, type SnsModelOptions } from '../src/services/sns/model.ts';
import type { DeliveryLogEntry } from '../src/services/sns/ports.ts';
import { REGION } from './support/local-cloud.ts';
import { FakeLambda, lambdaError } from './support/sns.ts';

const ACCOUNT = '000000000000';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echoTest`;

interface SnsRecord {
  EventSubscriptionArn: string;
  Sns: { Subject: string | null; Message: string; MessageAttributes: unknown };
}

/** A model with topic testSns and one subscription, its fake Lambda and its delivery log. */
function subscribedTopic(options: Partial<SnsModelOptions> = {}) {
  const lambda = new FakeLambda();
  const logged: DeliveryLogEntry[] = [];
  const model = new SnsModel({
    accountId: ACCOUNT,
    lambda,
    deliveryLog: (entry) => logged.push(entry),
    retryDelaysMs: [],
    ...options,
  });
  const topicArn = model.createTopic(REGION, { name: 'testSns' });
  const subscriptionArn = model.subscribe(REGION, {
    topicArn,
    protocol: 'lambda',
    endpoint: FUNCTION_ARN,
  });
  const publish = (message = 'hello', more: { subject?: string } = {}) =>
    model.publish(REGION, { topicArn, message, ...more });
  const record = (index: number): SnsRecord => {
    const event = lambda.invokes[index]?.event as { Records: SnsRecord[] } | undefined;
    const first = event?.Records[0];
    if (!first) throw new Error(`no invoke ${index}`);
    return first;
  };
  return { model, lambda, logged, topicArn, subscriptionArn, publish, record };
}

async function loggedEntries(logged: DeliveryLogEntry[], count: number) {
  await expect.poll(() => logged.length).toBe(count);
  return logged.map((entry) => ({ ...entry, line: JSON.parse(entry.message) }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('publishing', () => {
  it('returns the MessageId before any function is invoked', async () => {
    const { model, lambda, publish } = subscribedTopic();
    lambda.answer = () => new Promise(() => {}); // Lambda never answers
    const messageId = publish();
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lambda.invokes).toHaveLength(0);
    await lambda.received(1);
    expect(model.stop()).toBe(1);
  });

  it('invokes each subscribed function once, with its own subscription ARN', async () => {
    const { model, lambda, topicArn, subscriptionArn, publish, record } = subscribedTopic();
    const other = `${FUNCTION_ARN.replace('echoTest', 'other')}:live`;
    const otherSubscription = model.subscribe(REGION, {
      topicArn,
      protocol: 'lambda',
      endpoint: other,
    });
    publish();
    await lambda.received(2);
    expect(lambda.invokes.map((i) => i.functionArn).sort()).toEqual([FUNCTION_ARN, other].sort());
    const arnOf = (arn: string) =>
      record(lambda.invokes.findIndex((i) => i.functionArn === arn)).EventSubscriptionArn;
    expect(arnOf(FUNCTION_ARN)).toBe(subscriptionArn);
    expect(arnOf(other)).toBe(otherSubscription);
    expect(model.stop()).toBe(0);
  });

  it('gives a message without a subject a null Subject', async () => {
    const { lambda, publish, record } = subscribedTopic();
    publish('no subject');
    publish('a subject', { subject: 'Hi' });
    await lambda.received(2);
    const bySubject = [record(0), record(1)].map((r) => [r.Sns.Message, r.Sns.Subject]);
    expect(bySubject).toEqual(
      expect.arrayContaining([
        ['no subject', null],
        ['a subject', 'Hi'],
      ]),
    );
  });

  it('delivers the lambda entry of a json structure, else its default, and no attributes', async () => {
    const { model, lambda, topicArn, record } = subscribedTopic();
    const attributes = { a: { DataType: 'String', StringValue: 'x' } };
    model.publish(REGION, {
      topicArn,
      messageStructure: 'json',
      message: JSON.stringify({ default: 'for all', lambda: 'for Lambda', sqs: 'for SQS' }),
      messageAttributes: attributes,
    });
    await lambda.received(1);
    model.publish(REGION, {
      topicArn,
      messageStructure: 'json',
      message: JSON.stringify({ default: 'for all', email: 'for email' }),
    });
    await lambda.received(2);
    expect(record(0).Sns.Message).toBe('for Lambda');
    expect(record(0).Sns.MessageAttributes).toEqual({});
    expect(record(1).Sns.Message).toBe('for all');
  });

  it('publishes to a topic without subscribers', () => {
    const model = new SnsModel({ accountId: ACCOUNT, lambda: new FakeLambda() });
    const topicArn = model.createTopic(REGION, { name: 'quiet' });
    expect(model.publish(REGION, { topicArn, message: 'nobody listens' })).toMatch(/-/);
    expect(model.stop()).toBe(0);
  });

  it('stops delivering to a function once it is unsubscribed or its topic deleted', async () => {
    vi.useFakeTimers();
    const { model, lambda, topicArn, subscriptionArn, publish } = subscribedTopic();
    model.unsubscribe(subscriptionArn);
    publish();
    model.subscribe(REGION, { topicArn, protocol: 'lambda', endpoint: FUNCTION_ARN });
    model.deleteTopic(REGION, topicArn);
    model.createTopic(REGION, { name: 'testSns' });
    publish();
    expect(model.stop()).toBe(0); // nothing on its way
    await vi.runAllTimersAsync();
    expect(lambda.invokes).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a throttled invoke after each delay it is given, then delivers', async () => {
    vi.useFakeTimers();
    const { model, lambda, logged, publish } = subscribedTopic({ retryDelaysMs: [0, 30, 60] });
    lambda.answer = async (_, index) => {
      if (index < 3) throw lambdaError('TooManyRequestsException', 429, 'Rate Exceeded.');
    };
    publish();
    // The first retry comes 0 ms after the first attempt (1 ms on fake timers, which run a 0 ms
    // timer set from within a timer on the next tick), the second 30 ms later, the third 60 ms later.
    await vi.advanceTimersByTimeAsync(90);
    expect(lambda.invokes).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    const invokes = lambda.invokes;
    const gaps = invokes.slice(1).map((invoke, i) => invoke.at - (invokes[i]?.at ?? 0));
    expect(gaps.slice(1)).toEqual([30, 60]);
    expect(new Set(invokes.map((i) => JSON.stringify(i.event))).size).toBe(1);
    expect(model.stop()).toBe(0);
    await vi.runAllTimersAsync();
    expect(lambda.invokes).toHaveLength(4);
    expect(logged).toEqual([]);
  });

  it('retries a Lambda service error, and an error without a status', async () => {
    const { lambda, publish } = subscribedTopic({ retryDelaysMs: [0, 0] });
    lambda.answer = async (_, index) => {
      if (index === 0) throw lambdaError('ServiceException', 500);
      if (index === 1) throw new Error('socket hang up');
    };
    publish();
    expect(await lambda.received(3)).toHaveLength(3);
  });

  it('gives up after the last retry and logs the failure as SNS delivery status logging does', async () => {
    const { model, lambda, logged, topicArn, publish } = subscribedTopic({
      retryDelaysMs: [0, 10],
    });
    lambda.answer = async () => {
      throw lambdaError('TooManyRequestsException', 429, 'Rate Exceeded.');
    };
    const messageId = publish('throttled');
    const [entry] = await loggedEntries(logged, 1);
    expect(lambda.invokes).toHaveLength(3);
    // Written to CloudWatch Logs in the topic's region.
    expect(entry?.region).toBe(REGION);
    expect(entry?.logGroupName).toBe(`sns/${REGION}/${ACCOUNT}/testSns/Failure`);
    expect(entry?.logStreamName).toBe(entry?.line.delivery.deliveryId);
    expect(entry?.line).toEqual({
      notification: {
        messageMD5Sum: createHash('md5').update('throttled').digest('hex'),
        messageId,
        topicArn,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/),
      },
      delivery: {
        deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        destination: FUNCTION_ARN,
        providerResponse: JSON.stringify({
          ErrorCode: 'TooManyRequestsException',
          ErrorMessage: 'Rate Exceeded.',
        }),
        dwellTimeMs: expect.any(Number),
        attempts: 3,
        statusCode: 429,
      },
      status: 'FAILURE',
    });
    expect(model.stop()).toBe(0);
  });

  it.each([
    ['the function is gone', 'ResourceNotFoundException', 404],
    ['its policy does not let SNS invoke it', 'AccessDeniedException', 403],
  ])('does not retry when %s, and logs why', async (_, code, status) => {
    const { lambda, logged, publish } = subscribedTopic({ retryDelaysMs: [0, 0, 0] });
    lambda.answer = async () => {
      throw lambdaError(code, status, `${code}: the reason`);
    };
    publish();
    const [entry] = await loggedEntries(logged, 1);
    expect(lambda.invokes).toHaveLength(1);
    expect(entry?.line.delivery).toMatchObject({
      attempts: 1,
      statusCode: status,
      providerResponse: JSON.stringify({ ErrorCode: code, ErrorMessage: `${code}: the reason` }),
    });
  });

  it('says on stop how many deliveries were pending, and makes no more attempts', async () => {
    vi.useFakeTimers();
    const { model, lambda, logged, publish } = subscribedTopic({ retryDelaysMs: [200] });
    lambda.answer = async () => {
      throw lambdaError('TooManyRequestsException', 429);
    };
    publish('one');
    publish('two');
    await vi.advanceTimersByTimeAsync(10);
    expect(lambda.invokes).toHaveLength(2);
    expect(model.stop()).toBe(2);
    expect(model.stop()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.runAllTimersAsync();
    expect(lambda.invokes).toHaveLength(2);
    expect(logged).toEqual([]);
  });
});

describe('the delivery policy', () => {
  it("has SNS's phases for AWS managed endpoints such as Lambda", () => {
    const delays = retryDelaysMs(AWS_MANAGED_ENDPOINT_POLICY);
    expect(delays).toHaveLength(3 + 2 + 10 + 100_000);
    expect(delays.slice(0, 6)).toEqual([0, 0, 0, 1_000, 1_000, 1_000]);
    const backoff = delays.slice(5, 15);
    expect(backoff.every((delay, i) => i === 0 || delay > (backoff[i - 1] ?? 0))).toBe(true);
    expect(delays.slice(14)).toEqual(Array(100_001).fill(20_000));
  });

  it('runs them locally 100 times faster, with 5 post-backoff retries, in under 2 seconds', () => {
    expect(LOCAL_RETRY_DELAYS_MS).toHaveLength(3 + 2 + 10 + 5);
    expect(LOCAL_RETRY_DELAYS_MS.slice(0, 6)).toEqual([0, 0, 0, 10, 10, 10]);
    expect(LOCAL_RETRY_DELAYS_MS.at(-1)).toBe(200);
    const total = LOCAL_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBeLessThan(2_000);
  });
});

/**
 * The fan-out's three functions, with the Lambda client mocked: the splitter cuts the batch and
 * invokes one worker per part (all asynchronously, or one after another synchronously), a
 * worker answers its part's result, the collector logs the result its destination record holds.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Uint8ArrayBlobAdapter } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as collector } from '../src/functions/collector.ts';
import { cut, type Part } from '../src/functions/part.ts';
import { handler as splitter } from '../src/functions/splitter.ts';
import { handler as worker } from '../src/functions/worker.ts';
import { mostAtOnce } from '../src/run.ts';

const lambda = mockClient(LambdaClient);
beforeEach(() => {
  lambda.reset();
  vi.stubEnv('WORKER_FUNCTION', 'ana-worker');
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const sentParts = () =>
  lambda
    .commandCalls(InvokeCommand)
    .map(
      (call) =>
        JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)) as Part,
    );

describe('cut', () => {
  it('cuts the items into that many slices, in order, the last one shorter if need be', () => {
    expect(cut([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(cut([1, 2, 3, 4], 4)).toEqual([[1], [2], [3], [4]]);
  });
});

describe('the splitter', () => {
  const job = { runId: 'run-1', items: [1, 2, 3, 4, 5, 6], parts: 3, workMs: 10 };

  it('fans out: one asynchronous Invoke of the worker per part, and returns without waiting', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const answer = await splitter(job);
    expect(answer).toEqual({ startedAt: expect.any(Number), invoked: 3 });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 3);
    for (const call of lambda.commandCalls(InvokeCommand)) {
      expect(call.args[0].input).toMatchObject({
        FunctionName: 'ana-worker',
        InvocationType: 'Event',
      });
    }
    expect(sentParts()).toEqual([
      { runId: 'run-1', part: 1, items: [1, 2], workMs: 10 },
      { runId: 'run-1', part: 2, items: [3, 4], workMs: 10 },
      { runId: 'run-1', part: 3, items: [5, 6], workMs: 10 },
    ]);
  });

  it('one by one: invokes the worker synchronously for each part in turn, and adds up the answers', async () => {
    lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
      const part = JSON.parse(new TextDecoder().decode(input.Payload)) as Part;
      const sum = part.items.reduce((total, item) => total + item * item, 0);
      return {
        StatusCode: 200,
        Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify({ sum })),
      };
    });
    const answer = await splitter({ ...job, oneByOne: true });
    expect(answer).toMatchObject({ total: 91 });
    for (const call of lambda.commandCalls(InvokeCommand)) {
      expect(call.args[0].input.InvocationType).toBeUndefined();
    }
    expect(sentParts().map((part) => part.part)).toEqual([1, 2, 3]);
  });

  it('stops at a worker that failed, one by one', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Uint8ArrayBlobAdapter.fromString('{"errorType":"Error","errorMessage":"boom"}'),
    });
    await expect(splitter({ ...job, oneByOne: true })).rejects.toThrow('boom');
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });

  it('needs to be told its worker', async () => {
    vi.stubEnv('WORKER_FUNCTION', '');
    await expect(splitter(job)).rejects.toThrow(
      'The environment variable WORKER_FUNCTION is not set',
    );
    expect(lambda.calls()).toHaveLength(0);
  });
});

describe('the worker and the collector', () => {
  it('a worker sums the squares of its items after its work, and says when it ran', async () => {
    const result = await worker({ runId: 'r', part: 2, items: [3, 4], workMs: 5 });
    expect(result).toMatchObject({ runId: 'r', part: 2, sum: 25 });
    expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(4);
  });

  it("the collector logs the worker's result from the destination record, as one JSON line", async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const result = { runId: 'r', part: 1, sum: 5, startedAt: 1, finishedAt: 2 };
    await collector({
      requestContext: { condition: 'Success', approximateInvokeCount: 1 },
      responsePayload: result,
    });
    expect(log.mock.calls).toEqual([[JSON.stringify(result)]]);
  });
});

describe('mostAtOnce', () => {
  const ran = (startedAt: number, finishedAt: number) => ({
    runId: 'r',
    part: 1,
    sum: 0,
    startedAt,
    finishedAt,
  });
  it('counts the parts that overlapped, back-to-back ones not', () => {
    expect(mostAtOnce([ran(0, 10), ran(5, 15), ran(10, 20), ran(15, 25)])).toBe(2);
    expect(mostAtOnce([ran(0, 10), ran(10, 20)])).toBe(1);
    expect(mostAtOnce([ran(0, 10), ran(1, 10), ran(2, 10)])).toBe(3);
  });
});

/**
 * Chapter 8's splitter: cuts a batch into parts and hands each part to a worker.
 *
 * Fanned out (the default), it invokes one worker per part asynchronously, all at once, and
 * returns as soon as Lambda has queued them: it does not wait for the work, and the results go
 * to the worker's destination, the collector. One by one (`oneByOne`), it invokes the worker
 * synchronously for each part in turn and adds up the answers itself: the same work, for
 * comparison.
 *
 * The Lambda client is not bundled (the runtime has it) and takes the region and the role's
 * credentials from the environment, as chapter 7's caller does.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent, parseInvokePayload } from '@l2l/decoding';
import { cut, type Part, type PartResult } from './part.ts';

const lambda = new LambdaClient({});

export interface Job {
  readonly runId: string;
  readonly items: readonly number[];
  readonly parts: number;
  readonly workMs: number;
  readonly oneByOne?: boolean;
}

export async function handler(job: Job) {
  const FunctionName = process.env.WORKER_FUNCTION;
  if (!FunctionName) throw new Error('The environment variable WORKER_FUNCTION is not set');
  const startedAt = Date.now();
  const parts: Part[] = cut(job.items, job.parts).map((items, index) => ({
    runId: job.runId,
    part: index + 1,
    items,
    workMs: job.workMs,
  }));
  if (!job.oneByOne) {
    await Promise.all(
      parts.map((part) =>
        lambda.send(
          new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: encodeEvent(part) }),
        ),
      ),
    );
    return { startedAt, invoked: parts.length };
  }
  let total = 0;
  for (const part of parts) {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName, Payload: encodeEvent(part) }),
    );
    total += parseInvokePayload<PartResult>(result).sum;
  }
  return { startedAt, finishedAt: Date.now(), total };
}

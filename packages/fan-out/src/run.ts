/**
 * Step 8.2: run the job through the splitter, fanned out and one part after another, and time
 * both with Lambda's own clock: from the splitter's start to the last part's end.
 */
import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent, parseInvokePayload } from '@l2l/decoding';
import { type ClientConfig, consoleMessage, loggedLinesWith, pollUntil } from '@l2l/workshop';
import type { PartResult } from './functions/part.ts';
import type { Job } from './functions/splitter.ts';

/** The batch: the numbers 1 to 100, whose squares the job adds up. */
export const BATCH = Array.from({ length: 100 }, (_, index) => index + 1);

export interface Names {
  readonly splitter: string;
  readonly collector: string;
}

export interface FannedOut {
  /** From the splitter's start to the end of the last part. */
  readonly wallMs: number;
  readonly total: number;
  /** The results the collector logged, by part. */
  readonly results: readonly PartResult[];
}

async function invokeSplitter<T>(clientConfig: ClientConfig, splitter: string, job: Job) {
  const lambda = new LambdaClient(clientConfig);
  return parseInvokePayload<T>(
    await lambda.send(new InvokeCommand({ FunctionName: splitter, Payload: encodeEvent(job) })),
  );
}

/**
 * Has the splitter fan the job out, then gathers the parts' results from the collector's log,
 * where each arrives through the worker's OnSuccess destination.
 */
export async function fanOut(
  clientConfig: ClientConfig,
  names: Names,
  parts: number,
  workMs: number,
): Promise<FannedOut> {
  const runId = randomUUID();
  const { startedAt } = await invokeSplitter<{ startedAt: number }>(clientConfig, names.splitter, {
    runId,
    items: BATCH,
    parts,
    workMs,
  });
  const results = await pollUntil(
    `the collector ${names.collector} to log the ${parts} results of run ${runId}`,
    async () => {
      const logged = await collectedResults(clientConfig, names.collector, runId);
      return logged.length >= parts ? logged : undefined;
    },
    120_000,
  );
  return {
    wallMs: Math.max(...results.map((result) => result.finishedAt)) - startedAt,
    total: results.reduce((sum, result) => sum + result.sum, 0),
    results,
  };
}

/** The results of the run that the collector logged so far, by part. */
async function collectedResults(
  clientConfig: ClientConfig,
  collector: string,
  runId: string,
): Promise<PartResult[]> {
  const lines = await loggedLinesWith(clientConfig, collector, runId);
  const results = lines
    .filter((line) => /\tINFO\t/.test(line))
    .map((line) => JSON.parse(consoleMessage(line)) as PartResult);
  // A destination record could come twice (Lambda delivers at least once): one per part.
  const byPart = new Map(results.map((result) => [result.part, result]));
  return [...byPart.values()].sort((a, b) => a.part - b.part);
}

/** Has the splitter do the parts one after another, waiting for each. */
export async function oneByOne(
  clientConfig: ClientConfig,
  splitter: string,
  parts: number,
  workMs: number,
): Promise<{ wallMs: number; total: number }> {
  const answer = await invokeSplitter<{ startedAt: number; finishedAt: number; total: number }>(
    clientConfig,
    splitter,
    { runId: randomUUID(), items: BATCH, parts, workMs, oneByOne: true },
  );
  return { wallMs: answer.finishedAt - answer.startedAt, total: answer.total };
}

/** The most parts that ran at the same time, from when each started and finished. */
export function mostAtOnce(results: readonly PartResult[]): number {
  const edges = results.flatMap((result) => [
    [result.startedAt, 1] as const,
    [result.finishedAt, -1] as const,
  ]);
  // At the same instant, an end before a start: back-to-back parts did not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let most = 0;
  for (const [, change] of edges) {
    running += change;
    most = Math.max(most, running);
  }
  return most;
}

/**
 * Chapter 8's worker: does one part of the job. The work is a stand-in: it waits `workMs`, as a
 * real part would spend time on a download or a computation, then sums the squares of its items.
 * What it returns goes, for an asynchronous call, to its `OnSuccess` destination (the collector).
 */
import type { Part, PartResult } from './part.ts';

export async function handler(event: Part): Promise<PartResult> {
  const startedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, event.workMs));
  const sum = event.items.reduce((total, item) => total + item * item, 0);
  return { runId: event.runId, part: event.part, sum, startedAt, finishedAt: Date.now() };
}

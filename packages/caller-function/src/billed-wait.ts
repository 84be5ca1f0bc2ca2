/**
 * Step 7.3: what a synchronous caller is billed for. Its REPORT line and its callee's, side by
 * side, and the same runs priced by chapter 0's calculator (`@l2l/cost`).
 */
import { type Job, report } from '@l2l/cost';
import type { RunFigures } from './report-line.ts';

/** The caller's memory, Lambda's default (the deploy sets none). */
const MEMORY_MB = 128;

/**
 * The calculator's job for one measured call: the callee's work and cold start as its REPORT
 * line says, and as the caller's own work the part of its duration that was not spent waiting
 * for them (the calculator adds the wait back, so the caller is billed about what it was).
 * Whole milliseconds, at least 1, as the calculator takes them.
 */
export function measuredJob(caller: RunFigures, callee: RunFigures): Job {
  const whole = (ms: number) => Math.max(1, Math.ceil(ms));
  const coldStartMs = callee.initMs === undefined ? 0 : whole(callee.initMs);
  const calleeMs = whole(callee.durationMs);
  return {
    memoryMb: MEMORY_MB,
    durationsMs: [whole(caller.durationMs - callee.durationMs - (callee.initMs ?? 0)), calleeMs],
    sync: true,
    coldStartMs,
  };
}

/** The calculator's command for the job, and its table. */
export function costOf(job: Job): string {
  const coldStart = job.coldStartMs ? ` --cold-start ${job.coldStartMs}` : '';
  const command = `pnpm --filter @l2l/cost start -- --memory ${job.memoryMb} --durations ${job.durationsMs.join(',')} --sync${coldStart}`;
  return `${command}\n\n${report(job)}`;
}

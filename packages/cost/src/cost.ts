/**
 * What Lambda bills for a job done by one function, or split between a caller
 * and the callees it invokes: each run's duration rounded up to the billing
 * granularity, times the memory (GB-seconds), plus one request per run.
 */

/**
 * Today's prices for x86 functions, first tier, US East (N. Virginia): $0.0000166667 per
 * GB-second and $0.20 per million requests. 2017's were the same, rounded ($0.00001667 per
 * GB-second); what changed is the rounding of the duration.
 */
export const PRICE_PER_GB_SECOND = 0.0000166667;
export const PRICE_PER_REQUEST = 0.2 / 1_000_000;
export const PRICES_SOURCE = 'https://aws.amazon.com/lambda/pricing/, read on 2026-11-25';

export interface Granularity {
  readonly label: string;
  readonly ms: number;
}

/**
 * Lambda rounded each run up to 100 ms until December 2020, and to 1 ms since:
 * https://aws.amazon.com/blogs/aws/new-for-aws-lambda-1ms-billing-granularity-adds-cost-savings/
 */
export const IN_2017: Granularity = { label: '2017', ms: 100 };
export const TODAY: Granularity = { label: 'today', ms: 1 };
export const GRANULARITIES = [IN_2017, TODAY] as const;

export interface Job {
  readonly memoryMb: number;
  /** Milliseconds of work: one function's, or the caller's and then each callee's. */
  readonly durationsMs: readonly number[];
  /** The caller waits for each callee's answer (a synchronous invoke), and is billed while it waits. */
  readonly sync: boolean;
  /**
   * A cold start adds this to each callee's run (or to the one function's), billed in both
   * columns: the walkthrough's cold run (208.59 ms) was billed 300 ms in 2017, and Lambda bills
   * every function's INIT phase since 1 August 2025:
   * https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
   */
  readonly coldStartMs: number;
}

export interface Run {
  readonly role: 'function' | 'caller' | 'callee';
  readonly workMs: number;
  readonly coldStartMs: number;
  /** How long a synchronous caller waits for its callees. */
  readonly waitMs: number;
}

/** The runs a job makes. A synchronous caller waits, at best, exactly as long as its callees run. */
export function runsOf(job: Job): Run[] {
  const [first = 0, ...rest] = job.durationsMs;
  const { coldStartMs } = job;
  if (rest.length === 0) return [{ role: 'function', workMs: first, coldStartMs, waitMs: 0 }];
  const callees = rest.map((workMs): Run => ({ role: 'callee', workMs, coldStartMs, waitMs: 0 }));
  const waitMs = job.sync ? sum(callees.map((callee) => callee.coldStartMs + callee.workMs)) : 0;
  return [{ role: 'caller', workMs: first, coldStartMs: 0, waitMs }, ...callees];
}

/** A run's billed duration: rounded up to a whole number of units. */
export function billedMs(run: Run, granularity: Granularity): number {
  const ms = run.workMs + run.coldStartMs + run.waitMs;
  return Math.ceil(ms / granularity.ms) * granularity.ms;
}

export interface Bill {
  /** Each run's billed duration, in the order of `runsOf`. */
  readonly billedMs: readonly number[];
  readonly totalMs: number;
  readonly units: number;
  readonly gbSeconds: number;
  readonly durationUsd: number;
  readonly requestsUsd: number;
  readonly totalUsd: number;
}

export function billOf(job: Job, granularity: Granularity): Bill {
  const billed = runsOf(job).map((run) => billedMs(run, granularity));
  const totalMs = sum(billed);
  const gbSeconds = (totalMs / 1000) * (job.memoryMb / 1024);
  const durationUsd = gbSeconds * PRICE_PER_GB_SECOND;
  const requestsUsd = billed.length * PRICE_PER_REQUEST;
  return {
    billedMs: billed,
    totalMs,
    units: totalMs / granularity.ms,
    gbSeconds,
    durationUsd,
    requestsUsd,
    totalUsd: durationUsd + requestsUsd,
  };
}

function sum(numbers: readonly number[]): number {
  return numbers.reduce((total, n) => total + n, 0);
}

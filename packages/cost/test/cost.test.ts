import { describe, expect, it } from 'vitest';
import {
  billedMs,
  billOf,
  IN_2017 as in2017,
  type Job,
  parseJob,
  runsOf,
  TODAY as today,
} from '../src/index.ts';

const job = (durationsMs: number[], more: Partial<Job> = {}): Job => ({
  memoryMb: 128,
  durationsMs,
  sync: false,
  coldStartMs: 0,
  ...more,
});
const run = (workMs: number) => ({ role: 'function' as const, workMs, coldStartMs: 0, waitMs: 0 });

describe('billedMs', () => {
  it('rounds a run up to a whole number of units', () => {
    expect([199, 200, 201, 100, 99].map((ms) => billedMs(run(ms), in2017))).toEqual([
      200, 200, 300, 100, 100,
    ]);
    expect([199, 0.2, 27.55].map((ms) => billedMs(run(ms), today))).toEqual([199, 1, 28]);
  });

  it("bills the walkthrough's cold and warm runs as its REPORT lines show", () => {
    expect(billedMs(run(208.59), in2017)).toBe(300);
    expect(billedMs(run(23.59), in2017)).toBe(100);
  });
});

describe("the walkthrough's 199 ms of work, at 128 MB", () => {
  const units = (j: Job) => [billOf(j, in2017).units, billOf(j, today).totalMs];

  it('costs 2 units in one function', () => {
    expect(units(job([199]))).toEqual([2, 199]);
  });

  it('still costs 2 units split asynchronously into 100 + 99 ms, but 3 split into 101 + 98 ms', () => {
    expect(units(job([100, 99]))).toEqual([2, 199]);
    expect(units(job([101, 98]))).toEqual([3, 199]);
  });

  it('costs at best 300 ms split synchronously, as the caller is billed while it waits', () => {
    expect(runsOf(job([100, 99], { sync: true }))[0]).toMatchObject({ role: 'caller', waitMs: 99 });
    expect(billOf(job([100, 99], { sync: true }), in2017).billedMs).toEqual([200, 100]);
    expect(units(job([100, 99], { sync: true }))).toEqual([3, 298]);
  });

  it('costs more with a cold start of the callee, which the synchronous caller waits for', () => {
    const cold = job([100, 99], { sync: true, coldStartMs: 200 });
    expect(billOf(cold, in2017).billedMs).toEqual([400, 300]);
    expect(billOf(cold, today).billedMs).toEqual([399, 299]);
  });
});

describe('billOf', () => {
  it('counts GB-seconds as memory times billed duration', () => {
    expect(billOf(job([199]), in2017).gbSeconds).toBe(0.025);
    expect(billOf(job([1000], { memoryMb: 1024 }), today).gbSeconds).toBe(1);
    expect(billOf(job([1000], { memoryMb: 1024 }), today).durationUsd).toBe(0.0000166667);
  });

  it('charges $0.20 per million requests, one per run', () => {
    expect(billOf(job([199]), today).requestsUsd * 1e6).toBeCloseTo(0.2, 10);
    expect(billOf(job([50, 100, 100, 100]), today).requestsUsd * 1e6).toBeCloseTo(0.8, 10);
  });

  it("matches AWS's own example: 60 million 28 ms runs at 1 GB cost $28, or $100 in 100 ms units", () => {
    // https://aws.amazon.com/blogs/aws/new-for-aws-lambda-1ms-billing-granularity-adds-cost-savings/
    const web = job([27.55], { memoryMb: 1024 });
    expect(billOf(web, today).durationUsd * 60e6).toBeCloseTo(28, 1);
    expect(billOf(web, in2017).durationUsd * 60e6).toBeCloseTo(100, 1);
  });
});

describe('parseJob', () => {
  it('reads the options, with or without the -- that pnpm passes on', () => {
    expect(
      parseJob(['--', '--memory', '256', '--durations', '100,99', '--sync', '--cold-start', '200']),
    ).toEqual({
      memoryMb: 256,
      durationsMs: [100, 99],
      sync: true,
      coldStartMs: 200,
    });
    expect(parseJob(['--durations', '199'])).toEqual(job([199]));
    expect(parseJob(['--help'])).toBe('help');
  });

  it.each([
    [[], '--durations is missing'],
    [
      ['--durations', '100,abc'],
      "--durations takes whole milliseconds above 0 (and at most 900000, Lambda's 15 minutes), separated by commas: got '100,abc'",
    ],
    [['--durations', '100,'], "got '100,'"],
    [['--durations', '0'], "got '0'"],
    [
      ['--durations', '199', '--memory', '64'],
      "--memory takes megabytes, a whole number from 128 to 10240: got '64'",
    ],
    [['--durations', '-5'], '--durations takes whole milliseconds above 0'],
    [['--durations', '100.5'], "got '100.5'"],
    [
      ['--durations', '199', '--cold-start', 'soon'],
      "--cold-start takes whole milliseconds: got 'soon'",
    ],
    [
      ['--durations', '199', '--cold-start', '-1'],
      "--cold-start takes whole milliseconds: got '-1'",
    ],
    [['--durations', '199', '--sync'], '--sync needs a caller and a callee'],
    [['--durations', '199', '--fast'], "unknown option '--fast'"],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseJob(argv)).toThrow(message);
  });
});

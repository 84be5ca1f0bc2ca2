import { describe, expect, it } from 'vitest';
import { costOf, measuredJob } from '../src/billed-wait.ts';
import { reportLine, runFigures } from '../src/report-line.ts';

const id = '9de1940c-93dd-4461-b74d-23f496dea21e';
const callerReport = `REPORT RequestId: ${id}\tDuration: 110.56 ms\tBilled Duration: 111 ms\tMemory Size: 128 MB\tMax Memory Used: 82 MB`;
const coldCalleeReport = `REPORT RequestId: ${id}\tDuration: 12.08 ms\tBilled Duration: 104 ms\tMemory Size: 128 MB\tMax Memory Used: 53 MB\tInit Duration: 91.26 ms`;

describe('the figures of a REPORT line', () => {
  it('reads Duration, Billed Duration and, on a cold start, Init Duration', () => {
    expect(runFigures(callerReport)).toEqual({
      durationMs: 110.56,
      billedMs: 111,
      initMs: undefined,
    });
    expect(runFigures(coldCalleeReport)).toEqual({
      durationMs: 12.08,
      billedMs: 104,
      initMs: 91.26,
    });
  });

  it('finds the REPORT line of a run, and says so when there is none', () => {
    expect(reportLine([`START RequestId: ${id} Version: $LATEST`, callerReport])).toBe(
      callerReport,
    );
    expect(() => reportLine([`START RequestId: ${id}`])).toThrow('no REPORT line');
    expect(() => runFigures('REPORT RequestId: x')).toThrow('not a REPORT line');
  });
});

describe('the cost of a measured synchronous call', () => {
  it("gives the calculator the callee's work and cold start, and the caller's time not spent waiting", () => {
    const job = measuredJob(runFigures(callerReport), runFigures(coldCalleeReport));
    // 110.56 - 12.08 - 91.26 = 7.22: the caller's own part, rounded up.
    expect(job).toEqual({ memoryMb: 128, durationsMs: [8, 13], sync: true, coldStartMs: 92 });
    const cost = costOf(job);
    expect(cost.split('\n')[0]).toBe(
      'pnpm --filter @l2l/cost start -- --memory 128 --durations 8,13 --sync --cold-start 92',
    );
    // The calculator bills the caller its work and the wait: about what Lambda billed it.
    expect(cost).toMatch(/caller {3}8 ms \+ 105 ms waiting +200 ms +113 ms/);
  });

  it('never gives the calculator less than 1 ms, and no cold start for a warm callee', () => {
    const warm = { durationMs: 0.4, billedMs: 1, initMs: undefined };
    expect(measuredJob(warm, warm)).toEqual({
      memoryMb: 128,
      durationsMs: [1, 1],
      sync: true,
      coldStartMs: 0,
    });
    expect(costOf(measuredJob(warm, warm)).split('\n')[0]).not.toContain('--cold-start');
  });
});

import { describe, expect, it } from 'vitest';
import { reportLine } from '../src/services/lambda/runtime/log-format.ts';

const base = { requestId: 'id', memorySizeMb: 128, maxMemoryUsedMb: 40 };

describe('reportLine', () => {
  it('bills the durations it prints: 40.00 + 42.00 ms is 82 ms, not 83', () => {
    const line = reportLine({ ...base, durationMs: 40.004, initDurationMs: 41.999 });
    expect(line).toBe(
      'REPORT RequestId: id\tDuration: 40.00 ms\tBilled Duration: 82 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 42.00 ms\t',
    );
  });

  it('rounds a warm invocation up to the next millisecond, at least 1 ms', () => {
    expect(reportLine({ ...base, durationMs: 12.341 })).toContain('Billed Duration: 13 ms');
    expect(reportLine({ ...base, durationMs: 0.001 })).toContain('Billed Duration: 1 ms');
  });

  it('closes a timeout with its status instead of the trailing tab', () => {
    const line = reportLine({
      ...base,
      durationMs: 3000,
      initDurationMs: 67.49,
      status: { kind: 'timeout' },
    });
    expect(line).toMatch(/Billed Duration: 3068 ms.*Init Duration: 67\.49 ms\tStatus: timeout$/);
  });
});

/**
 * The figures of a REPORT line, the line Lambda writes when a run is over:
 * `REPORT RequestId: <id>\tDuration: 1.08 ms\tBilled Duration: 42 ms\t...\tInit Duration: 40.66 ms`.
 */
export interface RunFigures {
  readonly durationMs: number;
  readonly billedMs: number;
  /** Only on a cold start. */
  readonly initMs: number | undefined;
}

export function reportLine(lines: readonly string[]): string {
  const report = lines.find((line) => line.startsWith('REPORT '));
  if (report === undefined) throw new Error(`no REPORT line in:\n${lines.join('\n')}`);
  return report;
}

export function runFigures(report: string): RunFigures {
  const figure = (name: string) => {
    const value = new RegExp(`\\t${name}: ([\\d.]+) ms`).exec(report)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const durationMs = figure('Duration');
  const billedMs = figure('Billed Duration');
  if (durationMs === undefined || billedMs === undefined) {
    throw new Error(`not a REPORT line with Duration and Billed Duration: ${report}`);
  }
  return { durationMs, billedMs, initMs: figure('Init Duration') };
}

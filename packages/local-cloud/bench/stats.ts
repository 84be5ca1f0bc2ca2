/**
 * What the benchmarks share: the client settings for a local cloud, and how
 * samples are summed up and printed.
 */
export const REGION = 'us-east-1';
export const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** The `p`th percentile (0-100) of `samples`, NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Milliseconds to two decimals. */
export const ms = (value: number) => `${value.toFixed(2)} ms`;

/** What the splitter hands each worker, and what a worker answers (./splitter.ts, ./worker.ts). */
export interface Part {
  /** The run of the whole job: every part of one run carries it, and so does its result. */
  readonly runId: string;
  /** 1 to the number of parts. */
  readonly part: number;
  readonly items: readonly number[];
  /** How long the part's work takes (the worker waits that long). */
  readonly workMs: number;
}

export interface PartResult {
  readonly runId: string;
  readonly part: number;
  /** The part's result: the sum of the squares of its items. */
  readonly sum: number;
  /** When the worker started and finished the part, in milliseconds since 1970 (Lambda's clock). */
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** Cuts the items into `parts` slices of nearly equal length, in order. */
export function cut(items: readonly number[], parts: number): number[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, index) => items.slice(index * size, (index + 1) * size));
}

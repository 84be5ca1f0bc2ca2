/**
 * Delivers one batch of a shard to the function, as Lambda does for stream
 * sources: the shard waits until the batch is done with, so records are
 * processed in order, and a record is only given up on when it runs out of
 * retries or gets too old. https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html:
 * - "Before invocation: If a Lambda event source mapping is unable to invoke the function due to
 *   throttling or other issues, it retries until the records expire or exceed the maximum age";
 * - "During invocation: If the function is invoked but returns an error, Lambda retries until the
 *   records expire, exceed the maximum age, or reach the configured retry quota";
 * - BisectBatchOnFunctionError "splits a failed batch into two smaller batches ... Splitting a
 *   batch does not consume the retry quota."
 * With ReportBatchItemFailures, the function's answer `{ batchItemFailures: [{ itemIdentifier }] }`
 * checkpoints: the records before the lowest failed sequence number are done, the rest are
 * retried; an answer Lambda cannot read counts as a failure of the whole batch
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html).
 * Retries wait a short, doubling delay (AWS does not document its own), up to 1 s.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchRecord } from './kinesis-event.ts';
import type { BatchSettings } from './mapping-settings.ts';

/** How Lambda took an invocation with the batch. */
export type InvocationOutcome =
  /** The function ran: its answer, and whether it failed. */
  | { readonly invoked: true; readonly payload: Buffer; readonly functionError: boolean }
  /** Lambda did not run it: throttled, the function gone or not ready. */
  | { readonly invoked: false };

/** The mapping's LastProcessingResult after an invocation. */
export type ProcessingResult = 'OK' | 'PROBLEM: Function call failed';

export interface BatchSenderOptions {
  /** The mapping's settings, read before each attempt (an update applies to the next one). */
  readonly settings: () => BatchSettings;
  readonly invoke: (records: readonly BatchRecord[]) => Promise<InvocationOutcome>;
  /** The shard is done with every record up to this one (processed, or given up on). */
  readonly checkpoint: (record: BatchRecord) => void;
  readonly report: (result: ProcessingResult) => void;
  /** The first retry's delay; later ones double, up to 1 s. */
  readonly retryDelayMs: number;
  /** Aborted when polling stops: the batch is left as it is, to be read again on resume. */
  readonly signal: AbortSignal;
  readonly now?: () => number;
}

/** Where a part of the batch stands: what is left of it, and how many retries it has had. */
interface Part {
  records: readonly BatchRecord[];
  retries: number;
}

/** How an invocation went for the records it was given. */
type Verdict =
  | { readonly kind: 'success' }
  /** ReportBatchItemFailures: the records from this index on are to be retried. */
  | { readonly kind: 'partial'; readonly retryFrom: number }
  | { readonly kind: 'function-error' }
  | { readonly kind: 'not-invoked' };

const MAX_RETRY_DELAY_MS = 1_000;

export class BatchSender {
  private readonly now: () => number;

  constructor(private readonly options: BatchSenderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Resolves when every record of the batch is done with, or polling stopped. */
  async deliver(batch: readonly BatchRecord[]): Promise<void> {
    const { signal } = this.options;
    const parts: Part[] = [{ records: batch, retries: 0 }];
    let failures = 0;
    while (parts.length > 0 && !signal.aborted) {
      const part = parts[0] as Part;
      const settings = this.options.settings();
      this.dropExpired(part, settings);
      if (part.records.length === 0) {
        parts.shift();
        continue;
      }
      const verdict = judge(await this.options.invoke(part.records), part.records, settings);
      if (verdict.kind === 'success') {
        this.options.report('OK');
        this.done(part.records);
        parts.shift();
        failures = 0;
        continue;
      }
      if (verdict.kind === 'partial') {
        this.options.report('OK');
        this.done(part.records.slice(0, verdict.retryFrom));
        part.records = part.records.slice(verdict.retryFrom);
        this.retried(parts, settings);
      } else if (verdict.kind === 'function-error') {
        this.options.report('PROBLEM: Function call failed');
        if (settings.bisectBatchOnFunctionError && part.records.length > 1) {
          const half = Math.ceil(part.records.length / 2);
          parts.splice(
            0,
            1,
            { records: part.records.slice(0, half), retries: part.retries },
            { records: part.records.slice(half), retries: part.retries },
          );
        } else {
          this.retried(parts, settings);
        }
      } else {
        // Not invoked: retried until the records expire, without counting.
        this.options.report('PROBLEM: Function call failed');
      }
      failures++;
      if (parts.length > 0) await this.pause(failures);
    }
  }

  /** Counts a retry of the first part; gives up on it when it has had all it may have. */
  private retried(parts: Part[], settings: BatchSettings): void {
    const part = parts[0] as Part;
    part.retries++;
    const limit = settings.maximumRetryAttempts;
    if (limit !== -1 && part.retries > limit) {
      this.done(part.records);
      parts.shift();
    }
  }

  /** Records too old to be sent are given up on, before each attempt (records arrive in order). */
  private dropExpired(part: Part, settings: BatchSettings): void {
    const maximumAge = settings.maximumRecordAgeInSeconds;
    if (maximumAge === -1) return;
    const oldest = this.now() - maximumAge * 1000;
    const expired = part.records.findIndex((record) => record.arrivalMs >= oldest);
    const count = expired === -1 ? part.records.length : expired;
    if (count === 0) return;
    this.done(part.records.slice(0, count));
    part.records = part.records.slice(count);
  }

  private done(records: readonly BatchRecord[]): void {
    const last = records.at(-1);
    if (last) this.options.checkpoint(last);
  }

  private async pause(failures: number): Promise<void> {
    const delay = Math.min(this.options.retryDelayMs * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
    await sleep(delay, undefined, { signal: this.options.signal }).catch(() => {});
  }
}

function judge(
  outcome: InvocationOutcome,
  records: readonly BatchRecord[],
  settings: BatchSettings,
): Verdict {
  if (!outcome.invoked) return { kind: 'not-invoked' };
  if (outcome.functionError) return { kind: 'function-error' };
  if (!settings.functionResponseTypes.includes('ReportBatchItemFailures')) {
    return { kind: 'success' };
  }
  const retryFrom = firstFailedRecord(outcome.payload, records);
  if (retryFrom === undefined) return { kind: 'function-error' };
  return retryFrom === records.length ? { kind: 'success' } : { kind: 'partial', retryFrom };
}

/**
 * The index of the record with the lowest sequence number the answer reports as failed,
 * `records.length` when it reports none, or undefined when it cannot be read: success is
 * an empty or null answer or `batchItemFailures` list; an item without a sequence number
 * of the batch as its `itemIdentifier` fails the whole batch.
 */
function firstFailedRecord(payload: Buffer, records: readonly BatchRecord[]): number | undefined {
  let answer: unknown;
  try {
    answer = payload.length === 0 ? null : JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (answer === null) return records.length;
  if (typeof answer !== 'object' || Array.isArray(answer)) return undefined;
  const failures = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return records.length;
  if (!Array.isArray(failures)) return undefined;
  let first = records.length;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = records.findIndex((record) => record.sequenceNumber === identifier);
    if (typeof identifier !== 'string' || index === -1) return undefined;
    first = Math.min(first, index);
  }
  return first;
}

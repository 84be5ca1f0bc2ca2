/**
 * The byte budget of the log events the local cloud keeps in memory. CloudWatch Logs keeps
 * everything (or what a group's retention says); a local cloud that runs for days, with a
 * handler logging in a loop, must not grow without end. Past the budget the oldest events go
 * first, across all groups and regions, whole streams emptied if they are the oldest, and
 * whoever runs the cloud is told once.
 *
 * Events are counted as CloudWatch Logs counts them (./event-size.ts): UTF-8 message plus
 * 26 bytes. Dropping is done in rounds that bring the total down to 7/8 of the budget, each
 * stream's dropped events cut from its head in one splice, so appending stays O(1) amortized.
 */
import { EVENT_OVERHEAD_BYTES } from './event-size.ts';

/** What the budget needs of a stream: its events, oldest first, and their message bytes. */
export interface BudgetedStream {
  readonly events: { readonly message: string }[];
  storedBytes: number;
}

export const DEFAULT_MAX_LOG_BYTES = 64 * 1024 * 1024;

/** A round of dropping stops once the events kept fit in this share of the budget. */
const KEPT_AFTER_DROPPING = 7 / 8;
/** Dropped entries at the head of the order are cut off once they are this many and half of it. */
const COMPACT_AFTER = 1_024;

/** One event in the order of appending: the stream it went to and its size. */
interface Entry {
  readonly stream: BudgetedStream;
  readonly bytes: number;
}

export interface MemoryBudgetOptions {
  /** The bytes of events kept, counted as CloudWatch Logs counts them. */
  readonly maxBytes: number;
  /** Told once, when events are dropped for the first time. */
  readonly onNotice?: (message: string) => void;
}

export class MemoryBudget {
  /** Every event kept, and some already gone with their stream, oldest first from `head`. */
  private entries: Entry[] = [];
  private head = 0;
  /** Entries from `head` on whose stream was deleted: their events no longer count. */
  private goneEntries = 0;
  private readonly goneStreams = new WeakSet<BudgetedStream>();
  private bytes = 0;
  private told = false;

  constructor(private readonly options: MemoryBudgetOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0) {
      throw new RangeError(`maxLogBytes must be a positive whole number, got ${options.maxBytes}`);
    }
  }

  /** The bytes of the events kept now. */
  get usedBytes(): number {
    return this.bytes;
  }

  /** Counts an event just pushed onto `stream`, and drops the oldest events if over budget. */
  added(stream: BudgetedStream, messageBytes: number): void {
    const bytes = messageBytes + EVENT_OVERHEAD_BYTES;
    this.entries.push({ stream, bytes });
    this.bytes += bytes;
    if (this.bytes > this.options.maxBytes) this.dropOldest();
  }

  /**
   * A stream deleted (DeleteLogStream, DeleteLogGroup, or dropped whole): its events stop
   * counting, and are let go of at once, though the order still names the stream for a while.
   */
  removed(stream: BudgetedStream): void {
    const count = stream.events.length;
    this.goneStreams.add(stream);
    this.goneEntries += count;
    this.bytes -= stream.storedBytes + count * EVENT_OVERHEAD_BYTES;
    stream.events.splice(0);
    stream.storedBytes = 0;
    const kept = this.entries.length - this.head - this.goneEntries;
    if (this.goneEntries > COMPACT_AFTER && this.goneEntries > kept) {
      this.entries = this.entries
        .slice(this.head)
        .filter((entry) => !this.goneStreams.has(entry.stream));
      this.head = 0;
      this.goneEntries = 0;
    }
  }

  private dropOldest(): void {
    const { maxBytes, onNotice } = this.options;
    const target = Math.floor(maxBytes * KEPT_AFTER_DROPPING);
    const dropped = new Map<BudgetedStream, { count: number; bytes: number }>();
    while (this.bytes > target && this.head < this.entries.length) {
      const entry = this.entries[this.head++] as Entry;
      if (this.goneStreams.has(entry.stream)) {
        this.goneEntries--;
        continue;
      }
      this.bytes -= entry.bytes;
      const counted = dropped.get(entry.stream) ?? { count: 0, bytes: 0 };
      counted.count += 1;
      counted.bytes += entry.bytes;
      dropped.set(entry.stream, counted);
    }
    // A stream's events are in the order they were appended, so its oldest are at its head.
    for (const [stream, { count, bytes }] of dropped) {
      stream.events.splice(0, count);
      stream.storedBytes -= bytes - count * EVENT_OVERHEAD_BYTES;
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    if (!this.told) {
      this.told = true;
      onNotice?.(
        `the log events kept in memory reached their budget of ${size(maxBytes)} (maxLogBytes): ` +
          'the oldest are dropped from now on, and GetLogEvents and FilterLogEvents no longer return them.',
      );
    }
  }
}

const MB = 1024 * 1024;

function size(bytes: number): string {
  return bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes} bytes`;
}

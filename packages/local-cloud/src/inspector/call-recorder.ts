/**
 * The local cloud's record of a run: every hop (./hops.ts) goes into the chain of the hop
 * that caused it, or starts a chain of its own. The history is bounded: past `maxChains`
 * the oldest chain goes, with its hops and links; a chain keeps its first `maxHopsPerChain`
 * hops; each hop keeps `maxDetailChars` of its payload, answer and log. Each event costs a
 * few Map operations whether anyone listens or not, so the record is always there when the
 * page opens.
 *
 * Links tie hops together by the ids the services already pass on: an Invoke's request id is
 * its invocation's (and every retry's), a Publish's answer names its MessageId, a PutRecord's
 * its SequenceNumber, a function's own calls carry its invocation in `X-Amzn-Trace-Id`.
 */
import type { Chain, Hop, HopEvent, HopStatus, InvocationType } from './hops.ts';

export interface RecorderLimits {
  readonly maxChains: number;
  readonly maxHopsPerChain: number;
  readonly maxDetailChars: number;
}

export const DEFAULT_RECORDER_LIMITS: RecorderLimits = {
  maxChains: 100,
  maxHopsPerChain: 100,
  maxDetailChars: 4096,
};

/** What an id (a request id, a MessageId, a record's stream and sequence number) leads to. */
export interface Link {
  /** The hop that caused what comes under this id. */
  readonly parent: number;
  /** How Lambda runs what comes under this id, if it is an invocation. */
  readonly type?: InvocationType;
  /** The first invocation under this id: a retry hangs under it. */
  firstAttempt?: number;
  attempts: number;
}

/** A new hop's own fields; the recorder gives it its id, chain, start and status. */
export type NewHop<H extends Hop> = Omit<H, 'id' | 'chainId' | 'parentId' | 'startedAt' | 'status'>;

type Listener = (event: HopEvent) => void;

const STATUS_WEIGHT: Record<HopStatus, number> = { ok: 0, running: 1, throttled: 2, error: 3 };

export class CallRecorder {
  readonly limits: RecorderLimits;
  /** Oldest first (a Map keeps insertion order). */
  private readonly chains = new Map<number, Chain>();
  private readonly hops = new Map<number, Hop>();
  private readonly links = new Map<string, Link>();
  /** Per chain: the link ids to drop with it, and how many of its hops still run. */
  private readonly chainState = new Map<number, { linkIds: string[]; running: number }>();
  private readonly startTimes = new Map<number, number>();
  private readonly listeners = new Set<Listener>();
  private nextId = 1;

  constructor(limits: Partial<RecorderLimits> = {}) {
    this.limits = { ...DEFAULT_RECORDER_LIMITS, ...limits };
  }

  /** Starts a hop under `parentId` (a new chain if there is none, or it was dropped). */
  start<H extends Hop>(fields: NewHop<H>, parentId?: number): H {
    const parent = parentId === undefined ? undefined : this.hops.get(parentId);
    const chain = parent ? this.chains.get(parent.chainId) : undefined;
    const id = this.nextId++;
    const now = performance.now();
    const hop = {
      ...fields,
      id,
      chainId: chain?.id ?? id,
      ...(parent && { parentId: parent.id }),
      // To the microsecond, so that an inner hop's end comes before its caller's in time order.
      startedAt: performance.timeOrigin + now,
      status: 'running',
    } as H;
    this.startTimes.set(id, now);
    const target = chain ?? this.newChain(hop);
    const state = this.chainState.get(target.id);
    if (state) state.running += 1;
    if (target.hops.length < this.limits.maxHopsPerChain) {
      target.hops.push(hop);
      this.hops.set(id, hop);
    } else {
      target.droppedHops += 1;
    }
    target.status = 'running';
    target.durationMs = undefined;
    if (hop.kind === 'invocation') {
      if (!target.functions.includes(hop.functionName)) target.functions.push(hop.functionName);
      if (!target.routes.includes(hop.invocationType)) target.routes.push(hop.invocationType);
    }
    this.emit('started', hop, target);
    return hop;
  }

  /** Ends a hop: its status, and what else it learnt (`label`, `detail`, ...). */
  end<H extends Hop>(hop: H, status: Exclude<HopStatus, 'running'>, fields: Partial<H> = {}): void {
    Object.assign(hop, fields);
    hop.status = status;
    const started = this.startTimes.get(hop.id);
    this.startTimes.delete(hop.id);
    if (started !== undefined) hop.durationMs = performance.now() - started;
    const chain = this.chains.get(hop.chainId);
    const state = this.chainState.get(hop.chainId);
    if (!chain || !state) return; // dropped meanwhile
    state.running -= 1;
    if (state.running === 0) {
      let worst: HopStatus = 'ok';
      let end = chain.startedAt;
      for (const each of chain.hops) {
        if (STATUS_WEIGHT[each.status] > STATUS_WEIGHT[worst]) worst = each.status;
        end = Math.max(end, each.startedAt + (each.durationMs ?? 0));
      }
      chain.status = worst;
      chain.durationMs = end - chain.startedAt;
    }
    this.emit('ended', hop, chain);
  }

  /** Says that what comes under `id` was caused by `link.parent`, for as long as its chain is kept. */
  link(id: string, link: Omit<Link, 'attempts'>): Link {
    const kept: Link = { ...link, attempts: 0 };
    const chainId = this.hops.get(link.parent)?.chainId;
    const state = chainId === undefined ? undefined : this.chainState.get(chainId);
    if (!state) return kept;
    this.links.set(id, kept);
    state.linkIds.push(id);
    return kept;
  }

  linkOf(id: string): Link | undefined {
    return this.links.get(id);
  }

  hop(id: number): Hop | undefined {
    return this.hops.get(id);
  }

  /** The chains kept, oldest first. */
  recent(): Chain[] {
    return [...this.chains.values()];
  }

  chain(id: number): Chain | undefined {
    return this.chains.get(id);
  }

  /** Hears every hop that starts or ends; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A payload, answer or log as a hop keeps it: cut to `maxDetailChars`, binary only named. */
  detail(body: Buffer | string | undefined): string | undefined {
    if (body === undefined || body.length === 0) return undefined;
    const max = this.limits.maxDetailChars;
    const text = typeof body === 'string' ? body.slice(0, max) : body.toString('utf8', 0, max);
    if (text.includes('\u0000')) return `(${body.length} bytes, not text)`;
    const more = body.length - max;
    return more > 0
      ? `${text}… (${more} more ${typeof body === 'string' ? 'characters' : 'bytes'})`
      : text;
  }

  private newChain(first: Hop): Chain {
    const chain: Chain = {
      id: first.id,
      startedAt: first.startedAt,
      status: 'running',
      hops: [],
      droppedHops: 0,
      functions: [],
      routes: [],
    };
    this.chains.set(chain.id, chain);
    this.chainState.set(chain.id, { linkIds: [], running: 0 });
    if (this.chains.size > this.limits.maxChains) this.dropOldest();
    return chain;
  }

  private dropOldest(): void {
    const oldest = this.chains.values().next().value;
    if (!oldest) return;
    this.chains.delete(oldest.id);
    for (const hop of oldest.hops) {
      this.hops.delete(hop.id);
      this.startTimes.delete(hop.id);
    }
    for (const id of this.chainState.get(oldest.id)?.linkIds ?? []) this.links.delete(id);
    this.chainState.delete(oldest.id);
  }

  private emit(type: HopEvent['type'], hop: Hop, chain: Chain): void {
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) listener({ type, hop, chain });
  }
}

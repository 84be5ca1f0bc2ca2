/**
 * The chains as a reader of the live view's data rebuilds them (./live-view.ts): from the
 * chains kept, then each hop event, replacing a hop by its id as it ends. The page in the
 * browser keeps as many as the cloud does; a record of a run (./run-trace.ts) keeps them all.
 */
import type { Chain, ChainsAnswer, HopEvent } from './hops.ts';

export class ChainLog {
  /** Oldest first, as the cloud keeps them. */
  readonly chains = new Map<number, Chain>();

  constructor(public limits: ChainsAnswer['limits']) {}

  /** What the cloud keeps now; events that came before it are applied again after. */
  applySnapshot(answer: ChainsAnswer): void {
    this.limits = answer.limits;
    this.chains.clear();
    for (const chain of answer.chains) this.chains.set(chain.id, chain);
  }

  /** Returns the chain as it now is. */
  applyEvent({ hop, chain }: HopEvent): Chain {
    const hops = [...(this.chains.get(chain.id)?.hops ?? [])];
    const index = hops.findIndex((each) => each.id === hop.id);
    if (index !== -1) hops[index] = hop;
    else if (hops.length < this.limits.maxHopsPerChain) hops.push(hop);
    const updated = { ...chain, hops };
    this.chains.set(chain.id, updated);
    while (this.chains.size > this.limits.maxChains) {
      const oldest = this.chains.keys().next().value;
      if (oldest === undefined) break;
      this.chains.delete(oldest);
    }
    return updated;
  }
}

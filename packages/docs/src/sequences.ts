/**
 * Sequence diagrams drawn from a real run. A marker names a chapter's step, as an output marker
 * does (`start`: all its steps):
 *
 *     <!-- sequence: @l2l/sync-invoke invoke -->
 *
 * and the ```mermaid block below it must be the diagram of the chains of calls that the step
 * made on the embedded local cloud and that ran a function, as @l2l/local-cloud draws them for
 * the docs (`docsSequenceDiagram`: no durations, no cold or warm, an order that does not depend
 * on timing). The steps run in the page's one run (./outputs.ts); `pnpm docs:write` writes the
 * diagrams from it. A page whose blocks run a chapter's steps draws no sequence diagram by hand.
 */
import { type Chain, docsSequenceDiagram, type LocalCloud } from '@l2l/local-cloud';
import type { Page, Problem } from './pages.ts';

type Recorder = LocalCloud['recorder'];

/** How long a step's chains may go on after it, for what it set off without waiting. */
const SETTLE_MS = 30_000;

/** What a step returned, and the chains of calls it started. */
export interface StepRun<T> {
  readonly result: T;
  readonly chains: Chain[];
}

/**
 * Runs a step and gives the chains it started, once none of their hops runs any more (what a
 * step sets off without waiting ends by then, so the next step's chains are its own).
 */
export async function chainsStartedBy<T>(
  recorder: Recorder,
  run: () => Promise<T>,
): Promise<StepRun<T>> {
  const chains: Chain[] = [];
  const stop = recorder.subscribe(({ type, hop, chain }) => {
    if (type === 'started' && hop.id === chain.id) chains.push(chain);
  });
  let result: T;
  try {
    result = await run();
  } finally {
    stop();
  }
  await settled(recorder, chains);
  for (const chain of chains) {
    if (recorder.chain(chain.id) !== chain || chain.droppedHops > 0) {
      throw new Error(`the local cloud dropped hops of chain ${chain.id}: it keeps too few`);
    }
  }
  return { result, chains };
}

function settled(recorder: Recorder, chains: readonly Chain[]): Promise<void> {
  const running = () => chains.some((chain) => chain.hops.some((hop) => hop.status === 'running'));
  if (!running()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`a call the step made still ran ${SETTLE_MS / 1000} s after it`));
    }, SETTLE_MS);
    const stop = recorder.subscribe(() => {
      if (running()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/** A diagram without a message: the steps ran no function. */
export const EMPTY_DIAGRAM = 'sequenceDiagram\n';

/** The block's text: the diagram of the chains that ran a function. */
export function diagramOf(chains: readonly Chain[]): string {
  return `${docsSequenceDiagram(chains.filter((chain) => chain.functions.length > 0))}\n`;
}

/** Each ```mermaid sequence diagram of the page that no sequence marker draws from a run. */
export function unmarkedDiagrams(page: Page): Problem[] {
  const all = page.text.split('\n');
  return all.flatMap((line, index) =>
    line.trim() === '```mermaid' &&
    all[index + 1]?.trim() === 'sequenceDiagram' &&
    !/^<!--\s*sequence:/.test(all[index - 1] ?? '')
      ? [
          {
            path: page.path,
            line: index + 1,
            message:
              'this page runs a chapter on the local cloud: draw its sequence diagram from the run, under a <!-- sequence: PACKAGE STEP --> marker (pnpm docs:write writes it)',
          },
        ]
      : [],
  );
}

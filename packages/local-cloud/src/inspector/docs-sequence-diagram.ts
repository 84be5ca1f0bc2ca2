/**
 * Chains (./hops.ts) as one Mermaid sequence diagram that is the same on every run of the same
 * steps, for the docs to embed and check (packages/docs). What varies from run to run is left
 * out: durations, cold or warm, and the order in which things that ran at once happened to start.
 *
 * Each hop is told as a story: its request, then its synchronous children in the order they
 * started (each told the same way), then its answer. What a hop set off without waiting (an
 * `Event`, SNS or destination invocation, an SNS delivery, a Kinesis batch) is told after that
 * story is over, each the same way; those of one hop in the order of their text, so that two
 * that ran at once draw alike whichever started first. Chains follow one another in the order
 * they started. A block of lines repeated `MIN_REPEATS` times or more in a row (fan-out's
 * workers, a loop's rounds) is drawn once in a Mermaid `loop N times` block.
 */
import type { Chain, Hop } from './hops.ts';
import {
  type DrawnMessage,
  isAsynchronous,
  messageLine,
  messageText,
  Participants,
} from './sequence-diagram.ts';

/** Fewer repeats than this are drawn out: two in a row read as easily as a loop of two. */
export const MIN_REPEATS = 3;

const INDENT = '  ';

export function docsSequenceDiagram(chains: readonly Pick<Chain, 'hops'>[]): string {
  const messages = chains.flatMap((chain) => {
    const children = childrenOf(chain.hops);
    const kept = new Set(chain.hops.map((hop) => hop.id));
    return chain.hops
      .filter((hop) => hop.parentId === undefined || !kept.has(hop.parentId))
      .flatMap((root) => story(root, children));
  });
  const participants = new Participants();
  const lines = messages.map((message) => messageLine(message, participants, false));
  return ['sequenceDiagram', ...participants.lines(), ...collapseRepeats(lines, INDENT)].join('\n');
}

/** Each hop's children, in the order they started. */
function childrenOf(hops: readonly Hop[]): Map<number, Hop[]> {
  const children = new Map<number, Hop[]>();
  for (const hop of hops) {
    if (hop.parentId === undefined) continue;
    children.set(hop.parentId, [...(children.get(hop.parentId) ?? []), hop]);
  }
  return children;
}

/** Whether the caller went on without waiting for the hop: it is drawn after the caller's story. */
function isQueued(hop: Hop): boolean {
  return isAsynchronous(hop) || hop.kind === 'batch';
}

/** The hop's request, its synchronous children's stories, its answer; then what it set off. */
function story(hop: Hop, children: ReadonlyMap<number, Hop[]>): DrawnMessage[] {
  const told: DrawnMessage[] = [];
  const setOff: DrawnMessage[][] = [];
  const tell = (each: Hop) => {
    told.push({ hop: each, answer: false });
    const queued: { key: string; messages: DrawnMessage[] }[] = [];
    for (const child of children.get(each.id) ?? []) {
      if (!isQueued(child)) {
        tell(child);
        continue;
      }
      const messages = story(child, children);
      queued.push({ key: messages.map(messageKey).join('\n'), messages });
    }
    queued.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    setOff.push(...queued.map(({ messages }) => messages));
    if (each.status !== 'running') told.push({ hop: each, answer: true });
  };
  tell(hop);
  return [...told, ...setOff.flat()];
}

/** A message as its line says it, with the participants' names rather than their aliases. */
function messageKey(message: DrawnMessage): string {
  const { from, to } = message.hop;
  return `${message.answer ? `${to}<${from}` : `${from}>${to}`}: ${messageText(message, false)}`;
}

/**
 * The lines with each block repeated `MIN_REPEATS` times or more in a row drawn once in a
 * `loop N times` block (https://mermaid.js.org/syntax/sequenceDiagram.html#loops); from the
 * first line on, the repeat that covers the most lines, and repeats within it the same way.
 */
export function collapseRepeats(lines: readonly string[], indent: string): string[] {
  const drawn: string[] = [];
  let at = 0;
  while (at < lines.length) {
    let best = { size: 0, times: 0 };
    for (let size = 1; at + size * MIN_REPEATS <= lines.length; size++) {
      let times = 1;
      while (sameBlock(lines, at, at + times * size, size)) times++;
      if (times >= MIN_REPEATS && size * times > best.size * best.times) best = { size, times };
    }
    if (best.times === 0) {
      drawn.push(`${indent}${lines[at]}`);
      at += 1;
      continue;
    }
    drawn.push(
      `${indent}loop ${best.times} times`,
      ...collapseRepeats(lines.slice(at, at + best.size), `${indent}${INDENT}`),
      `${indent}end`,
    );
    at += best.size * best.times;
  }
  return drawn;
}

function sameBlock(lines: readonly string[], first: number, second: number, size: number) {
  if (second + size > lines.length) return false;
  for (let offset = 0; offset < size; offset++) {
    if (lines[first + offset] !== lines[second + offset]) return false;
  }
  return true;
}

/**
 * A chain (./hops.ts) as a Mermaid sequence diagram
 * (https://mermaid.js.org/syntax/sequenceDiagram.html): one arrow per hop as it starts, solid
 * for a synchronous call, open for an asynchronous one (an `Event`, SNS or destination
 * invocation, an SNS delivery), and a dashed answer as it ends, in the order they happened. The live view draws
 * it in the browser; a record of a run writes it into Markdown. Plain code, no DOM.
 */
import type { Chain, Hop } from './hops.ts';

export interface SequenceDiagram {
  /** Mermaid's source. */
  readonly text: string;
  /** The hop of each message, in the order the diagram draws them (its arrows and answers). */
  readonly hopIds: readonly number[];
}

interface Message {
  readonly hop: Hop;
  readonly index: number;
  readonly at: number;
  readonly answer: boolean;
}

export function sequenceDiagram(chain: Pick<Chain, 'hops'>): SequenceDiagram {
  const participants = new Map<string, string>();
  const alias = (name: string) => {
    let id = participants.get(name);
    if (id === undefined) {
      id = `p${participants.size}`;
      participants.set(name, id);
    }
    return id;
  };
  // `You` first: the learner starts every chain that does not come from a function.
  if (chain.hops.some((hop) => hop.from === 'You')) alias('You');
  const messages: Message[] = [];
  chain.hops.forEach((hop, index) => {
    alias(hop.from);
    alias(hop.to);
    messages.push({ hop, index, at: hop.startedAt, answer: false });
    if (hop.status !== 'running') {
      messages.push({ hop, index, at: hop.startedAt + (hop.durationMs ?? 0), answer: true });
    }
  });
  // In time order; at the same instant an answer comes before what starts, inner answers first.
  messages.sort(
    (a, b) =>
      a.at - b.at ||
      Number(b.answer) - Number(a.answer) ||
      (a.answer ? b.index - a.index : a.index - b.index),
  );
  const lines = ['sequenceDiagram'];
  for (const [name, id] of participants) lines.push(`  participant ${id} as ${mermaidText(name)}`);
  for (const { hop, answer } of messages) {
    const from = alias(hop.from);
    const to = alias(hop.to);
    lines.push(
      answer
        ? `  ${to}-->>${from}: ${mermaidText(answerText(hop))}`
        : `  ${from}${isAsynchronous(hop) ? '-)' : '->>'}${to}: ${mermaidText(requestText(hop))}`,
    );
  }
  return { text: lines.join('\n'), hopIds: messages.map(({ hop }) => hop.id) };
}

/** What the arrow of a hop says as it starts. */
function requestText(hop: Hop): string {
  if (hop.kind === 'call') return hop.resource ? `${hop.operation} ${hop.resource}` : hop.operation;
  if (hop.kind === 'invocation') {
    const type = hop.invocationType === 'RequestResponse' ? 'sync' : hop.invocationType;
    return `run (${type})${hop.attempt > 1 ? `, attempt ${hop.attempt}` : ''}`;
  }
  if (hop.kind === 'delivery') {
    return `Deliver to ${hop.functionName}${hop.attempt > 1 ? `, attempt ${hop.attempt}` : ''}`;
  }
  if (hop.kind === 'loop-stop') return `loop stopped: ${hop.functionName} not run`;
  return `Batch of ${hop.records} record${hop.records === 1 ? '' : 's'}`;
}

/** What its answer says: the status or error, cold or warm, how long it took. */
function answerText(hop: Hop): string {
  const took = `${Math.round(hop.durationMs ?? 0)} ms`;
  if (hop.kind === 'call') {
    return `${hop.httpStatus ?? ''}${hop.errorCode ? ` ${hop.errorCode}` : ''}, ${took}`.trim();
  }
  if (hop.kind === 'invocation') {
    const start = hop.cold === undefined ? '' : `${hop.cold ? 'cold' : 'warm'}, `;
    return `${hop.errorType ?? hop.status}, ${start}${took}`;
  }
  if (hop.kind === 'delivery' && hop.errorCode) return `${hop.errorCode}, ${took}`;
  if (hop.kind === 'loop-stop') return hop.outcome;
  return `${hop.status}, ${took}`;
}

/** SNS delivers, and Lambda runs an `Event`, SNS or destination invocation, without the caller waiting. */
function isAsynchronous(hop: Hop): boolean {
  if (hop.kind === 'delivery') return true;
  return hop.kind === 'invocation' && ['Event', 'SNS', 'Destination'].includes(hop.invocationType);
}

/** Mermaid's entity codes for what its sequence syntax would read (`;` ends a statement). */
function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[#;<>]/g, (character) => `#${character.charCodeAt(0)};`);
}

/**
 * A chain (./hops.ts) as a Mermaid sequence diagram
 * (https://mermaid.js.org/syntax/sequenceDiagram.html): one arrow per hop as it starts, solid
 * for a synchronous call, open for an asynchronous one (an `Event`, SNS or destination
 * invocation, an SNS delivery), and a dashed answer as it ends, in the order they happened. The
 * live view draws it in the browser; a record of a run writes it into Markdown. Plain code, no
 * DOM. The docs draw the same messages in an order that does not depend on timing
 * (./docs-sequence-diagram.ts).
 */
import type { Chain, Hop } from './hops.ts';

export interface SequenceDiagram {
  /** Mermaid's source. */
  readonly text: string;
  /** The hop of each message, in the order the diagram draws them (its arrows and answers). */
  readonly hopIds: readonly number[];
}

interface Message extends DrawnMessage {
  readonly index: number;
  readonly at: number;
}

export function sequenceDiagram(chain: Pick<Chain, 'hops'>): SequenceDiagram {
  const messages: Message[] = [];
  chain.hops.forEach((hop, index) => {
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
  const participants = new Participants();
  // `You` first: the learner starts every chain that does not come from a function.
  if (chain.hops.some((hop) => hop.from === 'You')) participants.alias('You');
  for (const hop of chain.hops) {
    participants.alias(hop.from);
    participants.alias(hop.to);
  }
  const lines = messages.map((message) => `  ${messageLine(message, participants, true)}`);
  return {
    text: ['sequenceDiagram', ...participants.lines(), ...lines].join('\n'),
    hopIds: messages.map(({ hop }) => hop.id),
  };
}

/** A drawn message: a hop's arrow as it starts, or its answer. */
export interface DrawnMessage {
  readonly hop: Hop;
  readonly answer: boolean;
}

/** The diagram's participants, `p0`, `p1`, ... in the order they are first named. */
export class Participants {
  private readonly ids = new Map<string, string>();

  alias(name: string): string {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = `p${this.ids.size}`;
      this.ids.set(name, id);
    }
    return id;
  }

  lines(): string[] {
    return [...this.ids].map(([name, id]) => `  participant ${id} as ${mermaidText(name)}`);
  }
}

/**
 * A message's line, without its indent: solid for a synchronous call, open for an asynchronous
 * one, dashed for an answer.
 */
export function messageLine(
  message: DrawnMessage,
  participants: Participants,
  timed: boolean,
): string {
  const from = participants.alias(message.hop.from);
  const to = participants.alias(message.hop.to);
  const arrow = message.answer
    ? `${to}-->>${from}`
    : `${from}${isAsynchronous(message.hop) ? '-)' : '->>'}${to}`;
  return `${arrow}: ${mermaidText(messageText(message, timed))}`;
}

/** What a message says; `timed`: an answer says cold or warm and how long it took. */
export function messageText({ hop, answer }: DrawnMessage, timed: boolean): string {
  return answer ? answerText(hop, timed) : requestText(hop);
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

/** What its answer says: the status or error, and if `timed`, cold or warm and how long it took. */
function answerText(hop: Hop, timed: boolean): string {
  const parts = [outcomeText(hop)];
  // A stopped loop ran nothing: it has no start and no time of its own.
  if (timed && hop.kind !== 'loop-stop') {
    if (hop.kind === 'invocation' && hop.cold !== undefined) parts.push(hop.cold ? 'cold' : 'warm');
    parts.push(`${Math.round(hop.durationMs ?? 0)} ms`);
  }
  return parts.filter(Boolean).join(', ');
}

/** How a hop ended: its HTTP status and error code, or its error or status. */
function outcomeText(hop: Hop): string {
  if (hop.kind === 'call') {
    return `${hop.httpStatus ?? ''}${hop.errorCode ? ` ${hop.errorCode}` : ''}`.trim();
  }
  if (hop.kind === 'invocation') return hop.errorType ?? hop.status;
  if (hop.kind === 'delivery' && hop.errorCode) return hop.errorCode;
  if (hop.kind === 'loop-stop') return hop.outcome;
  return hop.status;
}

/** SNS delivers, and Lambda runs an `Event`, SNS or destination invocation, without the caller waiting. */
export function isAsynchronous(hop: Hop): boolean {
  if (hop.kind === 'delivery') return true;
  return hop.kind === 'invocation' && ['Event', 'SNS', 'Destination'].includes(hop.invocationType);
}

/** Mermaid's entity codes for what its sequence syntax would read (`;` ends a statement). */
function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[#;<>]/g, (character) => `#${character.charCodeAt(0)};`);
}

/**
 * A record of a run (`pnpm start --trace FILE.html`): every chain the run made, heard from a
 * local cloud's live view (./live-view.ts: its events with their details) as it happens, so
 * that it works alike with the embedded cloud and with `pnpm local-cloud`, and however many
 * chains the cloud keeps. Written as the live view's own page with the chains inside (it opens
 * offline: Mermaid is in it), and as Markdown with one Mermaid sequence diagram per chain that
 * ran a function, for the docs to embed.
 */
import { writeFile } from 'node:fs/promises';
import { ChainLog } from './chain-log.ts';
import type { Chain, ChainsAnswer, HopEvent, HopStatus, RecordedRun } from './hops.ts';
import { LIVE_VIEW_PATH } from './live-view.ts';
import { sequenceDiagram } from './sequence-diagram.ts';

/** How long the record waits, at the end, for events still on their way. */
const CATCH_UP_MS = 5_000;

export interface RunTrace {
  /** Stops listening and writes the page to `htmlFile` and the Markdown beside it (`.md`). */
  finish(htmlFile: string): Promise<{ readonly htmlFile: string; readonly markdownFile: string }>;
}

/** Starts hearing the chains of the local cloud at `endpoint`; only those that start from now on are kept. */
export async function traceRun(endpoint: string): Promise<RunTrace> {
  const base = `${endpoint}${LIVE_VIEW_PATH}`;
  const unbounded = {
    maxChains: Number.MAX_SAFE_INTEGER,
    maxHopsPerChain: Number.MAX_SAFE_INTEGER,
  };
  const log = new ChainLog(unbounded);
  const seen = new Map<number, HopStatus>();
  let heard = () => {};
  const abort = new AbortController();
  const response = await fetch(`${base}events?details=1`, { signal: abort.signal });
  if (!response.ok || !response.body) {
    throw new Error(`The local cloud at ${endpoint} has no live view to record the run from.`);
  }
  const body = response.body;
  // Subscribed once the headers came: what is kept now is from before the run.
  const before = lastHopId(await snapshot(base));
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!event.startsWith('data: ')) continue;
          const hopEvent = JSON.parse(event.slice('data: '.length)) as HopEvent;
          log.applyEvent(hopEvent);
          seen.set(hopEvent.hop.id, hopEvent.hop.status);
          heard();
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();

  /** Until every hop the cloud now has since `before` was heard as it is now (or later). */
  const caughtUp = async () => {
    const wanted = (await snapshot(base)).chains
      .flatMap((chain) => chain.hops)
      .filter((hop) => hop.id > before);
    const done = () =>
      wanted.every(
        (hop) => seen.has(hop.id) && (hop.status === 'running' || seen.get(hop.id) !== 'running'),
      );
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CATCH_UP_MS);
      heard = () => {
        if (done()) resolve();
      };
      heard();
    });
    clearTimeout(timer);
    heard = () => {};
  };

  return {
    async finish(htmlFile) {
      await caughtUp();
      abort.abort();
      await reading;
      const chains = [...log.chains.values()].filter((chain) => chain.id > before);
      const run: RecordedRun = { recordedAt: new Date().toISOString(), chains };
      const [page, script] = await Promise.all([text(base), text(`${base}app.js`)]);
      const markdownFile = `${htmlFile.replace(/\.html?$/i, '')}.md`;
      await writeFile(htmlFile, recordedPage(page, script, run));
      await writeFile(markdownFile, recordedMarkdown(run));
      return { htmlFile, markdownFile };
    },
  };
}

/** The live view's page, its script inline and the run inside: one file that opens offline. */
export function recordedPage(page: string, script: string, run: RecordedRun): string {
  // Neither may end the <script> element it is in (HTML's "script data" state).
  const data = JSON.stringify(run).replace(/</g, '\\u003c');
  const code = script.replace(/<\/script/gi, '<\\/script');
  const inline = `<script type="application/json" id="recorded-run">${data}</script>\n<script>${code}</script>`;
  return page
    .replace('<title>Local cloud: live view</title>', '<title>Local cloud: a recorded run</title>')
    .replace('<script src="app.js" defer></script>', () => inline);
}

/** Each chain that ran a function, as a Mermaid sequence diagram under its title. */
export function recordedMarkdown(run: RecordedRun): string {
  const sections = run.chains
    .filter((chain) => chain.functions.length > 0)
    .map((chain, index) => {
      const diagram = sequenceDiagram(chain).text;
      return `## ${index + 1}. ${title(chain)}\n\n\`\`\`mermaid\n${diagram}\n\`\`\`\n`;
    });
  return [
    '# The chains of a run',
    '',
    `Recorded by the local cloud on ${run.recordedAt}: each chain of calls that ran a function, in the order they started.`,
    '',
    ...sections,
  ].join('\n');
}

function title(chain: Chain): string {
  const [first] = chain.hops;
  if (!first) return `chain ${chain.id}`;
  return first.from === 'You' ? first.label : `${first.from}: ${first.label}`;
}

function lastHopId(answer: ChainsAnswer): number {
  return Math.max(0, ...answer.chains.flatMap((chain) => chain.hops.map((hop) => hop.id)));
}

async function snapshot(base: string): Promise<ChainsAnswer> {
  return JSON.parse(await text(`${base}chains`)) as ChainsAnswer;
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.text();
}

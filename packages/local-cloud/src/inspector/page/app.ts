/**
 * The live view in the browser (served by ../live-view.ts, bundled with Mermaid by esbuild):
 * the chains kept, then each hop as it starts and ends, from the cloud's own origin. A list of
 * recent chains (filtered by function and route), the selected chain as a sequence diagram
 * and as a list of hops, and the payload, answer and log lines of the hop clicked. Keyboard:
 * the lists' buttons take the focus, arrow keys move in a list, Escape closes a hop.
 */
import mermaid from 'mermaid';
import { ChainLog } from '../chain-log.ts';
import type { Chain, ChainsAnswer, Hop, HopEvent, InvocationType, RecordedRun } from '../hops.ts';
import { sequenceDiagram } from '../sequence-diagram.ts';

const ROUTE_NAMES: Record<InvocationType, string> = {
  RequestResponse: 'sync Invoke',
  Event: 'async Invoke (Event)',
  SNS: 'SNS',
  Kinesis: 'Kinesis',
  Destination: 'destination',
  FunctionUrl: 'function URL',
};

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const chainList = element<HTMLOListElement>('chains');
const noChains = element<HTMLParagraphElement>('no-chains');
const chainView = element<HTMLElement>('chain');
const functionFilter = element<HTMLSelectElement>('function-filter');
const routeFilter = element<HTMLSelectElement>('route-filter');
const follow = element<HTMLInputElement>('follow');
const themeButton = element<HTMLButtonElement>('theme');
const live = element<HTMLSpanElement>('live');
/** Present in a record of a run written to a file: then nothing is asked of a cloud. */
const recorded = document.getElementById('recorded-run');

const log = new ChainLog({ maxChains: 100, maxHopsPerChain: 100 });
const chains = log.chains;
let selectedChain: number | undefined;
let selectedHop: number | undefined;
let dark = (localStorage.getItem('theme') ?? '') === 'dark';
if (!localStorage.getItem('theme')) dark = matchMedia('(prefers-color-scheme: dark)').matches;

// --- the record, as the cloud tells it -------------------------------------------------------

function applySnapshot(answer: ChainsAnswer): void {
  log.applySnapshot(answer);
  if (follow.checked || selectedChain === undefined) selectedChain = newestShown()?.id;
}

function applyEvent(event: HopEvent): void {
  const chain = log.applyEvent(event);
  if (follow.checked && event.type === 'started' && chain.hops.length === 1 && shown(chain)) {
    selectedChain = chain.id;
    selectedHop = undefined;
  }
  if (event.type === 'ended' && event.hop.id === selectedHop) void showHop(event.hop.id);
}

function connect(): void {
  let buffered: HopEvent[] | undefined = [];
  const events = new EventSource('events');
  events.onmessage = (message) => {
    const event = JSON.parse(message.data) as HopEvent;
    if (buffered) buffered.push(event);
    else {
      applyEvent(event);
      schedule();
    }
  };
  events.onopen = async () => {
    live.textContent = 'live';
    // Also after a reconnection: what happened meanwhile is in the snapshot.
    buffered ??= [];
    const answer = (await (await fetch('chains')).json()) as ChainsAnswer;
    applySnapshot(answer);
    for (const event of buffered) applyEvent(event);
    buffered = undefined;
    schedule();
  };
  events.onerror = () => {
    live.textContent = 'reconnecting…';
  };
}

// --- what is shown ---------------------------------------------------------------------------

function shown(chain: Chain | undefined): boolean {
  if (!chain) return false;
  const fn = functionFilter.value;
  const route = routeFilter.value as InvocationType | '';
  return (!fn || chain.functions.includes(fn)) && (!route || chain.routes.includes(route));
}

function newestShown(): Chain | undefined {
  return [...chains.values()].reverse().find(shown);
}

let renderPending = false;
function schedule(): void {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    render();
  });
}

function render(): void {
  renderFilter(
    functionFilter,
    [...chains.values()].flatMap((chain) => chain.functions),
    (fn) => fn,
  );
  renderFilter(
    routeFilter,
    [...chains.values()].flatMap((chain) => chain.routes),
    (route) => ROUTE_NAMES[route as InvocationType] ?? route,
  );
  renderChainList();
  renderChain();
}

function renderFilter(
  select: HTMLSelectElement,
  values: string[],
  name: (value: string) => string,
) {
  const wanted = [...new Set(values)].sort();
  const present = [...select.options].slice(1).map((option) => option.value);
  if (wanted.join('\n') === present.join('\n')) return;
  const value = select.value;
  select.replaceChildren(select.options[0] as HTMLOptionElement);
  for (const each of wanted) select.add(new Option(name(each), each));
  select.value = wanted.includes(value) ? value : '';
}

function renderChainList(): void {
  const focused = document.activeElement?.getAttribute('data-chain');
  const items = [...chains.values()]
    .reverse()
    .filter(shown)
    .map((chain) => {
      const [first] = chain.hops;
      const button = itemButton(`data-chain`, chain.id, chain.id === selectedChain);
      button.append(
        statusBadge(chain.status),
        ` ${first ? title(first) : `chain ${chain.id}`}`,
        meta(
          [
            `${chain.hops.length + chain.droppedHops} hop${chain.hops.length === 1 ? '' : 's'}`,
            chain.durationMs === undefined ? 'running' : duration(chain.durationMs),
            chain.functions.join(', '),
            new Date(chain.startedAt).toLocaleTimeString(),
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      );
      button.addEventListener('click', () => {
        follow.checked = false;
        selectedChain = chain.id;
        selectedHop = undefined;
        render();
      });
      const item = document.createElement('li');
      item.append(button);
      return item;
    });
  chainList.replaceChildren(...items);
  noChains.hidden = items.length > 0;
  if (focused) chainList.querySelector<HTMLElement>(`[data-chain="${focused}"]`)?.focus();
}

let drawn = '';
let drawing = Promise.resolve();
let diagrams = 0;

function renderChain(): void {
  const chain = selectedChain === undefined ? undefined : chains.get(selectedChain);
  if (!chain) return;
  const diagram = sequenceDiagram(chain);
  const key = `${chain.id}|${dark}|${diagram.text}`;
  if (key !== drawn) {
    drawn = key;
    drawing = drawing.then(() => drawChain(chain, diagram.text, diagram.hopIds));
  } else {
    markSelectedHop();
  }
}

async function drawChain(chain: Chain, text: string, hopIds: readonly number[]): Promise<void> {
  let svg: string;
  try {
    ({ svg } = await mermaid.render(`diagram-${++diagrams}`, text));
  } catch (error) {
    svg = `<pre>${escapeHtml(`${(error as Error).message}\n\n${text}`)}</pre>`;
  }
  const focused = document.activeElement?.getAttribute('data-hop');
  const heading = document.createElement('h2');
  heading.append(statusBadge(chain.status), ` ${chain.hops[0] ? title(chain.hops[0]) : ''}`);
  const figure = document.createElement('div');
  figure.id = 'diagram';
  figure.innerHTML = svg;
  figure.querySelectorAll<SVGTextElement>('text.messageText').forEach((label, index) => {
    const hopId = hopIds[index];
    if (hopId === undefined) return;
    label.dataset.hop = String(hopId);
    label.setAttribute('tabindex', '0');
    label.setAttribute('role', 'button');
    label.addEventListener('click', () => selectHop(hopId));
    label.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') selectHop(hopId);
    });
  });
  const hopList = document.createElement('ol');
  hopList.id = 'hops';
  hopList.setAttribute('aria-label', 'Hops of this chain, in the order they started');
  hopList.append(
    ...chain.hops.map((hop, index) => {
      const button = itemButton('data-hop', hop.id, hop.id === selectedHop);
      button.append(
        `${index + 1}. ${hop.from} → ${hop.to}: `,
        statusBadge(hop.status),
        ` ${hop.label}`,
        meta(hop.durationMs === undefined ? 'running' : duration(hop.durationMs)),
      );
      button.addEventListener('click', () => selectHop(hop.id));
      const item = document.createElement('li');
      item.append(button);
      return item;
    }),
  );
  const more =
    chain.droppedHops > 0 ? meta(`${chain.droppedHops} more hops, counted but not kept`) : '';
  const detail = document.createElement('section');
  detail.id = 'hop';
  detail.hidden = true;
  detail.setAttribute('aria-label', 'The hop chosen');
  chainView.replaceChildren(heading, figure, hopList, more, detail);
  if (focused) chainView.querySelector<HTMLElement>(`button[data-hop="${focused}"]`)?.focus();
  if (selectedHop !== undefined) void showHop(selectedHop);
  markSelectedHop();
}

function markSelectedHop(): void {
  for (const each of chainView.querySelectorAll<Element>('[data-hop]')) {
    const selected = each.getAttribute('data-hop') === String(selectedHop);
    if (each instanceof HTMLButtonElement) each.setAttribute('aria-current', String(selected));
    else each.classList.toggle('selected', selected);
  }
}

function selectHop(hopId: number): void {
  selectedHop = hopId;
  markSelectedHop();
  void showHop(hopId);
}

/** The hop's payload, answer and log lines, asked of the cloud. */
async function showHop(hopId: number): Promise<void> {
  const detail = document.getElementById('hop');
  if (!detail) return;
  const hop = recorded ? recordedHop(hopId) : await fetchHop(hopId);
  if (hopId !== selectedHop) return;
  const heading = document.createElement('h3');
  heading.textContent = hop
    ? `${hop.from} → ${hop.to}: ${hop.label}`
    : 'This hop is no longer kept.';
  const parts: Node[] = [heading];
  if (hop) {
    parts.push(
      meta(
        [
          hop.status,
          hop.durationMs === undefined ? 'running' : duration(hop.durationMs),
          'requestId' in hop ? `request id ${hop.requestId}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    );
    for (const [name, text] of [
      ['Payload', hop.detail.request],
      ['Response', hop.detail.response],
      ['Log lines', hop.detail.log],
    ] as const) {
      const title = document.createElement('h3');
      title.textContent = name;
      const pre = document.createElement('pre');
      pre.className = `detail-${name.split(' ')[0]?.toLowerCase()}`;
      pre.textContent = text ?? '(none)';
      parts.push(title, pre);
    }
  }
  detail.replaceChildren(...parts);
  detail.hidden = false;
}

async function fetchHop(hopId: number): Promise<Hop | undefined> {
  const response = await fetch(`hop?id=${hopId}`);
  return response.ok ? ((await response.json()) as Hop) : undefined;
}

function recordedHop(hopId: number): Hop | undefined {
  for (const chain of chains.values()) {
    const hop = chain.hops.find((each) => each.id === hopId);
    if (hop) return hop;
  }
  return undefined;
}

// --- small pieces ----------------------------------------------------------------------------

function itemButton(attribute: string, id: number, current: boolean): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'item';
  button.setAttribute(attribute, String(id));
  button.setAttribute('aria-current', String(current));
  return button;
}

function statusBadge(status: Chain['status']): HTMLElement {
  const badge = document.createElement('span');
  badge.className = `status ${status}`;
  badge.textContent = status;
  return badge;
}

function meta(text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'meta';
  span.textContent = text;
  return span;
}

/** What a chain is called: its first hop, and who made it when it was not you. */
function title(hop: Hop): string {
  return hop.from === 'You' ? hop.label : `${hop.from}: ${hop.label}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function applyTheme(): void {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  themeButton.textContent = dark ? 'Light' : 'Dark';
  themeButton.setAttribute('aria-label', `Switch to the ${dark ? 'light' : 'dark'} theme`);
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: dark ? 'dark' : 'default',
    fontSize: 18,
    sequence: { useMaxWidth: false, mirrorActors: false, messageFontSize: 18, actorFontSize: 18 },
  });
}

// --- the keyboard ----------------------------------------------------------------------------

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  const list = target.closest('ol');
  if (list && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('button.item')];
    const next =
      buttons[buttons.indexOf(target as HTMLButtonElement) + (event.key === 'ArrowDown' ? 1 : -1)];
    next?.focus();
    event.preventDefault();
  } else if (event.key === 'Escape' && selectedHop !== undefined) {
    const hop = selectedHop;
    selectedHop = undefined;
    markSelectedHop();
    const detail = document.getElementById('hop');
    if (detail) detail.hidden = true;
    chainView.querySelector<HTMLElement>(`button[data-hop="${hop}"]`)?.focus();
  }
});

for (const filter of [functionFilter, routeFilter]) {
  filter.addEventListener('change', () => {
    if (!shown(selectedChain === undefined ? undefined : chains.get(selectedChain))) {
      selectedChain = newestShown()?.id;
      selectedHop = undefined;
    }
    render();
  });
}
follow.addEventListener('change', () => {
  if (follow.checked) {
    selectedChain = newestShown()?.id;
    selectedHop = undefined;
    render();
  }
});
themeButton.addEventListener('click', () => {
  dark = !dark;
  localStorage.setItem('theme', dark ? 'dark' : 'light');
  applyTheme();
  render();
});

applyTheme();
if (recorded) {
  // A record of a run (../run-trace.ts): the page as it was, with every hop's details, offline.
  const run = JSON.parse(recorded.textContent ?? '{}') as RecordedRun;
  applySnapshot({
    limits: { maxChains: run.chains.length, maxHopsPerChain: Number.MAX_SAFE_INTEGER },
    chains: run.chains,
  });
  live.textContent = `recorded ${new Date(run.recordedAt).toLocaleString()}`;
  render();
} else {
  connect();
}

/**
 * The live view: a page the local cloud serves on its own origin, read-only, that shows the
 * record of the run (./call-recorder.ts) as it grows: ./page/index.html and its script
 * ./page/app.ts, which esbuild bundles with Mermaid from npm when the page is first asked for
 * (no CDN, and the cloud's start stays fast). Its data: the chains kept (`chains`), one hop's
 * payload, answer and log (`hop?id=N`), and each hop as it starts and ends, as Server-Sent
 * Events (`events`, with the details too as `events?details=1`,
 * https://html.spec.whatwg.org/multipage/server-sent-events.html).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { RequestHead } from '../server/aws-request.ts';
import type { PageResponse, ReadOnlyPages } from '../server/read-only-pages.ts';
import type { CallRecorder } from './call-recorder.ts';
import type { Chain, ChainsAnswer, Hop, HopEvent } from './hops.ts';

/** Where the page is, on the local cloud's endpoint. */
export const LIVE_VIEW_PATH = '/_local-cloud/live/';

const PATHS = {
  page: LIVE_VIEW_PATH,
  script: `${LIVE_VIEW_PATH}app.js`,
  chains: `${LIVE_VIEW_PATH}chains`,
  hop: `${LIVE_VIEW_PATH}hop`,
  events: `${LIVE_VIEW_PATH}events`,
} as const;

const PAGE_DIRECTORY = new URL('./page/', import.meta.url);

/**
 * An event stream whose reader lets this much pile up unsent is cut off (its connection
 * destroyed, which lets go of what was waiting), so that a stalled tab holds no more than this;
 * the page's EventSource reconnects and reads the chains afresh.
 */
const MAX_UNSENT_BYTES = 8 * 1024 * 1024;

/**
 * The page's scripts come from its own origin only; Mermaid styles its SVG inline. No other
 * site may frame it.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export class LiveView implements ReadOnlyPages {
  readonly paths: ReadonlySet<string> = new Set(Object.values(PATHS));
  private html?: Promise<string>;
  private script?: Promise<string>;

  constructor(private readonly recorder: CallRecorder) {}

  serve(head: RequestHead, res: PageResponse): void {
    if (head.path === PATHS.page) {
      // Ready by the time the page asks for it; a failure is told then.
      this.bundle().catch(() => {});
      this.html ??= readFile(new URL('index.html', PAGE_DIRECTORY), 'utf8');
      void answerWith(res, this.html, 'text/html; charset=utf-8');
    } else if (head.path === PATHS.script) {
      void answerWith(res, this.bundle(), 'text/javascript; charset=utf-8');
    } else if (head.path === PATHS.chains) {
      const answer: ChainsAnswer = {
        limits: this.recorder.limits,
        chains: this.recorder.recent().map(outline),
      };
      json(res, 200, answer);
    } else if (head.path === PATHS.hop) {
      const hop = this.recorder.hop(Number(head.query.get('id')));
      if (hop) json(res, 200, hop);
      else json(res, 404, { message: 'No such hop: it was never recorded, or it was dropped.' });
    } else if (head.path === PATHS.events) {
      this.stream(res, head.query.get('details') === '1');
    }
  }

  /** `details`: each hop with its payload, answer and log (a record of a run keeps them). */
  private stream(res: PageResponse, details: boolean): void {
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
    });
    res.write(': the record of the run, hop by hop\n\n');
    const unsubscribe = this.recorder.subscribe(({ type, hop, chain }: HopEvent) => {
      const event = { type, hop: details ? hop : outlineHop(hop), chain: { ...chain, hops: [] } };
      res.write(`data: ${JSON.stringify(event)}\n\n`);
      if ((res.writableLength ?? 0) > MAX_UNSENT_BYTES) {
        unsubscribe();
        res.destroy();
      }
    });
    // The page went away, or the server closed its connection as the cloud stopped.
    res.once('close', unsubscribe);
  }

  /** The page's script with Mermaid, built once, on first use. */
  private bundle(): Promise<string> {
    this.script ??= build({
      entryPoints: [fileURLToPath(new URL('app.ts', PAGE_DIRECTORY))],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      logLevel: 'silent',
    }).then(({ outputFiles }) => outputFiles[0]?.text ?? '');
    return this.script;
  }
}

function outline(chain: Chain): Chain {
  return { ...chain, hops: chain.hops.map(outlineHop) };
}

function outlineHop(hop: Hop): Hop {
  return { ...hop, detail: {} };
}

async function answerWith(res: PageResponse, body: Promise<string>, contentType: string) {
  try {
    const text = await body;
    res.writeHead(200, { ...PAGE_HEADERS, 'content-type': contentType });
    res.end(text);
  } catch (error) {
    res.writeHead(500, { ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The live view could not be built: ${(error as Error).message}`);
  }
}

function json(res: PageResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

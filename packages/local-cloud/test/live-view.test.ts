/**
 * The live view over HTTP (src/inspector/live-view.ts): its page, its data and its events are
 * served unsigned to a GET of exactly their paths from the learner's own browser, and to
 * nothing else. A page of another site and another Host are still refused; other methods and
 * other paths still need a signature. A reader of the events that stops reading is cut off
 * once 8 MB wait unsent. Also the sequence diagram a chain is drawn from.
 */
import http from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { CallRecorder } from '../src/inspector/call-recorder.ts';
import type { CallHop, ChainsAnswer, Hop } from '../src/inspector/hops.ts';
import { LIVE_VIEW_PATH, LiveView } from '../src/inspector/live-view.ts';
import { sequenceDiagram } from '../src/inspector/sequence-diagram.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { http1Request } from './support/raw-http.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();
const get = (path: string, headers: Record<string, string> = {}) =>
  http1Request(cloud().port, {
    path,
    headers: { host: `127.0.0.1:${cloud().port}`, ...headers },
  });

describe('the live view, unsigned', () => {
  it('is at the address the cloud gives, and its page and script come from its own origin', async () => {
    expect(cloud().liveViewUrl).toBe(`${cloud().endpoint}${LIVE_VIEW_PATH}`);
    // A top-level navigation, as the browser makes it when the learner opens the address.
    const page = await get(LIVE_VIEW_PATH, {
      'sec-fetch-site': 'none',
      'sec-fetch-mode': 'navigate',
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.text).toContain('<script src="app.js" defer></script>');
    const script = await get(`${LIVE_VIEW_PATH}app.js`, { 'sec-fetch-site': 'same-origin' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain('sequenceDiagram'); // Mermaid, bundled
  }, 60_000);

  it('gives the chains kept without their details, and one hop with them', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(lambda, 'echoTest', await echoZip());
    await lambda.send(new InvokeCommand({ FunctionName: 'echoTest', Payload: '{"name":"Luna"}' }));
    lambda.destroy();
    const chains = await get(`${LIVE_VIEW_PATH}chains`, { 'sec-fetch-site': 'same-origin' });
    expect(chains.status).toBe(200);
    const answer = JSON.parse(chains.text) as ChainsAnswer;
    expect(answer.limits).toMatchObject({ maxChains: 100, maxHopsPerChain: 100 });
    const invoked = answer.chains.find((chain) => chain.hops[0]?.label === 'Invoke echoTest');
    const invocation = invoked?.hops[1];
    expect(invocation).toMatchObject({ kind: 'invocation', functionName: 'echoTest', detail: {} });
    const hop = await get(`${LIVE_VIEW_PATH}hop?id=${invocation?.id}`);
    expect((JSON.parse(hop.text) as Hop).detail.request).toBe('{"name":"Luna"}');
    expect((await get(`${LIVE_VIEW_PATH}hop?id=999999`)).status).toBe(404);
  });

  it('streams each hop as it starts and ends, as Server-Sent Events', async () => {
    const events: string[] = [];
    const request = http.get({
      host: '127.0.0.1',
      port: cloud().port,
      path: `${LIVE_VIEW_PATH}events`,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    const response = await new Promise<http.IncomingMessage>((resolve) =>
      request.once('response', resolve),
    );
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const ended = new Promise<void>((resolve) => {
      response.on('data', (chunk: Buffer) => {
        events.push(
          ...String(chunk)
            .split('\n\n')
            .filter((event) => event.startsWith('data: ')),
        );
        if (events.some((event) => event.includes('"type":"ended"'))) resolve();
      });
    });
    const lambda = new LambdaClient(clientConfig(cloud()));
    await lambda.send(new InvokeCommand({ FunctionName: 'echoTest', Payload: '{}' }));
    lambda.destroy();
    await ended;
    request.destroy();
    const first = JSON.parse((events[0] ?? '').slice('data: '.length));
    expect(first).toMatchObject({ type: 'started', hop: { label: 'Invoke echoTest', detail: {} } });
    expect(first.chain.hops).toEqual([]);
  });

  it('refuses a page of another site, another Host, and any method but GET', async () => {
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { host: `evil.example:${cloud().port}` },
    ];
    for (const headers of foreign) {
      const refused = await get(`${LIVE_VIEW_PATH}chains`, headers);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain('"chains"');
    }
    const posted = await http1Request(cloud().port, {
      method: 'POST',
      path: `${LIVE_VIEW_PATH}chains`,
      headers: { host: `127.0.0.1:${cloud().port}` },
    });
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('Missing Authentication Token');
  });

  it('makes no other path unsigned, however near', async () => {
    for (const path of [
      `${LIVE_VIEW_PATH}other`,
      '/_local-cloud/live',
      `${LIVE_VIEW_PATH}chains/`,
      '/2015-03-31/functions',
    ]) {
      const refused = await get(path);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Missing Authentication Token');
    }
  });
});

/** A hop with `size` characters in each of its details: about 3 × size bytes per event. */
function bigHop(recorder: CallRecorder, size: number): void {
  const text = 'x'.repeat(size);
  const hop = recorder.start<CallHop>({
    kind: 'call',
    service: 'sts',
    operation: 'GetCallerIdentity',
    requestId: 'request',
    from: 'You',
    to: 'STS',
    label: 'GetCallerIdentity',
    detail: { request: text, response: text, log: text },
  });
  recorder.end(hop, 'ok');
}

describe('a reader of the events that does not keep up', () => {
  const MB = 1024 * 1024;

  it('is cut off once 8 MB wait unsent, and then costs nothing more', () => {
    const recorder = new CallRecorder();
    // A response whose reader never reads: all that is written stays unsent.
    let unsent = 0;
    let destroyed = false;
    const never = {
      writeHead: () => {},
      write: (chunk: string) => {
        if (destroyed) throw new Error('written after it was cut off');
        unsent += Buffer.byteLength(chunk);
      },
      end: () => {},
      once: () => {},
      destroy: () => {
        destroyed = true;
      },
      get writableLength() {
        return unsent;
      },
    };
    new LiveView(recorder).serve(
      {
        method: 'GET',
        path: `${LIVE_VIEW_PATH}events`,
        query: new URLSearchParams('details=1'),
        headers: {},
      },
      never,
    );
    const event = 3 * 10_000;
    // About 60 kB a hop (two events): 8 MB within some 140 hops.
    for (let hops = 0; hops < 1_000 && !destroyed; hops++) bigHop(recorder, 10_000);
    expect(destroyed).toBe(true);
    // Cut off by the first event past 8 MB: never more than that event over.
    expect(unsent).toBeGreaterThan(8 * MB);
    expect(unsent).toBeLessThan(8 * MB + 2 * event);
    // Unsubscribed: what happens next is not written (write would throw).
    for (let i = 0; i < 100; i++) bigHop(recorder, 10_000);
  });

  it('over HTTP on 127.0.0.1: the stream ends, far short of what the cloud recorded meanwhile', async () => {
    const request = http.get({
      host: '127.0.0.1',
      port: cloud().port,
      path: `${LIVE_VIEW_PATH}events?details=1`,
      headers: { 'sec-fetch-site': 'same-origin' },
      agent: false,
    });
    const response = await new Promise<http.IncomingMessage>((resolve) =>
      request.once('response', resolve),
    );
    // Subscribed once its first line came; then it reads nothing more.
    await new Promise((resolve) => response.once('data', resolve));
    response.pause();
    const produced = 64 * MB;
    const perHop = 2 * 3 * 32 * 1024;
    // As hops come, on turns of the event loop: each turn's writes go out together.
    for (let made = 0; made < produced; made += perHop) {
      bigHop(cloud().recorder, 32 * 1024);
      await new Promise(setImmediate);
    }

    let received = 0;
    const closed = new Promise((resolve) => response.once('close', resolve));
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    response.on('error', () => {}); // the cut: the connection ends mid-stream
    response.resume();
    await closed;
    // It gets what the sockets' buffers held; the up to 8 MB the cloud held for it are let go.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(produced / 2);
  });
});

describe('a chain as a sequence diagram', () => {
  const base = { chainId: 1, startedAt: 1000, detail: {}, label: '' } as const;
  it('draws each hop as it starts and its answer as it ends, in time order, with Mermaid escapes', () => {
    const hops: Hop[] = [
      {
        ...base,
        kind: 'call',
        id: 1,
        service: 'sns',
        operation: 'Publish',
        resource: 'a;b',
        requestId: 'r',
        from: 'You',
        to: 'SNS',
        status: 'ok',
        durationMs: 2,
        httpStatus: 200,
      },
      {
        ...base,
        kind: 'delivery',
        id: 2,
        parentId: 1,
        startedAt: 1001,
        topic: 'a;b',
        functionName: 'echoTest',
        attempt: 1,
        from: 'SNS',
        to: 'Lambda',
        label: 'Deliver to echoTest',
        status: 'running',
      },
    ];
    const diagram = sequenceDiagram({ hops });
    expect(diagram.text).toBe(
      [
        'sequenceDiagram',
        '  participant p0 as You',
        '  participant p1 as SNS',
        '  participant p2 as Lambda',
        '  p0->>p1: Publish a#59;b',
        '  p1-)p2: Deliver to echoTest',
        '  p1-->>p0: 200, 2 ms',
      ].join('\n'),
    );
    expect(diagram.hopIds).toEqual([1, 2, 1]);
  });
});

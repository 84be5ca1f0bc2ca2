/**
 * The live view over HTTP (src/inspector/live-view.ts): its page, its data and its events are
 * served unsigned to a GET of exactly their paths from the learner's own browser, and to
 * nothing else. A page of another site and another Host are still refused; other methods and
 * other paths still need a signature. Also the sequence diagram a chain is drawn from.
 */
import http from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { ChainsAnswer, Hop } from '../src/inspector/hops.ts';
import { LIVE_VIEW_PATH } from '../src/inspector/live-view.ts';
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

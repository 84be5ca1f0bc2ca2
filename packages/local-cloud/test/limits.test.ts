/**
 * Issue 10, part 5: a client cannot take the laptop down through the endpoint. A body
 * past its operation's limit is refused from its Content-Length before it is read (or
 * cut where it passes the limit, when it has none), and connections that send too
 * little, too slowly or nothing at all are closed, as Node's own HTTP timeouts close them.
 */
import { once } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../src/server/http-server.ts';
import { Router } from '../src/server/router.ts';
import { stsService } from '../src/services/sts/api.ts';
import { useLocalCloud } from './support/local-cloud.ts';
import { signedHeaders } from './support/signed-fetch.ts';

const cloud = useLocalCloud();

const INVOKE = '/2015-03-31/functions/any/invocations';
const INVOKE_LIMIT = 6_291_456;

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

/** What a raw socket receives until the server closes it. */
async function untilClosed(socket: net.Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'close');
  return Buffer.concat(chunks).toString();
}

/** The signed head of a request for `service` (its body unsigned, as S3's can be). */
function signedHead(port: number, method: string, path: string, service: string) {
  return signedHeaders(`http://127.0.0.1:${port}${path}`, {
    service,
    method,
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': 'application/json' },
  });
}

/** Sends a request over HTTP/1.1 as written, and returns what comes back until the server closes. */
async function rawExchange(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<string> {
  const socket = await connect(port);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`);
  return untilClosed(socket);
}

describe('a body past its limit', () => {
  it('is refused from its Content-Length, before a byte of it is sent (HTTP/1.1)', async () => {
    const headers = await signedHead(cloud().port, 'POST', INVOKE, 'lambda');
    const answer = await rawExchange(cloud().port, 'POST', INVOKE, {
      ...headers,
      'content-length': '100000000',
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('x-amzn-errortype: RequestEntityTooLargeException');
    expect(answer).toContain(
      `Request must be smaller than ${INVOKE_LIMIT} bytes for the InvokeFunction operation`,
    );
  });

  it('is refused from its content-length over HTTP/2 too, the stream left unread', async () => {
    const { host: _host, ...headers } = await signedHead(cloud().port, 'POST', INVOKE, 'lambda');
    const session = http2.connect(cloud().endpoint);
    try {
      const stream = session.request({
        ':method': 'POST',
        ':path': INVOKE,
        ...headers,
        'content-length': '100000000',
      });
      const [response] = await once(stream, 'response');
      expect(response[':status']).toBe(413);
      expect(response['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    } finally {
      session.destroy();
    }
  });

  it('is cut where it passes the limit when it has no Content-Length', async () => {
    const { host: _host, ...headers } = await signedHead(cloud().port, 'POST', INVOKE, 'lambda');
    const request = http.request({
      host: '127.0.0.1',
      port: cloud().port,
      method: 'POST',
      path: INVOKE,
      headers: { ...headers, 'transfer-encoding': 'chunked' },
      agent: false,
    });
    request.on('error', () => {}); // the server closes the connection under the rest
    // One byte past the limit, and the body not ended: the answer comes all the same.
    request.write(Buffer.alloc(INVOKE_LIMIT + 1, 'a'));
    const [response] = await once(request, 'response');
    expect(response.statusCode).toBe(413);
    expect(response.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    request.destroy();
  });

  it('is each operation’s own: CreateFunction takes a 50 MB zip as base64', async () => {
    const path = '/2015-03-31/functions';
    const headers = await signedHead(cloud().port, 'POST', path, 'lambda');
    const answer = await rawExchange(cloud().port, 'POST', path, {
      ...headers,
      'content-length': '69905068',
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain(
      'Request must be smaller than 69905067 bytes for the CreateFunction operation',
    );
  });
});

describe('timeouts', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(
      new Router([stsService('000000000000', { caller: () => undefined })]),
      0,
      {
        timeouts: { headersMs: 300, requestMs: 300, idleMs: 300 },
      },
    );
  });
  afterAll(() => server.close());

  it('close a connection whose headers never end', async () => {
    const socket = await connect(server.port);
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: 1\r\n`);
    expect(await untilClosed(socket)).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('close a connection that sends nothing', async () => {
    const socket = await connect(server.port);
    expect(await untilClosed(socket)).toBe('');
  });

  it('answer a body that never ends with RequestTimeoutException, 408', async () => {
    const headers = await signedHead(server.port, 'POST', '/', 'sts');
    const answer = await rawExchange(
      server.port,
      'POST',
      '/',
      { ...headers, 'content-length': '100' },
      'Action=',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('<Code>RequestTimeoutException</Code>');
  });

  it('close an idle keep-alive connection after its answer', async () => {
    const path = '/?Action=GetCallerIdentity&Version=2011-06-15';
    const headers = await signedHead(server.port, 'GET', path, 'sts');
    const answer = await rawExchange(server.port, 'GET', path, headers);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('Keep-Alive: timeout=');
  });

  it('close an idle HTTP/2 session', async () => {
    const session = http2.connect(`http://127.0.0.1:${server.port}`);
    const [code] = await once(session, 'goaway');
    expect(code).toBe(http2.constants.NGHTTP2_NO_ERROR);
    session.destroy();
  });
});

/**
 * The one endpoint of the local cloud: HTTP/1.1 and HTTP/2 cleartext (prior
 * knowledge, as the SDK's Kinesis client speaks it) on the same loopback port.
 * A connection is handed to the HTTP/2 server when it opens with the HTTP/2
 * preface (`PRI * HTTP/2.0`), and to the HTTP/1.1 server otherwise.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { AwsError, internalError } from './aws-error.ts';
import { type AwsRequest, type AwsResponse, credentialScope } from './aws-request.ts';
import type { Router } from './router.ts';

/** Only loopback: the local cloud runs code it is sent, so nobody else may reach it. */
export const LOOPBACK = '127.0.0.1';

/** Larger than any request AWS takes (a 50 MB zip as base64 in JSON is about 67 MB). */
const MAX_BODY_BYTES = 80 * 1024 * 1024;
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(router: Router, port: number): Promise<RunningServer> {
  const onRequest = (
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
  ) => {
    void answer(router, req, res);
  };
  const http1 = http.createServer({ keepAliveTimeout: 60_000 }, onRequest);
  const h2c = http2.createServer({}, onRequest);
  const sockets = new Set<Socket>();

  // No Nagle (http.createServer turns it off only on sockets it accepts itself): HTTP/2's small
  // frames, such as WINDOW_UPDATE, would each wait for the peer's delayed ACK, about 40 ms.
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, HTTP2_PREFACE.length).equals(HTTP2_PREFACE)) {
        h2c.emit('connection', replaying(socket, first));
      } else {
        socket.unshift(first);
        http1.emit('connection', socket);
        socket.resume();
      }
    });
    socket.on('error', () => socket.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        http1.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function answer(
  router: Router,
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
): Promise<void> {
  // Not `new URL()`: a path such as `//x` would be read as a host, and may not parse.
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const scope = credentialScope(req.headers.authorization);
  let body: Buffer = Buffer.alloc(0);
  let tooLarge = false;
  try {
    body = await readBody(req);
  } catch {
    tooLarge = true;
  }
  const request: AwsRequest = {
    method: req.method ?? 'GET',
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query: new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)),
    headers: req.headers,
    body,
    region: scope?.region ?? 'us-east-1',
    requestId: randomUUID(),
  };
  let response: AwsResponse;
  try {
    if (tooLarge) {
      throw new AwsError(
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_BODY_BYTES} bytes`,
        413,
      );
    }
    response = await router.route(request, scope?.service);
  } catch (error) {
    const awsError = error instanceof AwsError ? error : internalError(error);
    response = router.errorResponse(awsError, request, scope?.service);
  }
  send(res, response);
}

/**
 * The socket as a stream that first gives back the bytes already read from it.
 * The HTTP/1.1 server reads what `unshift` put back, but the HTTP/2 server reads
 * a plain socket's handle directly and would miss them; over a JS stream it does not.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, done) => socket.write(chunk, done),
    final: (done) => socket.end(done),
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  return stream;
}

function readBody(req: IncomingMessage | Http2ServerRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse | Http2ServerResponse, response: AwsResponse): void {
  if (res.headersSent || res.writableEnded) return;
  const body = response.body ?? '';
  const headers = {
    ...response.headers,
    'content-length': String(Buffer.byteLength(body)),
  };
  // Node's two response types share this API, but TypeScript sees two overload sets.
  (res as ServerResponse).writeHead(response.status, headers);
  (res as ServerResponse).end(body);
}

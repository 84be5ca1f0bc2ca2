/**
 * The one endpoint of the local cloud: HTTP/1.1 and HTTP/2 cleartext (prior
 * knowledge, as the SDK's Kinesis client speaks it) on the same loopback port.
 * A connection is handed to the HTTP/2 server when it opens with the HTTP/2
 * preface (`PRI * HTTP/2.0`), and to the HTTP/1.1 server otherwise.
 * Every request passes the front door (./front-door.ts) and its service's body
 * limit before its body is read; every connection has timeouts.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, ServerResponse } from 'node:http';
import http2, {
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from 'node:http2';
import net, { type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { LOOPBACK } from '../loopback.ts';
import { AwsError, internalError } from './aws-error.ts';
import {
  type AwsRequest,
  type AwsResponse,
  credentialScope,
  type RequestHead,
} from './aws-request.ts';
import { allowList, FrontDoor, type FrontDoorOptions } from './front-door.ts';
import type { PlainHttpResponse, PlainHttpService } from './plain-http.ts';
import type { Router } from './router.ts';

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');

export interface HttpTimeouts {
  /** From a connection's first byte (or its opening) to a request's complete headers. */
  readonly headersMs: number;
  /** From a request's headers to its complete body. */
  readonly requestMs: number;
  /** How long a connection with no request in flight stays open (HTTP/1.1 keep-alive, HTTP/2 session). */
  readonly idleMs: number;
}

/**
 * Node's own defaults for `http.Server` (https://nodejs.org/api/http.html: headersTimeout 60 s,
 * requestTimeout 300 s, keepAliveTimeout 5 s). 5 s of keep-alive suits the SDK's pooling: its
 * Node.js agent retires a socket before the `Keep-Alive: timeout=5` the server announces, and
 * retries a request whose reused socket was closed under it (ECONNRESET is a transient error).
 */
export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  headersMs: 60_000,
  requestMs: 300_000,
  idleMs: 5_000,
};

export interface ListenOptions extends FrontDoorOptions {
  /** Node's defaults unless a test needs shorter ones. */
  readonly timeouts?: HttpTimeouts;
  /** Served beside the AWS APIs, unsigned (Lambda function URLs). */
  readonly plainHttp?: PlainHttpService;
}

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

export async function listen(
  router: Router,
  port: number,
  options: ListenOptions = {},
): Promise<RunningServer> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const allowed = allowList(options); // throws before the port is taken
  // No Nagle (http.createServer turns it off only on sockets it accepts itself): HTTP/2's small
  // frames, such as WINDOW_UPDATE, would each wait for the peer's delayed ACK, about 40 ms.
  const server = net.createServer({ noDelay: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  // Set up before the first connection comes in (on a later turn of the event loop).
  const endpoint: Endpoint = {
    router,
    frontDoor: new FrontDoor(actualPort, allowed),
    requestMs: timeouts.requestMs,
    plainHttp: options.plainHttp,
  };
  const onRequest = (req: Request, res: Response) => void answer(endpoint, req, res);
  const http1 = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: 0, // the body's timeout is answer()'s, for both protocols
      keepAliveTimeout: timeouts.idleMs,
      connectionsCheckingInterval: Math.min(timeouts.headersMs, 30_000),
    },
    onRequest,
  );
  // Node's http.Server enforces headersTimeout only once it has emitted 'listening' (it starts
  // tracking connections then). It never listens itself: the net server hands it sockets.
  http1.emit('listening');
  const h2c = http2.createServer({}, onRequest);
  h2c.on('session', (session: ServerHttp2Session) => closeWhenIdle(session, timeouts.idleMs));
  // Answered in answer(), so that a refused request's body is never asked for.
  http1.on('checkContinue', onRequest);
  h2c.on('checkContinue', onRequest);

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // A connection that never sends a byte has not sent its headers either.
    const silent = () => socket.destroy();
    socket.setTimeout(timeouts.headersMs, silent);
    socket.once('data', (first: Buffer) => {
      socket.setTimeout(0);
      socket.off('timeout', silent);
      socket.pause();
      if (first.subarray(0, HTTP2_PREFACE.length).equals(HTTP2_PREFACE)) {
        h2c.emit('connection', replaying(socket, first));
      } else {
        socket.unshift(first);
        http1.emit('connection', socket);
        socket.resume();
      }
    });
  });

  return {
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        http1.close(); // stops its connection checks; it never listened, so it reports that
        http1.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface Endpoint {
  readonly router: Router;
  readonly frontDoor: FrontDoor;
  readonly requestMs: number;
  readonly plainHttp?: PlainHttpService;
}

async function answer(endpoint: Endpoint, req: Request, res: Response) {
  const { router, frontDoor, requestMs, plainHttp } = endpoint;
  // Not `new URL()`: a path such as `//x` would be read as a host, and may not parse.
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawQueryString = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const head: RequestHead = {
    method: req.method ?? 'GET',
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query: new URLSearchParams(rawQueryString),
    headers: req.headers,
  };
  if (plainHttp && head.path.startsWith(plainHttp.pathPrefix)) {
    return answerPlain(endpoint, plainHttp, req, res, { ...head, rawQueryString });
  }
  const scope = credentialScope(head);
  const request: AwsRequest = {
    ...head,
    body: Buffer.alloc(0),
    region: scope?.region ?? 'us-east-1',
    requestId: randomUUID(),
  };
  const cors = frontDoor.corsHeaders(head);
  /** Answers with `error` without reading the rest of the body, and closes what carries it. */
  const refuse = (error: AwsError) =>
    send(res, router.errorResponse(error, request, scope?.service), cors, { close: true });

  const admission = frontDoor.admit(head);
  if (admission.kind === 'refused') return refuse(admission.error);
  if (admission.kind === 'preflight') return send(res, { status: 204 }, cors);
  const service = admission.scope.service;
  const limit = router.bodyLimit(head, service);
  if (Number(req.headers['content-length']) > limit.maxBytes) return refuse(limit.tooLarge);
  if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();

  const body = await readBody(req, limit.maxBytes, requestMs);
  if (body === 'too large') return refuse(limit.tooLarge);
  if (body === 'timed out') {
    // Lambda's CommonErrors: RequestTimeoutException, 408, "Reading the request timed out."
    return refuse(new AwsError('RequestTimeoutException', 'Reading the request timed out.', 408));
  }
  if (body === 'aborted') return;
  let response: AwsResponse;
  try {
    response = await router.route({ ...request, body }, service);
  } catch (error) {
    const awsError = error instanceof AwsError ? error : internalError(error);
    response = router.errorResponse(awsError, request, service);
  }
  send(res, response, cors);
}

/** A request to a service served unsigned, beside the AWS APIs: the Host check, its body limit, its answer. */
async function answerPlain(
  { frontDoor, requestMs }: Endpoint,
  service: PlainHttpService,
  req: Request,
  res: Response,
  head: RequestHead & { readonly rawQueryString: string },
) {
  const refusal = frontDoor.hostRefusal(head);
  if (refusal) return send(res, service.refused(refusal.message), {}, { close: true });
  if (Number(req.headers['content-length']) > service.maxBodyBytes) {
    return send(res, service.tooLarge(), {}, { close: true });
  }
  if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
  const body = await readBody(req, service.maxBodyBytes, requestMs);
  if (body === 'too large') return send(res, service.tooLarge(), {}, { close: true });
  if (body === 'timed out') return send(res, { status: 408 }, {}, { close: true });
  if (body === 'aborted') return;
  let response: PlainHttpResponse;
  try {
    response = await service.handle({
      ...head,
      body,
      sourceIp: req.socket?.remoteAddress ?? LOOPBACK,
      protocol: `HTTP/${req.httpVersion}`,
      requestId: randomUUID(),
    });
  } catch (error) {
    const { message } = internalError(error);
    response = { status: 500, headers: {}, body: JSON.stringify({ Message: message }) };
  }
  send(res, response, {});
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

/** Closes an HTTP/2 session that has had no request open for `idleMs`, as HTTP/1.1 keep-alive does. */
function closeWhenIdle(session: ServerHttp2Session, idleMs: number): void {
  let open = 0;
  const idle = () => setTimeout(() => session.close(), idleMs).unref();
  let timer = idle();
  session.on('stream', (stream) => {
    open += 1;
    clearTimeout(timer);
    stream.once('close', () => {
      open -= 1;
      if (open === 0 && !session.closed) timer = idle();
    });
  });
  session.once('close', () => clearTimeout(timer));
}

/** The whole body, unless it passes `maxBytes` (then it is left unread), takes too long, or is cut off. */
function readBody(
  req: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<Buffer | 'too large' | 'timed out' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too large' | 'timed out' | 'aborted') => {
      clearTimeout(timer);
      req.off('data', onData);
      resolve(result);
    };
    const timer = setTimeout(() => finish('timed out'), timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish('too large');
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => finish(Buffer.concat(chunks, size)));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish('aborted'));
  });
}

function send(
  res: Response,
  response: AwsResponse | PlainHttpResponse,
  cors: Record<string, string>,
  { close = false } = {},
): void {
  if (res.headersSent || res.writableEnded) return;
  const body = response.body ?? '';
  const headers: Record<string, string | readonly string[]> = {
    ...response.headers,
    ...cors,
    'content-length': String(Buffer.byteLength(body)),
  };
  if (close && res instanceof ServerResponse) {
    headers.connection = 'close';
  } else if (close) {
    // HTTP/2 has no Connection header: a RST_STREAM (NO_ERROR) after a complete answer tells
    // the client to stop sending the body (RFC 9113, section 8.1).
    const { stream } = res as Http2ServerResponse;
    res.once('finish', () => stream.close(http2.constants.NGHTTP2_NO_ERROR));
  }
  // Node's two response types share this API, but TypeScript sees two overload sets.
  (res as ServerResponse).writeHead(response.status, headers as Record<string, string | string[]>);
  (res as ServerResponse).end(body);
}

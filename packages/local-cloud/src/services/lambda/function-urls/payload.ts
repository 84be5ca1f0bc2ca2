/**
 * What a function URL hands the function and gives back: an HTTP request as the event of
 * payload format version 2.0, and the function's result as the HTTP response, as
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads describes
 * them ("the same schema as the Amazon API Gateway payload format version 2.0").
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A request to a function URL, as the endpoint read it. */
export interface UrlRequest {
  readonly urlId: string;
  readonly method: string;
  /** The path after the URL's own part, still percent-encoded; `/` at least. */
  readonly rawPath: string;
  /** Without the `?`. */
  readonly rawQueryString: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1`. */
  readonly protocol: string;
  readonly requestId: string;
  readonly receivedAt: Date;
}

/** Who called, for requestContext: anonymous (AuthType NONE) or a SigV4 access key (AWS_IAM). */
export type Caller =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'signed'; readonly accessKey: string; readonly accountId: string };

export interface UrlResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/** Media types whose bodies the function gets as text; any other body is base64 (`isBase64Encoded`). */
const TEXT_MEDIA_TYPE = /^text\/|[/+](json|xml|javascript)\b/i;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The event of payload format version 2.0 for `request`, as JSON text. */
export function urlEvent(request: UrlRequest, caller: Caller, accountId: string): string {
  const { headers, cookies } = eventHeaders(request);
  const host = headers.host ?? '';
  const body = eventBody(request);
  return JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...queryParameters(request.rawQueryString),
    requestContext: {
      accountId: caller.kind === 'anonymous' ? 'anonymous' : accountId,
      apiId: request.urlId,
      ...(caller.kind === 'signed' && {
        authorizer: { iam: { accessKey: caller.accessKey, accountId: caller.accountId } },
      }),
      domainName: host,
      domainPrefix: request.urlId,
      http: {
        method: request.method,
        path: decodedPath(request.rawPath),
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: '$default',
      stage: '$default',
      time: clfTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...body,
  });
}

/**
 * The HTTP response for the function's result (JSON text): an object with `statusCode` is the
 * response itself; any other value is the body, with status 200 and `content-type:
 * application/json` ("Lambda infers the response format for you"). Undefined when the result
 * names no valid status: Lambda answers that as a function error.
 */
export function urlResponse(payload: Buffer): UrlResponse | undefined {
  const result: unknown = JSON.parse(payload.toString('utf8'));
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    return { status: 200, headers: { 'content-type': 'application/json' }, body: payload };
  }
  const { statusCode, headers, body, cookies, isBase64Encoded } = result as Record<string, unknown>;
  const status = Number(statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const responseHeaders: Record<string, string | string[]> = {};
  if (headers !== null && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) {
      responseHeaders[name.toLowerCase()] = String(value);
    }
  }
  // "To return cookies from your function, don't manually add set-cookie headers. Instead,
  // include the cookies in your response payload object."
  if (Array.isArray(cookies) && cookies.length > 0) {
    responseHeaders['set-cookie'] = cookies.map(String);
  }
  const text =
    body === undefined || body === null
      ? ''
      : typeof body === 'string'
        ? body
        : JSON.stringify(body);
  return {
    status,
    headers: responseHeaders,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text),
  };
}

/** Header names in lower case, repeated ones joined with commas; cookies apart, as in 2.0. */
function eventHeaders(request: UrlRequest): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    const joined = Array.isArray(value) ? value.join(',') : value;
    if (name === 'cookie') cookies = joined.split(/;\s*/).filter(Boolean);
    else headers[name] = joined;
  }
  // What Lambda's front end adds (the event samples of the developer guide).
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= headers.host?.split(':').at(-1) ?? '80';
  return { headers, cookies };
}

/** `queryStringParameters`, repeated names' values joined with commas; absent without a query. */
function queryParameters(rawQueryString: string) {
  if (rawQueryString === '') return {};
  const parameters: Record<string, string> = {};
  const query = new URLSearchParams(rawQueryString);
  for (const name of new Set(query.keys())) parameters[name] = query.getAll(name).join(',');
  return { queryStringParameters: parameters };
}

/** The body as text if it is text, else base64; absent when there is none. */
function eventBody(request: UrlRequest) {
  if (request.body.length === 0) return { isBase64Encoded: false };
  const mediaType = String(request.headers['content-type'] ?? '');
  if (TEXT_MEDIA_TYPE.test(mediaType)) {
    try {
      return { body: utf8.decode(request.body), isBase64Encoded: false };
    } catch {
      // not UTF-8 after all: sent as binary
    }
  }
  return { body: request.body.toString('base64'), isBase64Encoded: true };
}

function decodedPath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

/** `12/Mar/2020:19:03:58 +0000`, requestContext.time's format. */
function clfTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

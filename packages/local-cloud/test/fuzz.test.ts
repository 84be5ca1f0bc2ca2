/**
 * Bad input never crashes the local cloud: 1,500 random and mutated requests
 * across the routes of Lambda, CloudWatch Logs, IAM, STS and SNS (Kinesis is left
 * out: it would start kinesis-mock), over HTTP/1.1 and HTTP/2 cleartext, each get
 * an AWS-shaped answer (a request id, a body in the service's protocol, no
 * internal error); so do a few bodies over the size limits; and afterwards a
 * normal Invoke still works. A crash would show as an unhandled error in the run.
 * Each request is signed as sent, unless the fuzzer put an Authorization header of its own.
 * The requests and their mutations are in test/support/fuzz-requests.ts.
 */
import http2, { type ClientHttp2Session } from 'node:http2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { invokePayloadText } from '@l2l/decoding';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction } from './support/functions.ts';
import {
  ACCOUNT,
  DEFAULT_MAX_BODY_BYTES,
  ECHO_PATH,
  type FuzzRequest,
  MAX_CODE_REQUEST_BYTES,
  MAX_INVOKE_PAYLOAD_BYTES,
  mutatedRequest,
  template,
  templates,
} from './support/fuzz-requests.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { signedHeaders } from './support/signed-fetch.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();

interface FuzzResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** A request that gets no answer in this time hangs. */
const REQUEST_TIMEOUT_MS = 10_000;

async function overHttp1(
  endpoint: string,
  request: Omit<FuzzRequest, 'transport'>,
): Promise<FuzzResponse> {
  const response = await fetch(`${endpoint}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), text };
}

function overH2(
  session: ClientHttp2Session,
  request: Omit<FuzzRequest, 'transport'>,
): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    // Node ends a GET or DELETE stream at once unless told that a body follows.
    const stream = session.request(
      { ':method': request.method, ':path': request.path, ...request.headers },
      { endStream: request.body === undefined },
    );
    stream.setTimeout(REQUEST_TIMEOUT_MS, () =>
      stream.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    );
    let status = 0;
    const headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    stream.on('response', (received) => {
      status = Number(received[':status']);
      for (const [name, value] of Object.entries(received)) {
        if (!name.startsWith(':') && value !== undefined) headers[name] = String(value);
      }
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ status, headers, text: Buffer.concat(chunks).toString() }));
    stream.on('error', reject);
    if (request.body !== undefined) stream.end(request.body);
  });
}

/** The error code of an answer where the SDK reads it: `<Code>` in awsQuery's XML, else `x-amzn-ErrorType` or `__type`. */
function errorCode({ headers, text }: FuzzResponse): string | undefined {
  if ((headers['content-type'] ?? '').includes('xml')) {
    return /<ErrorResponse[\s\S]*<Code>(\w+)<\/Code>/.exec(text)?.[1];
  }
  const errorType = headers['x-amzn-errortype'];
  if (errorType) return errorType;
  const body: unknown = JSON.parse(text);
  return typeof body === 'object' && body !== null && '__type' in body
    ? String(body.__type)
    : undefined;
}

/**
 * A success, or an AWS-shaped client error: a request id, and the error's code where the
 * SDK reads it. Never a 5xx: no operation fuzzed here has a server error AWS answers bad input with.
 */
function expectAwsShaped(response: FuzzResponse, what: string): void {
  const { status, headers, text } = response;
  const detail = `${what} -> ${status} ${text.slice(0, 300)}`;
  expect(headers['x-amzn-requestid'], detail).toBeTruthy();
  expect((status >= 200 && status < 300) || (status >= 400 && status < 500), detail).toBe(true);
  if (status >= 400) expect(errorCode(response), detail).toMatch(/^\w+$/);
}

describe('bad input', () => {
  let lambda: LambdaClient;
  let session: ClientHttp2Session;
  let zip: Buffer;

  beforeAll(async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    zip = await echoZip();
    // echoTest is the fuzzer's target; afterwards sanityCheck must still answer.
    for (const name of ['echoTest', 'sanityCheck']) await createFunction(lambda, name, zip);
    session = http2.connect(cloud().endpoint);
  });

  afterAll(() => {
    session?.close();
    lambda?.destroy();
  });

  async function send(request: FuzzRequest): Promise<FuzzResponse> {
    const url = `${cloud().endpoint}${request.path}`;
    // Both transports name the host themselves, to the same value.
    const { host: _host, ...headers } =
      'authorization' in request.headers ? request.headers : await signedHeaders(url, request);
    const signed = { ...request, headers };
    return request.transport === 'h2c'
      ? overH2(session, signed)
      : overHttp1(cloud().endpoint, signed);
  }

  /** A normal Invoke through the SDK (over HTTP/1.1) still answers, and so does a request over h2c. */
  async function expectStillServing(): Promise<void> {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: 'sanityCheck', Payload: '{"id":"1","name":"Luna"}' }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(invokePayloadText(answer)).toBe('{"id":"1","name":"Luna"}');
    const getCallerIdentity = template('GetCallerIdentity');
    const identity = await send({
      ...getCallerIdentity,
      transport: 'h2c',
      body: Buffer.from(getCallerIdentity.body),
    });
    expect(identity.status).toBe(200);
    expect(identity.text).toContain(`<Account>${ACCOUNT}</Account>`);
  }

  it('gets AWS-shaped errors for 1,500 random and mutated requests, and the server keeps working', async () => {
    const statuses = new Map<string, number>();
    const operations = new Set<string>();
    await fc.assert(
      fc.asyncProperty(mutatedRequest, async (request) => {
        const response = await send(request);
        const key = `${request.transport} ${response.status < 400 ? 'success' : 'error'}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        operations.add(request.operation);
        if (
          request.method === 'DELETE' &&
          response.status === 204 &&
          ECHO_PATH.test(request.path)
        ) {
          // The fuzzer deleted echoTest: put it back, so that later requests reach a function again.
          await createFunction(lambda, 'echoTest', zip);
        }
        expectAwsShaped(
          response,
          `${request.operation} as ${request.transport} ${request.method} ${request.path}`,
        );
      }),
      { numRuns: 1500, seed: 20261125, endOnFailure: true },
    );
    // Every operation was tried, over both transports, with good and bad requests.
    expect([...operations].sort()).toEqual(templates.map((t) => t.operation).sort());
    for (const key of ['HTTP/1.1 success', 'HTTP/1.1 error', 'h2c success', 'h2c error']) {
      expect(statuses.get(key) ?? 0, key).toBeGreaterThan(0);
    }
    await expectStillServing();
  }, 60_000);

  it('answers bodies over the size limits with an AWS-shaped 413', async () => {
    const invoke = {
      operation: 'Invoke',
      service: 'lambda',
      method: 'POST',
      path: '/2015-03-31/functions/sanityCheck/invocations',
      headers: { 'content-type': 'application/json' },
      // A JSON string one byte over the limit: only its size is wrong.
      body: Buffer.from(`"${'a'.repeat(MAX_INVOKE_PAYLOAD_BYTES - 1)}"`),
    };
    for (const transport of ['HTTP/1.1', 'h2c'] as const) {
      const response = await send({ ...invoke, transport });
      expectAwsShaped(response, `Invoke of ${invoke.body.length} bytes over ${transport}`);
      expect(response.status).toBe(413);
      expect(errorCode(response)).toBe('RequestEntityTooLargeException');
      expect(JSON.parse(response.text).message).toBe(
        `Request must be smaller than ${MAX_INVOKE_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    }

    // One per protocol: restJson1, awsQuery, awsJson1_1.
    const overCap: FuzzRequest[] = [
      {
        ...template('CreateFunction'),
        transport: 'HTTP/1.1',
        body: Buffer.alloc(MAX_CODE_REQUEST_BYTES + 1, 'a'),
      },
      {
        ...template('PutRolePolicy'),
        transport: 'h2c',
        body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 'a'),
      },
      {
        ...template('FilterLogEvents'),
        transport: 'HTTP/1.1',
        body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 'a'),
      },
    ];
    for (const request of overCap) {
      const response = await send(request);
      expectAwsShaped(
        response,
        `${request.operation} of ${request.body?.length} bytes over ${request.transport}`,
      );
      expect(response.status).toBe(413);
      expect(errorCode(response)).toBe('RequestEntityTooLargeException');
    }
    await expectStillServing();
  }, 30_000);
});

/**
 * Test support: requests written by hand (what an SDK would not send) and signed as
 * AWS clients sign them, with SigV4 and the tests' credentials, for the tests that
 * speak a wire protocol directly.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { CREDENTIALS, REGION } from './local-cloud.ts';

export interface SignedRequest {
  /** The signing name in the credential scope: `lambda`, `logs`, `sts`, ... */
  readonly service: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly region?: string;
  /** The tests' own by default (an unrestricted caller). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The request's headers with the SigV4 ones added (`authorization`, `x-amz-date`, ...), `host` included. */
export async function signedHeaders(
  url: string,
  request: SignedRequest,
): Promise<Record<string, string>> {
  const { hostname, port, pathname, searchParams } = new URL(url);
  const signer = new SignatureV4({
    service: request.service,
    region: request.region ?? REGION,
    credentials: request.credentials ?? CREDENTIALS,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: request.method ?? 'GET',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: pathname,
    query: Object.fromEntries(searchParams),
    headers: { host: `${hostname}:${port}`, ...request.headers },
    body: request.body,
  });
  return signed.headers;
}

/** `fetch`, signed. */
export async function signedFetch(url: string, request: SignedRequest): Promise<Response> {
  // fetch sets Host itself, to the same value.
  const { host: _host, ...headers } = await signedHeaders(url, request);
  return fetch(url, { method: request.method ?? 'GET', headers, body: request.body });
}

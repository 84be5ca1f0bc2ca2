import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from './aws-error.ts';

/** A request as every service sees it: already read, nothing HTTP-specific left to handle. */
export interface AwsRequest {
  readonly method: string;
  /** The path as sent (still percent-encoded), without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names are lower case. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** From the SigV4 credential scope; the SDK always signs, so this is the caller's region. */
  readonly region: string;
  /** The id AWS would return in `x-amzn-RequestId` (or in the XML body for awsQuery). */
  readonly requestId: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

/** One service behind the endpoint (lambda, logs, iam, ...), with its own wire protocol. */
export interface Service {
  /** The SigV4 signing name, as in the credential scope: `lambda`, `logs`, `iam`, `sts`, ... */
  readonly signingName: string;
  handle(request: AwsRequest): Promise<AwsResponse>;
  /** Serializes an error in this service's protocol (used for errors raised before `handle`). */
  errorResponse(error: AwsError, request: AwsRequest): AwsResponse;
  stop?(): Promise<void>;
}

/** The SigV4 `Authorization` header names the service and region in its credential scope:
 * `AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/lambda/aws4_request, SignedHeaders=..., Signature=...`
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html */
export function credentialScope(
  authorization: string | undefined,
): { region: string; service: string } | undefined {
  const match = authorization?.match(/Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/);
  if (!match?.[1] || !match[2]) return undefined;
  return { region: match[1], service: match[2] };
}

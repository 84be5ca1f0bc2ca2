import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceAuthorization } from '../auth/authorizer.ts';
import type { AwsError } from './aws-error.ts';

/** What a request says before its body is read. */
export interface RequestHead {
  readonly method: string;
  /** The path as sent (still percent-encoded), without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names are lower case. */
  readonly headers: IncomingHttpHeaders;
}

/** A request as every service sees it: already read, nothing HTTP-specific left to handle. */
export interface AwsRequest extends RequestHead {
  readonly body: Buffer;
  /** From the SigV4 credential scope, which every request the endpoint serves carries. */
  readonly region: string;
  /** The id AWS would return in `x-amzn-RequestId` (or in the XML body for awsQuery). */
  readonly requestId: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

/** The largest body a request may carry, and the error that refuses a larger one. */
export interface BodyLimit {
  readonly maxBytes: number;
  readonly tooLarge: AwsError;
}

/** One service behind the endpoint (lambda, logs, iam, ...), with its own wire protocol. */
export interface Service {
  /** The SigV4 signing name, as in the credential scope: `lambda`, `logs`, `iam`, `sts`, ... */
  readonly signingName: string;
  /** For a JSON-protocol service, the prefix of its `X-Amz-Target`, e.g. `Logs_20140328`. */
  readonly targetPrefix?: string;
  /** For a REST service, the paths of its API, e.g. Lambda's `/2015-03-31/functions/...`. */
  readonly paths?: RegExp;
  /** For a query-protocol service, the API version its requests name in `Version`, e.g. `2011-06-15`. */
  readonly queryVersion?: string;
  handle(request: AwsRequest): Promise<AwsResponse>;
  /** Serializes an error in this service's protocol (used for errors raised before `handle`). */
  errorResponse(error: AwsError, request: AwsRequest): AwsResponse;
  /**
   * The body limit of the operation `head` calls, checked before the body is read; without
   * one (no method, or undefined) the endpoint's default applies (src/server/router.ts).
   */
  bodyLimit?(head: RequestHead): BodyLimit | undefined;
  /**
   * The operation a REST request calls and the resource its path names (the protocols that name
   * the operation in the request itself need none: see src/inspector/call-names.ts).
   */
  describe?(head: RequestHead): CallName | undefined;
  /** The IAM permissions each operation needs, checked for restricted callers (src/auth/). */
  readonly authorization?: ServiceAuthorization;
  stop?(): Promise<void>;
}

/** What a request calls, as one short line names it: `CreateFunction echoTest`. */
export interface CallName {
  readonly operation: string;
  readonly resource?: string;
}

export interface CredentialScope {
  readonly region: string;
  readonly service: string;
}

/**
 * The service and region a SigV4 signature is scoped to, from the `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/lambda/aws4_request, SignedHeaders=..., Signature=...`)
 * or from a presigned URL's `X-Amz-Credential` query parameter.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export function credentialScope(head: RequestHead): CredentialScope | undefined {
  const match = credentialOf(head)?.match(/^[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/);
  if (!match?.[1] || !match[2]) return undefined;
  return { region: match[1], service: match[2] };
}

/** The access key id a request is signed with: its SigV4 credential's first part. */
export function accessKeyId(head: RequestHead): string | undefined {
  return credentialOf(head)?.split('/', 1)[0];
}

function credentialOf(head: RequestHead): string | undefined {
  return (
    head.headers.authorization?.match(/Credential=([^,\s]+)/)?.[1] ??
    head.query.get('X-Amz-Credential') ??
    undefined
  );
}

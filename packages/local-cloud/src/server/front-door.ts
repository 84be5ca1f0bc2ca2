/**
 * What the endpoint checks before any service sees a request, so that only the
 * learner's own AWS clients drive the local cloud (it runs the code it is sent):
 * - the Host (HTTP/2: `:authority`) names the local cloud, against DNS rebinding;
 * - a browser page of another origin (its `Origin`, or `Sec-Fetch-Site`) is refused
 *   unless allowed, as LocalStack's CORS enforcement does
 *   (localstack-core/localstack/aws/handlers/cors.py);
 * - the request is signed with SigV4, as every AWS client signs: any key is accepted
 *   (role sessions and learner identities are then restricted by IAM: src/auth/), so only
 *   the signature's form is checked.
 */
import { AwsError, ProtocolDependentError } from './aws-error.ts';
import { type CredentialScope, credentialScope, type RequestHead } from './aws-request.ts';

export interface FrontDoorOptions {
  /** Browser origins allowed besides the local cloud's own, e.g. `http://localhost:3000`. */
  readonly allowOrigins?: readonly string[];
  /** Host names served besides 127.0.0.1, localhost and [::1], e.g. `my-laptop.local`. */
  readonly allowHosts?: readonly string[];
}

/** What the front door makes of a request: refused, a CORS preflight to answer, or signed for a service. */
export type Admission =
  | { readonly kind: 'refused'; readonly error: AwsError }
  | { readonly kind: 'preflight' }
  | { readonly kind: 'signed'; readonly scope: CredentialScope };

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** LocalStack's CORS_ALLOWED_METHODS and CORS_ALLOWED_HEADERS (cors.py). */
const CORS_ALLOW_METHODS = 'HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH';
const CORS_ALLOW_HEADERS = [
  'authorization',
  'cache-control',
  'content-length',
  'content-md5',
  'content-type',
  'etag',
  'location',
  'x-amz-acl',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-request-id',
  'x-amz-security-token',
  'x-amz-tagging',
  'x-amz-target',
  'x-amz-user-agent',
  'x-amz-version-id',
  'x-amzn-requestid',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'x-amz-log-type',
];
/**
 * LocalStack's CORS_EXPOSE_HEADERS, plus the request id and error type, which the SDK
 * reads from a Lambda error.
 */
const CORS_EXPOSE_HEADERS = [
  'etag',
  'x-amz-version-id',
  'x-amz-log-result',
  'x-amz-executed-version',
  'x-amz-function-error',
  'x-amzn-requestid',
  'x-amzn-errortype',
].join(',');

/** The SigV4 parts a presigned URL carries (kinesalite's checks, made against AWS: mhart/kinesalite index.js). */
const QUERY_SIGNATURE_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
];
const HEADER_SIGNATURE_PARAMS = ['Credential', 'Signature', 'SignedHeaders'];
const ALGORITHM = 'AWS4-HMAC-SHA256';

export class FrontDoor {
  private readonly origins: ReadonlySet<string>;
  private readonly hosts: ReadonlySet<string>;

  /** `allowed` from {@link allowList}; `port` is the one the endpoint listens on. */
  constructor(port: number, allowed: AllowList) {
    const own = LOCAL_HOSTS.map((host) => `http://${host}:${port}`);
    this.origins = new Set([...own, ...allowed.origins]);
    this.hosts = new Set([...LOCAL_HOSTS, ...allowed.hostNames].map((name) => `${name}:${port}`));
  }

  /** Whether the request may go on, before anything of it runs. */
  admit(head: RequestHead): Admission {
    const refusal = this.hostRefusal(head) ?? this.originRefusal(head);
    if (refusal) return { kind: 'refused', error: refusal };
    if (head.method === 'OPTIONS' && this.allowedOrigin(head) !== undefined) {
      return { kind: 'preflight' };
    }
    const signed = signatureScope(head);
    if (signed instanceof AwsError) return { kind: 'refused', error: signed };
    return { kind: 'signed', scope: signed };
  }

  /** The CORS headers for a request from an allowed page, as LocalStack's CorsResponseEnricher adds them. */
  corsHeaders(head: RequestHead): Record<string, string> {
    const origin = this.allowedOrigin(head);
    if (origin === undefined) return {};
    const requested = String(head.headers['access-control-request-headers'] ?? '')
      .split(/[,\s]+/)
      .filter(Boolean);
    const headers: Record<string, string> = {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': CORS_ALLOW_METHODS,
      'access-control-allow-headers': [...requested, ...CORS_ALLOW_HEADERS].join(','),
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      vary: 'Origin',
    };
    // Chrome's Private Network Access asks before a public page may reach a loopback address.
    if (head.headers['access-control-request-private-network'] === 'true') {
      headers['access-control-allow-private-network'] = 'true';
    }
    return headers;
  }

  private allowedOrigin(head: RequestHead): string | undefined {
    const origin = head.headers.origin;
    return origin !== undefined && this.origins.has(origin) ? origin : undefined;
  }

  /** Why a request naming another host than the local cloud's is refused (DNS rebinding), if it does. */
  hostRefusal(head: RequestHead): AwsError | undefined {
    // HTTP/2 names the host in `:authority`, and may send a Host header too: both must be ours.
    const names = [head.headers[':authority'], head.headers.host].filter(
      (name): name is string => typeof name === 'string',
    );
    if (names.length > 0 && names.every((name) => this.hosts.has(name.toLowerCase()))) {
      return undefined;
    }
    const served = [...this.hosts].join(', ');
    return accessDenied(
      `The local cloud serves only the hosts ${served}, not '${names.join("', '")}' (a defence against DNS rebinding). To serve another name, start it with --allow-host NAME or LOCAL_CLOUD_ALLOW_HOSTS.`,
    );
  }

  private originRefusal(head: RequestHead): AwsError | undefined {
    const { origin } = head.headers;
    const site = head.headers['sec-fetch-site'];
    const fromAnotherSite = site === 'cross-site' || site === 'same-site';
    if (origin === undefined && !fromAnotherSite) return undefined;
    if (this.allowedOrigin(head) !== undefined) return undefined;
    const page = origin ?? `a page of another site (Sec-Fetch-Site: ${site})`;
    return accessDenied(
      `The local cloud refuses requests from the web page at ${page}, so that no site you visit can drive it. To allow a page of yours, start it with --allow-origin ORIGIN or LOCAL_CLOUD_ALLOW_ORIGINS.`,
    );
  }
}

/** An origin or host name to allow that is not one. */
export class AllowListError extends Error {}

/** The origins and host names a user allows, checked and written as requests carry them. */
export interface AllowList {
  readonly origins: readonly string[];
  readonly hostNames: readonly string[];
}

/** Throws {@link AllowListError} for an origin or host name that is not one. */
export function allowList(options: FrontDoorOptions): AllowList {
  return {
    origins: (options.allowOrigins ?? []).map(originOf),
    hostNames: (options.allowHosts ?? []).map(hostName),
  };
}

/** `http://localhost:3000/` -> `http://localhost:3000`, as a browser sends it in `Origin`. */
function originOf(url: string): string {
  const origin = URL.canParse(url) ? new URL(url).origin : 'null';
  if (origin === 'null') {
    throw new AllowListError(`'${url}' is not an origin such as http://localhost:3000`);
  }
  return origin;
}

/** A DNS name or an IP address, as in a Host header without its port. */
function hostName(name: string): string {
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(name)) {
    throw new AllowListError(`'${name}' is not a host name such as my-laptop.local`);
  }
  return name.toLowerCase();
}

/** Refused before any service ran; 403 in every protocol (Lambda's CommonErrors: AccessDeniedException, 403). */
function accessDenied(message: string): AwsError {
  return new ProtocolDependentError({
    restJson1: new AwsError('AccessDeniedException', message, 403),
    awsJson1_1: new AwsError('AccessDeniedException', message, 403),
    awsQuery: new AwsError('AccessDenied', message, 403),
  });
}

/**
 * A request with neither a SigV4 `Authorization` header nor SigV4 query parameters, as each protocol
 * answers it on AWS: Lambda 403 `MissingAuthenticationTokenException` "Missing Authentication Token"
 * (brefphp/bref#1250); the awsJson services 400, the same code and message (kinesalite, made against
 * Kinesis: mhart/kinesalite index.js); the query services 403 `MissingAuthenticationToken` "Request is
 * missing Authentication Token" (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html,
 * the message as STS answers it, recorded in the test fixtures of public projects).
 */
function missingAuthenticationToken(): AwsError {
  return new ProtocolDependentError({
    restJson1: new AwsError(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
      403,
    ),
    awsJson1_1: new AwsError(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
      400,
    ),
    awsQuery: new AwsError(
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
      403,
    ),
  });
}

/**
 * A signature that lacks one of its parts: `IncompleteSignature`, 400 in the query and awsJson
 * protocols (kinesalite; https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html),
 * 403 from Lambda (https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html).
 */
function incompleteSignature(message: string): AwsError {
  return new ProtocolDependentError({
    restJson1: new AwsError('IncompleteSignatureException', message, 403),
    awsJson1_1: new AwsError('IncompleteSignatureException', message, 400),
    awsQuery: new AwsError('IncompleteSignature', message, 400),
  });
}

/**
 * The credential scope of a request signed in SigV4's form, by header or query, or the error
 * for one that is not; messages as kinesalite gives AWS's.
 */
function signatureScope(head: RequestHead): CredentialScope | AwsError {
  const authorization = head.headers.authorization;
  if (authorization?.trimStart().startsWith('AWS4-')) {
    const [algorithm = '', ...rest] = authorization.trim().split(/[\s,]+/);
    const params = new Map(
      rest.map((part) => {
        const equals = part.indexOf('=');
        return [part.slice(0, equals), part.slice(equals + 1)] as const;
      }),
    );
    let message = HEADER_SIGNATURE_PARAMS.filter((name) => !params.get(name))
      .map((name) => `Authorization header requires '${name}' parameter. `)
      .join('');
    if (!head.headers['x-amz-date'] && !head.headers.date) {
      message +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    if (message) return incompleteSignature(`${message}Authorization=${authorization}`);
    return scopeOf(head, algorithm, params.get('Credential') ?? '');
  }
  if (head.query.has('X-Amz-Algorithm')) {
    const message = QUERY_SIGNATURE_PARAMS.filter((name) => !head.query.get(name))
      .map((name) => `AWS query-string parameters must include '${name}'. `)
      .join('');
    if (message) return incompleteSignature(`${message}Re-examine the query-string parameters.`);
    return scopeOf(
      head,
      head.query.get('X-Amz-Algorithm') ?? '',
      head.query.get('X-Amz-Credential') ?? '',
    );
  }
  return missingAuthenticationToken();
}

function scopeOf(
  head: RequestHead,
  algorithm: string,
  credential: string,
): CredentialScope | AwsError {
  if (algorithm !== ALGORITHM) {
    return incompleteSignature(
      `Unsupported AWS 'algorithm': '${algorithm}' (only ${ALGORITHM} for now). `,
    );
  }
  return (
    credentialScope(head) ??
    incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    )
  );
}

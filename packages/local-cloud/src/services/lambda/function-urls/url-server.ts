/**
 * Serves function URLs, beside the Lambda API as LocalStack's urlrouter.py does
 * (localstack-core/localstack/services/lambda_/urlrouter.py): a request to
 * `http://127.0.0.1:<port>/lambda-url/<url-id>/<path>` finds its URL config, is checked
 * against its CORS settings and AuthType, runs the function synchronously with the event of
 * payload format 2.0 and answers with what the function returned.
 *
 * Why a path and not AWS's host name (`<url-id>.lambda-url.<region>.on.aws`): a name under
 * `.localhost` would do in curl and browsers, but Node's fetch (through glibc's getaddrinfo)
 * cannot resolve it on a stock machine, and any other name needs DNS or /etc/hosts. A path on
 * 127.0.0.1 works with every client, and the function still sees its own path (`rawPath`).
 *
 * Differs from AWS on purpose: a page of another site that the URL's Cors does not allow is
 * refused before the function runs (AWS runs the function and the browser hides the answer),
 * since the local cloud runs on the learner's machine. AWS_IAM: a request must be signed with
 * SigV4 (its form is checked, any key is taken), and a restricted caller (a function's role, a
 * learner identity: src/auth/) needs `lambda:InvokeFunctionUrl` on the function, as on AWS;
 * the learner's own keys are not restricted, as everywhere in the local cloud.
 */

import { AwsError } from '../../../server/aws-error.ts';
import { credentialScope } from '../../../server/aws-request.ts';
import type {
  PlainHttpRequest,
  PlainHttpResponse,
  PlainHttpService,
} from '../../../server/plain-http.ts';
import { requestTooLargeFor } from '../errors.ts';
import type { Functions } from '../functions.ts';
import type { InvokeInput, InvokeOutput } from '../invoke.ts';
import { isPublicUrlAllowed } from '../permissions.ts';
import { MAX_SYNC_PAYLOAD_BYTES } from '../quotas.ts';
import { allowedOrigin, allowsMethod, preflightHeaders, responseHeaders } from './cors.ts';
import { type Caller, urlEvent, urlResponse } from './payload.ts';
import type { FunctionUrlConfig, FunctionUrls } from './url-configs.ts';

export const FUNCTION_URL_PATH = '/lambda-url/';
const JSON_TYPE = { 'content-type': 'application/json' };

export interface UrlServerOptions {
  readonly urls: FunctionUrls;
  readonly functions: Functions;
  readonly accountId: string;
  /** Lambda's synchronous Invoke (../invoke.ts), with its concurrency and throttling. */
  readonly invoke: (region: string, input: InvokeInput) => Promise<InvokeOutput>;
  /**
   * IAM's decision for an AWS_IAM URL: whether the caller of this access key may have
   * `lambda:InvokeFunctionUrl` on the function (its resource policy included). Without it,
   * every signed request may call.
   */
  readonly mayInvokeUrl?: (accessKeyId: string, functionArn: string) => boolean;
}

/** As AWS answers a URL that is not there, or a caller its policy does not allow (recorded by LocalStack). */
const FORBIDDEN = message(403, 'Forbidden');

export function functionUrlServer(options: UrlServerOptions): PlainHttpService {
  return {
    pathPrefix: FUNCTION_URL_PATH,
    maxBodyBytes: MAX_SYNC_PAYLOAD_BYTES,
    tooLarge: () =>
      message(413, requestTooLargeFor('InvokeFunction', MAX_SYNC_PAYLOAD_BYTES).message),
    refused: (text) => message(403, text),
    handle: (request) => serve(options, request),
  };
}

async function serve(
  options: UrlServerOptions,
  request: PlainHttpRequest,
): Promise<PlainHttpResponse> {
  const rest = request.path.slice(FUNCTION_URL_PATH.length);
  const slash = rest.indexOf('/');
  const urlId = slash === -1 ? rest : rest.slice(0, slash);
  const config = options.urls.byId(urlId);
  const target = config && options.functions.resolveArn(config.functionArn);
  if (!config || !target) {
    return {
      ...message(403, null),
      headers: { ...JSON_TYPE, 'x-amzn-errortype': 'AccessDeniedException' },
    };
  }
  const origin = crossOrigin(request);
  const allowOrigin = origin === undefined ? undefined : allowedOrigin(config.cors, origin);
  if (origin !== undefined && allowOrigin === undefined) return FORBIDDEN;
  const cors = config.cors && allowOrigin !== undefined ? config.cors : undefined;
  if (cors && allowOrigin && isPreflight(request)) {
    const method = String(request.headers['access-control-request-method']);
    if (!allowsMethod(cors, method)) return FORBIDDEN;
    return { status: 200, headers: preflightHeaders(cors, allowOrigin), body: '' };
  }
  const caller = callerOf(config, request, options.accountId);
  if (!caller || (caller.kind === 'anonymous' && !isPublicUrlAllowed(target))) return FORBIDDEN;
  if (
    caller.kind === 'signed' &&
    options.mayInvokeUrl?.(caller.accessKey, config.functionArn) === false
  ) {
    return FORBIDDEN;
  }

  const answer = await invokeFunction(options, config, request, urlId, caller);
  const headers = {
    ...answer.headers,
    ...(cors && allowOrigin && responseHeaders(cors, allowOrigin)),
    'x-amzn-requestid': request.requestId,
  };
  return { ...answer, headers };
}

async function invokeFunction(
  options: UrlServerOptions,
  config: FunctionUrlConfig,
  request: PlainHttpRequest,
  urlId: string,
  caller: Caller,
): Promise<PlainHttpResponse> {
  const rawPath = request.path.slice(FUNCTION_URL_PATH.length + urlId.length) || '/';
  const event = urlEvent(
    { ...request, urlId, rawPath, receivedAt: new Date() },
    caller,
    options.accountId,
  );
  if (Buffer.byteLength(event) > MAX_SYNC_PAYLOAD_BYTES) {
    return message(413, requestTooLargeFor('InvokeFunction', MAX_SYNC_PAYLOAD_BYTES).message);
  }
  let output: InvokeOutput;
  try {
    output = await options.invoke(config.region, {
      FunctionName: config.functionArn,
      InvocationType: 'RequestResponse',
      Payload: Buffer.from(event),
      RequestId: request.requestId,
    });
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    // A throttled URL is answered 429, as Invoke is (with Invoke's message).
    return message(error.statusCode, error.message);
  }
  // A function error, or a result that names no valid status: 502, as LocalStack answers it
  // (urlrouter.py) and API Gateway's HTTP APIs do for the same payload format.
  const response = output.FunctionError ? undefined : output.Payload && urlResponse(output.Payload);
  return (
    response ?? {
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: 'Internal Server Error',
    }
  );
}

/**
 * Who calls: anyone for AuthType NONE; for AWS_IAM a request signed with SigV4 (by header or
 * query), else nobody (undefined).
 */
function callerOf(
  config: FunctionUrlConfig,
  request: PlainHttpRequest,
  accountId: string,
): Caller | undefined {
  if (config.authType === 'NONE') return { kind: 'anonymous' };
  const head = { ...request, query: new URLSearchParams(request.rawQueryString) };
  const signed = credentialScope(head);
  if (!signed) return undefined;
  const credential =
    request.headers.authorization?.match(/Credential=([^/]+)\//)?.[1] ??
    head.query.get('X-Amz-Credential')?.split('/')[0] ??
    '';
  return { kind: 'signed', accessKey: credential, accountId };
}

/** The Origin of a page of another origin than the URL's own, if the request comes from one. */
function crossOrigin(request: PlainHttpRequest): string | undefined {
  const { origin, host } = request.headers;
  const site = request.headers['sec-fetch-site'];
  if (origin === undefined) {
    return site === 'cross-site' || site === 'same-site' ? 'null' : undefined;
  }
  return origin === `http://${host}` ? undefined : origin;
}

function isPreflight(request: PlainHttpRequest): boolean {
  return (
    request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined
  );
}

function message(status: number, text: string | null): PlainHttpResponse {
  return { status, headers: JSON_TYPE, body: JSON.stringify({ Message: text }) };
}

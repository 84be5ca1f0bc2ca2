/**
 * restJson1, the protocol of the Lambda API: the operation is the method and
 * path, inputs travel in the path, query, headers and a JSON body.
 * Errors: the status code, an `x-amzn-ErrorType` header naming the exception,
 * and a JSON body `{ "Type": "User", "message": "..." }`.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import { AwsError } from '../server/aws-error.ts';
import type { AwsRequest, AwsResponse, BodyLimit } from '../server/aws-request.ts';
import { Constraints, memberName } from './validation.ts';

export function restJsonResponse(
  request: AwsRequest,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): AwsResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': request.requestId,
      ...headers,
    },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function restJsonError(anyError: AwsError, request: AwsRequest): AwsResponse {
  const error = anyError.inProtocol('restJson1');
  return {
    status: error.statusCode,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': request.requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify({
      Type: error.senderFault ? 'User' : 'Service',
      message: error.message,
      ...error.fields,
    }),
  };
}

/**
 * The JSON body of a request; an empty body is `{}`. A body sent as anything but
 * `application/json` is not read (415, as Smithy's restJson1 protocol tests require:
 * RestJsonWithBodyExpectsApplicationJsonContentType in
 * https://github.com/smithy-lang/smithy/blob/main/smithy-aws-protocol-tests/model/restJson1/malformedRequests/malformed-content-type.smithy),
 * so a browser's `text/plain` form or fetch cannot pass for an SDK's call. Not JSON, or not an object -> 400.
 */
export function restJsonBody(request: AwsRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  const mediaType = String(request.headers['content-type'] ?? '')
    .split(';', 1)[0]
    ?.trim()
    .toLowerCase();
  if (mediaType !== 'application/json') {
    throw new AwsError(
      'UnsupportedMediaTypeException',
      `The request body must be sent as application/json, not '${mediaType || 'no Content-Type'}'.`,
      415,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new AwsError(
      'InvalidRequestContentException',
      'Could not parse request body into json',
      400,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError(
      'InvalidRequestContentException',
      'Could not parse request body into json',
      400,
    );
  }
  return parsed as Record<string, unknown>;
}

/** Path parameters, percent-decoded, in the order of the URI's `{...}` labels. */
type Handler = (request: AwsRequest, labels: string[]) => AwsResponse | Promise<AwsResponse>;

export interface Route {
  /** The operation's name in the API reference, e.g. `CreateFunction`. */
  readonly operation: string;
  readonly method: string;
  readonly path: RegExp;
  readonly handle: Handler;
  /** For an operation with a documented request limit; the others have the endpoint's. */
  readonly bodyLimit?: BodyLimit;
}

/** The route of `operation`, for the URI template of the API reference, e.g. `/2015-03-31/functions/{FunctionName}`. */
export function route(
  operation: string,
  method: string,
  uri: string,
  handle: Handler,
  bodyLimit?: BodyLimit,
): Route {
  const path = uriPattern(uri);
  return bodyLimit
    ? { operation, method, path, handle, bodyLimit }
    : { operation, method, path, handle };
}

/** The paths a URI template matches, each `{...}` label captured (still percent-encoded). */
export function uriPattern(uri: string): RegExp {
  return new RegExp(`^${uri.replace(/\{\w+\}/g, '([^/]+)')}/?$`);
}

/** A query string parameter (`?Qualifier=...`). */
export function query(request: AwsRequest, name: string): string | undefined {
  return request.query.get(name) ?? undefined;
}

/** An integer query parameter; AWS's ValidationException when it is not one. */
export function integerQuery(request: AwsRequest, name: string): number | undefined {
  const value = query(request, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) {
    new Constraints().fail(memberName(name), value, 'Member must be an integer').check();
  }
  return Number(value);
}

/** A header's value (its first, if repeated). */
export function header(request: AwsRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * restJson1, the protocol of the Lambda API: the operation is the method and
 * path, inputs travel in the path, query, headers and a JSON body.
 * Errors: the status code, an `x-amzn-ErrorType` header naming the exception,
 * and a JSON body `{ "Type": "User", "message": "..." }`.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import { AwsError } from '../server/aws-error.ts';
import type { AwsRequest, AwsResponse } from '../server/aws-request.ts';

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

export function restJsonError(error: AwsError, request: AwsRequest): AwsResponse {
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

/** The JSON body of a request; an empty body is `{}`. Not JSON, or not an object -> 400. */
export function restJsonBody(request: AwsRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
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

/**
 * awsJson1_1, the protocol of CloudWatch Logs and Kinesis: every request is a
 * POST to `/` with `X-Amz-Target: <Service>_<version>.<Operation>` and a JSON body.
 * Errors: status 400 (or 500) with `{ "__type": "<Code>", "message": "..." }`.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
import { AwsError } from '../server/aws-error.ts';
import type { AwsRequest, AwsResponse } from '../server/aws-request.ts';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The operation named by `X-Amz-Target`, e.g. `GetLogEvents` from `Logs_20140328.GetLogEvents`. */
export function awsJsonOperation(request: AwsRequest, targetPrefix: string): string {
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(`${targetPrefix}.`)) {
    throw new AwsError(
      'UnknownOperationException',
      `Missing or unknown X-Amz-Target: ${target ?? ''}`,
    );
  }
  return target.slice(targetPrefix.length + 1);
}

/** The request's JSON object; anything else is the SerializationException AWS answers with. */
export function awsJsonBody(request: AwsRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // falls through to the error below
  }
  throw new AwsError(
    'SerializationException',
    'Start of structure or map found where not expected.',
  );
}

export function awsJsonResponse(request: AwsRequest, body: unknown = {}): AwsResponse {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': request.requestId },
    body: JSON.stringify(body),
  };
}

export function awsJsonError(anyError: AwsError, request: AwsRequest): AwsResponse {
  const error = anyError.inProtocol('awsJson1_1');
  return {
    status: error.statusCode,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': request.requestId },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
  };
}

/**
 * awsQuery, the protocol of IAM, STS and SNS: a POST of a form-encoded body
 * (`Action=CreateTopic&Version=2010-03-31&Name=testSns`), lists and maps
 * flattened into numbered keys (`Tags.member.1.Key`, `Attributes.entry.1.key`),
 * and an XML answer `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`.
 * Errors: `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>`.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
import { XMLBuilder } from 'fast-xml-parser';
import { AwsError } from '../server/aws-error.ts';
import type { AwsRequest, AwsResponse } from '../server/aws-request.ts';

export type QueryParams = ReadonlyMap<string, string>;

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: false });

export function queryParams(request: AwsRequest): QueryParams {
  const form = new URLSearchParams(request.body.toString('utf8'));
  for (const [key, value] of request.query) if (!form.has(key)) form.set(key, value);
  return new Map(form);
}

export function queryAction(params: QueryParams): string {
  const action = params.get('Action');
  if (!action) throw new AwsError('MissingAction', 'Missing Action');
  return action;
}

/** A required string parameter; AWS answers a missing one with ValidationError. */
export function requiredParam(params: QueryParams, name: string, errorCode = 'ValidationError'): string {
  const value = params.get(name);
  if (value === undefined) {
    throw new AwsError(
      errorCode,
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A flattened list: `Prefix.member.1.Key=a&Prefix.member.1.Value=b` -> [{ Key: 'a', Value: 'b' }]. */
export function memberList(params: QueryParams, prefix: string): Record<string, string>[] {
  const members = new Map<number, Record<string, string>>();
  const head = `${prefix}.member.`;
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index)) continue;
    const member = members.get(index) ?? {};
    member[dot === -1 ? '' : rest.slice(dot + 1)] = value;
    members.set(index, member);
  }
  return [...members.entries()].sort(([a], [b]) => a - b).map(([, member]) => member);
}

/** A flattened map: `Prefix.entry.1.key=k&Prefix.entry.1.value=v` -> { k: 'v' }. */
export function entryMap(params: QueryParams, prefix: string): Record<string, string> {
  const map: Record<string, string> = {};
  const head = `${prefix}.entry.`;
  const keys = new Map<string, { key?: string; value?: string }>();
  for (const [name, value] of params) {
    if (!name.startsWith(head)) continue;
    const [index, field] = name.slice(head.length).split('.', 2);
    if (index === undefined || field === undefined) continue;
    const slot = keys.get(index) ?? {};
    if (field === 'key') slot.key = value;
    else if (field === 'value') slot.value = value;
    keys.set(index, slot);
  }
  for (const { key, value } of keys.values()) if (key !== undefined) map[key] = value ?? '';
  return map;
}

/** The XML answer for `action`, with `result` (a plain object) as `<ActionResult>`. */
export function queryResponse(
  request: AwsRequest,
  action: string,
  xmlns: string,
  result?: Record<string, unknown>,
): AwsResponse {
  const body: Record<string, unknown> = { '@xmlns': xmlns };
  if (result !== undefined) body[`${action}Result`] = result;
  body.ResponseMetadata = { RequestId: request.requestId };
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId },
    body: xml.build({ [`${action}Response`]: body }),
  };
}

export function queryError(error: AwsError, request: AwsRequest, xmlns: string): AwsResponse {
  return {
    status: error.statusCode,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId },
    body: xml.build({
      ErrorResponse: {
        '@xmlns': xmlns,
        Error: {
          Type: error.senderFault ? 'Sender' : 'Receiver',
          Code: error.code,
          Message: error.message,
        },
        RequestId: request.requestId,
      },
    }),
  };
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

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
import type { AwsRequest, AwsResponse, RequestHead, Service } from '../server/aws-request.ts';

export type QueryParams = ReadonlyMap<string, string>;

/** The members of `<ActionResult>`: strings, numbers, booleans, nested objects, and lists as {@link xmlList}. */
export type QueryResult = Record<string, unknown>;

/**
 * One operation: reads the request's parameters and returns its result (nothing for an
 * empty answer). The request is there for what the parameters do not carry, e.g. its region.
 */
export type QueryOperation = (params: QueryParams, request: AwsRequest) => QueryResult | undefined;

export interface QueryServiceDefinition {
  /** The SigV4 signing name, e.g. `iam`. */
  readonly signingName: string;
  /** The API version the SDK sends as `Version`, e.g. `2010-05-08`. */
  readonly version: string;
  /** The namespace of every answer, e.g. `https://iam.amazonaws.com/doc/2010-05-08/`. */
  readonly xmlns: string;
  /** By action name, as in `Action=CreateRole`. */
  readonly operations: Readonly<Record<string, QueryOperation>>;
}

const xml = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: false,
});

/** A service that speaks awsQuery: finds the operation the `Action` names and answers in XML. */
export function queryService(definition: QueryServiceDefinition): Service {
  const { signingName, version, xmlns } = definition;
  const operations = new Map(Object.entries(definition.operations));
  return {
    signingName,
    queryVersion: version,
    async handle(request) {
      const params = queryParams(request);
      const action = params.get('Action');
      // The common errors of every query API:
      // https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
      if (!action) {
        throw new AwsError(
          'MissingAction',
          'The request is missing an action or a required parameter.',
        );
      }
      const operation = operations.get(action);
      // The SDK always sends `Version`; a request without one is served by the current version.
      const requestedVersion = params.get('Version') ?? version;
      if (!operation || requestedVersion !== version) {
        // AWS's wording, e.g. "Could not find operation GetSendStatistics for version 2012-12-01"
        // (https://github.com/aws/aws-cli/issues/37).
        throw new AwsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${requestedVersion}`,
        );
      }
      return queryResponse(request, action, xmlns, operation(params, request));
    },
    errorResponse: (error, request) => queryError(error, request, xmlns),
  };
}

/** Whether a request speaks awsQuery: a form body, or an `Action` in the query string. */
export function isQueryRequest(request: RequestHead): boolean {
  const contentType = request.headers['content-type'] ?? '';
  return contentType.startsWith('application/x-www-form-urlencoded') || request.query.has('Action');
}

/** The form body's parameters, and the query string's for a GET. */
export function queryParams(request: AwsRequest): QueryParams {
  const form = new URLSearchParams(request.body.toString('utf8'));
  for (const [key, value] of request.query) if (!form.has(key)) form.set(key, value);
  return new Map(form);
}

/** A list of structures: `Prefix.member.1.Key=a&Prefix.member.1.Value=b` -> [{ Key: 'a', Value: 'b' }]. */
export function memberList(params: QueryParams, prefix: string): Record<string, string>[] {
  return structures(numbered(params, `${prefix}.member.`));
}

/**
 * A map as a list of its entries, each with its fields, for maps whose keys and values
 * are named by the model (SNS's MessageAttributes): `Prefix.entry.1.Name=a&
 * Prefix.entry.1.Value.DataType=String` -> [{ Name: 'a', 'Value.DataType': 'String' }].
 */
export function entryList(params: QueryParams, prefix: string): Record<string, string>[] {
  return structures(numbered(params, `${prefix}.entry.`));
}

/** A list of strings: `Prefix.member.1=a&Prefix.member.2=b` -> ['a', 'b']. */
export function stringList(params: QueryParams, prefix: string): string[] {
  return numbered(params, `${prefix}.member.`).flatMap((fields) => fields.get('') ?? []);
}

function structures(list: Map<string, string>[]): Record<string, string>[] {
  return list.map((fields) => {
    const structure: Record<string, string> = {};
    for (const [field, value] of fields) if (field !== '') structure[field] = value;
    return structure;
  });
}

/** The numbered items under `head` (e.g. `Prefix.member.`), in their order, each as its fields ('' for a bare value). */
function numbered(params: QueryParams, head: string): Map<string, string>[] {
  const byIndex = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const indexText = dot === -1 ? rest : rest.slice(0, dot);
    if (!/^[1-9]\d*$/.test(indexText)) continue;
    const index = Number(indexText);
    const fields = byIndex.get(index) ?? new Map<string, string>();
    fields.set(dot === -1 ? '' : rest.slice(dot + 1), value);
    byIndex.set(index, fields);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, fields]) => fields);
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

/** A list in a result, serialized as AWS does: `<Roles><member>…</member><member>…</member></Roles>`. */
export function xmlList(items: readonly unknown[]): { member: readonly unknown[] } {
  return { member: items };
}

/** A map in a result, serialized as AWS does: `<Attributes><entry><key>k</key><value>v</value></entry>…</Attributes>`. */
export function xmlMap(map: Readonly<Record<string, string>>): {
  entry: { key: string; value: string }[];
} {
  return { entry: Object.entries(map).map(([key, value]) => ({ key, value })) };
}

/** The XML answer for `action`, with `result` (a plain object) as `<ActionResult>`. */
function queryResponse(
  request: AwsRequest,
  action: string,
  xmlns: string,
  result?: QueryResult,
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

/** `<ErrorResponse>` as the query services write it; `xmlns` is the service's namespace, if known. */
export function queryError(anyError: AwsError, request: AwsRequest, xmlns?: string): AwsResponse {
  const error = anyError.inProtocol('awsQuery');
  return {
    status: error.statusCode,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': request.requestId },
    body: xml.build({
      ErrorResponse: {
        ...(xmlns === undefined ? {} : { '@xmlns': xmlns }),
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

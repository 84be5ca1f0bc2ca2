/**
 * The requests of the fuzz test (fuzz.test.ts): a template of a valid request for
 * each operation of Lambda, CloudWatch Logs, IAM, STS and SNS that the fuzzer
 * reaches, and the fast-check arbitrary that mutates them (bodies, members, paths,
 * methods, headers, cut bytes) and picks HTTP/1.1 or HTTP/2 cleartext.
 */
import fc from 'fast-check';
import { ROLE } from './functions.ts';

export const ACCOUNT = '000000000000';
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:fuzz`;
const ECHO_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echoTest`;
export const ECHO_PATH = /^\/2015-03-31\/functions\/echoTest\/?$/;
const POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
/** A zip with no entries: a valid deployment package without a handler. */
const EMPTY_ZIP = 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==';
const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const INLINE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }],
});

/**
 * Invoke's limit for a RequestResponse payload, CreateFunction's, and the endpoint's for
 * the operations of services that name none (src/server/router.ts).
 */
export const MAX_INVOKE_PAYLOAD_BYTES = 6_291_456;
export const MAX_CODE_REQUEST_BYTES = 69_905_067;
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

interface RequestTemplate {
  /** The operation, to name a failing request and count what the fuzzer reached. */
  readonly operation: string;
  /** The signing name of its service. */
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function lambdaRequest(
  operation: string,
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
): RequestTemplate {
  return {
    operation,
    service: 'lambda',
    method,
    path,
    headers: {
      ...(body && { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body ? JSON.stringify(body) : '',
  };
}

function logsRequest(operation: string, body: object): RequestTemplate {
  return {
    operation,
    service: 'logs',
    method: 'POST',
    path: '/',
    headers: {
      'x-amz-target': `Logs_20140328.${operation}`,
      'content-type': 'application/x-amz-json-1.1',
    },
    body: JSON.stringify(body),
  };
}

const QUERY_VERSIONS = { iam: '2010-05-08', sts: '2011-06-15', sns: '2010-03-31' };

function queryRequest(
  service: keyof typeof QUERY_VERSIONS,
  action: string,
  params: Record<string, string> = {},
): RequestTemplate {
  const form = new URLSearchParams({ Action: action, Version: QUERY_VERSIONS[service], ...params });
  return {
    operation: action,
    service,
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  };
}

/** One valid request per operation, as the SDK would send it; the fuzzer mutates them. */
export const templates: RequestTemplate[] = [
  lambdaRequest('CreateFunction', 'POST', '/2015-03-31/functions', {
    FunctionName: 'fuzzed',
    Runtime: 'nodejs22.x',
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: EMPTY_ZIP },
    MemorySize: 128,
    Timeout: 3,
  }),
  {
    operation: 'Invoke',
    service: 'lambda',
    method: 'POST',
    path: '/2015-03-31/functions/echoTest/invocations',
    headers: { 'x-amz-invocation-type': 'RequestResponse' },
    body: '{"id":"1","name":"Luna"}',
  },
  lambdaRequest('GetFunction', 'GET', '/2015-03-31/functions/echoTest'),
  lambdaRequest('ListFunctions', 'GET', '/2015-03-31/functions?MaxItems=10'),
  lambdaRequest(
    'UpdateFunctionConfiguration',
    'PUT',
    '/2015-03-31/functions/echoTest/configuration',
    {
      Description: 'fuzzed',
      Timeout: 5,
      MemorySize: 256,
      Environment: { Variables: { GREETING: 'hello' } },
    },
  ),
  lambdaRequest('UpdateFunctionCode', 'PUT', '/2015-03-31/functions/fuzzed/code', {
    ZipFile: EMPTY_ZIP,
    Publish: false,
  }),
  lambdaRequest('DeleteFunction', 'DELETE', '/2015-03-31/functions/fuzzed'),
  lambdaRequest('AddPermission', 'POST', '/2015-03-31/functions/echoTest/policy', {
    StatementId: 'sns',
    Action: 'lambda:InvokeFunction',
    Principal: 'sns.amazonaws.com',
    SourceArn: TOPIC_ARN,
  }),
  lambdaRequest('GetPolicy', 'GET', '/2015-03-31/functions/echoTest/policy'),
  lambdaRequest('RemovePermission', 'DELETE', '/2015-03-31/functions/echoTest/policy/sns'),
  logsRequest('DescribeLogGroups', { logGroupNamePrefix: '/aws/lambda/', limit: 10 }),
  logsRequest('DescribeLogStreams', {
    logGroupName: '/aws/lambda/echoTest',
    orderBy: 'LastEventTime',
    descending: true,
    limit: 5,
  }),
  logsRequest('GetLogEvents', {
    logGroupName: '/aws/lambda/echoTest',
    logStreamName: 'x',
    startFromHead: true,
  }),
  logsRequest('FilterLogEvents', {
    logGroupName: '/aws/lambda/echoTest',
    filterPattern: 'Luna',
    startTime: 0,
    limit: 10,
  }),
  queryRequest('iam', 'CreateRole', { RoleName: 'fuzz', AssumeRolePolicyDocument: TRUST_POLICY }),
  queryRequest('iam', 'GetRole', { RoleName: 'fuzz' }),
  queryRequest('iam', 'DeleteRole', { RoleName: 'fuzz' }),
  queryRequest('iam', 'AttachRolePolicy', { RoleName: 'fuzz', PolicyArn: POLICY_ARN }),
  queryRequest('iam', 'DetachRolePolicy', { RoleName: 'fuzz', PolicyArn: POLICY_ARN }),
  queryRequest('iam', 'ListAttachedRolePolicies', { RoleName: 'fuzz', MaxItems: '10' }),
  queryRequest('iam', 'PutRolePolicy', {
    RoleName: 'fuzz',
    PolicyName: 'logs',
    PolicyDocument: INLINE_POLICY,
  }),
  queryRequest('iam', 'DeleteRolePolicy', { RoleName: 'fuzz', PolicyName: 'logs' }),
  queryRequest('sts', 'GetCallerIdentity'),
  queryRequest('sns', 'CreateTopic', { Name: 'fuzz' }),
  queryRequest('sns', 'Subscribe', { TopicArn: TOPIC_ARN, Protocol: 'lambda', Endpoint: ECHO_ARN }),
  queryRequest('sns', 'Publish', {
    TopicArn: TOPIC_ARN,
    Message: '{"id":"1","name":"Luna"}',
    'MessageAttributes.entry.1.Name': 'color',
    'MessageAttributes.entry.1.Value.DataType': 'String',
    'MessageAttributes.entry.1.Value.StringValue': 'red',
  }),
];

export function template(operation: string): RequestTemplate {
  const found = templates.find((candidate) => candidate.operation === operation);
  if (!found) throw new Error(`no template for ${operation}`);
  return found;
}

/** A missing, unknown or wrongly typed parameter in a JSON or form body; other bodies stay as they are. */
interface MemberEdit {
  readonly kind: 'drop' | 'add' | 'replace';
  /** Which of the body's members to drop or replace. */
  readonly index: number;
  readonly name: string;
  readonly value: fc.JsonValue;
}

function editMember(body: string, edit: MemberEdit): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const members = json as Record<string, unknown>;
    const name = Object.keys(members)[edit.index % Object.keys(members).length];
    if (edit.kind === 'add') members[edit.name] = edit.value;
    else if (name !== undefined && edit.kind === 'drop') delete members[name];
    else if (name !== undefined) members[name] = edit.value;
    return JSON.stringify(members);
  }
  if (!body.includes('=')) return body;
  const form = new URLSearchParams(body);
  const name = [...form.keys()][edit.index % form.size];
  const value = typeof edit.value === 'string' ? edit.value : JSON.stringify(edit.value);
  if (edit.kind === 'add') form.set(edit.name, value);
  else if (name !== undefined && edit.kind === 'drop') form.delete(name);
  else if (name !== undefined) form.set(name, value);
  return form.toString();
}

export type Transport = 'HTTP/1.1' | 'h2c';

export interface FuzzRequest {
  readonly operation: string;
  readonly service: string;
  readonly transport: Transport;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | undefined;
}

/** `arbitrary`'s value one time in four, else null: most requests keep most of their template. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary, weight: 1 });
}

export const mutatedRequest = fc
  .record({
    template: fc.constantFrom(...templates),
    body: fc.oneof(
      fc.constant(null), // keep the template's body
      fc.record({
        kind: fc.constantFrom('drop', 'add', 'replace'),
        index: fc.nat(),
        name: fc.string({ maxLength: 20 }),
        value: fc.oneof(
          { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 4 },
          // Past the length limits of names, documents and messages (SNS's is 256 KB).
          { arbitrary: fc.nat({ max: 300_000 }).map((length) => 'x'.repeat(length)), weight: 1 },
        ),
      }),
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }).map((text) => Buffer.from(text)),
        fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text)),
        fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      ),
    ),
    cut: sometimes(fc.nat({ max: 400 })),
    pathSuffix: sometimes(fc.webSegment()),
    method: sometimes(fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST')),
    header: sometimes(
      fc.tuple(
        fc.constantFrom(
          'x-amz-target',
          'x-amz-invocation-type',
          'x-amz-log-type',
          'content-type',
          'authorization',
        ),
        fc.string({ maxLength: 40 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
      ),
    ),
    // About one request in four goes over HTTP/2 cleartext, which the same port serves.
    transport: fc.constantFrom<Transport>('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'h2c'),
  })
  .map(({ template, body, cut, pathSuffix, method, header, transport }): FuzzRequest => {
    let bytes =
      body === null
        ? Buffer.from(template.body)
        : Buffer.isBuffer(body)
          ? body
          : Buffer.from(editMember(template.body, body));
    if (cut !== null) bytes = bytes.subarray(0, cut);
    const headers = { ...template.headers };
    if (header) headers[header[0]] = header[1];
    const verb = method ?? template.method;
    return {
      operation: template.operation,
      service: template.service,
      transport,
      method: verb,
      path: pathSuffix === null ? template.path : `${template.path}/${pathSuffix}`,
      headers,
      body: verb === 'GET' ? undefined : bytes,
    };
  });

/**
 * Bad input never crashes the local cloud: 1,500 random and mutated requests
 * across the routes of Lambda, CloudWatch Logs, IAM, STS and SNS (Kinesis is left
 * out: it would start kinesis-mock), over HTTP/1.1 and HTTP/2 cleartext, each get
 * an AWS-shaped answer (a request id, a body in the service's protocol, no
 * internal error); so do a few bodies over the size limits; and afterwards a
 * normal Invoke still works. A crash would show as an unhandled error in the run.
 * Each request is signed as sent, unless the fuzzer put an Authorization header of its own.
 */
import http2, { type ClientHttp2Session } from 'node:http2';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { invokePayloadText } from '@l2l/decoding';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, ROLE } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { signedHeaders } from './support/signed-fetch.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();

const ACCOUNT = '000000000000';
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:fuzz`;
const ECHO_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echoTest`;
const ECHO_PATH = /^\/2015-03-31\/functions\/echoTest\/?$/;
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
const MAX_INVOKE_PAYLOAD_BYTES = 6_291_456;
const MAX_CODE_REQUEST_BYTES = 69_905_067;
const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

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
const templates: RequestTemplate[] = [
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

function template(operation: string): RequestTemplate {
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

type Transport = 'HTTP/1.1' | 'h2c';

interface FuzzRequest {
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

const mutatedRequest = fc
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

interface FuzzResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** A request that gets no answer in this time hangs. */
const REQUEST_TIMEOUT_MS = 10_000;

async function overHttp1(
  endpoint: string,
  request: Omit<FuzzRequest, 'transport'>,
): Promise<FuzzResponse> {
  const response = await fetch(`${endpoint}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), text };
}

function overH2(
  session: ClientHttp2Session,
  request: Omit<FuzzRequest, 'transport'>,
): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    // Node ends a GET or DELETE stream at once unless told that a body follows.
    const stream = session.request(
      { ':method': request.method, ':path': request.path, ...request.headers },
      { endStream: request.body === undefined },
    );
    stream.setTimeout(REQUEST_TIMEOUT_MS, () =>
      stream.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    );
    let status = 0;
    const headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    stream.on('response', (received) => {
      status = Number(received[':status']);
      for (const [name, value] of Object.entries(received)) {
        if (!name.startsWith(':') && value !== undefined) headers[name] = String(value);
      }
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ status, headers, text: Buffer.concat(chunks).toString() }));
    stream.on('error', reject);
    if (request.body !== undefined) stream.end(request.body);
  });
}

/** The error code of an answer where the SDK reads it: `<Code>` in awsQuery's XML, else `x-amzn-ErrorType` or `__type`. */
function errorCode({ headers, text }: FuzzResponse): string | undefined {
  if ((headers['content-type'] ?? '').includes('xml')) {
    return /<ErrorResponse[\s\S]*<Code>(\w+)<\/Code>/.exec(text)?.[1];
  }
  const errorType = headers['x-amzn-errortype'];
  if (errorType) return errorType;
  const body: unknown = JSON.parse(text);
  return typeof body === 'object' && body !== null && '__type' in body
    ? String(body.__type)
    : undefined;
}

/**
 * A success, or an AWS-shaped client error: a request id, and the error's code where the
 * SDK reads it. Never a 5xx: no operation fuzzed here has a server error AWS answers bad input with.
 */
function expectAwsShaped(response: FuzzResponse, what: string): void {
  const { status, headers, text } = response;
  const detail = `${what} -> ${status} ${text.slice(0, 300)}`;
  expect(headers['x-amzn-requestid'], detail).toBeTruthy();
  expect((status >= 200 && status < 300) || (status >= 400 && status < 500), detail).toBe(true);
  if (status >= 400) expect(errorCode(response), detail).toMatch(/^\w+$/);
}

describe('bad input', () => {
  let lambda: LambdaClient;
  let session: ClientHttp2Session;
  let zip: Buffer;

  beforeAll(async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    zip = await echoZip();
    // echoTest is the fuzzer's target; afterwards sanityCheck must still answer.
    for (const name of ['echoTest', 'sanityCheck']) await createFunction(lambda, name, zip);
    session = http2.connect(cloud().endpoint);
  });

  afterAll(() => {
    session?.close();
    lambda?.destroy();
  });

  async function send(request: FuzzRequest): Promise<FuzzResponse> {
    const url = `${cloud().endpoint}${request.path}`;
    // Both transports name the host themselves, to the same value.
    const { host: _host, ...headers } =
      'authorization' in request.headers ? request.headers : await signedHeaders(url, request);
    const signed = { ...request, headers };
    return request.transport === 'h2c'
      ? overH2(session, signed)
      : overHttp1(cloud().endpoint, signed);
  }

  /** A normal Invoke through the SDK (over HTTP/1.1) still answers, and so does a request over h2c. */
  async function expectStillServing(): Promise<void> {
    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: 'sanityCheck', Payload: '{"id":"1","name":"Luna"}' }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(invokePayloadText(answer)).toBe('{"id":"1","name":"Luna"}');
    const getCallerIdentity = template('GetCallerIdentity');
    const identity = await send({
      ...getCallerIdentity,
      transport: 'h2c',
      body: Buffer.from(getCallerIdentity.body),
    });
    expect(identity.status).toBe(200);
    expect(identity.text).toContain(`<Account>${ACCOUNT}</Account>`);
  }

  it('gets AWS-shaped errors for 1,500 random and mutated requests, and the server keeps working', async () => {
    const statuses = new Map<string, number>();
    const operations = new Set<string>();
    await fc.assert(
      fc.asyncProperty(mutatedRequest, async (request) => {
        const response = await send(request);
        const key = `${request.transport} ${response.status < 400 ? 'success' : 'error'}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        operations.add(request.operation);
        if (
          request.method === 'DELETE' &&
          response.status === 204 &&
          ECHO_PATH.test(request.path)
        ) {
          // The fuzzer deleted echoTest: put it back, so that later requests reach a function again.
          await createFunction(lambda, 'echoTest', zip);
        }
        expectAwsShaped(
          response,
          `${request.operation} as ${request.transport} ${request.method} ${request.path}`,
        );
      }),
      { numRuns: 1500, seed: 20261125, endOnFailure: true },
    );
    // Every operation was tried, over both transports, with good and bad requests.
    expect([...operations].sort()).toEqual(templates.map((t) => t.operation).sort());
    for (const key of ['HTTP/1.1 success', 'HTTP/1.1 error', 'h2c success', 'h2c error']) {
      expect(statuses.get(key) ?? 0, key).toBeGreaterThan(0);
    }
    await expectStillServing();
  }, 60_000);

  it('answers bodies over the size limits with an AWS-shaped 413', async () => {
    const invoke = {
      operation: 'Invoke',
      service: 'lambda',
      method: 'POST',
      path: '/2015-03-31/functions/sanityCheck/invocations',
      headers: { 'content-type': 'application/json' },
      // A JSON string one byte over the limit: only its size is wrong.
      body: Buffer.from(`"${'a'.repeat(MAX_INVOKE_PAYLOAD_BYTES - 1)}"`),
    };
    for (const transport of ['HTTP/1.1', 'h2c'] as const) {
      const response = await send({ ...invoke, transport });
      expectAwsShaped(response, `Invoke of ${invoke.body.length} bytes over ${transport}`);
      expect(response.status).toBe(413);
      expect(errorCode(response)).toBe('RequestEntityTooLargeException');
      expect(JSON.parse(response.text).message).toBe(
        `Request must be smaller than ${MAX_INVOKE_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
    }

    // One per protocol: restJson1, awsQuery, awsJson1_1.
    const overCap: FuzzRequest[] = [
      {
        ...template('CreateFunction'),
        transport: 'HTTP/1.1',
        body: Buffer.alloc(MAX_CODE_REQUEST_BYTES + 1, 'a'),
      },
      {
        ...template('PutRolePolicy'),
        transport: 'h2c',
        body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 'a'),
      },
      {
        ...template('FilterLogEvents'),
        transport: 'HTTP/1.1',
        body: Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 'a'),
      },
    ];
    for (const request of overCap) {
      const response = await send(request);
      expectAwsShaped(
        response,
        `${request.operation} of ${request.body?.length} bytes over ${request.transport}`,
      );
      expect(response.status).toBe(413);
      expect(errorCode(response)).toBe('RequestEntityTooLargeException');
    }
    await expectStillServing();
  }, 30_000);
});

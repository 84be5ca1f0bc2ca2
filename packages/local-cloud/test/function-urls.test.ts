/**
 * Function URLs end to end: the five config operations through the SDK, with AWS's errors,
 * and the URLs themselves over HTTP with plain `fetch` and the system's curl: payload format
 * 2.0 in and out, AuthType NONE (the resource policy must grant public access) and AWS_IAM
 * (SigV4), CORS, function errors, throttles and the body limit.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionCommand,
  DeleteFunctionUrlConfigCommand,
  type FunctionUrlAuthType,
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerZip } from './lambda-support.ts';
import { createFunction, functionCredentials, publicAccess, ROLE } from './support/functions.ts';
import { clientConfig, LAMBDA_ROLE_NAME, useLocalCloud } from './support/local-cloud.ts';
import { http1Request } from './support/raw-http.ts';
import { signedFetch } from './support/signed-fetch.ts';

const run = promisify(execFile);

/** The parts of a payload format 2.0 event the tests read. */
interface UrlEvent {
  readonly headers: Record<string, string | undefined>;
  readonly requestContext: {
    readonly requestId: string;
    readonly time: string;
    readonly timeEpoch: unknown;
    readonly http: { readonly userAgent: string };
  };
}

/** Answers with the event it got, and how many times this environment ran. */
const ECHO_SOURCE = `let count = 0;
export const handler = async (event) => {
  count += 1;
  return {
    statusCode: 201,
    headers: { 'Content-Type': 'application/json', 'X-Count': String(count) },
    cookies: ['a=1; Max-Age=60', 'b=2'],
    body: JSON.stringify(event),
  };
};
`;
const STRING_SOURCE = `export const handler = async () => 'Hello, world!';`;
const FAILING_SOURCE = `export const handler = async () => { throw new Error('boom'); };`;

describe('function URL configs', () => {
  const cloud = useLocalCloud();
  let lambda: LambdaClient;

  beforeAll(async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(lambda, 'configs', await handlerZip(ECHO_SOURCE));
    await lambda.send(new PublishVersionCommand({ FunctionName: 'configs' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'configs', Name: 'live', FunctionVersion: '1' }),
    );
  });

  it('creates, reads, changes, lists and deletes a URL, one per function and one per alias', async () => {
    const created = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'configs', AuthType: 'NONE' }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionUrl).toMatch(
      new RegExp(`^${cloud().endpoint}/lambda-url/[a-z0-9]{32}/$`),
    );
    expect(created.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:configs');
    const forAlias = await lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'configs',
        Qualifier: 'live',
        AuthType: 'AWS_IAM',
        Cors: { AllowOrigins: ['http://localhost:3000'], MaxAge: 60 },
      }),
    );
    expect(forAlias.FunctionArn).toMatch(/:function:configs:live$/);
    expect(forAlias.FunctionUrl).not.toBe(created.FunctionUrl);

    const got = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'configs' }));
    expect(got).toMatchObject({ AuthType: 'NONE', InvokeMode: 'BUFFERED' });
    const updated = await lambda.send(
      new UpdateFunctionUrlConfigCommand({ FunctionName: 'configs', AuthType: 'AWS_IAM' }),
    );
    expect(updated).toMatchObject({ AuthType: 'AWS_IAM', FunctionUrl: created.FunctionUrl });
    const listed = await lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'configs' }),
    );
    expect(listed.FunctionUrlConfigs?.map((config) => config.FunctionArn)).toEqual([
      created.FunctionArn,
      forAlias.FunctionArn,
    ]);
    const page = await lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'configs', MaxItems: 1 }),
    );
    expect(page.FunctionUrlConfigs).toHaveLength(1);
    expect(page.NextMarker).toBeDefined();

    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'configs' }));
    await expect(
      lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'configs' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
    });
    // The alias's URL stays (recorded: test_url_config_deletion_without_qualifier).
    const stays = await lambda.send(
      new GetFunctionUrlConfigCommand({ FunctionName: 'configs', Qualifier: 'live' }),
    );
    expect(stays.Cors).toEqual({ AllowOrigins: ['http://localhost:3000'], MaxAge: 60 });
  });

  it("answers bad requests with AWS's errors", async () => {
    const create = (
      input: Partial<ConstructorParameters<typeof CreateFunctionUrlConfigCommand>[0]>,
    ) =>
      lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: 'configs', AuthType: 'NONE', ...input }),
      );
    const qualifierPattern =
      "at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)";
    await expect(create({ Qualifier: '$LATEST' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: `1 validation error detected: Value '$LATEST' ${qualifierPattern}`,
    });
    await expect(create({ Qualifier: '1' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(create({ FunctionName: 'nothere' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function does not exist',
    });
    await expect(create({ Qualifier: 'nothere' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function does not exist',
    });
    await expect(
      create({ FunctionName: 'configs:live', Qualifier: 'other' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      message:
        'The derived qualifier from the function name does not match the specified qualifier.',
    });
    await expect(create({ AuthType: 'OPEN' as FunctionUrlAuthType })).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]",
    });
    await expect(create({ Cors: { MaxAge: 86_401 } })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await create({ Qualifier: undefined });
    await expect(create({})).rejects.toMatchObject({
      name: 'ResourceConflictException',
      message:
        'Failed to create function url config for [functionArn = arn:aws:lambda:us-east-1:000000000000:function:configs]. Error message:  FunctionUrlConfig exists for this Lambda function',
    });
    await expect(
      lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'nothere' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Function does not exist',
    });
  });
});

describe('function URLs', () => {
  const cloud = useLocalCloud();
  let lambda: LambdaClient;
  let echoUrl: string;

  async function urlOf(name: string, authType: 'NONE' | 'AWS_IAM', extra = {}) {
    const { FunctionUrl } = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: authType, ...extra }),
    );
    return FunctionUrl ?? '';
  }

  beforeAll(async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(lambda, 'echo', await handlerZip(ECHO_SOURCE));
    echoUrl = await urlOf('echo', 'NONE', {
      Cors: {
        AllowOrigins: ['http://localhost:3000'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['x-custom'],
        ExposeHeaders: ['x-count'],
        MaxAge: 300,
      },
    });
  });

  it('refuses everyone until the resource policy grants public access, as AWS does for AuthType NONE', async () => {
    const refused = await fetch(echoUrl);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ Message: 'Forbidden' });
    await publicAccess(lambda, 'echo');
    expect((await fetch(echoUrl)).status).toBe(201);
  });

  it('hands the function the payload format 2.0 event and answers with its response', async () => {
    const response = await fetch(`${echoUrl}my/path?x=1&x=2&y=%20z`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'X-Custom': 'Yes' },
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Max-Age=60', 'b=2']);
    const event = (await response.json()) as UrlEvent;
    const urlId = echoUrl.split('/').at(-2);
    const host = new URL(echoUrl).host;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/my/path',
      rawQueryString: 'x=1&x=2&y=%20z',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { x: '1,2', y: ' z' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: 'anonymous',
        apiId: urlId,
        domainName: host,
        domainPrefix: urlId,
        http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers).toMatchObject({
      'x-custom': 'Yes',
      host,
      'content-type': 'application/json',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.http.userAgent).toBe(event.headers['user-agent']);
    expect(event.requestContext.requestId).toBe(response.headers.get('x-amzn-requestid'));
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
  });

  it('sends a binary body as base64', async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const response = await fetch(echoUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const event = await response.json();
    expect(event).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
  });

  it('is served to curl, and a result without statusCode is the JSON body of a 200', async () => {
    await createFunction(lambda, 'hello', await handlerZip(STRING_SOURCE));
    await publicAccess(lambda, 'hello');
    const url = await urlOf('hello', 'NONE');
    const { stdout } = await run('/usr/bin/curl', ['-s', '-i', `${url}?name=curl`]);
    const [head = '', body] = stdout.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(body).toBe('"Hello, world!"');
  });

  it('answers a function error with 502, and a throttled function with 429', async () => {
    await createFunction(lambda, 'failing', await handlerZip(FAILING_SOURCE));
    await publicAccess(lambda, 'failing');
    const url = await urlOf('failing', 'NONE');
    const failed = await fetch(url);
    expect(failed.status).toBe(502);
    expect(await failed.text()).toBe('Internal Server Error');
    await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: 'failing',
        ReservedConcurrentExecutions: 0,
      }),
    );
    const throttled = await fetch(url);
    expect(throttled.status).toBe(429);
  });

  it('refuses a body over 6 MB before reading it', async () => {
    const { stdout } = await run('/usr/bin/curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'POST',
      '-H',
      'content-type: text/plain',
      '-H',
      `content-length: ${6 * 1024 * 1024 + 1}`,
      '--data-binary',
      'x',
      echoUrl,
    ]);
    expect(stdout).toBe('413');
  });

  it('serves a page of another site only as the URL Cors allows, and answers its preflight', async () => {
    const preflight = await fetch(echoUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-custom',
      },
    });
    expect(preflight.status).toBe(200);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'x-custom',
      'access-control-max-age': '300',
    });
    const allowed = await fetch(echoUrl, { headers: { origin: 'http://localhost:3000' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('x-count');
    const count = Number(allowed.headers.get('x-count'));

    const other = await fetch(echoUrl, { headers: { origin: 'http://evil.example' } });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const otherPreflight = await fetch(echoUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(otherPreflight.status).toBe(403);
    // The refused requests never ran the function: the next one is its next invocation.
    const next = await fetch(echoUrl, { headers: { origin: 'http://localhost:3000' } });
    expect(Number(next.headers.get('x-count'))).toBe(count + 1);
  });

  it('checks the Host, as for every request to the local cloud', async () => {
    const path = new URL(echoUrl).pathname;
    const rebound = await http1Request(cloud().port, {
      path,
      headers: { host: `attacker.example:${cloud().port}` },
    });
    expect(rebound.status).toBe(403);
  });

  it('lets only SigV4-signed requests through a URL of AuthType AWS_IAM', async () => {
    await createFunction(lambda, 'private', await handlerZip(ECHO_SOURCE));
    const url = await urlOf('private', 'AWS_IAM');
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({ Message: 'Forbidden' });
    const signed = await signedFetch(`${url}x`, { service: 'lambda' });
    expect(signed.status).toBe(201);
    const event = (await signed.json()) as UrlEvent;
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      authorizer: { iam: { accessKey: 'test', accountId: '000000000000' } },
    });
  });

  it("lets a function's role call an AWS_IAM URL only with lambda:InvokeFunctionUrl", async () => {
    await createFunction(lambda, 'guarded', await handlerZip(ECHO_SOURCE));
    const url = await urlOf('guarded', 'AWS_IAM');
    // The credentials of a function of the tests' role, which IAM restricts.
    const credentials = await functionCredentials(lambda, 'urlCaller', ROLE);
    const refused = await signedFetch(url, { service: 'lambda', credentials });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ Message: 'Forbidden' });

    const iam = new IAMClient(clientConfig(cloud()));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: LAMBDA_ROLE_NAME,
        PolicyName: 'call-urls',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunctionUrl', Resource: '*' }],
        }),
      }),
    );
    iam.destroy();
    const allowed = await signedFetch(url, { service: 'lambda', credentials });
    expect(allowed.status).toBe(201);
  });

  it('answers a URL that is gone, with its function, as AWS answers an unknown one', async () => {
    await createFunction(lambda, 'gone', await handlerZip(STRING_SOURCE));
    await publicAccess(lambda, 'gone');
    const url = await urlOf('gone', 'NONE');
    expect((await fetch(url)).status).toBe(200);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone' }));
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await response.json()).toEqual({ Message: null });
  });
});

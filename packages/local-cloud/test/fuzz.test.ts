/**
 * Bad input never crashes the local cloud: 1,000 random and mutated requests
 * across the routes each get an AWS-shaped answer (a request id, a body in the
 * service's protocol, no internal error), and afterwards a normal Invoke still works.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { invokePayloadText } from '@l2l/decoding';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFunction, ROLE } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();

function scope(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;
}

interface RequestTemplate {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** One valid request per route, as the SDK would send it; the fuzzer mutates them. */
const templates: RequestTemplate[] = [
  {
    method: 'POST',
    path: '/2015-03-31/functions',
    headers: { authorization: scope('lambda'), 'content-type': 'application/json' },
    body: JSON.stringify({
      FunctionName: 'fuzzed',
      Runtime: 'nodejs22.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
      MemorySize: 128,
      Timeout: 3,
    }),
  },
  {
    method: 'POST',
    path: '/2015-03-31/functions/echoTest/invocations',
    headers: { authorization: scope('lambda'), 'x-amz-invocation-type': 'RequestResponse' },
    body: '{"id":"1","name":"Luna"}',
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions/echoTest',
    headers: { authorization: scope('lambda') },
    body: '',
  },
  {
    method: 'POST',
    path: '/2015-03-31/functions/echoTest/policy',
    headers: { authorization: scope('lambda'), 'content-type': 'application/json' },
    body: '{"StatementId":"sns","Action":"lambda:InvokeFunction","Principal":"sns.amazonaws.com"}',
  },
  {
    method: 'POST',
    path: '/',
    headers: {
      authorization: scope('logs'),
      'x-amz-target': 'Logs_20140328.GetLogEvents',
      'content-type': 'application/x-amz-json-1.1',
    },
    body: '{"logGroupName":"/aws/lambda/echoTest","logStreamName":"x","startFromHead":true}',
  },
  {
    method: 'POST',
    path: '/',
    headers: { authorization: scope('iam'), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=CreateRole&Version=2010-05-08&RoleName=fuzz&AssumeRolePolicyDocument=%7B%7D',
  },
  {
    method: 'POST',
    path: '/',
    headers: { authorization: scope('sts'), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  },
];

const mutatedRequest = fc
  .record({
    template: fc.constantFrom(...templates),
    body: fc.oneof(
      fc.constant(undefined), // keep the template's body
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    ),
    cut: fc.option(fc.nat({ max: 400 })),
    pathSuffix: fc.option(fc.webSegment()),
    method: fc.option(fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'POST')),
    header: fc.option(
      fc.tuple(
        fc.constantFrom('x-amz-target', 'x-amz-invocation-type', 'x-amz-log-type', 'content-type'),
        fc.string({ maxLength: 40 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
      ),
    ),
  })
  .map(({ template, body, cut, pathSuffix, method, header }) => {
    let text = body ?? template.body;
    if (cut !== null) text = text.slice(0, cut);
    const headers = { ...template.headers };
    if (header) headers[header[0]] = header[1];
    const verb = method ?? template.method;
    return {
      method: verb,
      path: pathSuffix === null ? template.path : `${template.path}/${pathSuffix}`,
      headers,
      body: verb === 'GET' ? undefined : Buffer.from(text, 'latin1'),
    };
  });

describe('bad input', () => {
  it('gets AWS-shaped errors for 1,000 random and mutated requests, and the server keeps working', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    const zip = await echoZip();
    // echoTest is the fuzzer's target (it may well delete it); afterwards sanityCheck must still answer.
    for (const name of ['echoTest', 'sanityCheck']) await createFunction(lambda, name, zip);

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(mutatedRequest, async (request) => {
        const response = await fetch(`${cloud().endpoint}${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          const type = response.headers.get('content-type') ?? '';
          if (type.includes('xml')) expect(text).toMatch(/<ErrorResponse[\s\S]*<Code>\w+<\/Code>/);
          else
            expect(
              response.headers.get('x-amzn-errortype') ?? JSON.parse(text).__type,
            ).toBeTruthy();
        }
      }),
      { numRuns: 1000, seed: 20261125, endOnFailure: true },
    );
    // Both good and bad requests were made: the fuzzer did not only hit one path.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);

    const answer = await lambda.send(
      new InvokeCommand({ FunctionName: 'sanityCheck', Payload: '{"id":"1","name":"Luna"}' }),
    );
    expect(answer.StatusCode).toBe(200);
    expect(invokePayloadText(answer)).toBe('{"id":"1","name":"Luna"}');
    lambda.destroy();
  }, 120_000);
});

/**
 * Issue 10: only the learner's own AWS clients drive the local cloud. A web page of
 * another site, an unsigned request and a request for another host name are refused
 * before anything runs, in the protocol of the service they aim at; the code URL
 * of GetFunction works without a signature only with the one the cloud gave it.
 */
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AllowListError, startLocalCloud } from '../src/index.ts';
import { asTextPlainForm, createFunctionBody, EVIL_ORIGIN, marker } from './support/attack.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { h2cRequest, http1Request } from './support/raw-http.ts';
import { signedFetch, signedHeaders } from './support/signed-fetch.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();
let lambda: LambdaClient;
beforeAll(() => {
  lambda = new LambdaClient(clientConfig(cloud()));
});
afterAll(() => lambda.destroy());

const FUNCTIONS = '/2015-03-31/functions';

async function functionNames(): Promise<string[]> {
  const { Functions = [] } = await lambda.send(new ListFunctionsCommand({}));
  return Functions.map((fn) => fn.FunctionName ?? '');
}

describe('a web page of another site', () => {
  it('cannot create a function with a text/plain fetch, nor run it', async () => {
    const ran = marker();
    const crossSite = {
      origin: EVIL_ORIGIN,
      'sec-fetch-site': 'cross-site',
      'content-type': 'text/plain;charset=UTF-8',
    };
    const created = await fetch(`${cloud().endpoint}${FUNCTIONS}`, {
      method: 'POST',
      headers: crossSite,
      body: await createFunctionBody('planted', ran.file),
    });
    expect(created.status).toBe(403);
    expect(created.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await created.json()) as { message: string }).message).toContain(EVIL_ORIGIN);

    const invoked = await fetch(`${cloud().endpoint}${FUNCTIONS}/planted/invocations`, {
      method: 'POST',
      headers: crossSite,
      body: '{}',
    });
    expect(invoked.status).toBe(403);
    expect(await functionNames()).not.toContain('planted');
    expect(ran.written()).toBe(false);
  });

  it('cannot create one with a form of enctype="text/plain", whose body is made valid JSON', async () => {
    const ran = marker();
    const form = asTextPlainForm(await createFunctionBody('formed', ran.file));
    expect(JSON.parse(form.body)).toMatchObject({ FunctionName: 'formed' });
    const response = await fetch(`${cloud().endpoint}${FUNCTIONS}`, {
      method: 'POST',
      headers: { origin: EVIL_ORIGIN, 'content-type': 'text/plain' },
      body: form.body,
    });
    expect(response.status).toBe(403);
    expect(await functionNames()).not.toContain('formed');
    expect(ran.written()).toBe(false);
  });

  it('is refused when only Sec-Fetch-Site tells, as for a navigation', async () => {
    const response = await fetch(`${cloud().endpoint}${FUNCTIONS}`, {
      headers: { 'sec-fetch-site': 'same-site' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
  });

  it('gets no Access-Control-Allow-* on a CORS preflight', async () => {
    const response = await fetch(`${cloud().endpoint}${FUNCTIONS}`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(403);
    const cors = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
    expect(cors).toEqual([]);
  });

  it('is refused in the protocol of the service it aims at', async () => {
    const response = await fetch(`${cloud().endpoint}/`, {
      method: 'POST',
      headers: {
        origin: EVIL_ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        ...(await signedHeaders(`${cloud().endpoint}/`, { service: 'sts', method: 'POST' })),
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });
});

describe('a page the user allows', () => {
  const page = 'http://localhost:3000';
  let allowing: Awaited<ReturnType<typeof startLocalCloud>>;
  beforeAll(async () => {
    allowing = await startLocalCloud({ port: 0, allowOrigins: [`${page}/`] });
  });
  afterAll(() => allowing.stop());

  it('gets its CORS preflight answered as LocalStack answers it', async () => {
    const response = await fetch(`${allowing.endpoint}${FUNCTIONS}`, {
      method: 'OPTIONS',
      headers: {
        origin: page,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-custom',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(page);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(
      /^x-custom,authorization,.*x-amz-date/,
    );
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('calls it, signed, and may read the answer', async () => {
    const response = await signedFetch(`${allowing.endpoint}${FUNCTIONS}`, {
      service: 'lambda',
      headers: { origin: page, 'sec-fetch-site': 'same-site' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(page);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-amzn-requestid');
  });

  it('allows that page only', async () => {
    const response = await signedFetch(`${allowing.endpoint}${FUNCTIONS}`, {
      service: 'lambda',
      headers: { origin: 'http://localhost:3001' },
    });
    expect(response.status).toBe(403);
  });

  it('the cloud’s own origin is allowed without asking', async () => {
    const response = await signedFetch(`${cloud().endpoint}${FUNCTIONS}`, {
      service: 'lambda',
      headers: { origin: `http://localhost:${cloud().port}` },
    });
    expect(response.status).toBe(200);
  });

  it('can be allowed through LOCAL_CLOUD_ALLOW_ORIGINS, and a bad entry stops the start', async () => {
    vi.stubEnv('LOCAL_CLOUD_ALLOW_ORIGINS', ' http://a.example:8080 , ,http://b.example');
    const fromEnvironment = await startLocalCloud({ port: 0 });
    try {
      for (const origin of ['http://a.example:8080', 'http://b.example']) {
        const response = await signedFetch(`${fromEnvironment.endpoint}${FUNCTIONS}`, {
          service: 'lambda',
          headers: { origin },
        });
        expect(response.status, origin).toBe(200);
      }
    } finally {
      await fromEnvironment.stop();
      vi.unstubAllEnvs();
    }
    await expect(startLocalCloud({ port: 0, allowOrigins: ['not a url'] })).rejects.toThrow(
      AllowListError,
    );
    await expect(startLocalCloud({ port: 0, allowHosts: ['http://x/'] })).rejects.toThrow(
      AllowListError,
    );
  });
});

describe('an unsigned request', () => {
  it('is refused as each protocol refuses it on AWS', async () => {
    const lambdaCall = await fetch(`${cloud().endpoint}${FUNCTIONS}`);
    expect(lambdaCall.status).toBe(403);
    expect(lambdaCall.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await lambdaCall.json()).toMatchObject({ message: 'Missing Authentication Token' });

    const logsCall = await fetch(`${cloud().endpoint}/`, {
      method: 'POST',
      headers: {
        'x-amz-target': 'Logs_20140328.DescribeLogGroups',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(logsCall.status).toBe(400);
    expect(await logsCall.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });

    const stsCall = await fetch(`${cloud().endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(stsCall.status).toBe(403);
    const xml = await stsCall.text();
    expect(xml).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(xml).toContain('<Message>Request is missing Authentication Token</Message>');
  });

  it('with a signature of another kind is refused too, and an incomplete one says what is missing', async () => {
    const bearer = await fetch(`${cloud().endpoint}${FUNCTIONS}`, {
      headers: { authorization: 'Bearer x' },
    });
    expect(bearer.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');

    const undated = await fetch(`${cloud().endpoint}${FUNCTIONS}`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00',
      },
    });
    expect(undated.status).toBe(403);
    expect(undated.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
    expect(((await undated.json()) as { message: string }).message).toContain(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );

    const presigned = await fetch(
      `${cloud().endpoint}${FUNCTIONS}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261125T000000Z`,
    );
    expect(presigned.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
    expect(((await presigned.json()) as { message: string }).message).toBe(
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
  });

  it('cannot slip a body past Lambda as anything but JSON, even signed', async () => {
    const ran = marker();
    const response = await signedFetch(`${cloud().endpoint}${FUNCTIONS}`, {
      service: 'lambda',
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: await createFunctionBody('plain', ran.file),
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnsupportedMediaTypeException');
    expect(await functionNames()).not.toContain('plain');
  });
});

describe('the Host header', () => {
  const host = () => `127.0.0.1:${cloud().port}`;
  const signed = () => signedHeaders(`${cloud().endpoint}${FUNCTIONS}`, { service: 'lambda' });

  it('must name the local cloud over HTTP/1.1 (against DNS rebinding)', async () => {
    const { host: _host, ...headers } = await signed();
    const foreign = await http1Request(cloud().port, {
      path: FUNCTIONS,
      headers: { ...headers, host: `evil.example:${cloud().port}` },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(foreign.text).message).toContain('DNS rebinding');
    for (const name of [host(), `localhost:${cloud().port}`, `LOCALHOST:${cloud().port}`]) {
      const served = await http1Request(cloud().port, {
        path: FUNCTIONS,
        headers: { ...headers, host: name },
      });
      expect(served.status, name).toBe(200);
    }
  });

  it('must name it over HTTP/2 too, in :authority', async () => {
    const { host: _host, ...headers } = await signed();
    const foreign = await h2cRequest(cloud().port, {
      path: FUNCTIONS,
      authority: `evil.example:${cloud().port}`,
      headers,
    });
    expect(foreign.status).toBe(403);
    const served = await h2cRequest(cloud().port, { path: FUNCTIONS, authority: host(), headers });
    expect(served.status).toBe(200);
  });

  it('may name a host the user allows', async () => {
    const named = await startLocalCloud({ port: 0, allowHosts: ['My-Laptop.local'] });
    try {
      const { host: _host, ...headers } = await signedHeaders(`${named.endpoint}${FUNCTIONS}`, {
        service: 'lambda',
      });
      const response = await http1Request(named.port, {
        path: FUNCTIONS,
        headers: { ...headers, host: `my-laptop.local:${named.port}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await named.stop();
    }
  });
});

describe('the code URL of GetFunction', () => {
  let location: URL;
  let zip: Buffer;
  beforeAll(async () => {
    zip = await echoZip();
    await createFunction(lambda, 'coded', zip);
    const output = await lambda.send(new GetFunctionCommand({ FunctionName: 'coded' }));
    location = new URL(output.Code?.Location ?? '');
  });
  afterEach(() => vi.useRealTimers());

  it('serves the package without a signature of the caller', async () => {
    const response = await fetch(location);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(zip)).toBe(true);
  });

  it('is refused without its token, or with another one', async () => {
    const bare = await fetch(`${location.origin}${location.pathname}`);
    expect(bare.status).toBe(403);
    expect(bare.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');

    const forged = new URL(location);
    forged.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const response = await fetch(forged);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('SignatureDoesNotMatch');
  });

  it('expires after 10 minutes, as AWS’s does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    const response = await fetch(location);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDenied');
    expect(await response.json()).toMatchObject({ message: 'Request has expired' });
  });
});

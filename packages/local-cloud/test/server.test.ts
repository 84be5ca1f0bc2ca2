import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import { startLocalCloud } from '../src/index.ts';
import { useLocalCloud } from './support/local-cloud.ts';
import { signedFetch, signedHeaders } from './support/signed-fetch.ts';

const cloud = useLocalCloud();

describe('the endpoint', () => {
  it('listens on loopback only', () => {
    expect(new URL(cloud().endpoint).hostname).toBe('127.0.0.1');
  });

  it('answers a service it does not serve with an AWS-shaped error, not a 404 page', async () => {
    const response = await signedFetch(`${cloud().endpoint}/my-table`, { service: 'dynamodb2' });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownServiceException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain("does not serve 'dynamodb2'");
  });

  it('answers a service it does not serve in the protocol its client speaks', async () => {
    const s3 = await signedFetch(`${cloud().endpoint}/my-bucket`, { service: 's3' });
    expect(s3.headers.get('content-type')).toBe('application/xml');
    expect(await s3.text()).toMatch(
      /<Error><Code>UnknownServiceException<\/Code><Message>The local cloud does not serve /,
    );

    const sqs = await signedFetch(`${cloud().endpoint}/`, {
      service: 'sqs',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    expect(sqs.headers.get('content-type')).toBe('text/xml');
    expect(await sqs.text()).toMatch(
      /<ErrorResponse><Error><Type>Sender<\/Type><Code>UnknownServiceException<\/Code>/,
    );

    const dynamodb = await signedFetch(`${cloud().endpoint}/`, {
      service: 'dynamodb',
      method: 'POST',
      headers: {
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(((await dynamodb.json()) as { __type: string }).__type).toBe('UnknownServiceException');
  });

  it('routes awsJson requests by X-Amz-Target and answers unknown operations in that protocol', async () => {
    const response = await signedFetch(`${cloud().endpoint}/`, {
      service: 'logs',
      method: 'POST',
      headers: {
        'x-amz-target': 'Logs_20140328.NoSuchOperation',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(((await response.json()) as { __type: string }).__type).toBe(
      'UnknownOperationException',
    );
  });

  it('speaks HTTP/2 cleartext (prior knowledge) on the same port', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const { host: _host, ...signed } = await signedHeaders(`${cloud().endpoint}/`, {
      service: 'sts',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const session = http2.connect(cloud().endpoint);
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/', ...signed });
        let text = '';
        let statusCode = 0;
        stream.on('response', (headers) => {
          statusCode = Number(headers[':status']);
        });
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          text += chunk;
        });
        stream.on('end', () => resolve({ status: statusCode, body: text }));
        stream.on('error', reject);
        stream.end(body);
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('<Account>000000000000</Account>');
    } finally {
      session.close();
    }
  });
});

describe('startLocalCloud', () => {
  it('picks a free port with port 0, and stop() frees it', async () => {
    const own = await startLocalCloud({ port: 0 });
    expect(own.port).toBeGreaterThan(0);
    await own.stop();
    await expect(fetch(own.endpoint)).rejects.toThrow();
  });

  it('fails clearly when the port is taken', async () => {
    await expect(startLocalCloud({ port: cloud().port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});

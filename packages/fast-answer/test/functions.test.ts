/**
 * The front function and the recorder, with the Lambda client mocked: front answers the user
 * and hands the visit to the recorder, asynchronously or, as front-inline, synchronously.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as front } from '../src/functions/front.ts';
import { handler as recorder } from '../src/functions/recorder.ts';

const lambda = mockClient(LambdaClient);
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  vi.stubEnv('RECORDER_FUNCTION', 'ana-recorder');
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A Function URL's request, payload format 2.0, as far as front reads it. */
const request = {
  rawPath: '/resume',
  queryStringParameters: { user: 'luna' },
  requestContext: {
    requestId: 'visit-1',
    timeEpoch: 1489898923642,
    http: { userAgent: 'curl/8.5.0' },
  },
} as unknown as APIGatewayProxyEventV2;

const visit = {
  visitId: 'visit-1',
  user: 'luna',
  path: '/resume',
  at: 1489898923642,
  userAgent: 'curl/8.5.0',
};

describe('front', () => {
  it('answers with where the user left off, after handing the visit over asynchronously', async () => {
    vi.stubEnv('RECORD', 'async');
    expect(await front(request)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"user":"luna","resumeAt":"chapter 3, step 2","visitId":"visit-1"}',
    });
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toBe('ana-recorder');
    expect(input?.InvocationType).toBe('Event');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(visit);
  });

  it('as front-inline, waits for the recording (RequestResponse)', async () => {
    vi.stubEnv('RECORD', 'inline');
    await front(request);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: 'ana-recorder',
      InvocationType: 'RequestResponse',
    });
  });

  it('calls a user without ?user= a guest', async () => {
    const { body } = await front({ ...request, queryStringParameters: undefined });
    expect(JSON.parse(body ?? '{}')).toMatchObject({ user: 'guest' });
  });
});

describe('recorder', () => {
  it('logs the visit it recorded', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await recorder(visit);
    expect(log.mock.calls).toEqual([[`recorded ${JSON.stringify(visit)}`]]);
  });
});

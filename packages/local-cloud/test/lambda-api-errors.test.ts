/**
 * The Lambda API's error cases through the unchanged SDK v3 client
 * (@aws-sdk/client-lambda), against a running local cloud: the exception
 * classes, HTTP statuses and messages AWS answers (lambda-api-functions.test.ts
 * has the operations that succeed).
 */
import {
  CreateFunctionCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerZip } from './lambda-support.ts';
import { CREATE_FUNCTION_REFUSALS } from './support/create-function-refusals.ts';
import { failure } from './support/failure.ts';
import { createFunction, ROLE } from './support/functions.ts';
import { FUNCTION_ARN_PREFIX as ARN, useLambdaApi } from './support/lambda-api.ts';
import { clientConfig, REGION, startTestCloud } from './support/local-cloud.ts';
import { signedFetch } from './support/signed-fetch.ts';
import { HANDLER, RUNTIME } from './support/zip.ts';

const { cloud, lambda, echoZip, createActive, invoke } = await useLambdaApi();

/** A request the SDK would not send, signed for Lambda in REGION. */
function rawRequest(method: string, path: string, body?: string) {
  return signedFetch(`${cloud().endpoint}${path}`, {
    service: 'lambda',
    method,
    headers: { 'content-type': 'application/json' },
    body,
  });
}

describe('errors, as AWS answers them', () => {
  beforeAll(() => createActive('errors'));

  /** CreateFunction of the echo callee as `refused`, with `settings` on top. */
  const createRefused = (settings: object) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'refused',
        Runtime: RUNTIME,
        Role: ROLE,
        Handler: HANDLER,
        Code: { ZipFile: echoZip },
        ...settings,
      }),
    );

  it('an unknown function is ResourceNotFoundException, 404, named by its ARN', async () => {
    const error = await failure(invoke('nope', '{}'));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(404);
    // Invoke names the version it would have run; GetFunction the function as asked for.
    expect(error.message).toBe(`Function not found: ${ARN}:nope:$LATEST`);
    const unknown = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));
    expect(unknown.message).toBe(`Function not found: ${ARN}:nope`);
  });

  it('a qualifier other than $LATEST names a version that does not exist', async () => {
    const error = await failure(invoke('errors', '{}', { Qualifier: '1' }));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe(`Function not found: ${ARN}:errors:1`);
  });

  it('a function of another region is not reachable', async () => {
    const error = await failure(
      invoke('arn:aws:lambda:eu-west-1:000000000000:function:errors', '{}'),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe(
      `Functions from 'eu-west-1' are not reachable in this region ('${REGION}')`,
    );
  });

  it('a payload that is not JSON is InvalidRequestContentException', async () => {
    const error = await failure(invoke('errors', 'not json'));
    expect(error).toBeInstanceOf(InvalidRequestContentException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(
      /^Could not parse request body into json: Could not parse payload into json: /,
    );
  });

  it('a payload over 6 MB is RequestEntityTooLargeException, 413', async () => {
    const error = await failure(invoke('errors', `"${'x'.repeat(6_291_456)}"`));
    expect(error.name).toBe('RequestEntityTooLargeException');
    expect(error.$metadata.httpStatusCode).toBe(413);
    expect(error.message).toBe(
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    );
  });

  it('code over the 50 MB zip limit is RequestEntityTooLargeException, 413, in both operations', async () => {
    // A zip one byte over 50 MB: as base64 in JSON, its request is over 69,905,067 bytes.
    const ZipFile = Buffer.alloc(50 * 1024 * 1024 + 1);
    const created = await failure(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'tooLarge',
          Runtime: RUNTIME,
          Role: ROLE,
          Handler: HANDLER,
          Code: { ZipFile },
        }),
      ),
    );
    expect(created.name).toBe('RequestEntityTooLargeException');
    expect(created.$metadata.httpStatusCode).toBe(413);
    expect(created.message).toBe(
      'Request must be smaller than 69905067 bytes for the CreateFunction operation',
    );
    const updated = await failure(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'errors', ZipFile })),
    );
    expect(updated.name).toBe('RequestEntityTooLargeException');
    expect(updated.message).toBe(
      'Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation',
    );
  });

  it.each(CREATE_FUNCTION_REFUSALS)(
    'CreateFunction with %j is %s over the wire too',
    async (settings, code, message) => {
      const error = await failure(createRefused(settings));
      expect([error.name, error.message]).toEqual([code, message]);
      expect(error.$metadata.httpStatusCode).toBe(code === 'ResourceNotFoundException' ? 404 : 400);
    },
  );

  it('an Event payload over 1 MB is RequestEntityTooLargeException, 413', async () => {
    const payload = `"${'x'.repeat(1_048_575)}"`;
    const error = await failure(invoke('errors', payload, { InvocationType: 'Event' }));
    expect(error.name).toBe('RequestEntityTooLargeException');
    expect(error.$metadata.httpStatusCode).toBe(413);
    expect(error.message).toBe(
      '1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)',
    );
  });

  it('a handler past its Timeout answers Sandbox.Timedout, and the next invocation works', async () => {
    await createActive(
      'sleepy',
      await handlerZip(
        'export const handler = async (e) => (e.hang ? new Promise((r) => setTimeout(r, 5000)) : 1);',
      ),
      { Timeout: 1 },
    );
    const timedOut = await invoke('sleepy', '{"hang":true}');
    expect(timedOut.StatusCode).toBe(200);
    expect(timedOut.FunctionError).toBe('Unhandled');
    expect(JSON.parse(timedOut.text)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(
        /^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/,
      ),
    });
    expect((await invoke('sleepy', '{}')).text).toBe('1');
  });

  it('a sync Invoke over the concurrency limit is TooManyRequestsException, 429', async () => {
    const limited = await startTestCloud({ port: 0, concurrencyLimit: 1 });
    // No retries: the SDK would otherwise wait and try again, as it does for every throttle.
    const client = new LambdaClient({ ...clientConfig(limited), maxAttempts: 1 });
    try {
      await createFunction(
        client,
        'busy',
        await handlerZip('export const handler = () => new Promise((r) => setTimeout(r, 500, 1));'),
      );
      const first = client.send(new InvokeCommand({ FunctionName: 'busy' }));
      const error = await failure<TooManyRequestsException>(
        client.send(new InvokeCommand({ FunctionName: 'busy' })),
      );
      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect(error.$metadata.httpStatusCode).toBe(429);
      expect([error.message, error.Reason]).toEqual([
        'Rate Exceeded.',
        'ConcurrentInvocationLimitExceeded',
      ]);
      expect((await first).StatusCode).toBe(200);
    } finally {
      client.destroy();
      await limited.stop();
    }
  });

  it('an unknown InvocationType is ValidationException', async () => {
    const error = await failure(
      lambda.send(
        new InvokeCommand({
          FunctionName: 'errors',
          InvocationType: 'Later' as 'Event',
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('a handler that throws answers 200 with X-Amz-Function-Error: Unhandled', async () => {
    await createActive(
      'throws',
      await handlerZip('export const handler = async () => { throw new TypeError("no"); };'),
    );
    const output = await invoke('throws', '{}');
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(JSON.parse(output.text)).toMatchObject({ errorType: 'TypeError', errorMessage: 'no' });
  });

  it('an invalid Runtime or Role, and a taken name, as AWS refuses them', async () => {
    const runtime = await failure(createRefused({ Runtime: 'nodejs18.x' }));
    expect(runtime).toBeInstanceOf(InvalidParameterValueException);
    expect(runtime.message).toBe(
      'The runtime parameter of nodejs18.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    );
    const role = await failure(createRefused({ Role: 'lambda-role' }));
    expect(role.name).toBe('ValidationException');
    expect(role.$metadata.httpStatusCode).toBe(400);
    const zip = await failure(createRefused({ Code: { ZipFile: Buffer.from('not a zip') } }));
    expect(zip).toBeInstanceOf(InvalidParameterValueException);
    expect(zip.message).toBe(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
    const taken = await failure(createRefused({ FunctionName: 'errors' }));
    expect(taken).toBeInstanceOf(ResourceConflictException);
    expect(taken.$metadata.httpStatusCode).toBe(409);
    expect(taken.message).toBe('Function already exist: errors');
  });

  it('an operation the local cloud does not serve is UnknownOperationException', async () => {
    const error = await failure(
      lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'errors' })),
    );
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('a body that is not JSON, of the wrong types, or with parameters it does not take', async () => {
    const notJson = await rawRequest('POST', '/2015-03-31/functions', '{"FunctionName":');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');

    const wrongType = await rawRequest(
      'PUT',
      '/2015-03-31/functions/errors/configuration',
      '{"MemorySize":"big"}',
    );
    expect(wrongType.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(await wrongType.json()).toEqual({
      Type: 'User',
      message:
        "Could not parse request body into json: 'MemorySize' must be an integer, not a string",
    });

    const unknown = await rawRequest(
      'PUT',
      '/2015-03-31/functions/errors/configuration',
      '{"VpcConfig":{}}',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
    expect(((await unknown.json()) as { message: string }).message).toMatch(
      /^The local cloud does not support the parameter 'VpcConfig' in UpdateFunctionConfiguration/,
    );

    for (const member of ['__proto__', 'constructor']) {
      const inherited = await rawRequest(
        'PUT',
        '/2015-03-31/functions/errors/configuration',
        `{"${member}":{"Timeout":5}}`,
      );
      expect(inherited.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException');
    }
  });
});

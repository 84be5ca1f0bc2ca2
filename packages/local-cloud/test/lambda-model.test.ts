/**
 * What Lambda does, driven on the model directly (no HTTP, a stub runtime):
 * validation with AWS's codes and messages, states, updates and the checks
 * Invoke makes before any code runs (permissions and tags:
 * lambda-permissions-model.test.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  activeFunction,
  functionInput,
  REGION,
  ROLE,
  settled,
  setup,
  ZIP,
} from './lambda-support.ts';
import { CREATE_FUNCTION_REFUSALS } from './support/create-function-refusals.ts';
import { thrown } from './support/failure.ts';

function invokeInput(payload: string | Buffer, overrides = {}) {
  return {
    FunctionName: 'echoTest',
    Payload: Buffer.from(payload),
    RequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    ...overrides,
  };
}

describe('CreateFunction', () => {
  it('answers Pending with the fields AWS returns, then the function is Active', async () => {
    const { model } = setup();
    const created = await model.createFunction(REGION, functionInput({ MemorySize: 256 }));
    expect(created).toMatchObject({
      FunctionName: 'echoTest',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echoTest',
      Runtime: 'nodejs22.x',
      Role: ROLE,
      Handler: 'index.handler',
      CodeSize: ZIP.length,
      Description: '',
      Timeout: 3,
      MemorySize: 256,
      Version: '$LATEST',
      TracingConfig: { Mode: 'PassThrough' },
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/echoTest' },
    });
    expect(created.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(created.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.RuntimeVersionConfig?.RuntimeVersionArn).toMatch(
      /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/,
    );
    expect(created).not.toHaveProperty('LastUpdateStatus');
    expect(created).not.toHaveProperty('Environment');

    await settled();
    const active = model.getFunctionConfiguration(REGION, 'echoTest');
    expect(active).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(active).not.toHaveProperty('StateReason');
    expect(active.RevisionId).not.toBe(created.RevisionId);
  });

  it('refuses to invoke or change a function that is still Pending', async () => {
    const { model } = setup();
    await model.createFunction(REGION, functionInput());
    await expect(model.invoke(REGION, invokeInput('{}'))).rejects.toMatchObject({
      code: 'ResourceConflictException',
      statusCode: 409,
      message:
        'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    });
    expect(
      thrown(() => model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 10 })),
    ).toMatchObject({
      code: 'ResourceConflictException',
      message:
        'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:echoTest',
    });
  });

  it('reports every missing required member in one ValidationException', async () => {
    const { model } = setup();
    await expect(model.createFunction(REGION, {})).rejects.toMatchObject({
      code: 'ValidationException',
      statusCode: 400,
      message:
        "3 validation errors detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null; Value null at 'role' failed to satisfy constraint: Member must not be null; Value null at 'code' failed to satisfy constraint: Member must not be null",
    });
  });

  it.each(CREATE_FUNCTION_REFUSALS)('refuses %j with %s', async (overrides, code, message) => {
    const { model } = setup();
    await expect(model.createFunction(REGION, functionInput(overrides))).rejects.toMatchObject({
      code,
      message,
    });
  });

  it('measures environment variables as AWS does, against 4 KB', async () => {
    const { model } = setup();
    const Variables = { LARGE_VAR: 'x'.repeat(4096) };
    await expect(
      model.createFunction(REGION, functionInput({ Environment: { Variables } })),
    ).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(Variables)}`,
    });
  });

  it('takes a function ARN or partial ARN as the name', async () => {
    const { model } = setup();
    const byArn = await model.createFunction(
      REGION,
      functionInput({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:byArn' }),
    );
    const byPartialArn = await model.createFunction(
      REGION,
      functionInput({ FunctionName: '000000000000:function:byPartialArn' }),
    );
    expect(byArn.FunctionName).toBe('byArn');
    expect(byPartialArn.FunctionArn).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:byPartialArn',
    );
  });

  it('refuses a second function of the same name, in the same region only', async () => {
    const { model } = setup();
    await model.createFunction(REGION, functionInput());
    await expect(model.createFunction(REGION, functionInput())).rejects.toMatchObject({
      code: 'ResourceConflictException',
      statusCode: 409,
      message: 'Function already exist: echoTest',
    });
    const elsewhere = await model.createFunction('eu-west-1', functionInput());
    expect(elsewhere.FunctionArn).toBe('arn:aws:lambda:eu-west-1:000000000000:function:echoTest');
  });

  it('gives the runtime what an execution environment needs', async () => {
    const { model, invocations } = await activeFunction({
      Environment: { Variables: { GREETING: 'hello' } },
      MemorySize: 512,
      Timeout: 10,
    });
    await model.invoke(REGION, invokeInput('{"id":"1"}'));
    expect(invocations[0]?.fn).toMatchObject({
      functionName: 'echoTest',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echoTest',
      version: '$LATEST',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      memorySize: 512,
      timeout: 10,
      environment: { GREETING: 'hello' },
      region: REGION,
      codeDirectory: '/var/task',
      logGroupName: '/aws/lambda/echoTest',
    });
  });
});

describe('finding a function', () => {
  it('takes a name, an ARN, a partial ARN, and $LATEST as the only qualifier', async () => {
    const { model } = await activeFunction();
    for (const name of [
      'echoTest',
      'echoTest:$LATEST',
      'arn:aws:lambda:us-east-1:000000000000:function:echoTest',
      '000000000000:function:echoTest',
    ]) {
      expect(model.getFunctionConfiguration(REGION, name).FunctionName).toBe('echoTest');
    }
  });

  it('names the function as it was asked for when it does not exist', async () => {
    const { model } = await activeFunction();
    expect(thrown(() => model.getFunction(REGION, 'nope'))).toMatchObject({
      code: 'ResourceNotFoundException',
      statusCode: 404,
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    expect(thrown(() => model.getFunction(REGION, 'echoTest', '1'))).toMatchObject({
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:echoTest:1',
    });
    expect(thrown(() => model.getFunction('eu-west-1', 'echoTest'))).toMatchObject({
      message: 'Function not found: arn:aws:lambda:eu-west-1:000000000000:function:echoTest',
    });
  });

  it('refuses a Qualifier that contradicts the one in the name', async () => {
    const { model } = await activeFunction();
    expect(thrown(() => model.getFunction(REGION, 'echoTest:$LATEST', 'v1'))).toMatchObject({
      code: 'InvalidParameterValueException',
      message:
        'The derived qualifier from the function name does not match the specified qualifier.',
    });
  });

  it('returns a qualified ARN when asked with a qualifier', async () => {
    const { model } = await activeFunction();
    expect(model.getFunction(REGION, 'echoTest', '$LATEST').Configuration.FunctionArn).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:echoTest:$LATEST',
    );
  });
});

describe('updates', () => {
  it('are InProgress until the next turn, with a new revision and new environments', async () => {
    const { model, retired, invocations } = await activeFunction();
    const before = model.getFunctionConfiguration(REGION, 'echoTest');
    const updated = model.updateFunctionConfiguration(REGION, 'echoTest', {
      MemorySize: 1024,
      Environment: { Variables: { STAGE: 'test' } },
    });
    expect(updated).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.',
      LastUpdateStatusReasonCode: 'Creating',
      MemorySize: 1024,
      Environment: { Variables: { STAGE: 'test' } },
    });
    expect(updated.RevisionId).not.toBe(before.RevisionId);
    expect(retired).toEqual(['echoTest']);
    expect(
      thrown(() => model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 5 })),
    ).toMatchObject({ code: 'ResourceConflictException' });

    await settled();
    expect(model.getFunctionConfiguration(REGION, 'echoTest').LastUpdateStatus).toBe('Successful');
    await model.invoke(REGION, invokeInput('{}'));
    expect(invocations[0]?.fn).toMatchObject({
      memorySize: 1024,
      environment: { STAGE: 'test' },
      revisionId: updated.RevisionId,
    });
  });

  it('replace the code and its hash', async () => {
    const { model, retired } = await activeFunction();
    const before = model.getFunctionConfiguration(REGION, 'echoTest');
    const zip = Buffer.from('new code');
    const updated = await model.updateFunctionCode(REGION, 'echoTest', { ZipFile: zip });
    expect(updated).toMatchObject({ LastUpdateStatus: 'InProgress', CodeSize: zip.length });
    expect(updated.CodeSha256).not.toBe(before.CodeSha256);
    expect(model.functionZip(updated.FunctionArn)).toEqual(zip);
    expect(retired).toEqual(['echoTest']);
  });

  it('check the RevisionId they are given', async () => {
    const { model } = await activeFunction();
    expect(
      thrown(() =>
        model.updateFunctionConfiguration(REGION, 'echoTest', { RevisionId: 'not-the-latest' }),
      ),
    ).toMatchObject({
      code: 'PreconditionFailedException',
      statusCode: 412,
      message:
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    });
  });

  it('need code', async () => {
    const { model } = await activeFunction();
    await expect(model.updateFunctionCode(REGION, 'echoTest', {})).rejects.toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'Please provide a source for function code.',
    });
  });
});

describe('DeleteFunction', () => {
  it('removes the function and retires its environments', async () => {
    const { model, retired } = await activeFunction();
    model.deleteFunction(REGION, 'echoTest');
    expect(retired).toEqual(['echoTest']);
    expect(thrown(() => model.getFunction(REGION, 'echoTest'))).toMatchObject({
      code: 'ResourceNotFoundException',
    });
  });

  it('does not delete $LATEST alone', async () => {
    const { model } = await activeFunction();
    expect(thrown(() => model.deleteFunction(REGION, 'echoTest', '$LATEST'))).toMatchObject({
      code: 'InvalidParameterValueException',
      message: '$LATEST version cannot be deleted without deleting the function.',
    });
  });
});

describe('ListFunctions', () => {
  it('pages in name order, without states', async () => {
    const { model } = setup();
    for (const name of ['c', 'a', 'b']) {
      await model.createFunction(REGION, functionInput({ FunctionName: name }));
    }
    const first = model.listFunctions(REGION, { MaxItems: 2 });
    expect(first.Functions.map((fn) => fn.FunctionName)).toEqual(['a', 'b']);
    expect(first.Functions[0]).not.toHaveProperty('State');
    expect(first.Functions[0]).not.toHaveProperty('RuntimeVersionConfig');
    const second = model.listFunctions(REGION, { MaxItems: 2, Marker: first.NextMarker });
    expect(second).toEqual({ Functions: [expect.objectContaining({ FunctionName: 'c' })] });
    expect(model.listFunctions('eu-west-1', {})).toEqual({ Functions: [] });
  });

  it('checks its parameters', () => {
    const { model } = setup();
    expect(thrown(() => model.listFunctions(REGION, { FunctionVersion: 'invalid' }))).toMatchObject(
      {
        code: 'ValidationException',
        message:
          "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
      },
    );
    expect(thrown(() => model.listFunctions(REGION, { MaxItems: 0 }))).toMatchObject({
      code: 'ValidationException',
    });
  });
});

describe('Invoke', () => {
  it('runs RequestResponse, with the last 4 KB of the log for LogType Tail', async () => {
    const { model, runtime } = await activeFunction();
    const log = `${'x'.repeat(5000)}END`;
    runtime.invoke = async (request) => ({ payload: request.payload, log });
    const output = await model.invoke(REGION, invokeInput('{"id":"1"}', { LogType: 'Tail' }));
    expect(output).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(output.Payload?.toString()).toBe('{"id":"1"}');
    expect(Buffer.from(output.LogResult ?? '', 'base64').toString()).toBe(log.slice(-4096));
  });

  it('passes an empty payload on as {}', async () => {
    const { model, invocations } = await activeFunction();
    await model.invoke(REGION, invokeInput(''));
    expect(invocations[0]?.payload.toString()).toBe('{}');
  });

  it('refuses a payload that is not JSON, or not UTF-8', async () => {
    const { model, invocations } = await activeFunction();
    await expect(model.invoke(REGION, invokeInput('not json'))).rejects.toMatchObject({
      code: 'InvalidRequestContentException',
      statusCode: 400,
      message: expect.stringMatching(
        /^Could not parse request body into json: Could not parse payload into json: /,
      ),
    });
    await expect(
      model.invoke(REGION, invokeInput(Buffer.from([0x22, 0x87, 0x22]))),
    ).rejects.toMatchObject({ code: 'InvalidRequestContentException' });
    expect(invocations).toEqual([]);
  });

  it('refuses payloads over 6 MB, and over 1 MB for Event', async () => {
    const { model } = await activeFunction();
    const json = (bytes: number) => `"${'x'.repeat(bytes - 2)}"`;
    await expect(model.invoke(REGION, invokeInput(json(6_291_457)))).rejects.toMatchObject({
      code: 'RequestEntityTooLargeException',
      statusCode: 413,
      message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    });
    await expect(
      model.invoke(REGION, invokeInput(json(1_048_577), { InvocationType: 'Event' })),
    ).rejects.toMatchObject({
      code: 'RequestEntityTooLargeException',
      message:
        '1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)',
    });
    const accepted = await model.invoke(
      REGION,
      invokeInput(json(1_048_576), { InvocationType: 'Event' }),
    );
    expect(accepted.StatusCode).toBe(202);
  });

  it('answers Event with 202 and runs it in the background, DryRun with 204 and runs nothing', async () => {
    const { model, invocations } = await activeFunction();
    expect(await model.invoke(REGION, invokeInput('{}', { InvocationType: 'DryRun' }))).toEqual({
      StatusCode: 204,
    });
    expect(invocations).toEqual([]);
    expect(await model.invoke(REGION, invokeInput('{}', { InvocationType: 'Event' }))).toEqual({
      StatusCode: 202,
    });
    expect(invocations).toHaveLength(1);
  });

  it('keeps an Event invocation the runtime refuses queued, and runs it once it can', async () => {
    const { model, runtime, invocations } = await activeFunction();
    const invoke = runtime.invoke;
    runtime.invoke = () => Promise.reject(new Error('over the concurrency limit'));
    const output = await model.invoke(REGION, invokeInput('{}', { InvocationType: 'Event' }));
    expect(output.StatusCode).toBe(202);
    runtime.invoke = invoke;
    await vi.waitFor(() => expect(invocations).toHaveLength(1));
    expect(model.stopAsyncInvocations()).toEqual({ notStarted: 0, running: 0, awaitingRetry: 0 });
  });

  it('refuses unknown invocation and log types', async () => {
    const { model } = await activeFunction();
    await expect(
      model.invoke(REGION, invokeInput('{}', { InvocationType: 'dry_run' })),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value 'dry_run' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [DryRun, RequestResponse, Event]",
    });
    await expect(model.invoke(REGION, invokeInput('{}', { LogType: 'All' }))).rejects.toMatchObject(
      { code: 'ValidationException' },
    );
  });
});

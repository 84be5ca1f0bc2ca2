/**
 * The Lambda API through the unchanged SDK v3 client (@aws-sdk/client-lambda),
 * against a running local cloud: each operation on the walkthrough's echo
 * callee (step 1.1, test/support/zip.ts) from CreateFunction to DeleteFunction,
 * with the SDK's waiters; ListFunctions, resource policies and tags.
 * Its error cases are in lambda-api-errors.test.ts.
 */
import { createHash } from 'node:crypto';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  PreconditionFailedException,
  RemovePermissionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerZip } from './lambda-support.ts';
import { failure } from './support/failure.ts';
import { ROLE } from './support/functions.ts';
import { FUNCTION_ARN_PREFIX as ARN, useLambdaApi } from './support/lambda-api.ts';
import { clientConfig, REGION } from './support/local-cloud.ts';
import { HANDLER, RUNTIME } from './support/zip.ts';

const { cloud, logEvents, lambda, echoZip, createActive, invoke } = await useLambdaApi();

/** The client, for a waiter, and how many requests the waiter sent through it. */
function countingSends(client: LambdaClient) {
  let sends = 0;
  const counting = {
    send: (command: Parameters<LambdaClient['send']>[0]) => {
      sends += 1;
      return client.send(command);
    },
  } as LambdaClient;
  return { client: counting, sends: () => sends };
}

describe('the echo callee, from CreateFunction to DeleteFunction', () => {
  it('is created Pending with the fields AWS returns, and is Active at the waiter’s first check', async () => {
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'echoTest',
        Runtime: RUNTIME,
        Role: ROLE,
        Handler: HANDLER,
        Code: { ZipFile: echoZip },
        Description: 'Step 1.1',
        Timeout: 10,
        MemorySize: 256,
        Environment: { Variables: { STAGE: 'local' } },
        Tags: { workshop: 'l2l' },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: 'echoTest',
      FunctionArn: `${ARN}:echoTest`,
      Runtime: RUNTIME,
      Role: ROLE,
      Handler: HANDLER,
      CodeSize: echoZip.length,
      CodeSha256: createHash('sha256').update(echoZip).digest('base64'),
      Description: 'Step 1.1',
      Timeout: 10,
      MemorySize: 256,
      Version: '$LATEST',
      Environment: { Variables: { STAGE: 'local' } },
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

    const waiter = countingSends(lambda);
    const waited = await waitUntilFunctionActiveV2(
      { client: waiter.client, maxWaitTime: 10 },
      { FunctionName: 'echoTest' },
    );
    expect(waited.state).toBe('SUCCESS');
    expect(waiter.sends()).toBe(1); // its first check passed
  });

  it('GetFunction returns the configuration, a URL of the code, and the tags', async () => {
    const output = await lambda.send(new GetFunctionCommand({ FunctionName: 'echoTest' }));
    expect(output.Configuration).toMatchObject({
      FunctionName: 'echoTest',
      State: 'Active',
      LastUpdateStatus: 'Successful',
    });
    expect(output.Configuration?.RuntimeVersionConfig?.RuntimeVersionArn).toMatch(
      new RegExp(`^arn:aws:lambda:${REGION}::runtime:[0-9a-f]{64}$`),
    );
    expect(output.Tags).toEqual({ workshop: 'l2l' });
    expect(output.Code?.RepositoryType).toBe('S3');
    const download = await fetch(output.Code?.Location ?? '');
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(echoZip);
  });

  it('GetFunction over HTTP/2 names the code URL by the same endpoint', async () => {
    const overHttp2 = new LambdaClient({
      ...clientConfig(cloud()),
      requestHandler: new NodeHttp2Handler(),
    });
    try {
      const output = await overHttp2.send(new GetFunctionCommand({ FunctionName: 'echoTest' }));
      expect(output.Code?.Location).toMatch(new RegExp(`^${cloud().endpoint}/2015-03-31/`));
    } finally {
      overHttp2.destroy();
    }
  });

  it('GetFunctionConfiguration returns the configuration alone', async () => {
    const output = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'echoTest' }),
    );
    expect(output).toMatchObject({ FunctionName: 'echoTest', MemorySize: 256, State: 'Active' });
  });

  it('Invoke returns the event the echo callee was given', async () => {
    const output = await invoke('echoTest', '{"id":"1","name":"Luna"}');
    expect(output.StatusCode).toBe(200);
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(output.FunctionError).toBeUndefined();
    expect(output.text).toBe('{"id":"1","name":"Luna"}');
  });

  it('Invoke with LogType Tail returns the invocation’s log, base64', async () => {
    const output = await invoke('echoTest', '{"id":"2"}', { LogType: 'Tail' });
    const log = Buffer.from(output.LogResult ?? '', 'base64').toString();
    expect(log).toContain(`START RequestId: ${output.$metadata.requestId} Version: $LATEST`);
    expect(log).toContain("{ id: '2' }");
    expect(log).toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: /);
  });

  it('Invoke takes the function’s ARN, partial ARN, $LATEST and the Qualifier parameter', async () => {
    for (const FunctionName of [
      `${ARN}:echoTest`,
      '000000000000:function:echoTest',
      'echoTest:$LATEST',
    ]) {
      expect((await invoke(FunctionName, '"by name"')).text).toBe('"by name"');
    }
    expect((await invoke('echoTest', '1', { Qualifier: '$LATEST' })).text).toBe('1');
  });

  it('Invoke with InvocationType Event answers 202 at once and runs the function', async () => {
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: 'echoTest',
        InvocationType: 'Event',
        Payload: '{"async":1}',
      }),
    );
    expect(output.StatusCode).toBe(202);
    expect(output.Payload?.length ?? 0).toBe(0);
    const end = `END RequestId: ${output.$metadata.requestId}`;
    await expect
      .poll(() => logEvents.some((event) => event.message.startsWith(end)), { timeout: 5000 })
      .toBe(true);
  });

  it('Invoke with InvocationType DryRun answers 204', async () => {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: 'echoTest', InvocationType: 'DryRun' }),
    );
    expect(output.StatusCode).toBe(204);
  });

  it('UpdateFunctionConfiguration changes the settings; waitUntilFunctionUpdatedV2 passes at once', async () => {
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'echoTest',
        MemorySize: 512,
        Environment: { Variables: { STAGE: 'test' } },
      }),
    );
    expect(updated.$metadata.httpStatusCode).toBe(200);
    expect(updated).toMatchObject({
      MemorySize: 512,
      Environment: { Variables: { STAGE: 'test' } },
      LastUpdateStatus: 'InProgress',
    });
    const waiter = countingSends(lambda);
    await waitUntilFunctionUpdatedV2(
      { client: waiter.client, maxWaitTime: 10 },
      { FunctionName: 'echoTest' },
    );
    expect(waiter.sends()).toBe(1);
    expect((await invoke('echoTest', '"still echoing"')).text).toBe('"still echoing"');
  });

  it('UpdateFunctionCode deploys new code that the next invocation runs', async () => {
    const zip = await handlerZip(
      'export const handler = async (event) => ({ stage: process.env.STAGE, event });',
    );
    const updated = await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'echoTest', ZipFile: zip }),
    );
    expect(updated).toMatchObject({
      CodeSize: zip.length,
      CodeSha256: createHash('sha256').update(zip).digest('base64'),
      LastUpdateStatus: 'InProgress',
    });
    await waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: 10 },
      { FunctionName: 'echoTest' },
    );
    expect((await invoke('echoTest', '{"id":"3"}')).text).toBe(
      '{"stage":"test","event":{"id":"3"}}',
    );
  });

  it('an update with a stale RevisionId is PreconditionFailedException, 412', async () => {
    const error = await failure(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'echoTest',
          Timeout: 20,
          RevisionId: '00000000-0000-0000-0000-000000000000',
        }),
      ),
    );
    expect(error).toBeInstanceOf(PreconditionFailedException);
    expect(error.$metadata.httpStatusCode).toBe(412);
  });

  it('refuses to update a function to nodejs20.x, deprecated and blocked since 2026-07-01', async () => {
    const error = await failure(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'echoTest', Runtime: 'nodejs20.x' }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe(
      'The runtime parameter of nodejs20.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
    );
  });

  it('DeleteFunction answers 204, and the function is gone', async () => {
    const output = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'echoTest' }));
    expect(output.$metadata.httpStatusCode).toBe(204);
    const error = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'echoTest' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('ListFunctions', () => {
  it('pages with MaxItems and Marker', async () => {
    for (const name of ['list-b', 'list-a', 'list-c']) await createActive(name);
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    const second = await lambda.send(
      new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }),
    );
    const names = [...(first.Functions ?? []), ...(second.Functions ?? [])]
      .map((fn) => fn.FunctionName)
      .filter((name) => name?.startsWith('list-'));
    expect(names).toEqual(['list-a', 'list-b', 'list-c']);
    expect(first.Functions?.[0]).toMatchObject({ Runtime: RUNTIME, PackageType: 'Zip' });
  });
});

describe('resource policies', () => {
  beforeAll(() => createActive('withPolicy'));

  it('AddPermission returns the statement; GetPolicy the policy and its RevisionId', async () => {
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'withPolicy',
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: `arn:aws:sns:${REGION}:000000000000:testSns`,
      }),
    );
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement ?? '')).toEqual({
      Sid: 'sns',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `${ARN}:withPolicy`,
      Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:sns:${REGION}:000000000000:testSns` } },
    });
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'withPolicy' }));
    expect(JSON.parse(policy.Policy ?? '')).toMatchObject({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [expect.objectContaining({ Sid: 'sns' })],
    });
    expect(policy.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a statement id that is taken is ResourceConflictException, 409', async () => {
    const error = await failure(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'withPolicy',
          StatementId: 'sns',
          Action: 'lambda:InvokeFunction',
          Principal: 'sns.amazonaws.com',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ResourceConflictException);
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe(
      'The statement id (sns) provided already exists. Please provide a new statement id, or remove the existing statement.',
    );
  });

  it('RemovePermission removes it; then GetPolicy finds none', async () => {
    const removed = await lambda.send(
      new RemovePermissionCommand({ FunctionName: 'withPolicy', StatementId: 'sns' }),
    );
    expect(removed.$metadata.httpStatusCode).toBe(204);
    const error = await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'withPolicy' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('The resource you requested does not exist.');
  });
});

describe('tags', () => {
  it('TagResource, UntagResource and ListTags take the function ARN', async () => {
    const { FunctionArn: Resource } = await createActive('tagged', echoZip, {
      Tags: { team: 'l2l' },
    });
    await lambda.send(new TagResourceCommand({ Resource, Tags: { stage: 'dev' } }));
    await lambda.send(new UntagResourceCommand({ Resource, TagKeys: ['team'] }));
    const output = await lambda.send(new ListTagsCommand({ Resource }));
    expect(output.Tags).toEqual({ stage: 'dev' });
  });
});

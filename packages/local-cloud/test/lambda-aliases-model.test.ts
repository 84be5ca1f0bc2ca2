/**
 * Aliases on the model (no HTTP, a stub runtime): the operations and their rules,
 * weighted routing with an injected random source, and qualified permissions: a
 * permission on an alias is not one on $LATEST, and the other way round.
 */
import { describe, expect, it, vi } from 'vitest';
import { LambdaModel } from '../src/services/lambda/model.ts';
import { functionInput, REGION, settled, stubRuntime } from './lambda-support.ts';
import { thrown } from './support/failure.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echoTest';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:echo';

/** echoTest with versions 1 and 2 (of different timeouts); `random` routes weighted aliases. */
async function twoVersions(random?: () => number) {
  const stub = stubRuntime();
  const model = new LambdaModel({
    runtime: stub.runtime,
    accountId: '000000000000',
    aliasRoutingRandom: random,
  });
  await model.createFunction(REGION, functionInput());
  await settled();
  model.publishVersion(REGION, 'echoTest', {});
  model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 9 });
  await settled();
  model.publishVersion(REGION, 'echoTest', {});
  return { model, ...stub };
}

function invokeInput(overrides = {}) {
  return { FunctionName: 'echoTest', Payload: Buffer.from('{}'), RequestId: 'r', ...overrides };
}

describe('CreateAlias, GetAlias, UpdateAlias, ListAliases, DeleteAlias', () => {
  it('keeps an alias through its life', async () => {
    const { model } = await twoVersions();
    const created = model.createAlias(REGION, 'echoTest', {
      Name: 'live',
      FunctionVersion: '1',
      Description: 'what SNS calls',
    });
    expect(created).toEqual({
      AliasArn: `${ARN}:live`,
      Name: 'live',
      FunctionVersion: '1',
      Description: 'what SNS calls',
      RevisionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(model.getAlias(REGION, 'echoTest', 'live')).toEqual(created);
    expect(
      thrown(() => model.updateAlias(REGION, 'echoTest', { Name: 'live', RevisionId: 'old' })),
    ).toMatchObject({ code: 'PreconditionFailedException', statusCode: 412 });
    const updated = model.updateAlias(REGION, 'echoTest', {
      Name: 'live',
      FunctionVersion: '2',
      RevisionId: created.RevisionId,
    });
    expect(updated).toMatchObject({ FunctionVersion: '2', Description: 'what SNS calls' });
    expect(updated.RevisionId).not.toBe(created.RevisionId);
    model.createAlias(REGION, 'echoTest', { Name: 'old', FunctionVersion: '1' });
    expect(model.listAliases(REGION, 'echoTest', {}).Aliases.map((a) => a.Name)).toEqual([
      'live',
      'old',
    ]);
    expect(
      model.listAliases(REGION, 'echoTest', { FunctionVersion: '1' }).Aliases.map((a) => a.Name),
    ).toEqual(['old']);
    const page = model.listAliases(REGION, 'echoTest', { MaxItems: 1 });
    expect(page).toMatchObject({ Aliases: [{ Name: 'live' }], NextMarker: 'old' });
    model.deleteAlias(REGION, 'echoTest', 'live');
    expect(thrown(() => model.getAlias(REGION, 'echoTest', 'live'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: `Cannot find alias arn: ${ARN}:live`,
    });
  });

  it('refuses what AWS refuses', async () => {
    const { model } = await twoVersions();
    model.createAlias(REGION, 'echoTest', { Name: 'live', FunctionVersion: '1' });
    const refusals: [Parameters<LambdaModel['createAlias']>[2], object][] = [
      [
        { Name: 'live', FunctionVersion: '1' },
        { code: 'ResourceConflictException', message: `Alias already exists: ${ARN}:live` },
      ],
      [
        { Name: '12', FunctionVersion: '1' },
        { code: 'ValidationException', message: expect.stringContaining("at 'name'") },
      ],
      [
        { Name: 'next', FunctionVersion: '7' },
        { code: 'ResourceNotFoundException', message: `Function not found: ${ARN}:7` },
      ],
      [
        {
          Name: 'next',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { 1: 0.5 } },
        },
        {
          code: 'InvalidParameterValueException',
          message:
            'Invalid function version 1. Function version 1 is already included in routing configuration.',
        },
      ],
      [
        {
          Name: 'next',
          FunctionVersion: '$LATEST',
          RoutingConfig: { AdditionalVersionWeights: { 1: 0.5 } },
        },
        {
          code: 'InvalidParameterValueException',
          message: '$LATEST is not supported for an alias pointing to more than 1 version',
        },
      ],
      [
        {
          Name: 'next',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { 2: 0.5, 3: 0.1 } },
        },
        {
          code: 'InvalidParameterValueException',
          message: 'Number of items in AdditionalVersionWeights cannot be greater than 1',
        },
      ],
      [
        {
          Name: 'next',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { 2: 1.5 } },
        },
        { code: 'ValidationException', message: expect.stringContaining("'{2=1.5}'") },
      ],
    ];
    for (const [input, error] of refusals) {
      expect(thrown(() => model.createAlias(REGION, 'echoTest', input))).toMatchObject(error);
    }
  });
});

describe('invoking an alias', () => {
  it('runs the version it points to, and says so in ExecutedVersion', async () => {
    const { model, invocations } = await twoVersions();
    model.createAlias(REGION, 'echoTest', { Name: 'live', FunctionVersion: '1' });
    const output = await model.invoke(REGION, invokeInput({ FunctionName: 'echoTest:live' }));
    expect(output.ExecutedVersion).toBe('1');
    expect(invocations.at(-1)?.fn).toMatchObject({ version: '1', timeout: 3 });
  });

  it('sends the weighted share to the additional version', async () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const { model } = await twoVersions(() => draws.shift() ?? 0);
    model.createAlias(REGION, 'echoTest', {
      Name: 'canary',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { 2: 0.3 } },
    });
    const executed: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const output = await model.invoke(REGION, invokeInput({ Qualifier: 'canary' }));
      executed.push(output.ExecutedVersion);
    }
    expect(executed).toEqual(['2', '1', '2', '1']);
  });
});

describe('permissions per qualifier', () => {
  const grant = (Qualifier?: string) => ({
    StatementId: 'sns',
    Action: 'lambda:InvokeFunction',
    Principal: 'sns.amazonaws.com',
    SourceArn: TOPIC,
    Qualifier,
  });
  const snsInvoke = (functionArn: string) => ({
    principal: 'sns.amazonaws.com',
    sourceArn: TOPIC,
    functionArn,
    event: '{}',
  });

  it('keeps a policy for the alias apart from $LATEST, and checks a service against its own', async () => {
    const { model, invocations } = await twoVersions();
    model.createAlias(REGION, 'echoTest', { Name: 'live', FunctionVersion: '1' });
    const added = model.addPermission(REGION, 'echoTest', grant('live'));
    expect(JSON.parse(added.Statement).Resource).toBe(`${ARN}:live`);
    expect(JSON.parse(model.getPolicy(REGION, 'echoTest:live').Policy).Statement).toHaveLength(1);
    expect(thrown(() => model.getPolicy(REGION, 'echoTest'))).toMatchObject({
      code: 'ResourceNotFoundException',
    });

    // The 2017 quirk: a subscription of $LATEST with the permission on the alias is refused.
    await expect(model.invokeAsService(snsInvoke(ARN))).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: expect.stringContaining(`on resource: ${ARN} because`),
    });
    await model.invokeAsService(snsInvoke(`${ARN}:live`));
    await vi.waitFor(() => expect(invocations).toHaveLength(1));
    expect(invocations[0]?.fn.version).toBe('1');

    model.addPermission(REGION, 'echoTest', grant());
    await expect(model.invokeAsService(snsInvoke(`${ARN}:2`))).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: expect.stringContaining(`on resource: ${ARN}:2 because`),
    });
    model.removePermission(REGION, 'echoTest', 'sns', { Qualifier: 'live' });
    expect(thrown(() => model.getPolicy(REGION, 'echoTest', 'live'))).toMatchObject({
      code: 'ResourceNotFoundException',
    });
    expect(JSON.parse(model.getPolicy(REGION, 'echoTest').Policy).Statement).toHaveLength(1);
  });
});

describe('EventInvokeConfig per qualifier', () => {
  it('keeps a config for each qualifier, listed together, gone with its alias', async () => {
    const { model } = await twoVersions();
    model.createAlias(REGION, 'echoTest', { Name: 'live', FunctionVersion: '1' });
    const onAlias = model.putFunctionEventInvokeConfig(REGION, 'echoTest', {
      Qualifier: 'live',
      MaximumRetryAttempts: 0,
    });
    expect(onAlias).toMatchObject({ FunctionArn: `${ARN}:live`, MaximumRetryAttempts: 0 });
    expect(thrown(() => model.getFunctionEventInvokeConfig(REGION, 'echoTest'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: `The function ${ARN}:$LATEST doesn't have an EventInvokeConfig`,
    });
    model.putFunctionEventInvokeConfig(REGION, 'echoTest:1', { MaximumRetryAttempts: 1 });
    model.putFunctionEventInvokeConfig(REGION, 'echoTest', { MaximumRetryAttempts: 2 });
    const listed = model.listFunctionEventInvokeConfigs(REGION, 'echoTest');
    expect(listed.FunctionEventInvokeConfigs.map((c) => c.FunctionArn)).toEqual([
      `${ARN}:live`,
      `${ARN}:1`,
      `${ARN}:$LATEST`,
    ]);
    expect(
      thrown(() =>
        model.putFunctionEventInvokeConfig(REGION, 'echoTest', {
          Qualifier: 'nope',
          MaximumRetryAttempts: 1,
        }),
      ),
    ).toMatchObject({ code: 'ResourceNotFoundException', message: "The function doesn't exist." });
    model.deleteAlias(REGION, 'echoTest', 'live');
    expect(
      model.listFunctionEventInvokeConfigs(REGION, 'echoTest').FunctionEventInvokeConfigs,
    ).toHaveLength(2);
  });
});

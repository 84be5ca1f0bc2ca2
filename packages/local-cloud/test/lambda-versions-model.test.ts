/**
 * Published versions on the model (no HTTP, a stub runtime): PublishVersion's checks and
 * its "no new version when nothing changed", ListVersionsByFunction, a version's frozen
 * code and configuration, and GetFunction/DeleteFunction with a Qualifier.
 */
import { describe, expect, it } from 'vitest';
import { activeFunction, REGION, settled } from './lambda-support.ts';
import { thrown } from './support/failure.ts';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echoTest';

function invokeInput(overrides = {}) {
  return { FunctionName: 'echoTest', Payload: Buffer.from('{}'), RequestId: 'r', ...overrides };
}

describe('PublishVersion', () => {
  it('publishes $LATEST as version 1, under its qualified ARN, and keeps the code', async () => {
    const { model, retained } = await activeFunction({ Description: 'echo' });
    const published = model.publishVersion(REGION, 'echoTest', {});
    expect(published).toMatchObject({
      FunctionArn: `${ARN}:1`,
      Version: '1',
      Description: 'echo',
      State: 'Active',
      LastUpdateStatus: 'Successful',
    });
    expect(retained).toEqual(['/var/task']);
    expect(model.publishVersion(REGION, ARN, { Description: 'v2' })).toMatchObject({
      Version: '1',
    });
  });

  it('publishes no new version when nothing changed since the last one', async () => {
    const { model } = await activeFunction();
    expect(model.publishVersion(REGION, 'echoTest', {}).Version).toBe('1');
    expect(model.publishVersion(REGION, 'echoTest', {}).Version).toBe('1');
    model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 9 });
    await settled();
    const second = model.publishVersion(REGION, 'echoTest', { Description: 'nine seconds' });
    expect(second).toMatchObject({ Version: '2', Timeout: 9, Description: 'nine seconds' });
    // A permission is no change of code or configuration.
    model.addPermission(REGION, 'echoTest', {
      StatementId: 'sns',
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
    });
    expect(model.publishVersion(REGION, 'echoTest', {}).Version).toBe('2');
  });

  it('refuses a CodeSha256 or RevisionId that is not $LATEST', async () => {
    const { model } = await activeFunction();
    const latest = model.getFunctionConfiguration(REGION, 'echoTest');
    expect(thrown(() => model.publishVersion(REGION, 'echoTest', { CodeSha256: 'abc' }))).toEqual(
      expect.objectContaining({
        code: 'InvalidParameterValueException',
        message: `CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      }),
    );
    expect(thrown(() => model.publishVersion(REGION, 'echoTest', { RevisionId: 'old' }))).toEqual(
      expect.objectContaining({
        code: 'PreconditionFailedException',
        statusCode: 412,
        message:
          'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      }),
    );
    const published = model.publishVersion(REGION, 'echoTest', {
      CodeSha256: latest.CodeSha256,
      RevisionId: latest.RevisionId,
    });
    expect(published.Version).toBe('1');
  });

  it('refuses to publish while an update is in progress', async () => {
    const { model } = await activeFunction();
    model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 9 });
    expect(thrown(() => model.publishVersion(REGION, 'echoTest', {}))).toMatchObject({
      code: 'ResourceConflictException',
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${ARN}`,
    });
  });

  it('publishes with CreateFunction and UpdateFunctionCode when asked to', async () => {
    const { model } = await activeFunction({ FunctionName: 'other', Publish: true });
    expect(model.getFunctionConfiguration(REGION, 'other', '1').Version).toBe('1');
    await settled();
    const updated = await model.updateFunctionCode(REGION, 'other', {
      ZipFile: Buffer.from('new code'),
      Publish: true,
    });
    expect(updated).toMatchObject({
      Version: '2',
      FunctionArn: `${ARN.replace('echoTest', 'other')}:2`,
    });
  });
});

describe('a published version', () => {
  it('keeps the code and configuration it was published with', async () => {
    const { model, invocations } = await activeFunction({
      Environment: { Variables: { AB: '1' } },
    });
    model.publishVersion(REGION, 'echoTest', {});
    await model.updateFunctionCode(REGION, 'echoTest', { ZipFile: Buffer.from('new') });
    await settled();
    model.updateFunctionConfiguration(REGION, 'echoTest', {
      Environment: { Variables: { AB: '2' } },
    });
    await settled();
    const version = model.getFunctionConfiguration(REGION, 'echoTest:1');
    const latest = model.getFunctionConfiguration(REGION, 'echoTest');
    expect(version.CodeSha256).not.toBe(latest.CodeSha256);
    expect(version.Environment).toEqual({ Variables: { AB: '1' } });
    expect(latest.Environment).toEqual({ Variables: { AB: '2' } });

    const run = await model.invoke(REGION, invokeInput({ Qualifier: '1' }));
    expect(run.ExecutedVersion).toBe('1');
    expect(invocations.at(-1)?.fn).toMatchObject({ version: '1', environment: { AB: '1' } });
    expect((await model.invoke(REGION, invokeInput())).ExecutedVersion).toBe('$LATEST');
    expect(invocations.at(-1)?.fn).toMatchObject({ version: '$LATEST', environment: { AB: '2' } });
  });

  it('is found by Qualifier, by name:version and by its ARN', async () => {
    const { model } = await activeFunction();
    model.publishVersion(REGION, 'echoTest', {});
    for (const [name, qualifier] of [
      ['echoTest', '1'],
      ['echoTest:1', undefined],
      [`${ARN}:1`, undefined],
    ] as const) {
      expect(model.getFunction(REGION, name, qualifier).Configuration).toMatchObject({
        FunctionArn: `${ARN}:1`,
        Version: '1',
      });
    }
    expect(thrown(() => model.getFunction(REGION, 'echoTest', '2'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: `Function not found: ${ARN}:2`,
    });
  });
});

describe('ListVersionsByFunction', () => {
  it('lists $LATEST first, then the versions, in pages', async () => {
    const { model } = await activeFunction();
    model.publishVersion(REGION, 'echoTest', {});
    model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 5 });
    await settled();
    model.publishVersion(REGION, 'echoTest', {});
    const all = model.listVersionsByFunction(REGION, 'echoTest', {});
    expect(all.Versions.map((v) => [v.Version, v.FunctionArn])).toEqual([
      ['$LATEST', `${ARN}:$LATEST`],
      ['1', `${ARN}:1`],
      ['2', `${ARN}:2`],
    ]);
    expect(all.NextMarker).toBeUndefined();
    const first = model.listVersionsByFunction(REGION, 'echoTest', { MaxItems: 2 });
    expect(first.Versions.map((v) => v.Version)).toEqual(['$LATEST', '1']);
    const rest = model.listVersionsByFunction(REGION, 'echoTest', {
      Marker: first.NextMarker,
      MaxItems: 2,
    });
    expect(rest.Versions.map((v) => v.Version)).toEqual(['2']);
  });
});

describe('DeleteFunction with a Qualifier', () => {
  it('deletes one version, whose number is not given again', async () => {
    const { model, released } = await activeFunction();
    model.publishVersion(REGION, 'echoTest', {});
    model.deleteFunction(REGION, 'echoTest', '1');
    expect(released).toEqual(['/var/task']);
    expect(model.listVersionsByFunction(REGION, 'echoTest', {}).Versions).toHaveLength(1);
    model.updateFunctionConfiguration(REGION, 'echoTest', { Timeout: 5 });
    await settled();
    expect(model.publishVersion(REGION, 'echoTest', {}).Version).toBe('2');
    expect(thrown(() => model.deleteFunction(REGION, 'echoTest', '1'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: `Function not found: ${ARN}:1`,
    });
  });

  it('refuses $LATEST, and a version an alias points to', async () => {
    const { model } = await activeFunction();
    model.publishVersion(REGION, 'echoTest', {});
    expect(thrown(() => model.deleteFunction(REGION, 'echoTest:$LATEST'))).toMatchObject({
      code: 'InvalidParameterValueException',
      message: '$LATEST version cannot be deleted without deleting the function.',
    });
    model.createAlias(REGION, 'echoTest', { Name: 'live', FunctionVersion: '1' });
    expect(thrown(() => model.deleteFunction(REGION, 'echoTest', '1'))).toMatchObject({
      code: 'ResourceConflictException',
      statusCode: 409,
      message: 'Unable to delete version because the following aliases reference it: [live]',
    });
  });

  it('deletes the function with all its versions', async () => {
    const { model, released, retired } = await activeFunction();
    model.publishVersion(REGION, 'echoTest', {});
    model.deleteFunction(REGION, 'echoTest');
    expect(released).toEqual(['/var/task', '/var/task']);
    expect(retired).toContain('echoTest');
  });
});

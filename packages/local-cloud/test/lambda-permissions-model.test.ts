/**
 * Lambda's resource policies and tags, driven on the model directly (no HTTP, a stub
 * runtime), with AWS's codes and messages. (SNS's invoke under a policy:
 * async-invocation-model.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { activeFunction, REGION } from './lambda-support.ts';
import { thrown } from './support/failure.ts';

describe('permissions', () => {
  const grant = {
    StatementId: 'sns',
    Action: 'lambda:InvokeFunction',
    Principal: 'sns.amazonaws.com',
    SourceArn: 'arn:aws:sns:us-east-1:000000000000:testSns',
  };

  it('add statements to the resource policy that GetPolicy returns', async () => {
    const { model } = await activeFunction();
    const { Statement } = model.addPermission(REGION, 'echoTest', grant);
    const statement = {
      Sid: 'sns',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:echoTest',
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:000000000000:testSns' } },
    };
    expect(JSON.parse(Statement)).toEqual(statement);
    const policy = model.getPolicy(REGION, 'echoTest');
    expect(JSON.parse(policy.Policy)).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [statement],
    });
    expect(policy.RevisionId).toBe(model.getFunctionConfiguration(REGION, 'echoTest').RevisionId);
  });

  it('map accounts to their root and keep SourceAccount as a condition', async () => {
    const { model } = await activeFunction();
    const { Statement } = model.addPermission(REGION, 'echoTest', {
      StatementId: 'xaccount',
      Action: 'lambda:InvokeFunction',
      Principal: '111122223333',
      SourceAccount: '111122223333',
    });
    expect(JSON.parse(Statement)).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } },
    });
  });

  it('refuse a statement id that is taken, $LATEST and an unknown principal', async () => {
    const { model } = await activeFunction();
    model.addPermission(REGION, 'echoTest', grant);
    expect(thrown(() => model.addPermission(REGION, 'echoTest', grant))).toMatchObject({
      code: 'ResourceConflictException',
      statusCode: 409,
      message:
        'The statement id (sns) provided already exists. Please provide a new statement id, or remove the existing statement.',
    });
    expect(
      thrown(() =>
        model.addPermission(REGION, 'echoTest', {
          ...grant,
          StatementId: 'b',
          Qualifier: '$LATEST',
        }),
      ),
    ).toMatchObject({ message: 'We currently do not support adding policies for $LATEST.' });
    expect(
      thrown(() =>
        model.addPermission(REGION, 'echoTest', { ...grant, StatementId: 'c', Principal: 'bob' }),
      ),
    ).toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'The provided principal was invalid. Please check the principal and try again.',
    });
    expect(
      thrown(() =>
        model.addPermission(REGION, 'echoTest', { ...grant, StatementId: 'example.com' }),
      ),
    ).toMatchObject({
      code: 'ValidationException',
      message:
        "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    });
  });

  it('are removed one statement at a time, with AWS errors for what is not there', async () => {
    const { model } = await activeFunction();
    expect(thrown(() => model.getPolicy(REGION, 'echoTest'))).toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
    });
    expect(thrown(() => model.removePermission(REGION, 'echoTest', 'sns'))).toMatchObject({
      message: 'No policy is associated with the given resource.',
    });
    expect(thrown(() => model.removePermission(REGION, 'nope', 'sns'))).toMatchObject({
      message: 'No policy found for: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    model.addPermission(REGION, 'echoTest', grant);
    expect(thrown(() => model.removePermission(REGION, 'echoTest', 'other'))).toMatchObject({
      message: 'Statement other is not found in resource policy.',
    });
    model.removePermission(REGION, 'echoTest', 'sns');
    expect(thrown(() => model.getPolicy(REGION, 'echoTest'))).toMatchObject({
      code: 'ResourceNotFoundException',
    });
  });
});

describe('tags', () => {
  const arn = 'arn:aws:lambda:us-east-1:000000000000:function:echoTest';

  it('are set at creation, added, listed and removed', async () => {
    const { model } = await activeFunction({ Tags: { team: 'l2l' } });
    model.tagResource(REGION, arn, { stage: 'dev' });
    model.untagResource(REGION, arn, ['team']);
    expect(model.listTags(REGION, arn)).toEqual({ Tags: { stage: 'dev' } });
    expect(model.getFunction(REGION, 'echoTest').Tags).toEqual({ stage: 'dev' });
  });

  it('are refused on a qualified ARN, on a name, and when there are too many', async () => {
    const { model } = await activeFunction();
    expect(thrown(() => model.listTags(REGION, `${arn}:$LATEST`))).toMatchObject({
      message:
        'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    });
    expect(thrown(() => model.listTags(REGION, 'echoTest'))).toMatchObject({
      code: 'ValidationException',
    });
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`tag${i}`, 'x']));
    expect(thrown(() => model.tagResource(REGION, arn, many))).toMatchObject({
      message: 'Number of tags exceeds resource tag limit.',
    });
    expect(thrown(() => model.untagResource(REGION, arn, undefined))).toMatchObject({
      message:
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    });
  });
});

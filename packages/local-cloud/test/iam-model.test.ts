/**
 * What IAM does, driven on the model directly (no HTTP): the rules of its state that
 * can fail, with IAM's codes and messages. The parameters' constraints and the wire
 * (XML, URL-encoded policies, pagination) are the API's, tested in iam-roles.test.ts and
 * iam-policies.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../src/auth/policy-evaluation.ts';
import { IamModel, type NewRole } from '../src/services/iam/model.ts';
import { thrown } from './support/failure.ts';

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [] });
const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

function modelWithRole(role: Partial<NewRole> = {}) {
  const model = new IamModel(ACCOUNT);
  model.createRole({ RoleName: 'echo-role', AssumeRolePolicyDocument: TRUST, ...role });
  return model;
}

describe('IamModel', () => {
  it('names roles case-insensitively: a second role of the same name in another case is refused', () => {
    const model = modelWithRole();
    expect(model.getRole('ECHO-ROLE').RoleName).toBe('echo-role');
    expect(
      thrown(() => model.createRole({ RoleName: 'Echo-Role', AssumeRolePolicyDocument: TRUST })),
    ).toMatchObject({
      code: 'EntityAlreadyExists',
      statusCode: 409,
      message: 'Role with name Echo-Role already exists.',
    });
  });

  it('builds the ARN from the path, and a role ID of 21 characters starting AROA', () => {
    const role = modelWithRole({ Path: '/service-role/' }).getRole('echo-role');
    expect(role.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/echo-role`);
    expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(role.MaxSessionDuration).toBe(3600);
  });

  it('lists roles sorted by name, only those under the path prefix', () => {
    const model = modelWithRole();
    model.createRole({ RoleName: 'b-role', AssumeRolePolicyDocument: TRUST, Path: '/app/' });
    model.createRole({ RoleName: 'A-role', AssumeRolePolicyDocument: TRUST, Path: '/app/x/' });
    expect(model.listRoles().map((role) => role.RoleName)).toEqual([
      'A-role',
      'b-role',
      'echo-role',
    ]);
    expect(model.listRoles('/app/').map((role) => role.RoleName)).toEqual(['A-role', 'b-role']);
    expect(model.listRoles('/nowhere/')).toEqual([]);
  });

  it('refuses a trust or inline policy that is not a JSON object', () => {
    const model = new IamModel(ACCOUNT);
    expect(
      thrown(() => model.createRole({ RoleName: 'r', AssumeRolePolicyDocument: '{' })),
    ).toMatchObject({
      code: 'MalformedPolicyDocument',
      message: 'This policy contains invalid Json',
    });
    expect(
      thrown(() => model.createRole({ RoleName: 'r', AssumeRolePolicyDocument: '[]' })),
    ).toMatchObject({
      code: 'MalformedPolicyDocument',
      message: 'Syntax errors in policy.',
    });
    expect(() => model.getRole('r')).toThrow('The role with name r cannot be found.');
    const withRole = modelWithRole();
    expect(thrown(() => withRole.putRolePolicy('echo-role', 'p', 'null'))).toMatchObject({
      code: 'MalformedPolicyDocument',
    });
    expect(withRole.listRolePolicies('echo-role')).toEqual([]);
  });

  it('keeps tag keys case-insensitive, with the case last written, and refuses a key twice in one request', () => {
    const model = modelWithRole({ Tags: [{ Key: 'team', Value: 'a' }] });
    model.tagRole('echo-role', [
      { Key: 'Team', Value: 'b' },
      { Key: 'stage', Value: 'dev' },
    ]);
    expect(model.getRole('echo-role').Tags).toEqual([
      { Key: 'Team', Value: 'b' },
      { Key: 'stage', Value: 'dev' },
    ]);
    expect(
      thrown(() =>
        model.tagRole('echo-role', [
          { Key: 'x', Value: '1' },
          { Key: 'X', Value: '2' },
        ]),
      ),
    ).toMatchObject({
      code: 'InvalidInput',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    model.untagRole('echo-role', ['TEAM', 'missing']);
    expect(model.getRole('echo-role').Tags).toEqual([{ Key: 'stage', Value: 'dev' }]);
  });

  it('attaches AWS managed policies only, once each, and reads their name and path from the ARN', () => {
    const model = modelWithRole();
    model.attachRolePolicy('echo-role', BASIC_EXECUTION);
    model.attachRolePolicy('echo-role', BASIC_EXECUTION);
    expect(model.listAttachedRolePolicies('echo-role')).toEqual([
      {
        PolicyName: 'AWSLambdaBasicExecutionRole',
        PolicyArn: BASIC_EXECUTION,
        Path: '/service-role/',
      },
    ]);
    expect(model.listAttachedRolePolicies('echo-role', '/other/')).toEqual([]);
    const customer = `arn:aws:iam::${ACCOUNT}:policy/mine`;
    expect(thrown(() => model.attachRolePolicy('echo-role', customer))).toMatchObject({
      code: 'NoSuchEntity',
      statusCode: 404,
      message: `Policy ${customer} does not exist or is not attachable.`,
    });
    expect(thrown(() => model.attachRolePolicy('echo-role', 'not-an-arn'))).toMatchObject({
      code: 'ValidationError',
      message: 'Invalid ARN:  Could not be parsed!',
    });
    model.detachRolePolicy('echo-role', BASIC_EXECUTION);
    expect(thrown(() => model.detachRolePolicy('echo-role', BASIC_EXECUTION))).toMatchObject({
      code: 'NoSuchEntity',
      message: `Policy ${BASIC_EXECUTION} was not found.`,
    });
  });

  it('deletes a role only once its managed and inline policies are gone', () => {
    const model = modelWithRole();
    model.attachRolePolicy('echo-role', BASIC_EXECUTION);
    model.putRolePolicy('echo-role', 'invoke', TRUST);
    expect(thrown(() => model.deleteRole('echo-role'))).toMatchObject({
      code: 'DeleteConflict',
      statusCode: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    });
    model.detachRolePolicy('echo-role', BASIC_EXECUTION);
    expect(thrown(() => model.deleteRole('echo-role'))).toMatchObject({
      code: 'DeleteConflict',
      message: 'Cannot delete entity, must delete policies first.',
    });
    model.deleteRolePolicy('echo-role', 'invoke');
    model.deleteRole('Echo-Role');
    expect(thrown(() => model.getRole('echo-role'))).toMatchObject({
      code: 'NoSuchEntity',
      statusCode: 404,
    });
  });

  it('replaces an inline policy of the same name, lists names sorted, and answers a missing one with NoSuchEntity', () => {
    const model = modelWithRole();
    model.putRolePolicy('echo-role', 'zeta', TRUST);
    model.putRolePolicy('echo-role', 'alpha', '{}');
    model.putRolePolicy('echo-role', 'alpha', TRUST);
    expect(model.listRolePolicies('echo-role')).toEqual(['alpha', 'zeta']);
    expect(model.getRolePolicy('ECHO-ROLE', 'alpha')).toEqual({
      RoleName: 'echo-role',
      PolicyName: 'alpha',
      PolicyDocument: TRUST,
    });
    expect(thrown(() => model.getRolePolicy('echo-role', 'ALPHA'))).toMatchObject({
      code: 'NoSuchEntity',
      message: 'The role policy with name ALPHA cannot be found.',
    });
    expect(thrown(() => model.deleteRolePolicy('echo-role', 'gone'))).toMatchObject({
      code: 'NoSuchEntity',
    });
  });

  it("gives a role's inline policies and its known AWS managed policies' documents to IAM's decision", () => {
    const model = modelWithRole();
    const session = {
      principalArns: ['arn:aws:sts::000000000000:assumed-role/echo-role/echoTest'],
      resource: '*',
    };
    const decision = (action: string) =>
      decide({ ...session, action }, { identity: model.identityPolicies('echo-role') }).allowed;
    expect(decision('logs:PutLogEvents')).toBe(false);

    model.attachRolePolicy('echo-role', BASIC_EXECUTION);
    model.attachRolePolicy('echo-role', 'arn:aws:iam::aws:policy/AmazonSNSFullAccess');
    model.putRolePolicy(
      'echo-role',
      'publish',
      JSON.stringify({ Statement: { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' } }),
    );
    expect(decision('logs:PutLogEvents')).toBe(true);
    expect(decision('sns:Publish')).toBe(true);
    // A managed policy the local cloud has no document of grants nothing.
    expect(decision('sns:CreateTopic')).toBe(false);
    expect(model.identityPolicies('no-such-role')).toEqual([]);
  });
});

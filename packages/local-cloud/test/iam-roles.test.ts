/**
 * IAM through the unchanged `@aws-sdk/client-iam`: the provisioning a chapter does
 * for a Lambda function (execution role, managed and inline policies, clean-up),
 * and roles and their tags with every error the workshop can run into
 * (iam-policies.test.ts has the policies and the wire).
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  type GetRoleCommandInput,
  GetRolePolicyCommand,
  InvalidInputException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  paginateListRoles,
  TagRoleCommand,
  UntagRoleCommand,
  waitUntilRoleExists,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, BASIC_EXECUTION, failure, KINESIS_READ_POLICY, useIam } from './support/iam.ts';
import { LAMBDA_TRUST_POLICY } from './support/local-cloud.ts';

const { iam, roleName, createRole } = useIam();

describe('the provisioning a chapter runs against the local cloud', () => {
  it('creates an execution role, gives it policies, and cleans it all up', async () => {
    const name = 'orders-consumer-role';
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
        Description: 'Runs the orders consumer',
      }),
    );
    const role = created.Role;
    expect(role?.RoleName).toBe(name);
    expect(role?.Path).toBe('/');
    expect(role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/${name}`);
    expect(role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(Math.abs((role?.CreateDate?.getTime() ?? 0) - Date.now())).toBeLessThan(10_000);
    // IAM returns policies URL-encoded, and the JS SDK does not decode them.
    expect(role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22%3A%222012-10-17%22/);
    expect(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '')).toBe(LAMBDA_TRUST_POLICY);
    // CreateRole's answer leaves these out; GetRole has them.
    expect(role?.Description).toBeUndefined();
    expect(role?.MaxSessionDuration).toBeUndefined();
    expect(role?.RoleLastUsed).toBeUndefined();

    await waitUntilRoleExists({ client: iam, maxWaitTime: 5 }, { RoleName: name });
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'kinesis-read',
        PolicyDocument: KINESIS_READ_POLICY,
      }),
    );

    const fetched = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    expect(fetched).toMatchObject({
      RoleName: name,
      RoleId: role?.RoleId,
      Arn: role?.Arn,
      Description: 'Runs the orders consumer',
      MaxSessionDuration: 3600,
      RoleLastUsed: {},
    });
    expect(fetched?.CreateDate).toEqual(role?.CreateDate);
    expect(decodeURIComponent(fetched?.AssumeRolePolicyDocument ?? '')).toBe(LAMBDA_TRUST_POLICY);
    expect(fetched?.Tags).toBeUndefined();

    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION },
    ]);
    expect(attached.IsTruncated).toBe(false);
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    expect(inline.PolicyNames).toEqual(['kinesis-read']);
    expect(inline.IsTruncated).toBe(false);
    const policy = await iam.send(
      new GetRolePolicyCommand({ RoleName: name, PolicyName: 'kinesis-read' }),
    );
    expect(policy.RoleName).toBe(name);
    expect(policy.PolicyName).toBe('kinesis-read');
    expect(decodeURIComponent(policy.PolicyDocument ?? '')).toBe(KINESIS_READ_POLICY);

    // Clean-up as a script does it: whatever is attached, then the role.
    for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
      await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn }));
    }
    for (const PolicyName of inline.PolicyNames ?? []) {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }));
    }
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
    const gone = await failure(iam.send(new GetRoleCommand({ RoleName: name })));
    expect(gone).toBeInstanceOf(NoSuchEntityException);
  });
});

describe('roles', () => {
  it('keeps a path, a description, a session duration and tags', async () => {
    const name = roleName();
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
        Path: '/workshop/functions/',
        Description: 'Reads <orders> & "writes" logs',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'chapter', Value: '3' }],
      }),
    );
    expect(created.Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/workshop/functions/${name}`);
    expect(created.Role?.Tags).toEqual([{ Key: 'chapter', Value: '3' }]);

    const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    expect(role?.Path).toBe('/workshop/functions/');
    expect(role?.Description).toBe('Reads <orders> & "writes" logs');
    expect(role?.MaxSessionDuration).toBe(7200);
    expect(role?.Tags).toEqual([{ Key: 'chapter', Value: '3' }]);
  });

  it('finds a role by its name in any case, as IAM names are not distinguished by case', async () => {
    const name = roleName();
    await createRole(name);
    const role = (await iam.send(new GetRoleCommand({ RoleName: name.toUpperCase() }))).Role;
    expect(role?.RoleName).toBe(name);
  });

  it('refuses a second role of the same name with EntityAlreadyExists (409)', async () => {
    const name = roleName();
    await createRole(name);
    for (const again of [name, name.toUpperCase()]) {
      const error = await failure(createRole(again));
      expect(error).toBeInstanceOf(EntityAlreadyExistsException);
      expect(error.name).toBe('EntityAlreadyExistsException');
      expect(error.message).toBe(`Role with name ${again} already exists.`);
      expect(error.$metadata.httpStatusCode).toBe(409);
      expect(error.$fault).toBe('client');
    }
  });

  it('answers an unknown role with NoSuchEntity (404) in every operation', async () => {
    const RoleName = 'no-such-role';
    const calls = {
      GetRole: () => iam.send(new GetRoleCommand({ RoleName })),
      DeleteRole: () => iam.send(new DeleteRoleCommand({ RoleName })),
      AttachRolePolicy: () =>
        iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: BASIC_EXECUTION })),
      DetachRolePolicy: () =>
        iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: BASIC_EXECUTION })),
      ListAttachedRolePolicies: () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName })),
      PutRolePolicy: () =>
        iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'p', PolicyDocument: '{}' })),
      GetRolePolicy: () => iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: 'p' })),
      DeleteRolePolicy: () => iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: 'p' })),
      ListRolePolicies: () => iam.send(new ListRolePoliciesCommand({ RoleName })),
      TagRole: () => iam.send(new TagRoleCommand({ RoleName, Tags: [{ Key: 'k', Value: 'v' }] })),
      UntagRole: () => iam.send(new UntagRoleCommand({ RoleName, TagKeys: ['k'] })),
      ListRoleTags: () => iam.send(new ListRoleTagsCommand({ RoleName })),
    };
    for (const [operation, call] of Object.entries(calls)) {
      const error = await failure(call());
      expect(error, operation).toBeInstanceOf(NoSuchEntityException);
      expect(error.message).toBe('The role with name no-such-role cannot be found.');
      expect(error.$metadata.httpStatusCode).toBe(404);
    }
  });

  it('will not delete a role that still has policies (DeleteConflict, 409)', async () => {
    const name = roleName();
    await createRole(name);
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION }));
    await iam.send(
      new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: '{}' }),
    );

    let error = await failure(iam.send(new DeleteRoleCommand({ RoleName: name })));
    expect(error).toBeInstanceOf(DeleteConflictException);
    expect(error.message).toBe('Cannot delete entity, must detach all policies first.');
    expect(error.$metadata.httpStatusCode).toBe(409);

    await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION }));
    error = await failure(iam.send(new DeleteRoleCommand({ RoleName: name })));
    expect(error).toBeInstanceOf(DeleteConflictException);
    expect(error.message).toBe('Cannot delete entity, must delete policies first.');

    await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }));
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
  });

  it('rejects a trust policy that is not JSON with MalformedPolicyDocument', async () => {
    const error = await failure(
      iam.send(new CreateRoleCommand({ RoleName: roleName(), AssumeRolePolicyDocument: '{"' })),
    );
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(error.message).toBe('This policy contains invalid Json');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('checks parameters as IAM does, reporting every violation at once without the values', async () => {
    const error = await failure(
      iam.send(
        new CreateRoleCommand({
          RoleName: 'has spaces',
          AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
          Path: 'no-slashes',
          MaxSessionDuration: 60,
        }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      '3 validation errors detected: ' +
        "Value at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600; " +
        "Value at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F); " +
        "Value at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );

    const tooLong = await failure(createRole('r'.repeat(65)));
    expect(tooLong.message).toBe(
      "1 validation error detected: Value at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64",
    );

    const missing = await failure(iam.send(new GetRoleCommand({} as GetRoleCommandInput)));
    expect(missing.name).toBe('ValidationError');
    expect(missing.message).toBe(
      "1 validation error detected: Value at 'roleName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('lists roles by name, under a path prefix, a page at a time', async () => {
    const path = '/listing/';
    const names = ['list-c', 'list-a', 'list-b'];
    for (const name of names) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: name,
          Path: path,
          AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
          Description: `the role ${name}`,
          Tags: [{ Key: 'listed', Value: 'no' }],
        }),
      );
    }

    const all = await iam.send(new ListRolesCommand({ PathPrefix: path }));
    expect(all.Roles?.map((role) => role.RoleName)).toEqual(['list-a', 'list-b', 'list-c']);
    expect(all.IsTruncated).toBe(false);
    expect(all.Marker).toBeUndefined();
    const first = all.Roles?.[0];
    expect(first).toMatchObject({
      Path: path,
      Arn: `arn:aws:iam::${ACCOUNT}:role/listing/list-a`,
      Description: 'the role list-a',
      MaxSessionDuration: 3600,
    });
    expect(decodeURIComponent(first?.AssumeRolePolicyDocument ?? '')).toBe(LAMBDA_TRUST_POLICY);
    // ListRoles leaves out tags and last use (API_ListRoles).
    expect(first?.Tags).toBeUndefined();
    expect(first?.RoleLastUsed).toBeUndefined();

    const firstPage = await iam.send(new ListRolesCommand({ PathPrefix: path, MaxItems: 2 }));
    expect(firstPage.Roles?.map((role) => role.RoleName)).toEqual(['list-a', 'list-b']);
    expect(firstPage.IsTruncated).toBe(true);
    const nextPage = await iam.send(
      new ListRolesCommand({ PathPrefix: path, MaxItems: 2, Marker: firstPage.Marker }),
    );
    expect(nextPage.Roles?.map((role) => role.RoleName)).toEqual(['list-c']);
    expect(nextPage.IsTruncated).toBe(false);

    const paged: string[] = [];
    for await (const onePage of paginateListRoles(
      { client: iam, pageSize: 1 },
      { PathPrefix: path },
    )) {
      paged.push(...(onePage.Roles ?? []).map((role) => role.RoleName ?? ''));
    }
    expect(paged).toEqual(['list-a', 'list-b', 'list-c']);

    const none = await iam.send(new ListRolesCommand({ PathPrefix: '/nothing-here/' }));
    expect(none.Roles).toEqual([]);
  });
});

describe('tags', () => {
  it('adds, replaces (keys in any case), removes and lists tags', async () => {
    const name = roleName();
    await createRole(name);
    await iam.send(
      new TagRoleCommand({
        RoleName: name,
        Tags: [
          { Key: 'team', Value: 'orders' },
          { Key: 'stage', Value: 'dev' },
        ],
      }),
    );
    await iam.send(
      new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'TEAM', Value: 'billing' }] }),
    );
    let listed = await iam.send(new ListRoleTagsCommand({ RoleName: name }));
    expect(listed.Tags).toEqual([
      { Key: 'TEAM', Value: 'billing' },
      { Key: 'stage', Value: 'dev' },
    ]);
    expect(listed.IsTruncated).toBe(false);

    await iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: ['team'] }));
    listed = await iam.send(new ListRoleTagsCommand({ RoleName: name }));
    expect(listed.Tags).toEqual([{ Key: 'stage', Value: 'dev' }]);
    const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    expect(role?.Tags).toEqual([{ Key: 'stage', Value: 'dev' }]);

    await iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: ['stage'] }));
    listed = await iam.send(new ListRoleTagsCommand({ RoleName: name }));
    expect(listed.Tags).toEqual([]);
  });

  it('refuses the same key twice in one request (InvalidInput)', async () => {
    const error = await failure(
      iam.send(
        new CreateRoleCommand({
          RoleName: roleName(),
          AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
          Tags: [
            { Key: 'team', Value: 'a' },
            { Key: 'Team', Value: 'b' },
          ],
        }),
      ),
    );
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.message).toBe(
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('checks tag keys and values', async () => {
    const error = await failure(
      iam.send(
        new TagRoleCommand({
          RoleName: roleName(),
          Tags: [{ Key: 'bad#key', Value: 'v'.repeat(257) }],
        }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      '2 validation errors detected: ' +
        "Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+; " +
        "Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
  });
});

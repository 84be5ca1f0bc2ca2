/**
 * IAM through the unchanged `@aws-sdk/client-iam`: a role's managed and inline
 * policies with every error the workshop can run into, and IAM's wire format
 * (iam-roles.test.ts has the provisioning a chapter does, roles and tags).
 */
import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  BASIC_EXECUTION,
  failure,
  KINESIS_READ_ONLY,
  KINESIS_READ_POLICY,
  useIam,
} from './support/iam.ts';
import { signedFetch } from './support/signed-fetch.ts';

const { cloud, iam, roleName, createRole } = useIam();

describe('managed policies', () => {
  it('attaches AWS managed policies once each, lists them by path prefix and detaches them', async () => {
    const name = roleName();
    await createRole(name);
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: KINESIS_READ_ONLY }));
    // Attaching again changes nothing.
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION }));

    const all = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    expect(all.AttachedPolicies).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION },
      { PolicyName: 'AmazonKinesisReadOnlyAccess', PolicyArn: KINESIS_READ_ONLY },
    ]);
    const serviceRole = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: name, PathPrefix: '/service-role/' }),
    );
    expect(serviceRole.AttachedPolicies?.map((policy) => policy.PolicyName)).toEqual([
      'AWSLambdaBasicExecutionRole',
    ]);
    const firstPage = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: name, MaxItems: 1 }),
    );
    expect(firstPage.AttachedPolicies).toHaveLength(1);
    expect(firstPage.IsTruncated).toBe(true);
    expect(firstPage.Marker).toBeTruthy();

    await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION }));
    const left = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    expect(left.AttachedPolicies?.map((policy) => policy.PolicyArn)).toEqual([KINESIS_READ_ONLY]);
  });

  it('answers a policy that is not there with NoSuchEntity (404), and a non-ARN with ValidationError', async () => {
    const name = roleName();
    await createRole(name);
    const customer = `arn:aws:iam::${ACCOUNT}:policy/not-created-here`;
    const notAttachable = await failure(
      iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: customer })),
    );
    expect(notAttachable).toBeInstanceOf(NoSuchEntityException);
    expect(notAttachable.message).toBe(`Policy ${customer} does not exist or is not attachable.`);
    expect(notAttachable.$metadata.httpStatusCode).toBe(404);

    const notAttached = await failure(
      iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: KINESIS_READ_ONLY })),
    );
    expect(notAttached).toBeInstanceOf(NoSuchEntityException);
    expect(notAttached.message).toBe(`Policy ${KINESIS_READ_ONLY} was not found.`);

    const notAnArn = await failure(
      iam.send(
        new AttachRolePolicyCommand({ RoleName: name, PolicyArn: 'AWSLambdaBasicExecutionRole' }),
      ),
    );
    expect(notAnArn.name).toBe('ValidationError');
    expect(notAnArn.message).toBe('Invalid ARN:  Could not be parsed!');
    expect(notAnArn.$metadata.httpStatusCode).toBe(400);
  });
});

describe('inline policies', () => {
  it('puts, replaces, reads, lists by name and deletes inline policies', async () => {
    const name = roleName();
    await createRole(name);
    for (const PolicyName of ['zeta', 'alpha']) {
      await iam.send(
        new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument: '{"v":1}' }),
      );
    }
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: 'zeta',
        PolicyDocument: KINESIS_READ_POLICY,
      }),
    );
    const names = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    expect(names.PolicyNames).toEqual(['alpha', 'zeta']);
    const zeta = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'zeta' }));
    expect(decodeURIComponent(zeta.PolicyDocument ?? '')).toBe(KINESIS_READ_POLICY);

    await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'zeta' }));
    const left = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    expect(left.PolicyNames).toEqual(['alpha']);
  });

  it('answers a policy that is not there with NoSuchEntity, and bad JSON with MalformedPolicyDocument', async () => {
    const name = roleName();
    await createRole(name);
    for (const call of [
      () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'missing' })),
      () => iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'missing' })),
    ]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(NoSuchEntityException);
      expect(error.message).toBe('The role policy with name missing cannot be found.');
      expect(error.$metadata.httpStatusCode).toBe(404);
    }

    const invalid = await failure(
      iam.send(
        new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: 'not json' }),
      ),
    );
    expect(invalid).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(invalid.message).toBe('This policy contains invalid Json');
    const notAnObject = await failure(
      iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: '[]' })),
    );
    expect(notAnObject).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(notAnObject.message).toBe('Syntax errors in policy.');
  });
});

describe('the wire', () => {
  async function post(body: string): Promise<{ status: number; type: string; text: string }> {
    const response = await signedFetch(`${cloud().endpoint}/`, {
      service: 'iam',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  }

  it('answers in IAM XML, with the policy URL-encoded', async () => {
    const document = encodeURIComponent('{"Statement":[]}');
    const { status, type, text } = await post(
      `Action=CreateRole&Version=2010-05-08&RoleName=wire-role&AssumeRolePolicyDocument=${document}`,
    );
    expect(status).toBe(200);
    expect(type).toBe('text/xml');
    expect(text).toMatch(
      /^<CreateRoleResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><CreateRoleResult><Role><Path>\/<\/Path><RoleName>wire-role<\/RoleName>/,
    );
    expect(text).toContain(
      '<AssumeRolePolicyDocument>%7B%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument>',
    );
    expect(text).toMatch(
      /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/,
    );
  });

  it('answers an unknown action with InvalidAction and no action with MissingAction', async () => {
    const unknown = await post('Action=CreateUser&Version=2010-05-08&UserName=bob');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain(
      '<Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation CreateUser for version 2010-05-08</Message></Error>',
    );
    const oldVersion = await post('Action=GetRole&Version=2009-01-01&RoleName=x');
    expect(oldVersion.text).toContain(
      '<Message>Could not find operation GetRole for version 2009-01-01</Message>',
    );
    const none = await post('Version=2010-05-08');
    expect(none.status).toBe(400);
    expect(none.text).toContain('<Code>MissingAction</Code>');
  });
});

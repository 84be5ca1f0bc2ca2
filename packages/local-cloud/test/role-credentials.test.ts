/**
 * A function calls with its role: each execution environment gets temporary credentials
 * of its execution role, as on Lambda, and STS knows them as the function's
 * assumed-role session.
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { functionCredentials } from './support/functions.ts';
import { clientConfig, LAMBDA_TRUST_POLICY, REGION, useLocalCloud } from './support/local-cloud.ts';

const cloud = useLocalCloud();
const CALLER_ROLE = 'arn:aws:iam::000000000000:role/service-role/caller-role';
let lambda: LambdaClient | undefined;
afterAll(() => lambda?.destroy());

describe('role credentials', () => {
  it("gives each function temporary credentials of its role, which STS answers as the function's session", async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    const iam = new IAMClient(clientConfig(cloud()));
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'caller-role',
        Path: '/service-role/',
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
      }),
    );
    iam.destroy();
    const credentials = await functionCredentials(lambda, 'whoAmI', CALLER_ROLE);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(credentials.sessionToken.length).toBeGreaterThan(100);

    const sts = new STSClient({
      endpoint: cloud().endpoint,
      region: REGION,
      credentials: { ...credentials },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    // The role's path is not part of an assumed-role ARN.
    expect(identity.Arn).toBe('arn:aws:sts::000000000000:assumed-role/caller-role/whoAmI');
    expect(identity.Account).toBe('000000000000');
    // The role's unique id (AROA...), then the session, as AWS answers for an assumed role.
    expect(identity.UserId).toBe(`${Role?.RoleId}:whoAmI`);

    // The same function keeps its credentials; another function of the same role gets its own.
    const again = await lambda.send(new InvokeCommand({ FunctionName: 'whoAmI' }));
    expect(JSON.parse(Buffer.from(again.Payload ?? []).toString())).toEqual(credentials);
    const other = await functionCredentials(lambda, 'whoAmIToo', CALLER_ROLE);
    expect(other.accessKeyId).not.toBe(credentials.accessKeyId);
  });
});

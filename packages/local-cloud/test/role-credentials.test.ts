/**
 * A function calls with its role: each execution environment gets temporary credentials
 * of its execution role, as on Lambda, and STS knows them as the function's
 * assumed-role session.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import type { TemporaryCredentials } from '../src/auth/identities.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';
import { zipOf } from './support/zip.ts';

const cloud = useLocalCloud();
let lambda: LambdaClient | undefined;
afterAll(() => lambda?.destroy());

/** What a handler that returns its environment's credentials answers. */
const CREDENTIALS_HANDLER = `export const handler = async () => ({
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  sessionToken: process.env.AWS_SESSION_TOKEN,
});`;

/** Deploys a function (with the role `roleName`) that returns its credentials, and invokes it. */
export async function functionCredentials(
  client: LambdaClient,
  functionName: string,
  roleName: string,
): Promise<TemporaryCredentials> {
  await createFunction(
    client,
    functionName,
    await zipOf({ 'index.mjs': CREDENTIALS_HANDLER }),
    undefined,
    {
      Role: `arn:aws:iam::000000000000:role/service-role/${roleName}`,
    },
  );
  const { Payload } = await client.send(new InvokeCommand({ FunctionName: functionName }));
  return JSON.parse(Buffer.from(Payload ?? []).toString()) as TemporaryCredentials;
}

describe('role credentials', () => {
  it("gives each function temporary credentials of its role, which STS answers as the function's session", async () => {
    lambda = new LambdaClient(clientConfig(cloud()));
    const credentials = await functionCredentials(lambda, 'whoAmI', 'caller-role');
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
    // The role does not exist in IAM here, so its name stands for its unique id.
    expect(identity.UserId).toBe('caller-role:whoAmI');

    // The same function keeps its credentials; another function of the same role gets its own.
    const again = await lambda.send(new InvokeCommand({ FunctionName: 'whoAmI' }));
    expect(JSON.parse(Buffer.from(again.Payload ?? []).toString())).toEqual(credentials);
    const other = await functionCredentials(lambda, 'whoAmIToo', 'caller-role');
    expect(other.accessKeyId).not.toBe(credentials.accessKeyId);
  });
});

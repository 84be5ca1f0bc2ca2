/**
 * Test support for Lambda functions: the execution role every test function is
 * created with, and CreateFunction followed by the waiter, as provisioning code does.
 */
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type CreateFunctionCommandOutput,
  InvokeCommand,
  type LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import type { TemporaryCredentials } from '../../src/auth/identities.ts';
import { LAMBDA_ROLE_NAME } from './local-cloud.ts';
import { HANDLER, RUNTIME, zipOf } from './zip.ts';

export const ROLE = `arn:aws:iam::000000000000:role/${LAMBDA_ROLE_NAME}`;

/**
 * Creates a function from a deployment package and waits until it is Active.
 * `variables` become its Environment (none sent without them); `settings` are
 * further CreateFunction fields.
 */
export async function createFunction(
  lambda: LambdaClient,
  name: string,
  zip: Uint8Array,
  variables?: Record<string, string>,
  settings: Partial<CreateFunctionCommandInput> = {},
): Promise<CreateFunctionCommandOutput> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: RUNTIME,
      Role: ROLE,
      Handler: HANDLER,
      Code: { ZipFile: zip },
      ...(variables && { Environment: { Variables: variables } }),
      ...settings,
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: name });
  return created;
}

/** A handler that answers with the credentials Lambda gave its environment. */
const CREDENTIALS_HANDLER = `export const handler = async () => ({
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  sessionToken: process.env.AWS_SESSION_TOKEN,
});`;

/** Creates a function with the role `role` (an ARN) and invokes it: the credentials its environment got. */
export async function functionCredentials(
  lambda: LambdaClient,
  functionName: string,
  role: string,
): Promise<TemporaryCredentials> {
  const zip = await zipOf({ 'index.mjs': CREDENTIALS_HANDLER });
  await createFunction(lambda, functionName, zip, undefined, { Role: role });
  const { Payload } = await lambda.send(new InvokeCommand({ FunctionName: functionName }));
  return JSON.parse(Buffer.from(Payload ?? []).toString()) as TemporaryCredentials;
}

/** Lets anyone call the function's URL of AuthType NONE, as AWS requires both grants for it. */
export async function publicAccess(lambda: LambdaClient, name: string, qualifier?: string) {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: name,
      Qualifier: qualifier,
      StatementId: 'url',
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    }),
  );
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: name,
      Qualifier: qualifier,
      StatementId: 'url-invoke',
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
    }),
  );
}

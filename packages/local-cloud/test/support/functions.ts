/**
 * Test support for Lambda functions: the execution role every test function is
 * created with, and CreateFunction followed by the waiter, as provisioning code does.
 */
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type CreateFunctionCommandOutput,
  type LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { HANDLER, RUNTIME } from './zip.ts';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

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

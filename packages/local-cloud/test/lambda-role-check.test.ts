/**
 * CreateFunction and UpdateFunctionConfiguration take only a role Lambda can assume: one that
 * exists in IAM and whose trust policy lets lambda.amazonaws.com call sts:AssumeRole. AWS
 * answers any other with InvalidParameterValueException, "The role defined for the function
 * cannot be assumed by Lambda."
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, LAMBDA_TRUST_POLICY, useLocalCloud } from './support/local-cloud.ts';
import { echoZip, HANDLER, RUNTIME } from './support/zip.ts';

const cloud = useLocalCloud();
const ROLES = 'arn:aws:iam::000000000000:role';
const REFUSAL = {
  name: 'InvalidParameterValueException',
  message: 'The role defined for the function cannot be assumed by Lambda.',
  $metadata: { httpStatusCode: 400 },
};
let lambda: LambdaClient;
let zip: Uint8Array;

beforeAll(async () => {
  lambda = new LambdaClient(clientConfig(cloud()));
  zip = await echoZip();
  const iam = new IAMClient(clientConfig(cloud()));
  const trusting = (service: string) =>
    LAMBDA_TRUST_POLICY.replace('lambda.amazonaws.com', service);
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'ec2-role',
      AssumeRolePolicyDocument: trusting('ec2.amazonaws.com'),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'nested-role',
      Path: '/service-role/',
      AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
    }),
  );
  iam.destroy();
});
afterAll(() => lambda.destroy());

function create(name: string, role: string) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: RUNTIME,
      Role: role,
      Handler: HANDLER,
      Code: { ZipFile: zip },
    }),
  );
}

describe('the execution role', () => {
  it('must exist', async () => {
    expect(await failure(create('noRole', `${ROLES}/missing-role`))).toMatchObject(REFUSAL);
  });

  it('must trust Lambda', async () => {
    expect(await failure(create('ec2Role', `${ROLES}/ec2-role`))).toMatchObject(REFUSAL);
  });

  it('is named by its ARN, path included', async () => {
    expect(await failure(create('noPath', `${ROLES}/nested-role`))).toMatchObject(REFUSAL);
    const created = await create('withPath', `${ROLES}/service-role/nested-role`);
    expect(created.Role).toBe(`${ROLES}/service-role/nested-role`);
  });

  it('is checked again when UpdateFunctionConfiguration changes it', async () => {
    await createFunction(lambda, 'changed', zip);
    const refused = await failure(
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'changed',
          Role: `${ROLES}/ec2-role`,
        }),
      ),
    );
    expect(refused).toMatchObject(REFUSAL);
  });
});

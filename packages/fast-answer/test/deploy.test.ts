/**
 * The fronts' URLs on the aws target, with every request mocked: a URL is made once, with the
 * two statements a public URL needs, and found on the next deploy.
 */
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { workshopOn } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deployFronts } from '../src/deploy.ts';

vi.mock(import('@l2l/echo-callee'), async (importOriginal) => ({
  ...(await importOriginal()),
  deployFunction: vi.fn(async () => 'arn'),
  ensureFunction: vi.fn(async () => 'arn'),
}));

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());
const url = (name: string) => `https://${name}.lambda-url.eu-west-1.on.aws/`;

describe('the fronts’ Function URLs', () => {
  it('makes a public URL for each front, with both statements', async () => {
    lambda
      .on(GetFunctionUrlConfigCommand)
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
    lambda
      .on(CreateFunctionUrlConfigCommand)
      .callsFake(async ({ FunctionName }) => ({ FunctionUrl: url(FunctionName) }));
    lambda.on(AddPermissionCommand).resolves({});
    const urls = await deployFronts(workshopOn('aws', { prefix: 'ana' }), true);
    expect(urls).toEqual({ front: url('ana-front'), frontInline: url('ana-front-inline') });
    expect(lambda).toHaveReceivedCommandWith(CreateFunctionUrlConfigCommand, {
      FunctionName: 'ana-front',
      AuthType: 'NONE',
    });
    expect(
      lambda
        .commandCalls(AddPermissionCommand)
        .filter((call) => call.args[0].input.FunctionName === 'ana-front')
        .map((call) => call.args[0].input),
    ).toEqual([
      {
        FunctionName: 'ana-front',
        Principal: '*',
        StatementId: 'url-public',
        Action: 'lambda:InvokeFunctionUrl',
        FunctionUrlAuthType: 'NONE',
      },
      {
        FunctionName: 'ana-front',
        Principal: '*',
        StatementId: 'url-invoke',
        Action: 'lambda:InvokeFunction',
        InvokedViaFunctionUrl: true,
      },
    ]);
  });

  it('finds the URLs an earlier run made, and changes nothing', async () => {
    lambda
      .on(GetFunctionUrlConfigCommand)
      .callsFake(async ({ FunctionName }) => ({ FunctionUrl: url(FunctionName) }));
    const urls = await deployFronts(workshopOn('aws'), false);
    expect(urls.front).toBe(url('front'));
    expect(lambda).toHaveReceivedCommandTimes(CreateFunctionUrlConfigCommand, 0);
    expect(lambda).toHaveReceivedCommandTimes(AddPermissionCommand, 0);
  });

  it('takes a statement an earlier run added as added', async () => {
    lambda
      .on(GetFunctionUrlConfigCommand)
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
    lambda.on(CreateFunctionUrlConfigCommand).resolves({ FunctionUrl: url('front') });
    lambda
      .on(AddPermissionCommand)
      .rejects(new ResourceConflictException({ message: 'exists', $metadata: {} }));
    await expect(deployFronts(workshopOn('aws'), false)).resolves.toMatchObject({
      front: url('front'),
    });
  });
});

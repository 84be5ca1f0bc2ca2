import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetRoleCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import {
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { encodeEvent, parseInvokePayload } from '@l2l/decoding';
import { withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { deployCallee, removeCallee } from '../src/deploy.ts';

describe('deploying echoTest on the local cloud', () => {
  it('creates it, updates it, and cleanup removes everything it made', async () => {
    await withLocalWorkshop(async (workshop) => {
      const lambda = new LambdaClient(workshop.clientConfig);
      const iam = new IAMClient(workshop.clientConfig);
      const logs = new CloudWatchLogsClient(workshop.clientConfig);
      const invoke = async () =>
        parseInvokePayload(
          await lambda.send(
            new InvokeCommand({ FunctionName: 'echoTest', Payload: encodeEvent({ id: '1' }) }),
          ),
        );
      const functionArn = `arn:aws:lambda:${workshop.region}:${workshop.accountId}:function:echoTest`;

      await expect(deployCallee(workshop)).resolves.toBe(functionArn);
      const created = await lambda.send(new GetFunctionCommand({ FunctionName: 'echoTest' }));
      expect(created.Configuration).toMatchObject({
        State: 'Active',
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Role: `arn:aws:iam::${workshop.accountId}:role/echoTest-role`,
      });
      expect(created.Tags).toEqual({ workshop: 'lambda-to-lambda' });
      expect(await invoke()).toEqual({ id: '1' });

      // The second deploy updates the code in place.
      await expect(deployCallee(workshop)).resolves.toBe(functionArn);
      const updated = await lambda.send(new GetFunctionCommand({ FunctionName: 'echoTest' }));
      expect(updated.Configuration?.LastUpdateStatus).toBe('Successful');
      expect(updated.Configuration?.RevisionId).not.toBe(created.Configuration?.RevisionId);
      expect(await invoke()).toEqual({ id: '1' });

      await expect(removeCallee(workshop)).resolves.toEqual([
        'Lambda function echoTest',
        'log group /aws/lambda/echoTest',
        'IAM role echoTest-role',
      ]);
      await expect(
        lambda.send(new GetFunctionCommand({ FunctionName: 'echoTest' })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(
        iam.send(new GetRoleCommand({ RoleName: 'echoTest-role' })),
      ).rejects.toBeInstanceOf(NoSuchEntityException);
      const { logGroups } = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/echoTest' }),
      );
      expect(logGroups).toEqual([]);
      // Nothing left, nothing to do.
      await expect(removeCallee(workshop)).resolves.toEqual([]);
    });
  });

  it('with a prefix, makes and removes only the prefixed function and role, not the others', async () => {
    await withLocalWorkshop(async (workshop) => {
      await deployCallee(workshop);
      const lambda = new LambdaClient(workshop.clientConfig);
      // A second learner on the same cloud, as --prefix ana makes it.
      const ana = {
        ...workshop,
        name: (base: string) => `ana-${base}`,
        tags: { ...workshop.tags, 'workshop-prefix': 'ana' },
      };
      await deployCallee(ana);
      await expect(removeCallee(ana)).resolves.toEqual([
        'Lambda function ana-echoTest',
        'IAM role ana-echoTest-role',
      ]);
      const left = await lambda.send(new GetFunctionCommand({ FunctionName: 'echoTest' }));
      expect(left.Configuration?.State).toBe('Active');
    });
  });
});

/**
 * The clean-up of step 1.1 with every request mocked: the exact commands removeCallee
 * sends, in order, what it leaves alone, and what it does when AWS throttles.
 */
import {
  DeleteLogGroupCommand,
  ResourceNotFoundException as LogGroupNotFound,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { workshopOn } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { removeCallee } from '../src/deploy.ts';
import {
  BASIC_EXECUTION_POLICY,
  functionNotFound,
  iam,
  lambda,
  logs,
  mockAwsEachTest,
  ROLE_ARN,
  ready,
  roleNotFound,
  sent,
  WORKSHOP_TAGS,
} from './support/mocked-aws.ts';

mockAwsEachTest();

describe('removeCallee', () => {
  const workshop = workshopOn('aws');

  /** echoTest and its role as the workshop made them, with a second managed and an inline policy. */
  function deployed() {
    lambda.on(GetFunctionCommand).resolves(ready);
    lambda.on(DeleteFunctionCommand).resolves({});
    logs.on(DeleteLogGroupCommand).resolves({});
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ROLE_ARN, Tags: WORKSHOP_TAGS } as never });
    iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION_POLICY },
        {
          PolicyName: 'AWSLambdaKinesisExecutionRole',
          PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
        },
      ],
    });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['kinesis-read'] });
    iam.on(DetachRolePolicyCommand).resolves({});
    iam.on(DeleteRolePolicyCommand).resolves({});
    iam.on(DeleteRoleCommand).resolves({});
  }

  it('removes the function, its log group, and the role after emptying it', async () => {
    deployed();
    await expect(removeCallee(workshop)).resolves.toEqual([
      'Lambda function echoTest',
      'log group /aws/lambda/echoTest',
      'IAM role echoTest-role',
    ]);
    expect(sent(lambda)).toEqual(['GetFunction', 'DeleteFunction']);
    expect(lambda).toHaveReceivedCommandWith(DeleteFunctionCommand, { FunctionName: 'echoTest' });
    expect(logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/aws/lambda/echoTest',
    });
    // IAM deletes only an empty role: managed policies detached, inline ones deleted, first.
    expect(sent(iam)).toEqual([
      'GetRole',
      'ListAttachedRolePolicies',
      'DetachRolePolicy',
      'DetachRolePolicy',
      'ListRolePolicies',
      'DeleteRolePolicy',
      'DeleteRole',
    ]);
    expect(iam.commandCalls(DetachRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: 'echoTest-role', PolicyArn: BASIC_EXECUTION_POLICY },
      {
        RoleName: 'echoTest-role',
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
      },
    ]);
    expect(iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, {
      RoleName: 'echoTest-role',
      PolicyName: 'kinesis-read',
    });
    expect(iam).toHaveReceivedCommandWith(DeleteRoleCommand, { RoleName: 'echoTest-role' });
  });

  it('leaves alone a function and a role of the same names that carry no workshop tag', async () => {
    deployed();
    lambda.on(GetFunctionCommand).resolves({ ...ready, Tags: { team: 'payments' } });
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ROLE_ARN, Tags: [] } as never });
    await expect(removeCallee(workshop)).resolves.toEqual([]);
    expect(sent(lambda)).toEqual(['GetFunction']);
    expect(sent(iam)).toEqual(['GetRole']);
    expect(logs.calls()).toHaveLength(0);
  });

  it('removes nothing, quietly, when nothing is there', async () => {
    lambda.on(GetFunctionCommand).rejects(functionNotFound());
    iam.on(GetRoleCommand).rejects(roleNotFound());
    await expect(removeCallee(workshop)).resolves.toEqual([]);
  });

  it('after a deploy that failed at CreateFunction, still removes the role it left', async () => {
    deployed();
    lambda.on(GetFunctionCommand).rejects(functionNotFound());
    await expect(removeCallee(workshop)).resolves.toEqual(['IAM role echoTest-role']);
    expect(iam).toHaveReceivedCommand(DeleteRoleCommand);
  });

  it('removes the function even when it never wrote a log, or its role is already gone', async () => {
    deployed();
    logs
      .on(DeleteLogGroupCommand)
      .rejects(
        new LogGroupNotFound({ message: 'The specified log group does not exist.', $metadata: {} }),
      );
    iam.on(GetRoleCommand).rejects(roleNotFound());
    await expect(removeCallee(workshop)).resolves.toEqual(['Lambda function echoTest']);
  });

  it('stops at a throttled request, and a second run removes what is left', async () => {
    deployed();
    lambda
      .on(DeleteFunctionCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(removeCallee(workshop)).rejects.toBeInstanceOf(TooManyRequestsException);
    expect(iam).not.toHaveReceivedCommand(DeleteRoleCommand);

    await expect(removeCallee(workshop)).resolves.toEqual([
      'Lambda function echoTest',
      'log group /aws/lambda/echoTest',
      'IAM role echoTest-role',
    ]);
  });
});

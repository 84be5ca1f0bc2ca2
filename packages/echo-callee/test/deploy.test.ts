/**
 * The provisioning of step 1.1 with every request mocked: the exact commands deployCallee
 * sends, in order, and what it does when AWS refuses, throttles, or finds something
 * already there (remove.test.ts has removeCallee). On the aws target: the chapter never
 * asks which target it is on, so each target's client configuration is checked once, and
 * the rest runs once.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  type IAMClient,
  IAMServiceException,
} from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  type LambdaClient,
  LambdaServiceException,
  ResourceConflictException,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { explain } from '@l2l/workshop';
import { ACCOUNT_ID, expectClientConfig, TARGET_ENTRIES, workshopOn } from '@l2l/workshop/testing';
import { describe, expect, it, vi } from 'vitest';
import { deployCallee } from '../src/deploy.ts';
import {
  BASIC_EXECUTION_POLICY,
  FUNCTION_ARN,
  functionNotFound,
  iam,
  lambda,
  logs,
  mockAwsEachTest,
  ROLE_ARN,
  ready,
  roleNotFound,
  sent,
  stderr,
  WORKSHOP_TAGS,
} from './support/mocked-aws.ts';

// The zip itself is @l2l/echo-handler's subject; here it only has to reach CreateFunction intact.
const { ZIP } = vi.hoisted(() => ({ ZIP: new Uint8Array([0x50, 0x4b, 0x05, 0x06]) }));
vi.mock(import('@l2l/echo-handler'), async (importOriginal) => ({
  ...(await importOriginal()),
  buildHandlerZip: async () => ZIP,
}));

const roleNotReady = () =>
  new InvalidParameterValueException({
    message: 'The role defined for the function cannot be assumed by Lambda.',
    $metadata: { httpStatusCode: 400 },
  });

mockAwsEachTest();

/** The first deploy: nothing exists yet. */
function nothingDeployed() {
  lambda.on(GetFunctionCommand).rejectsOnce(functionNotFound()).resolves(ready);
  lambda.on(CreateFunctionCommand).resolves({ FunctionArn: FUNCTION_ARN, State: 'Pending' });
  iam.on(GetRoleCommand).rejects(roleNotFound());
  iam.on(CreateRoleCommand).resolves({ Role: { Arn: ROLE_ARN } as never });
  iam.on(AttachRolePolicyCommand).resolves({});
}

describe('deployCallee', () => {
  const workshop = workshopOn('aws');

  it('first deploy: creates the role, lets it write logs, creates echoTest, waits until Active', async () => {
    nothingDeployed();
    await expect(deployCallee(workshop)).resolves.toBe(FUNCTION_ARN);

    expect(sent(iam)).toEqual(['GetRole', 'CreateRole', 'AttachRolePolicy']);
    expect(iam).toHaveReceivedCommandWith(GetRoleCommand, { RoleName: 'echoTest-role' });
    const createRole = iam.commandCalls(CreateRoleCommand)[0]?.args[0].input;
    expect(createRole).toEqual({
      RoleName: 'echoTest-role',
      AssumeRolePolicyDocument: expect.any(String),
      Description: 'Execution role of the lambda-to-lambda workshop callee',
      Tags: WORKSHOP_TAGS,
    });
    expect(JSON.parse(createRole?.AssumeRolePolicyDocument ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    expect(iam).toHaveReceivedCommandWith(AttachRolePolicyCommand, {
      RoleName: 'echoTest-role',
      PolicyArn: BASIC_EXECUTION_POLICY,
    });

    // GetFunction: does it exist? CreateFunction. GetFunction again: the Active waiter.
    expect(sent(lambda)).toEqual(['GetFunction', 'CreateFunction', 'GetFunction']);
    expect(lambda.commandCalls(CreateFunctionCommand)[0]?.args[0].input).toEqual({
      FunctionName: 'echoTest',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Role: ROLE_ARN,
      Code: { ZipFile: ZIP },
      Tags: { workshop: 'lambda-to-lambda' },
    });
    for (const call of lambda.commandCalls(GetFunctionCommand)) {
      expect(call.args[0].input).toEqual({ FunctionName: 'echoTest' });
    }
    expect(logs.calls()).toHaveLength(0);
  });

  it.each(TARGET_ENTRIES)(
    'makes every client from the %s target configuration',
    async (clientTarget, clientConfig) => {
      nothingDeployed();
      await deployCallee(workshopOn(clientTarget));
      for (const client of [lambda.call(0).thisValue, iam.call(0).thisValue]) {
        await expectClientConfig(client as LambdaClient | IAMClient, clientConfig);
      }
    },
  );

  it('names everything with the prefix, and tags it with the prefix too', async () => {
    nothingDeployed();
    await deployCallee(workshopOn('aws', { prefix: 'ana' }));
    const tags = { workshop: 'lambda-to-lambda', 'workshop-prefix': 'ana' };
    expect(iam).toHaveReceivedCommandWith(CreateRoleCommand, {
      RoleName: 'ana-echoTest-role',
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
    expect(lambda).toHaveReceivedCommandWith(CreateFunctionCommand, {
      FunctionName: 'ana-echoTest',
      Tags: tags,
    });
  });

  it('second deploy: updates the code of echoTest and waits for the update, nothing else', async () => {
    lambda.on(GetFunctionCommand).resolves(ready);
    lambda.on(UpdateFunctionCodeCommand).resolves({ FunctionArn: FUNCTION_ARN });
    await expect(deployCallee(workshop)).resolves.toBe(FUNCTION_ARN);
    expect(sent(lambda)).toEqual(['GetFunction', 'UpdateFunctionCode', 'GetFunction']);
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)[0]?.args[0].input).toEqual({
      FunctionName: 'echoTest',
      ZipFile: ZIP,
    });
    expect(iam.calls()).toHaveLength(0);
  });

  it('waits while the update is InProgress, and shows progress once the wait passes a second', async () => {
    vi.useFakeTimers();
    lambda
      .on(GetFunctionCommand)
      .resolvesOnce(ready)
      .resolvesOnce({ Configuration: { ...ready.Configuration, LastUpdateStatus: 'InProgress' } })
      .resolves(ready);
    lambda.on(UpdateFunctionCodeCommand).resolves({ FunctionArn: FUNCTION_ARN });
    const deployed = deployCallee(workshop);
    // The waiter polls again within its first delay (1 s, with jitter up to 120 s: at most 1 s).
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(deployed).resolves.toBe(FUNCTION_ARN);
    expect(sent(lambda)).toEqual([
      'GetFunction',
      'UpdateFunctionCode',
      'GetFunction',
      'GetFunction',
    ]);
    expect(stderr.join('')).toMatch(/^Waiting for echoTest to be updated \.\./);
  });

  it('sends CreateFunction again, unchanged, while IAM has not yet told Lambda about the new role', async () => {
    vi.useFakeTimers();
    nothingDeployed();
    lambda
      .on(CreateFunctionCommand)
      .rejectsOnce(roleNotReady())
      .rejectsOnce(roleNotReady())
      .resolves({ FunctionArn: FUNCTION_ARN, State: 'Pending' });
    const deployed = deployCallee(workshop);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(deployed).resolves.toBe(FUNCTION_ARN);
    const inputs = lambda.commandCalls(CreateFunctionCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(3);
    expect(new Set(inputs.map((input) => JSON.stringify(input))).size).toBe(1);
  });

  it('gives up on the role with the error Lambda gave, showing progress while it waits', async () => {
    vi.useFakeTimers();
    nothingDeployed();
    lambda.on(CreateFunctionCommand).rejects(roleNotReady());
    const failed = deployCallee(workshop).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await failed).toBeInstanceOf(InvalidParameterValueException);
    expect(stderr.join('')).toMatch(
      /^Creating echoTest \(a new role takes a few seconds to reach Lambda\) \.\./,
    );
  });

  it('does not retry any other invalid parameter', async () => {
    nothingDeployed();
    lambda.on(CreateFunctionCommand).rejects(
      new InvalidParameterValueException({
        message: 'The runtime parameter of nodejs22.x is not supported.',
        $metadata: {},
      }),
    );
    await expect(deployCallee(workshop)).rejects.toBeInstanceOf(InvalidParameterValueException);
    expect(lambda).toHaveReceivedCommandTimes(CreateFunctionCommand, 1);
  });

  describe('when something already exists', () => {
    it('reuses the workshop role, attaching its policy again in case a run stopped before', async () => {
      nothingDeployed();
      iam.on(GetRoleCommand).resolves({ Role: { Arn: ROLE_ARN, Tags: WORKSHOP_TAGS } as never });
      await deployCallee(workshop);
      expect(sent(iam)).toEqual(['GetRole', 'AttachRolePolicy']);
      expect(iam).toHaveReceivedCommandWith(AttachRolePolicyCommand, {
        RoleName: 'echoTest-role',
        PolicyArn: BASIC_EXECUTION_POLICY,
      });
      expect(lambda).toHaveReceivedCommandWith(CreateFunctionCommand, { Role: ROLE_ARN });
    });

    it('stops at a role of the same name it did not make, and neither uses nor changes it', async () => {
      nothingDeployed();
      iam.on(GetRoleCommand).resolves({ Role: { Arn: ROLE_ARN, Tags: [] } as never });
      const error = await deployCallee(workshop).catch((caught: unknown) => caught);
      expect(explain(error)).toMatch(
        /^The IAM role echoTest-role already exists and the workshop did not make it \(it has no tag workshop=lambda-to-lambda\), so the workshop leaves it alone\.\nRun again with --prefix NAME/,
      );
      expect(sent(iam)).toEqual(['GetRole']);
      expect(sent(lambda)).toEqual(['GetFunction']);
    });

    it('stops at an echoTest it did not make, and does not touch its code', async () => {
      lambda.on(GetFunctionCommand).resolves({ ...ready, Tags: { team: 'payments' } });
      const error = await deployCallee(workshop).catch((caught: unknown) => caught);
      expect(explain(error)).toMatch(
        /^The Lambda function echoTest already exists and the workshop did not make it /,
      );
      expect(sent(lambda)).toEqual(['GetFunction']);
      expect(iam.calls()).toHaveLength(0);
    });

    it('updates echoTest when another run created it meanwhile (ResourceConflictException)', async () => {
      nothingDeployed();
      lambda.on(CreateFunctionCommand).rejects(
        new ResourceConflictException({
          message: 'Function already exist: echoTest',
          $metadata: { httpStatusCode: 409 },
        }),
      );
      lambda.on(UpdateFunctionCodeCommand).resolves({ FunctionArn: FUNCTION_ARN });
      await expect(deployCallee(workshop)).resolves.toBe(FUNCTION_ARN);
      // Once the other run's function is Active, the code is updated as a second deploy does.
      expect(sent(lambda)).toEqual([
        'GetFunction',
        'CreateFunction',
        'GetFunction',
        'UpdateFunctionCode',
        'GetFunction',
      ]);
      expect(lambda).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, {
        FunctionName: 'echoTest',
        ZipFile: ZIP,
      });
    });
  });

  describe('when AWS refuses', () => {
    it('lets Lambda access denied reach the caller, which explain() says plainly', async () => {
      nothingDeployed();
      const denied = new LambdaServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: `User: arn:aws:iam::${ACCOUNT_ID}:user/ana is not authorized to perform: lambda:CreateFunction on resource: ${FUNCTION_ARN} because no identity-based policy allows the lambda:CreateFunction action`,
        $metadata: { httpStatusCode: 403 },
      });
      lambda.on(CreateFunctionCommand).rejects(denied);
      const error = await deployCallee(workshop).catch((caught: unknown) => caught);
      expect(error).toBe(denied);
      expect(lambda).toHaveReceivedCommandTimes(CreateFunctionCommand, 1);
      expect(explain(error)).toBe(
        `AWS refused the request (AccessDeniedException): ${denied.message}\nYour credentials need the permissions listed in docs/running-on-aws.md.`,
      );
    });

    it('lets IAM access denied reach the caller before any function is made', async () => {
      nothingDeployed();
      iam.on(CreateRoleCommand).rejects(
        new IAMServiceException({
          name: 'AccessDenied',
          $fault: 'client',
          message:
            'User: arn:aws:iam::123456789012:user/ana is not authorized to perform: iam:CreateRole',
          $metadata: { httpStatusCode: 403 },
        }),
      );
      const error = await deployCallee(workshop).catch((caught: unknown) => caught);
      expect(explain(error)).toMatch(/^AWS refused the request \(AccessDenied\): /);
      expect(sent(lambda)).toEqual(['GetFunction']);
    });

    it('lets throttling reach the caller, which explain() says to wait and run again', async () => {
      lambda
        .on(GetFunctionCommand)
        .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
      const error = await deployCallee(workshop).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect(explain(error)).toBe(
        'AWS is throttling requests (TooManyRequestsException): wait a few seconds and run the step again.',
      );
      expect(sent(lambda)).toEqual(['GetFunction']);
      expect(iam.calls()).toHaveLength(0);
    });
  });
});

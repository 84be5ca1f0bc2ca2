/**
 * Deploy the echo callee as the function `echoTest`, as step 1.1 does in the
 * console: an execution role that lets it write its logs, then the function.
 * Run it twice and nothing new is made: the role is reused and the code updated. A function
 * or role of the same name that the workshop did not make is left alone: the deploy stops.
 */
import { createHash } from 'node:crypto';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  ResourceNotFoundException as LogGroupNotFound,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { buildHandlerZip, HANDLER, type HandlerName, RUNTIME } from '@l2l/echo-handler';
import {
  madeByWorkshop,
  notMadeByWorkshop,
  type Step,
  type Workshop,
  waitWithProgress,
  whenRoleReachesLambda,
} from '@l2l/workshop';

export const FUNCTION_NAME = 'echoTest';
const BASIC_EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Lambda may take on the role (the trust policy every Lambda execution role has). */
const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

export const roleName = (workshop: Workshop) => workshop.name(`${FUNCTION_NAME}-role`);
const tagList = (workshop: Workshop) =>
  Object.entries(workshop.tags).map(([Key, Value]) => ({ Key, Value }));

/** The execution role: created once, with only the permission to write logs. */
export async function ensureExecutionRole(workshop: Workshop): Promise<string> {
  const iam = new IAMClient(workshop.clientConfig);
  const RoleName = roleName(workshop);
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName }));
    if (Role?.Arn) {
      if (!madeByWorkshop(Role.Tags)) throw notMadeByWorkshop(`The IAM role ${RoleName}`);
      // A deploy that stopped between CreateRole and AttachRolePolicy (access denied, throttled)
      // left a role that cannot write logs: attach again (a second attach changes nothing).
      await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: BASIC_EXECUTION_POLICY }));
      return Role.Arn;
    }
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName,
      AssumeRolePolicyDocument: TRUST_POLICY,
      Description: 'Execution role of the lambda-to-lambda workshop callee',
      Tags: tagList(workshop),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: BASIC_EXECUTION_POLICY }));
  if (!Role?.Arn) throw new Error(`IAM created ${RoleName} but returned no ARN`);
  return Role.Arn;
}

/**
 * Creates `echoTest` with the handler's zip, or updates its code when an earlier run made it,
 * and waits until Lambda can run it. Returns the function's ARN.
 */
export async function deployCallee(
  workshop: Workshop,
  handler: HandlerName = 'echo',
): Promise<string> {
  const lambda = new LambdaClient(workshop.clientConfig);
  const FunctionName = workshop.name(FUNCTION_NAME);
  const ZipFile = await buildHandlerZip(handler);
  try {
    const { Tags } = await lambda.send(new GetFunctionCommand({ FunctionName }));
    // Only the workshop's own echoTest is updated: a function of yours by that name is not.
    if (!madeByWorkshop(Tags)) throw notMadeByWorkshop(`The Lambda function ${FunctionName}`);
    return await updateCode(lambda, FunctionName, ZipFile);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const Role = await ensureExecutionRole(workshop);
  let created: { FunctionArn?: string };
  try {
    created = await waitWithProgress(
      `Creating ${FunctionName} (a new role takes a few seconds to reach Lambda)`,
      createFunctionWhenRoleIsReady(lambda, {
        FunctionName,
        Runtime: RUNTIME,
        Handler: HANDLER,
        Role,
        Code: { ZipFile },
        Tags: workshop.tags,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceConflictException)) throw error;
    // Another run (a second terminal) created it meanwhile: once it is Active, update it.
    await waitUntilActive(lambda, FunctionName);
    return updateCode(lambda, FunctionName, ZipFile);
  }
  await waitUntilActive(lambda, FunctionName);
  return created.FunctionArn ?? FunctionName;
}

/** The CodeSha256 Lambda reports for a function deployed with the handler's zip. */
export async function handlerCodeSha256(handler: HandlerName): Promise<string> {
  return createHash('sha256')
    .update(await buildHandlerZip(handler))
    .digest('base64');
}

/**
 * Makes sure `echoTest` runs `handler`'s code, deploying only when it is missing or runs other
 * code (its CodeSha256 differs from the zip's): a function that already runs this code is left
 * as it is, so the environment of its last call can run the next one (a warm start).
 * Returns the function's ARN.
 */
export async function ensureCallee(
  workshop: Workshop,
  handler: HandlerName = 'echo',
): Promise<string> {
  const lambda = new LambdaClient(workshop.clientConfig);
  const FunctionName = workshop.name(FUNCTION_NAME);
  try {
    const { Configuration, Tags } = await lambda.send(new GetFunctionCommand({ FunctionName }));
    if (
      madeByWorkshop(Tags) &&
      Configuration?.FunctionArn &&
      Configuration.CodeSha256 === (await handlerCodeSha256(handler))
    ) {
      return Configuration.FunctionArn;
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  return deployCallee(workshop, handler);
}

async function updateCode(
  lambda: LambdaClient,
  FunctionName: string,
  ZipFile: Uint8Array,
): Promise<string> {
  const { FunctionArn } = await lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName, ZipFile }),
  );
  await waitWithProgress(
    `Waiting for ${FunctionName} to be updated`,
    waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 120 }, { FunctionName }),
  );
  return FunctionArn ?? FunctionName;
}

function waitUntilActive(lambda: LambdaClient, FunctionName: string) {
  return waitWithProgress(
    `Waiting for ${FunctionName} to be Active`,
    waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 120 }, { FunctionName }),
  );
}

/** For some seconds after CreateRole, Lambda cannot assume the new role yet. */
function createFunctionWhenRoleIsReady(
  lambda: LambdaClient,
  input: ConstructorParameters<typeof CreateFunctionCommand>[0],
) {
  return whenRoleReachesLambda(
    `the role of ${input?.FunctionName} to reach Lambda`,
    () => lambda.send(new CreateFunctionCommand(input)),
    (error) =>
      error instanceof InvalidParameterValueException && /cannot be assumed/.test(error.message),
  );
}

/** Removes `echoTest`, its log group and its role, if the workshop made them. */
export async function removeCallee(workshop: Workshop): Promise<string[]> {
  const removed: string[] = [];
  const lambda = new LambdaClient(workshop.clientConfig);
  const FunctionName = workshop.name(FUNCTION_NAME);
  try {
    const { Tags } = await lambda.send(new GetFunctionCommand({ FunctionName }));
    if (madeByWorkshop(Tags)) {
      await lambda.send(new DeleteFunctionCommand({ FunctionName }));
      removed.push(`Lambda function ${FunctionName}`);
      const logs = new CloudWatchLogsClient(workshop.clientConfig);
      const logGroupName = `/aws/lambda/${FunctionName}`;
      await logs.send(new DeleteLogGroupCommand({ logGroupName })).then(
        () => removed.push(`log group ${logGroupName}`),
        (error) => {
          if (!(error instanceof LogGroupNotFound)) throw error;
        },
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }

  const iam = new IAMClient(workshop.clientConfig);
  const RoleName = roleName(workshop);
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName }));
    if (!madeByWorkshop(Role?.Tags)) return removed;
    const { AttachedPolicies = [] } = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName }),
    );
    for (const { PolicyArn } of AttachedPolicies) {
      await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
    }
    const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName }));
    for (const PolicyName of PolicyNames) {
      await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
    }
    await iam.send(new DeleteRoleCommand({ RoleName }));
    removed.push(`IAM role ${RoleName}`);
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
  return removed;
}

/** `pnpm --filter @l2l/echo-callee deploy`. */
export const deployStep: Step = {
  name: 'deploy-callee',
  title: '1.1 Deploy the echo callee as {echoTest}',
  summary: 'create (or update) the function echoTest and its execution role',
  creates: (workshop) => [
    `IAM role ${roleName(workshop)} (Lambda may write logs)`,
    `Lambda function ${workshop.name(FUNCTION_NAME)} (${RUNTIME}; billed per invocation)`,
  ],
  async run(workshop) {
    const functionArn = await deployCallee(workshop);
    console.log(`Deployed ${functionArn} (${RUNTIME}, ${HANDLER})`);
  },
};

/**
 * Deploying one of the workshop's functions as step 1.1 does in the console: an execution role
 * that lets it write its logs (and, for a function that calls others, an inline policy that lets
 * it do exactly that), then the function. Run it twice and nothing new is made: the role is
 * reused and the code updated. A function or role of the same name that the workshop did not
 * make is left alone: the deploy stops.
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
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  type FunctionConfiguration,
  GetFunctionCommand,
  InvalidParameterValueException,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { HANDLER, RUNTIME } from '@l2l/echo-handler';
import {
  madeByWorkshop,
  notMadeByWorkshop,
  type Workshop,
  waitWithProgress,
  whenRoleReachesLambda,
} from '@l2l/workshop';

const BASIC_EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Lambda may take on the role (the trust policy every Lambda execution role has). */
const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

/** An IAM policy document, as a role's inline policy holds it. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid?: string;
    readonly Effect: 'Allow' | 'Deny';
    readonly Action: string | readonly string[];
    readonly Resource: string | readonly string[];
  }[];
}

/** An execution role: its name, what it is for, and the inline policy it has on top of writing logs. */
export interface RoleSpec {
  readonly roleName: string;
  readonly description: string;
  readonly inlinePolicy?: { readonly name: string; readonly document: PolicyDocument };
}

/** A function of the workshop, with the role it runs as. */
export interface FunctionSpec {
  readonly functionName: string;
  readonly role: RoleSpec;
  readonly zipFile: Uint8Array;
  /** Its environment variables (none by default). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Seconds before Lambda stops a run (Lambda's default, 3, when left out). */
  readonly timeout?: number;
}

const tagList = (workshop: Workshop) =>
  Object.entries(workshop.tags).map(([Key, Value]) => ({ Key, Value }));

/**
 * The execution role: created once, with the permission to write logs and its inline policy,
 * both given again on every deploy (a second put changes nothing). Returns its ARN.
 */
export async function ensureRole(workshop: Workshop, role: RoleSpec): Promise<string> {
  const iam = new IAMClient(workshop.clientConfig);
  const { roleName: RoleName } = role;
  let roleArn: string | undefined;
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName }));
    if (Role?.Arn && !madeByWorkshop(Role.Tags))
      throw notMadeByWorkshop(`The IAM role ${RoleName}`);
    roleArn = Role?.Arn;
  } catch (error) {
    if (!(error instanceof NoSuchEntityException)) throw error;
  }
  if (roleArn === undefined) {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName,
        AssumeRolePolicyDocument: TRUST_POLICY,
        Description: role.description,
        Tags: tagList(workshop),
      }),
    );
    if (!Role?.Arn) throw new Error(`IAM created ${RoleName} but returned no ARN`);
    roleArn = Role.Arn;
  }
  // A deploy that stopped between CreateRole and AttachRolePolicy (access denied, throttled)
  // left a role that cannot write logs: attach again (a second attach changes nothing).
  await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: BASIC_EXECUTION_POLICY }));
  if (role.inlinePolicy) await putInlinePolicy(workshop, RoleName, role.inlinePolicy);
  return roleArn;
}

/** Gives the role this inline policy, in place of the one of that name it had. */
export async function putInlinePolicy(
  workshop: Workshop,
  roleName: string,
  policy: NonNullable<RoleSpec['inlinePolicy']>,
): Promise<void> {
  const iam = new IAMClient(workshop.clientConfig);
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: policy.name,
      PolicyDocument: JSON.stringify(policy.document),
    }),
  );
}

/**
 * Creates the function with its zip, or updates its code (and settings, if they changed) when
 * an earlier run made it, and waits until Lambda can run it. Returns the function's ARN.
 */
export async function deployFunction(workshop: Workshop, spec: FunctionSpec): Promise<string> {
  const lambda = new LambdaClient(workshop.clientConfig);
  const { functionName: FunctionName, zipFile: ZipFile } = spec;
  try {
    const { Configuration, Tags } = await lambda.send(new GetFunctionCommand({ FunctionName }));
    // Only the workshop's own function is updated: a function of yours by that name is not.
    if (!madeByWorkshop(Tags)) throw notMadeByWorkshop(`The Lambda function ${FunctionName}`);
    if (spec.role.inlinePolicy) await ensureRole(workshop, spec.role);
    await updateSettings(lambda, spec, Configuration);
    return await updateCode(lambda, FunctionName, ZipFile);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const Role = await ensureRole(workshop, spec.role);
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
        Environment: spec.environment && { Variables: { ...spec.environment } },
        Timeout: spec.timeout,
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

/**
 * Makes sure the function runs this code with these settings, deploying only when it is missing
 * or differs (its CodeSha256 is not the zip's, or its environment or timeout changed): a function
 * that is already so is left as it is, so the environment of its last call can run the next one
 * (a warm start). Returns the function's ARN.
 */
export async function ensureFunction(workshop: Workshop, spec: FunctionSpec): Promise<string> {
  const lambda = new LambdaClient(workshop.clientConfig);
  try {
    const { Configuration, Tags } = await lambda.send(
      new GetFunctionCommand({ FunctionName: spec.functionName }),
    );
    if (
      madeByWorkshop(Tags) &&
      Configuration?.FunctionArn &&
      Configuration.CodeSha256 === codeSha256(spec.zipFile) &&
      sameSettings(spec, Configuration)
    ) {
      return Configuration.FunctionArn;
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  return deployFunction(workshop, spec);
}

/** The CodeSha256 Lambda reports for a function deployed with this zip. */
export function codeSha256(zipFile: Uint8Array): string {
  return createHash('sha256').update(zipFile).digest('base64');
}

function sameSettings(spec: FunctionSpec, configuration: FunctionConfiguration | undefined) {
  const environment = spec.environment ?? {};
  const current = configuration?.Environment?.Variables ?? {};
  const sameEnvironment = JSON.stringify(sorted(environment)) === JSON.stringify(sorted(current));
  return sameEnvironment && (spec.timeout === undefined || spec.timeout === configuration?.Timeout);
}

/** Sends the spec's environment and timeout when they differ from what the function has. */
async function updateSettings(
  lambda: LambdaClient,
  spec: FunctionSpec,
  configuration: FunctionConfiguration | undefined,
): Promise<void> {
  if (sameSettings(spec, configuration)) return;
  const environment = spec.environment ?? {};
  await lambda.send(
    new UpdateFunctionConfigurationCommand({
      FunctionName: spec.functionName,
      Environment: { Variables: { ...environment } },
      Timeout: spec.timeout,
    }),
  );
  await waitUntilUpdated(lambda, spec.functionName);
}

const sorted = (record: Readonly<Record<string, string>>) => Object.entries(record).sort();

async function updateCode(
  lambda: LambdaClient,
  FunctionName: string,
  ZipFile: Uint8Array,
): Promise<string> {
  const { FunctionArn } = await lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName, ZipFile }),
  );
  await waitUntilUpdated(lambda, FunctionName);
  return FunctionArn ?? FunctionName;
}

function waitUntilUpdated(lambda: LambdaClient, FunctionName: string) {
  return waitWithProgress(
    `Waiting for ${FunctionName} to be updated`,
    waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 120 }, { FunctionName }),
  );
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

/** Removes the function, its log group and its role, if the workshop made them; says what it removed. */
export async function removeFunction(
  workshop: Workshop,
  functionName: string,
  roleName: string,
): Promise<string[]> {
  const removed: string[] = [];
  const lambda = new LambdaClient(workshop.clientConfig);
  try {
    const { Tags } = await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    if (madeByWorkshop(Tags)) {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: functionName }));
      removed.push(`Lambda function ${functionName}`);
      const logs = new CloudWatchLogsClient(workshop.clientConfig);
      const logGroupName = `/aws/lambda/${functionName}`;
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
  const RoleName = roleName;
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

/**
 * Step 9.1: the recorder, and the front function twice from the same code: `front`, which
 * records asynchronously, and `front-inline`, which waits for the recording. Each front has a
 * role that may invoke the recorder, and a Function URL that anyone may call (AuthType NONE).
 */
import { fileURLToPath } from 'node:url';
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import {
  deployFunction,
  ensureFunction,
  type FunctionSpec,
  removeFunction,
} from '@l2l/echo-callee';
import { buildFunctionZip } from '@l2l/echo-handler';
import type { Workshop } from '@l2l/workshop';

export const RECORDER = 'recorder';
export const FRONT = 'front';
export const FRONT_INLINE = 'front-inline';
const FUNCTIONS = [RECORDER, FRONT, FRONT_INLINE] as const;
type FunctionBase = (typeof FUNCTIONS)[number];

const roleName = (workshop: Workshop, base: FunctionBase) => workshop.name(`${base}-role`);
const source = (file: string) => fileURLToPath(new URL(`./functions/${file}`, import.meta.url));

async function spec(workshop: Workshop, base: FunctionBase): Promise<FunctionSpec> {
  const recorderArn = `arn:aws:lambda:${workshop.region}:${workshop.accountId}:function:${workshop.name(RECORDER)}`;
  const front = base !== RECORDER;
  return {
    functionName: workshop.name(base),
    role: {
      roleName: roleName(workshop, base),
      description: `Execution role of the lambda-to-lambda workshop's ${base}`,
      inlinePolicy: front
        ? {
            name: `invoke-${RECORDER}`,
            document: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: recorderArn },
              ],
            },
          }
        : undefined,
    },
    zipFile: await buildFunctionZip(source(front ? 'front.ts' : 'recorder.ts')),
    environment: front
      ? {
          RECORDER_FUNCTION: workshop.name(RECORDER),
          RECORD: base === FRONT ? 'async' : 'inline',
        }
      : undefined,
  };
}

// #region url
/**
 * The function's URL, made if it has none: AuthType NONE, so that anyone may call it, which
 * takes two statements in its resource policy, as the console adds them (AWS asks for both
 * since October 2025): `lambda:InvokeFunctionUrl` for URLs without auth, and
 * `lambda:InvokeFunction` for invocations through a URL.
 * Source: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 */
async function ensureFunctionUrl(lambda: LambdaClient, FunctionName: string): Promise<string> {
  try {
    const { FunctionUrl } = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName }));
    if (FunctionUrl) return FunctionUrl;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { FunctionUrl } = await lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName, AuthType: 'NONE' }),
  );
  const statements = [
    { StatementId: 'url-public', Action: 'lambda:InvokeFunctionUrl', FunctionUrlAuthType: 'NONE' },
    { StatementId: 'url-invoke', Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true },
  ] as const;
  for (const statement of statements) {
    try {
      await lambda.send(new AddPermissionCommand({ FunctionName, Principal: '*', ...statement }));
    } catch (error) {
      // An earlier run added it.
      if (!(error instanceof ResourceConflictException)) throw error;
    }
  }
  if (!FunctionUrl) throw new Error(`Lambda made a URL for ${FunctionName} but returned none`);
  return FunctionUrl;
}
// #endregion

export interface FrontUrls {
  readonly front: string;
  readonly frontInline: string;
}

/**
 * Deploys the three functions (`always`: update them even if they are as they should be, as
 * step 9.1 does; otherwise only what is missing or changed) and the fronts' URLs.
 */
export async function deployFronts(workshop: Workshop, always: boolean): Promise<FrontUrls> {
  const deploy = always ? deployFunction : ensureFunction;
  for (const base of FUNCTIONS) await deploy(workshop, await spec(workshop, base));
  const lambda = new LambdaClient(workshop.clientConfig);
  return {
    front: await ensureFunctionUrl(lambda, workshop.name(FRONT)),
    frontInline: await ensureFunctionUrl(lambda, workshop.name(FRONT_INLINE)),
  };
}

/** Removes the three functions (their URLs go with them), log groups and roles. */
export async function removeFronts(workshop: Workshop): Promise<string[]> {
  const removed: string[] = [];
  for (const base of [...FUNCTIONS].reverse()) {
    removed.push(
      ...(await removeFunction(workshop, workshop.name(base), roleName(workshop, base))),
    );
  }
  return removed;
}

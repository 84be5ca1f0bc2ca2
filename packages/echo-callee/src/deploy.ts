/**
 * Deploy the echo callee as the function `echoTest`, as step 1.1 does in the console: an
 * execution role that lets it write its logs, then the function (./function-deploy.ts).
 */
import { buildHandlerZip, HANDLER, type HandlerName, RUNTIME } from '@l2l/echo-handler';
import type { Step, Workshop } from '@l2l/workshop';
import {
  codeSha256,
  deployFunction,
  ensureFunction,
  ensureRole,
  type FunctionSpec,
  type RoleSpec,
  removeFunction,
} from './function-deploy.ts';

export const FUNCTION_NAME = 'echoTest';

export const roleName = (workshop: Workshop) => workshop.name(`${FUNCTION_NAME}-role`);

const role = (workshop: Workshop): RoleSpec => ({
  roleName: roleName(workshop),
  description: 'Execution role of the lambda-to-lambda workshop callee',
});

/** The execution role: created once, with only the permission to write logs. */
export function ensureExecutionRole(workshop: Workshop): Promise<string> {
  return ensureRole(workshop, role(workshop));
}

/**
 * Creates `echoTest` with the handler's zip, or updates its code when an earlier run made it,
 * and waits until Lambda can run it. Returns the function's ARN.
 */
export async function deployCallee(
  workshop: Workshop,
  handler: HandlerName = 'echo',
): Promise<string> {
  return deployFunction(workshop, calleeSpec(workshop, await buildHandlerZip(handler)));
}

const calleeSpec = (workshop: Workshop, zipFile: Uint8Array): FunctionSpec => ({
  functionName: workshop.name(FUNCTION_NAME),
  role: role(workshop),
  zipFile,
});

/** The CodeSha256 Lambda reports for a function deployed with the handler's zip. */
export async function handlerCodeSha256(handler: HandlerName): Promise<string> {
  return codeSha256(await buildHandlerZip(handler));
}

/**
 * Makes sure `echoTest` runs `handler`'s code, deploying only when it is missing or runs other
 * code: a function that already runs this code is left as it is, so the environment of its last
 * call can run the next one (a warm start). Returns the function's ARN.
 */
export async function ensureCallee(
  workshop: Workshop,
  handler: HandlerName = 'echo',
): Promise<string> {
  return ensureFunction(workshop, calleeSpec(workshop, await buildHandlerZip(handler)));
}

/** Removes `echoTest`, its log group and its role, if the workshop made them. */
export function removeCallee(workshop: Workshop): Promise<string[]> {
  return removeFunction(workshop, workshop.name(FUNCTION_NAME), roleName(workshop));
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

/**
 * Step 7.1: deploy the caller as the function `caller`, with an execution role of its own that
 * may make exactly the calls of its routes, on exactly the resources they reach (least
 * privilege), besides writing its logs. The routes' targets are chapters 1, 4 and 5's: echoTest,
 * the topic testSns (with echoTest subscribed) and the stream testKinesis; this step makes them
 * if they are missing, so that the chapter also runs on its own.
 */
import { fileURLToPath } from 'node:url';
import {
  deployFunction,
  ensureFunction,
  FUNCTION_NAME,
  type FunctionSpec,
  type PolicyDocument,
  putInlinePolicy,
  type RoleSpec,
  removeFunction,
} from '@l2l/echo-callee';
import { buildFunctionZip } from '@l2l/echo-handler';
import { createStream, STREAM_NAME } from '@l2l/kinesis-route';
import { subscribedCallee } from '@l2l/sns-route';
import type { Workshop } from '@l2l/workshop';

export const CALLER_NAME = 'caller';
export const callerRoleName = (workshop: Workshop) => workshop.name(`${CALLER_NAME}-role`);
/** The name of the caller role's inline policy. */
export const ROUTES_POLICY = 'caller-routes';

/** What the caller's routes reach. */
export interface RouteTargets {
  readonly calleeArn: string;
  readonly topicArn: string;
  readonly streamName: string;
  readonly streamArn: string;
}

/**
 * Makes or finds echoTest (running the echo code), the topic with echoTest's alias subscribed
 * (as chapter 4 leaves them) and the stream.
 */
export async function ensureRouteTargets(workshop: Workshop): Promise<RouteTargets> {
  const { functionArn: calleeArn, topicArn } = await subscribedCallee(workshop);
  const streamName = workshop.name(STREAM_NAME);
  const streamArn = await createStream(workshop.clientConfig, streamName, workshop.tags);
  return { calleeArn, topicArn, streamName, streamArn };
}

// #region routes-policy
/**
 * The caller role's inline policy: one statement per route, each allowing one action on one
 * resource. `withInvoke: false` leaves out the first (exercise: step 7.4).
 */
export function routesPolicy(targets: RouteTargets, withInvoke = true): PolicyDocument {
  const invoke = {
    Sid: 'InvokeEchoTest',
    Effect: 'Allow',
    Action: 'lambda:InvokeFunction',
    Resource: targets.calleeArn,
  } as const;
  return {
    Version: '2012-10-17',
    Statement: [
      ...(withInvoke ? [invoke] : []),
      {
        Sid: 'PublishToTestSns',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: targets.topicArn,
      },
      {
        Sid: 'PutIntoTestKinesis',
        Effect: 'Allow',
        Action: 'kinesis:PutRecord',
        Resource: targets.streamArn,
      },
    ],
  };
}
// #endregion

/** Gives the caller's role the routes policy, with or without its Invoke statement; returns it. */
export async function putRoutesPolicy(
  workshop: Workshop,
  targets: RouteTargets,
  withInvoke: boolean,
): Promise<PolicyDocument> {
  const document = routesPolicy(targets, withInvoke);
  await putInlinePolicy(workshop, callerRoleName(workshop), { name: ROUTES_POLICY, document });
  return document;
}

function callerRole(workshop: Workshop, policy: PolicyDocument): RoleSpec {
  return {
    roleName: callerRoleName(workshop),
    description: 'Execution role of the lambda-to-lambda workshop caller',
    inlinePolicy: { name: ROUTES_POLICY, document: policy },
  };
}

const HANDLER_SOURCE = fileURLToPath(new URL('./functions/caller.ts', import.meta.url));

async function callerSpec(workshop: Workshop, targets: RouteTargets): Promise<FunctionSpec> {
  return {
    functionName: workshop.name(CALLER_NAME),
    role: callerRole(workshop, routesPolicy(targets)),
    zipFile: await buildFunctionZip(HANDLER_SOURCE),
    environment: {
      CALLEE_FUNCTION: workshop.name(FUNCTION_NAME),
      TOPIC_ARN: targets.topicArn,
      STREAM_NAME: targets.streamName,
    },
    // A synchronous call waits for echoTest, a cold start included: more than Lambda's default 3 s.
    timeout: 30,
  };
}

/**
 * Creates (or updates) the routes' targets and the caller, its role holding the routes policy
 * with every statement (so a deploy also undoes step 7.4). Returns the caller's ARN and the
 * targets.
 */
export async function deployCaller(
  workshop: Workshop,
): Promise<{ callerArn: string; targets: RouteTargets }> {
  const targets = await ensureRouteTargets(workshop);
  const callerArn = await deployFunction(workshop, await callerSpec(workshop, targets));
  return { callerArn, targets };
}

/**
 * The caller and its targets, deployed only if missing or changed: a caller that is already
 * there keeps its warm environment (and its role keeps the policy it has).
 */
export async function ensureCaller(workshop: Workshop): Promise<RouteTargets> {
  const targets = await ensureRouteTargets(workshop);
  await ensureFunction(workshop, await callerSpec(workshop, targets));
  return targets;
}

/** Removes the caller, its log group and its role. */
export function removeCaller(workshop: Workshop): Promise<string[]> {
  return removeFunction(workshop, workshop.name(CALLER_NAME), callerRoleName(workshop));
}

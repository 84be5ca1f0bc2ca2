/**
 * Chapter 10's set-up: the topic loopSns, the looper subscribed to it (its role may publish
 * there, and invoke its on-failure destination), and loop-stopped, that destination.
 */
import { fileURLToPath } from 'node:url';
import { LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { ensureFunction, type FunctionSpec, removeFunction } from '@l2l/echo-callee';
import { buildFunctionZip } from '@l2l/echo-handler';
import { deleteTopic, subscribeToTopic } from '@l2l/sns-route';
import type { Workshop } from '@l2l/workshop';

export const LOOPER = 'looper';
export const LOOP_STOPPED = 'loop-stopped';
export const LOOP_TOPIC = 'loopSns';

const roleName = (workshop: Workshop, base: string) => workshop.name(`${base}-role`);
const source = (base: string) => fileURLToPath(new URL(`./functions/${base}.ts`, import.meta.url));
const arn = (workshop: Workshop, service: 'lambda' | 'sns', resource: string) =>
  `arn:aws:${service}:${workshop.region}:${workshop.accountId}:${resource}`;

async function looperSpec(workshop: Workshop, topicArn: string): Promise<FunctionSpec> {
  const destination = arn(workshop, 'lambda', `function:${workshop.name(LOOP_STOPPED)}`);
  return {
    functionName: workshop.name(LOOPER),
    role: {
      roleName: roleName(workshop, LOOPER),
      description: "Execution role of the lambda-to-lambda workshop's looper",
      inlinePolicy: {
        name: 'publish-and-report',
        document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sns:Publish', Resource: topicArn },
            { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: destination },
          ],
        },
      },
    },
    zipFile: await buildFunctionZip(source(LOOPER)),
    environment: { TOPIC_ARN: topicArn },
  };
}

/**
 * Makes (or finds) loop-stopped, the looper, the topic with the looper subscribed, and the
 * looper's on-failure destination. Returns the topic's ARN.
 */
export async function ensureLoop(workshop: Workshop): Promise<string> {
  const topicName = workshop.name(LOOP_TOPIC);
  const topicArn = arn(workshop, 'sns', topicName);
  await ensureFunction(workshop, {
    functionName: workshop.name(LOOP_STOPPED),
    role: {
      roleName: roleName(workshop, LOOP_STOPPED),
      description: "Execution role of the lambda-to-lambda workshop's loop-stopped",
    },
    zipFile: await buildFunctionZip(source(LOOP_STOPPED)),
  });
  const looperArn = await ensureFunction(workshop, await looperSpec(workshop, topicArn));
  // The topic, the permission for SNS to invoke the looper, and the subscription (chapter 4's).
  await subscribeToTopic(workshop.clientConfig, {
    topicName,
    functionArn: looperArn,
    tags: workshop.tags,
    displayName: LOOP_TOPIC,
  });
  await new LambdaClient(workshop.clientConfig).send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: workshop.name(LOOPER),
      DestinationConfig: {
        OnFailure: {
          Destination: arn(workshop, 'lambda', `function:${workshop.name(LOOP_STOPPED)}`),
        },
      },
    }),
  );
  return topicArn;
}

/** Removes the topic and its subscription, then the two functions and their roles. */
export async function removeLoop(workshop: Workshop): Promise<string[]> {
  const removed = await deleteTopic(workshop, workshop.name(LOOP_TOPIC));
  for (const base of [LOOPER, LOOP_STOPPED]) {
    removed.push(
      ...(await removeFunction(workshop, workshop.name(base), roleName(workshop, base))),
    );
  }
  return removed;
}

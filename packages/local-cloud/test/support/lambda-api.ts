/**
 * Test support for the Lambda API tests (lambda-api-*.test.ts): one local cloud
 * for the file, an SDK v3 Lambda client of it, the walkthrough's echo callee
 * (step 1.1, ./zip.ts), and the calls those tests make again and again.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll } from 'vitest';
import type { LogEvent } from '../../src/index.ts';
import { createFunction } from './functions.ts';
import { deferredClientConfig, REGION, useLocalCloud } from './local-cloud.ts';
import { echoZip as zipEchoCallee } from './zip.ts';

/** The ARN of a function of the test account in REGION, without its name. */
export const FUNCTION_ARN_PREFIX = `arn:aws:lambda:${REGION}:000000000000:function`;

/**
 * Starts the file's local cloud (recording its log events) and a Lambda client
 * that reaches it once it runs; the client is destroyed after the file's tests.
 */
export async function useLambdaApi() {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({ onLogEvent: (event) => logEvents.push(event) });
  const lambda = new LambdaClient(deferredClientConfig(cloud));
  afterAll(() => lambda.destroy());
  const echoZip = await zipEchoCallee();

  /** Creates a function and waits until it is Active, as provisioning code does. */
  function createActive(name: string, zip = echoZip, settings = {}) {
    return createFunction(lambda, name, zip, undefined, settings);
  }

  async function invoke(name: string, payload: string, settings = {}) {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: payload, ...settings }),
    );
    return { ...output, text: Buffer.from(output.Payload ?? []).toString() };
  }

  return { cloud, logEvents, lambda, echoZip, createActive, invoke };
}

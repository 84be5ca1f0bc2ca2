/**
 * The record of a run (src/inspector/): each call the local cloud serves and makes on a
 * function's behalf, in chains linked by cause, driven here through the real SDK.
 */

import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { CallRecorder } from '../src/inspector/call-recorder.ts';
import type { Chain, Hop, HopEvent, InvocationHop } from '../src/inspector/hops.ts';
import { handlerZip } from './lambda-support.ts';
import { createFunction, publicAccess } from './support/functions.ts';
import { clientConfig, LAMBDA_ROLE_NAME, useLocalCloud } from './support/local-cloud.ts';
import { signedFetch } from './support/signed-fetch.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud({ asyncRetryDelaysMs: [10, 10] });

/** The hops of a chain as `kind from->to label`, in the order they started. */
function shape(chain: Chain): string[] {
  return chain.hops.map((hop) => `${hop.kind} ${hop.from}->${hop.to}`);
}

/** Resolves with the first chain that `done` accepts once one of its hops ends. */
function chainWhere(recorder: CallRecorder, done: (chain: Chain) => boolean): Promise<Chain> {
  return new Promise((resolve) => {
    const stop = recorder.subscribe(({ type, chain }: HopEvent) => {
      if (type === 'ended' && done(chain)) {
        stop();
        resolve(chain);
      }
    });
  });
}

function invocations(chain: Chain): InvocationHop[] {
  return chain.hops.filter((hop): hop is InvocationHop => hop.kind === 'invocation');
}

/** A handler that invokes `callee` with the SDK v3 the runtime provides. */
const INVOKER_SOURCE = `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async (event) => {
  const { Payload } = await lambda.send(
    new InvokeCommand({ FunctionName: 'callee', Payload: JSON.stringify(event) }),
  );
  return JSON.parse(Buffer.from(Payload).toString());
};`;

describe('the record of a run', () => {
  it('records a sync Invoke as one chain: the call, then its invocation, cold', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(lambda, 'echoTest', await echoZip());
    const sent = await lambda.send(
      new InvokeCommand({ FunctionName: 'echoTest', Payload: '{"id":"1","name":"Luna"}' }),
    );
    const chain = cloud()
      .recorder.recent()
      .find(
        (each) =>
          each.hops[0]?.kind === 'call' && each.hops[0].requestId === sent.$metadata.requestId,
      );
    expect(chain && shape(chain)).toEqual(['call You->Lambda', 'invocation Lambda->echoTest']);
    const [call, invocation] = chain?.hops ?? [];
    expect(call).toMatchObject({
      operation: 'Invoke',
      resource: 'echoTest',
      httpStatus: 200,
      status: 'ok',
    });
    expect(invocation).toMatchObject({
      invocationType: 'RequestResponse',
      cold: true,
      status: 'ok',
    });
    expect(invocation?.parentId).toBe(call?.id);
    expect(invocation?.detail.request).toContain('Luna');
    expect(invocation?.detail.log).toMatch(/^START RequestId/);
    expect(chain?.functions).toEqual(['echoTest']);
    expect(chain?.status).toBe('ok');
  });

  it('gives a Publish with two subscribers one chain with two deliveries, each with its invocation', async () => {
    const config = clientConfig(cloud());
    const lambda = new LambdaClient(config);
    const sns = new SNSClient(config);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'testSns' }));
    for (const name of ['first', 'second']) {
      const { FunctionArn } = await createFunction(lambda, name, await echoZip());
      await lambda.send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: 'sns',
          Action: 'lambda:InvokeFunction',
          Principal: 'sns.amazonaws.com',
          SourceArn: TopicArn,
        }),
      );
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: FunctionArn }));
    }
    const done = chainWhere(
      cloud().recorder,
      (chain) => invocations(chain).filter((hop) => hop.status !== 'running').length === 2,
    );
    await sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));
    const chain = await done;
    expect(chain.hops[0]).toMatchObject({
      kind: 'call',
      operation: 'Publish',
      resource: 'testSns',
    });
    const deliveries = chain.hops.filter((hop) => hop.kind === 'delivery');
    expect(deliveries.map((hop) => hop.parentId)).toEqual([chain.hops[0]?.id, chain.hops[0]?.id]);
    const invoked = invocations(chain);
    expect(invoked.map((hop) => hop.functionName).sort()).toEqual(['first', 'second']);
    for (const invocation of invoked) {
      expect(invocation.invocationType).toBe('SNS');
      expect(deliveries.map((hop: Hop) => hop.id)).toContain(invocation.parentId);
    }
    expect(chain.routes).toEqual(['SNS']);
  });

  it('hangs an async retry under its first attempt', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    const failing = await handlerZip(
      'export const handler = async () => { throw new Error("no"); };',
    );
    await createFunction(lambda, 'failing', failing);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'failing', MaximumRetryAttempts: 1 }),
    );
    const done = chainWhere(
      cloud().recorder,
      (chain) => invocations(chain).filter((hop) => hop.status === 'error').length === 2,
    );
    await lambda.send(
      new InvokeCommand({ FunctionName: 'failing', InvocationType: 'Event', Payload: '{}' }),
    );
    const chain = await done;
    const [first, second] = invocations(chain);
    expect(first).toMatchObject({
      attempt: 1,
      invocationType: 'Event',
      parentId: chain.hops[0]?.id,
      errorType: 'Error',
    });
    expect(second).toMatchObject({ attempt: 2, parentId: first?.id, requestId: first?.requestId });
    expect(chain.status).toBe('error');
  });

  it("records a handler's Invoke through the runtime's SDK as caller invocation -> Invoke -> callee invocation", async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    // The invoker calls with its role's credentials, which IAM checks.
    const iam = new IAMClient(clientConfig(cloud()));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: LAMBDA_ROLE_NAME,
        PolicyName: 'invoke',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }],
        }),
      }),
    );
    iam.destroy();
    await createFunction(lambda, 'callee', await echoZip());
    // The SDK is the runtime's: the handler bundles none, and its client finds the cloud itself.
    await createFunction(lambda, 'invoker', await handlerZip(INVOKER_SOURCE));
    const done = chainWhere(
      cloud().recorder,
      (chain) =>
        chain.status !== 'running' &&
        invocations(chain).some((hop) => hop.functionName === 'callee'),
    );
    const sent = await lambda.send(
      new InvokeCommand({ FunctionName: 'invoker', Payload: '{"name":"Luna"}' }),
    );
    expect(sent.FunctionError).toBeUndefined();
    const chain = await done;
    expect(shape(chain)).toEqual([
      'call You->Lambda',
      'invocation Lambda->invoker',
      'call invoker->Lambda',
      'invocation Lambda->callee',
    ]);
    const [call, caller, invoke, callee] = chain.hops;
    expect(caller?.parentId).toBe(call?.id);
    expect(invoke).toMatchObject({ operation: 'Invoke', resource: 'callee', parentId: caller?.id });
    expect(callee).toMatchObject({ invocationType: 'RequestResponse', parentId: invoke?.id });
    expect(callee?.detail.request).toContain('Luna');
    expect(chain.functions).toEqual(['invoker', 'callee']);
    lambda.destroy();
  });

  it('records a request to a function URL as a call over the invocation it causes', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(lambda, 'urlEcho', await echoZip());
    await publicAccess(lambda, 'urlEcho');
    const { FunctionUrl = '' } = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'urlEcho', AuthType: 'NONE' }),
    );
    lambda.destroy();
    const response = await fetch(`${FunctionUrl}greet?x=1`, { method: 'POST', body: 'hi' });
    expect(response.status).toBe(200);
    const chain = cloud()
      .recorder.recent()
      .find((each) => each.routes.includes('FunctionUrl'));
    expect(chain && shape(chain)).toEqual(['call You->Lambda', 'invocation Lambda->urlEcho']);
    const [call, invocation] = chain?.hops ?? [];
    expect(call).toMatchObject({
      label: 'Function URL: POST /greet',
      httpStatus: 200,
      status: 'ok',
      detail: { request: 'hi' },
    });
    expect(invocation).toMatchObject({ invocationType: 'FunctionUrl', parentId: call?.id });
    expect(invocation?.detail.request).toContain('"rawPath":"/greet"');
  });

  it("links a function's own calls to its invocation through _X_AMZN_TRACE_ID", async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(
      lambda,
      'tracing',
      await handlerZip('export const handler = async () => process.env._X_AMZN_TRACE_ID;'),
    );
    const { Payload } = await lambda.send(new InvokeCommand({ FunctionName: 'tracing' }));
    const traceId = JSON.parse(Buffer.from(Payload ?? []).toString()) as string;
    expect(traceId).toMatch(
      /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=[0-9a-f]{8}:1$/,
    );
    // What the SDK in the handler sends (its recursion detection middleware).
    const response = await signedFetch(`${cloud().endpoint}/2015-03-31/functions`, {
      service: 'lambda',
      headers: { 'x-amzn-trace-id': traceId },
    });
    expect(response.status).toBe(200);
    const call = cloud()
      .recorder.recent()
      .flatMap((chain) => chain.hops)
      .find((hop) => hop.kind === 'call' && hop.operation === 'ListFunctions');
    const parent = call?.parentId === undefined ? undefined : cloud().recorder.hop(call.parentId);
    expect(parent).toMatchObject({ kind: 'invocation', functionName: 'tracing' });
    expect(call?.from).toBe('tracing');
  });
});

describe('CallRecorder', () => {
  const call = (label: string) =>
    ({
      kind: 'call',
      service: 'sts',
      operation: label,
      requestId: label,
      from: 'You',
      to: 'STS',
      label,
      detail: {},
    }) as const;

  it('keeps the newest chains, and drops the links of those it lets go', () => {
    const recorder = new CallRecorder({ maxChains: 2 });
    const hops = ['a', 'b', 'c'].map((label) => recorder.start(call(label)));
    recorder.link('first', { parent: hops[0]?.id ?? 0 });
    recorder.link('third', { parent: hops[2]?.id ?? 0 });
    recorder.start(call('d'));
    expect(recorder.recent().map((chain) => chain.hops[0]?.label)).toEqual(['c', 'd']);
    expect(recorder.linkOf('first')).toBeUndefined();
    expect(recorder.linkOf('third')?.parent).toBe(hops[2]?.id);
    expect(recorder.hop(hops[0]?.id ?? 0)).toBeUndefined();
  });

  it('counts the hops of a chain past its bound, and cuts long details', () => {
    const recorder = new CallRecorder({ maxHopsPerChain: 2, maxDetailChars: 5 });
    const root = recorder.start(call('root'));
    for (const label of ['x', 'y', 'z']) recorder.start(call(label), root.id);
    const [chain] = recorder.recent();
    expect(chain?.hops).toHaveLength(2);
    expect(chain?.droppedHops).toBe(2);
    expect(recorder.detail('abcdefgh')).toBe('abcde… (3 more characters)');
    expect(recorder.detail(Buffer.from([0, 1, 2]))).toBe('(3 bytes, not text)');
  });

  it('says a chain ended once its last hop did, with its worst status', () => {
    const recorder = new CallRecorder();
    const root = recorder.start(call('root'));
    const child = recorder.start(call('child'), root.id);
    recorder.end(root, 'ok');
    expect(recorder.chain(root.chainId)?.status).toBe('running');
    recorder.end(child, 'throttled');
    expect(recorder.chain(root.chainId)).toMatchObject({ status: 'throttled' });
    expect(recorder.chain(root.chainId)?.durationMs).toBeGreaterThanOrEqual(0);
  });
});

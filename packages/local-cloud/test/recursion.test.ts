/**
 * Recursive loops stopped, as Lambda stops them: a function subscribed to a topic that
 * publishes to that topic on each invocation, through the real SDK in the handler (its
 * recursion detection middleware sends `_X_AMZN_TRACE_ID` on as `X-Amzn-Trace-Id`), runs 16
 * times; the 17th event goes to its on-failure destination. With RecursiveLoop `Allow` the
 * loop goes on (the handler stops by itself). The record of the run ends the loop's chain with
 * the stop, as a hop of its own. Also Get/PutFunctionRecursionConfig, and a synchronous
 * Lambda -> Lambda chain refused with RecursiveInvocationException.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  GetFunctionRecursionConfigCommand,
  LambdaClient,
  PutFunctionEventInvokeConfigCommand,
  PutFunctionRecursionConfigCommand,
  type RecursiveLoop,
} from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallRecorder } from '../src/inspector/call-recorder.ts';
import type { CallHop, Chain, Hop, LoopStopHop } from '../src/inspector/hops.ts';
import { recordInvocations, recordLoopStops } from '../src/inspector/recording.ts';
import { sequenceDiagram } from '../src/inspector/sequence-diagram.ts';
import { LambdaModel } from '../src/services/lambda/model.ts';
import {
  activeFunction,
  functionInput,
  handlerZip,
  REGION,
  settled,
  stubRuntime,
} from './lambda-support.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, LAMBDA_ROLE_NAME, useLocalCloud } from './support/local-cloud.ts';
import { logMessages } from './support/logs.ts';

const FUNCTIONS = `arn:aws:lambda:${REGION}:000000000000:function`;
/** The SDK the handler imports: the package's own copy, by its file URL. */
const SNS_SDK = pathToFileURL(createRequire(import.meta.url).resolve('@aws-sdk/client-sns')).href;
/** Publishes the next number to the topic that invoked it, until STOP_AFTER. */
const LOOPER_SOURCE = `import { PublishCommand, SNSClient } from ${JSON.stringify(SNS_SDK)};
const sns = new SNSClient({});
export const handler = async (event) => {
  const { Message, TopicArn } = event.Records[0].Sns;
  const n = Number(Message);
  console.log('LOOP ' + n + ' ' + process.env._X_AMZN_TRACE_ID);
  if (n < Number(process.env.STOP_AFTER)) {
    await sns.send(new PublishCommand({ TopicArn, Message: String(n + 1) }));
  }
  return n;
};
`;
const RECORDER_SOURCE = `export const handler = async (event) => {
  console.log('RECORD ' + JSON.stringify(event));
  return null;
};
`;

/** The chain, and its hop, once Lambda stopped `functionName` in a loop (and `done` says it is over). */
function loopStopped(
  recorder: CallRecorder,
  functionName: string,
  done: (chain: Chain, stop: LoopStopHop) => boolean = () => true,
): Promise<{ chain: Chain; stop: LoopStopHop }> {
  return new Promise((resolve) => {
    const unsubscribe = recorder.subscribe(({ type, chain }) => {
      const stop = chain.hops.find(
        (hop): hop is LoopStopHop => hop.kind === 'loop-stop' && hop.functionName === functionName,
      );
      if (type === 'ended' && stop && chain.status !== 'running' && done(chain, stop)) {
        unsubscribe();
        resolve({ chain, stop });
      }
    });
  });
}

/** What caused a hop, as `kind to`, up to the chain's first. */
function causes(chain: Chain, hop: Hop): string[] {
  const byId = new Map(chain.hops.map((each) => [each.id, each]));
  const path: string[] = [];
  for (let at = byId.get(hop.parentId ?? -1); at; at = byId.get(at.parentId ?? -1)) {
    path.push(`${at.kind} ${at.to}`);
  }
  return path;
}

describe('recursive loops', () => {
  const notices: string[] = [];
  const cloud = useLocalCloud({ onNotice: (line) => notices.push(line) });
  let lambda: LambdaClient;
  let sns: SNSClient;
  let logs: CloudWatchLogsClient;

  /** A looping function subscribed to a topic of its own; returns the topic's ARN. */
  async function loop(name: string, stopAfter: number): Promise<string> {
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: name }));
    await createFunction(lambda, name, await handlerZip(LOOPER_SOURCE), {
      STOP_AFTER: String(stopAfter),
    });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: TopicArn,
      }),
    );
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: `${FUNCTIONS}:${name}` }),
    );
    return TopicArn;
  }

  beforeAll(async () => {
    const config = clientConfig(cloud());
    lambda = new LambdaClient(config);
    sns = new SNSClient(config);
    logs = new CloudWatchLogsClient(config);
    // The loopers publish with their role's credentials, which IAM checks.
    const iam = new IAMClient(config);
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: LAMBDA_ROLE_NAME,
        PolicyName: 'publish',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }],
        }),
      }),
    );
    iam.destroy();
    await createFunction(lambda, 'stopped', await handlerZip(RECORDER_SOURCE));
  });
  afterAll(() => {
    lambda.destroy();
    sns.destroy();
    logs.destroy();
  });

  it('stops a function that publishes to its own topic after 16 invocations, and sends the 17th event to its on-failure destination', async () => {
    const topicArn = await loop('looper', 1_000);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'looper',
        DestinationConfig: { OnFailure: { Destination: `${FUNCTIONS}:stopped` } },
      }),
    );
    const recorded = loopStopped(cloud().recorder, 'looper', (chain) =>
      chain.hops.some((hop) => hop.kind === 'invocation' && hop.functionName === 'stopped'),
    );
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '1' }));

    // The run's record: the 17th delivery's invocation is the stop, with the destination under it.
    const { chain, stop } = await recorded;
    expect(stop).toMatchObject({
      from: 'Lambda',
      to: 'Lambda',
      status: 'error',
      count: 16,
      outcome: 'the event goes to its on-failure destination',
      label: 'Recursive loop stopped: looper not run',
    });
    expect(JSON.parse(stop.detail.request ?? '').Records[0].Sns.Message).toBe('17');
    expect(causes(chain, stop).slice(0, 3)).toEqual([
      'delivery Lambda',
      'call SNS',
      'invocation looper',
    ]);
    expect(
      chain.hops.filter((hop) => hop.kind === 'invocation' && hop.functionName === 'looper'),
    ).toHaveLength(16);
    const destination = chain.hops.find(
      (hop) => hop.kind === 'invocation' && hop.functionName === 'stopped',
    );
    expect(destination?.parentId).toBe(stop.id);
    expect(sequenceDiagram(chain).text).toMatch(
      /\n {2}(p\d+)->>\1: loop stopped: looper not run\n {2}\1-->>\1: the event goes to its on-failure destination\n/,
    );

    const [recordedLine = ''] = await logMessages(logs, '/aws/lambda/stopped', 'RECORD ');
    const record = JSON.parse(recordedLine.slice(recordedLine.indexOf('RECORD ') + 7));
    expect(record.requestContext).toMatchObject({
      functionArn: `${FUNCTIONS}:looper:$LATEST`,
      condition: 'RecursiveInvocationException',
      approximateInvokeCount: 0,
    });
    expect(record.requestPayload.Records[0].Sns.Message).toBe('17');
    expect(record.responsePayload).toBeUndefined();

    const loops = await logMessages(logs, '/aws/lambda/looper', 'LOOP ', 16);
    const numbers = loops.map((line) => Number(line.split(' ').at(-2)));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // The chain is carried in the trace header's Lineage, one count per function.
    const last = loops.find((line) => line.includes('LOOP 16 ')) ?? '';
    expect(last).toMatch(
      /Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;Lineage=[0-9a-f]{8}:16/,
    );
    expect(
      notices.some(
        (line) =>
          line.includes(`${FUNCTIONS}:looper`) &&
          line.includes('recursive loop') &&
          line.includes('the event goes to its on-failure destination'),
      ),
    ).toBe(true);
  });

  it('drops the stopped event of a function with no on-failure destination, and the record says so', async () => {
    const topicArn = await loop('dropper', 1_000);
    const recorded = loopStopped(cloud().recorder, 'dropper');
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '1' }));
    const { chain, stop } = await recorded;
    expect(stop.outcome).toBe('the event is dropped (no on-failure destination)');
    expect(stop.detail.response).toBe(
      'dropper ran 16 times in this chain of requests: Lambda stopped its next invocation (RecursiveInvocationsDropped), and the event is dropped (no on-failure destination).',
    );
    // Nothing comes of it: the stop is the chain's last hop, and makes it an error.
    expect(chain.hops.at(-1)).toBe(stop);
    expect(chain.status).toBe('error');
  });

  it('lets the loop go on with RecursiveLoop Allow', async () => {
    const topicArn = await loop('allowed', 20);
    const put = await lambda.send(
      new PutFunctionRecursionConfigCommand({ FunctionName: 'allowed', RecursiveLoop: 'Allow' }),
    );
    expect(put.RecursiveLoop).toBe('Allow');
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '1' }));
    const [twentieth = ''] = await logMessages(logs, '/aws/lambda/allowed', 'LOOP 20 ');
    expect(twentieth).toMatch(/Lineage=[0-9a-f]{8}:20/);
  });

  it('GetFunctionRecursionConfig says Terminate unless told otherwise; other values are refused', async () => {
    const config = await lambda.send(
      new GetFunctionRecursionConfigCommand({ FunctionName: 'stopped' }),
    );
    expect(config.RecursiveLoop).toBe('Terminate');
    await expect(
      lambda.send(
        new PutFunctionRecursionConfigCommand({
          FunctionName: 'stopped',
          RecursiveLoop: 'InvalidValue' as RecursiveLoop,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'InvalidValue' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]",
    });
    await expect(
      lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'nothere' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('a synchronous chain of Lambda invocations', () => {
  it('is refused with RecursiveInvocationException once the function ran 16 times in it', async () => {
    const { model, invocations } = await activeFunction();
    const invoke = (TraceHeader?: string) =>
      model.invoke(REGION, {
        FunctionName: 'echoTest',
        Payload: Buffer.from('{}'),
        RequestId: 'request',
        TraceHeader,
      });
    await invoke();
    const first = invocations[0]?.traceHeader ?? '';
    const [, root, hash] = /Root=([^;]+);.*Lineage=([0-9a-f]{8}):1$/.exec(first) ?? [];
    expect(hash).toBeDefined();
    const sixteenth = `Root=${root};Parent=0123456789abcdef;Sampled=0;Lineage=${hash}:16`;
    await expect(invoke(sixteenth)).rejects.toMatchObject({
      code: 'RecursiveInvocationException',
      statusCode: 400,
    });
    await invoke(`Root=${root};Lineage=${hash}:15`);
    expect(invocations.at(-1)?.traceHeader).toContain(`Root=${root};`);
    expect(invocations.at(-1)?.traceHeader).toMatch(new RegExp(`Lineage=${hash}:16$`));
    model.putFunctionRecursionConfig(REGION, 'echoTest', 'Allow');
    await invoke(sixteenth);
    expect(invocations.at(-1)?.traceHeader).toMatch(new RegExp(`Lineage=${hash}:17$`));
  });

  it("records the stop under the Invoke that asked for it, as Lambda's own step", async () => {
    const recorder = new CallRecorder();
    const stub = stubRuntime();
    const model = new LambdaModel({
      runtime: recordInvocations(stub.runtime, recorder),
      accountId: '000000000000',
      onLoopStopped: recordLoopStops(recorder),
    });
    await model.createFunction(REGION, functionInput());
    await settled();
    // The Invoke as the API records it: a call hop, linked by its request id.
    const invoke = recorder.start<CallHop>({
      kind: 'call',
      service: 'lambda',
      operation: 'Invoke',
      resource: 'echoTest',
      requestId: 'request',
      from: 'You',
      to: 'Lambda',
      label: 'Invoke echoTest',
      detail: {},
    });
    recorder.link('request', { parent: invoke.id, type: 'RequestResponse' });
    const lineage = `Lineage=${/Lineage=([0-9a-f]{8})/.exec(await firstTraceHeader(model, stub))?.[1]}:16`;
    await expect(
      model.invoke(REGION, {
        FunctionName: 'echoTest',
        Payload: Buffer.from('{"n":17}'),
        RequestId: 'request',
        TraceHeader: `Root=1-00000000-000000000000000000000000;${lineage}`,
      }),
    ).rejects.toMatchObject({ code: 'RecursiveInvocationException' });
    recorder.end(invoke, 'error', { httpStatus: 400, errorCode: 'RecursiveInvocationException' });

    const chain = recorder.chain(invoke.chainId);
    expect(chain?.hops.map((hop) => `${hop.kind} ${hop.from}->${hop.to}`)).toEqual([
      'call You->Lambda',
      'loop-stop Lambda->Lambda',
    ]);
    expect(chain?.hops[1]).toMatchObject({
      parentId: invoke.id,
      functionName: 'echoTest',
      outcome: 'the caller gets RecursiveInvocationException',
      detail: { request: '{"n":17}' },
    });
    expect(sequenceDiagram(chain ?? { hops: [] }).text.replace(/\d+ ms/g, 'N ms')).toBe(
      [
        'sequenceDiagram',
        '  participant p0 as You',
        '  participant p1 as Lambda',
        '  p0->>p1: Invoke echoTest',
        '  p1->>p1: loop stopped: echoTest not run',
        '  p1-->>p1: the caller gets RecursiveInvocationException',
        '  p1-->>p0: 400 RecursiveInvocationException, N ms',
      ].join('\n'),
    );
  });
});

/** The trace header of a first invocation of echoTest, which holds its lineage hash. */
async function firstTraceHeader(
  model: LambdaModel,
  stub: ReturnType<typeof stubRuntime>,
): Promise<string> {
  await model.invoke(REGION, {
    FunctionName: 'echoTest',
    Payload: Buffer.from('{}'),
    RequestId: 'first',
  });
  return stub.invocations.at(-1)?.traceHeader ?? '';
}

/**
 * Test support for SNS: a fake Lambda behind SNS's LambdaSubscriberPort that records
 * each invoke and answers as told, an endpoint serving SNS alone for the real SDK
 * client, and the setup of the SNS API tests (sns-api-*.test.ts).
 */
import { CreateTopicCommand, SNSClient, type SNSServiceException } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, vi } from 'vitest';
import { AwsError } from '../../src/server/aws-error.ts';
import { listen } from '../../src/server/http-server.ts';
import { Router } from '../../src/server/router.ts';
import { snsService } from '../../src/services/sns/api.ts';
import { SnsModel } from '../../src/services/sns/model.ts';
import type { LambdaSubscriberPort } from '../../src/services/sns/ports.ts';
import { failure as rejection } from './failure.ts';
import { CREDENTIALS, REGION } from './local-cloud.ts';

export const ACCOUNT = '000000000000';
export const ECHO_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echoTest`;

/** The error a call fails with, to assert its class, code, message and status. */
export const failure = rejection<SNSServiceException>;

export interface Invoke {
  readonly principal: string;
  /** The topic's ARN. */
  readonly sourceArn: string;
  readonly functionArn: string;
  /** The event, parsed. */
  readonly event: unknown;
  readonly at: number;
}

/** Accepts every invoke unless told otherwise with `answer`. */
export class FakeLambda implements LambdaSubscriberPort {
  readonly invokes: Invoke[] = [];
  /** How Lambda answers the nth invoke (0-based): resolve to accept, reject to refuse. */
  answer: (invoke: Invoke, index: number) => Promise<void> = async () => {};

  invokeAsService(input: {
    principal: string;
    sourceArn: string;
    functionArn: string;
    event: string;
  }): Promise<void> {
    const invoke = { ...input, event: JSON.parse(input.event) as unknown, at: Date.now() };
    this.invokes.push(invoke);
    return this.answer(invoke, this.invokes.length - 1);
  }

  /** Waits (up to 10 s) until at least `count` invokes arrived. */
  async received(count: number): Promise<Invoke[]> {
    await vi.waitFor(() => {
      if (this.invokes.length < count)
        throw new Error(`${this.invokes.length} of ${count} invokes`);
    }, 10_000);
    return this.invokes;
  }
}

/** Lambda's refusal, as the Lambda side of the port raises it. */
export function lambdaError(code: string, statusCode: number, message = code): AwsError {
  return new AwsError(code, message, statusCode);
}

/** An endpoint serving the model's SNS API, and an SDK client for it. */
export async function snsEndpoint(model: SnsModel, region = REGION) {
  const server = await listen(new Router([snsService(model)]), 0);
  const client = new SNSClient({
    endpoint: `http://127.0.0.1:${server.port}`,
    region,
    credentials: CREDENTIALS,
  });
  return {
    client,
    port: server.port,
    async close() {
      client.destroy();
      await server.close();
    },
  };
}

/**
 * An SNS model delivering to a FakeLambda, served for the file's tests (and
 * stopped after them): `sns()` is the SDK client, `newTopic` creates a topic.
 */
export function useSnsApi() {
  const lambda = new FakeLambda();
  const model = new SnsModel({ accountId: ACCOUNT, lambda, retryDelaysMs: [] });
  let endpoint: Awaited<ReturnType<typeof snsEndpoint>>;
  const sns = () => endpoint.client;

  beforeAll(async () => {
    endpoint = await snsEndpoint(model);
  });
  afterAll(async () => {
    model.stop();
    await endpoint.close();
  });

  async function newTopic(name: string): Promise<string> {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: name }));
    return TopicArn ?? '';
  }

  return { lambda, model, sns, newTopic, port: () => endpoint.port };
}

/**
 * Test support for SNS: a fake Lambda behind SNS's LambdaSubscriberPort that records
 * each invoke and answers as told, and an endpoint serving SNS alone for the real SDK client.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { vi } from 'vitest';
import { AwsError } from '../../src/server/aws-error.ts';
import { listen } from '../../src/server/http-server.ts';
import { Router } from '../../src/server/router.ts';
import { snsService } from '../../src/services/sns/api.ts';
import type { SnsModel } from '../../src/services/sns/model.ts';
import type { LambdaSubscriberPort } from '../../src/services/sns/ports.ts';
import { CREDENTIALS, REGION } from './local-cloud.ts';

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

  /** Waits (up to 2 s) until at least `count` invokes arrived. */
  async received(count: number): Promise<Invoke[]> {
    await vi.waitFor(() => {
      if (this.invokes.length < count)
        throw new Error(`${this.invokes.length} of ${count} invokes`);
    }, 2_000);
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

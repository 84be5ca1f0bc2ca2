/**
 * Step 8.3 on the aws target with every request mocked: the reserved concurrency is taken off
 * again even when the fan-out fails, so that a failed step does not leave the worker limited.
 */
import {
  DeleteFunctionConcurrencyCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { printedBy, workshopOn } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reservedConcurrencyStep } from '../src/chapter.ts';

vi.mock(import('../src/deploy.ts'), async (importOriginal) => ({
  ...(await importOriginal()),
  deployFanOut: vi.fn(async () => []),
}));

const lambda = mockClient(LambdaClient);
beforeEach(() => lambda.reset());

describe('step 8.3', () => {
  it('reserves 2 for the prefixed worker, and takes the limit off even when the fan-out fails', async () => {
    lambda.on(PutFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 2 });
    lambda.on(DeleteFunctionConcurrencyCommand).resolves({});
    const throttled = new TooManyRequestsException({
      message: 'Rate Exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
    lambda.on(InvokeCommand).rejects(throttled);
    const run = printedBy(() => reservedConcurrencyStep.run(workshopOn('aws', { prefix: 'ana' })));
    await expect(run).rejects.toBe(throttled);
    expect(lambda).toHaveReceivedCommandWith(PutFunctionConcurrencyCommand, {
      FunctionName: 'ana-worker',
      ReservedConcurrentExecutions: 2,
    });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'ana-splitter' });
    expect(lambda).toHaveReceivedCommandWith(DeleteFunctionConcurrencyCommand, {
      FunctionName: 'ana-worker',
    });
    const sent = lambda.calls().map((call) => call.args[0].constructor.name);
    expect(sent.at(-1)).toBe('DeleteFunctionConcurrencyCommand');
  });
});

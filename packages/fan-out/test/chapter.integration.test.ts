/**
 * Chapter 8 on a real local cloud: the splitter's asynchronous invokes run the workers at the
 * same time, their results reach the collector through the OnSuccess destination, and a
 * reserved concurrency holds the workers to it without losing a part (the full output is
 * docs/08's, which `pnpm docs:check` compares with a real run).
 */
import { GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { chapter, deployStep, fanOutStep, reservedConcurrencyStep } from '../src/chapter.ts';
import { deployFanOut } from '../src/deploy.ts';
import { fanOut, mostAtOnce } from '../src/run.ts';

/** 1² + 2² + ... + 100². */
const TOTAL = 338350;

describe('chapter 8 on the local cloud', () => {
  it('fans out, gathers every result, and holds the workers to their reserved concurrency', async () => {
    await withLocalWorkshop(async (workshop) => {
      expect(await stepOutput(workshop, deployStep)).toContain(
        "worker's asynchronous runs that succeed go to its OnSuccess destination, collector",
      );

      const fanned = await stepOutput(workshop, fanOutStep);
      expect(
        fanned.match(new RegExp(`5 results reached the collector, total ${TOTAL}`, 'g')),
      ).toHaveLength(2);
      expect(fanned).toContain(`One after another:  total ${TOTAL}, in `);

      const limited = await stepOutput(workshop, reservedConcurrencyStep);
      expect(limited).toContain(`5 results reached the collector, total ${TOTAL}`);
      const most = Number(/At most (\d+) parts ran at the same time/.exec(limited)?.[1]);
      expect(most).toBeGreaterThanOrEqual(1);
      expect(most).toBeLessThanOrEqual(2);
      // The step takes its limit off again.
      const lambda = new LambdaClient(workshop.clientConfig);
      const { ReservedConcurrentExecutions } = await lambda.send(
        new GetFunctionConcurrencyCommand({ FunctionName: 'worker' }),
      );
      expect(ReservedConcurrentExecutions).toBeUndefined();

      expect(await chapter.cleanup(workshop)).toEqual([
        'Lambda function splitter',
        'log group /aws/lambda/splitter',
        'IAM role splitter-role',
        'Lambda function worker',
        'log group /aws/lambda/worker',
        'IAM role worker-role',
        'Lambda function collector',
        'log group /aws/lambda/collector',
        'IAM role collector-role',
      ]);
      expect(await chapter.cleanup(workshop)).toEqual([]);
    });
  });

  it('runs the parts of a fan-out at the same time, with a prefix too', async () => {
    await withLocalWorkshop(async (workshop) => {
      await deployFanOut(workshop, false);
      const names = { splitter: 'ana-splitter', collector: 'ana-collector' };
      await fanOut(workshop.clientConfig, names, 4, 100);
      const warm = await fanOut(workshop.clientConfig, names, 4, 100);
      expect(warm.results.map((result) => result.part)).toEqual([1, 2, 3, 4]);
      expect(warm.total).toBe(TOTAL);
      expect(mostAtOnce(warm.results)).toBeGreaterThanOrEqual(2);
    }, 'ana');
  });
});

import { chapterUsage, stepTitle } from '@l2l/workshop';
import { workshopOn } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { chapter } from '../src/chapter.ts';

describe('chapter 4', () => {
  it('has the walkthrough steps in its order, then the alias lessons', () => {
    expect(chapter.steps.map((step) => [step.name, stepTitle(step)])).toEqual([
      ['subscribe', "4.1 Create the topic testSns and subscribe echoTest's alias live to it"],
      ['publish-test', "4.2 Publish the console's test message to testSns"],
      ['publish-from-code', '4.3 Publish to testSns from code'],
      [
        'subscribe-latest',
        '4.4 Subscribe echoTest itself too, which the permission does not cover',
      ],
      ['move-alias', "4.5 Publish echoTest's code as a version and move live to it"],
    ]);
  });

  it('lists, for the confirmation on AWS, the topic and the function each step may create', () => {
    const workshop = workshopOn('aws', { prefix: 'ana' });
    for (const step of chapter.steps) {
      expect(step.creates?.(workshop)).toEqual([
        'SNS topic ana-testSns (billed per million publishes)',
        'IAM role ana-echoTest-role (Lambda may write logs)',
        'Lambda function ana-echoTest (nodejs24.x; billed per invocation)',
      ]);
    }
  });

  it('tells to run each script with `run`, and lists start and every step', () => {
    const usage = chapterUsage(chapter);
    expect(usage).toContain('Usage: pnpm --filter @l2l/sns-route run <script> [options]');
    expect(usage).toContain('  start              the whole chapter, step by step\n');
    expect(usage).toContain('  subscribe          deploy echoTest if needed, create the topic');
  });
});

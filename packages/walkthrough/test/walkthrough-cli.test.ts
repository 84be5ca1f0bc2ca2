/**
 * The walkthrough's command line: `--step` waits for nothing without a terminal, and on
 * `--target aws` a "no" to the confirmation stops it before any step runs. STS is mocked
 * and every step's `run` is replaced: nothing reaches AWS.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chapters } from '../src/walkthrough.ts';
import { runWalkthroughCli } from '../src/walkthrough-cli.ts';

/** The prompts of `--step` and of the confirmation on AWS, with the learner's answer. */
const prompt = vi.hoisted(() => ({ answer: '', asked: [] as string[] }));
vi.mock('node:readline/promises', () => ({
  createInterface: () => ({
    question: async (query: string) => {
      prompt.asked.push(query);
      return prompt.answer;
    },
    close: () => {},
  }),
}));

const sts = mockClient(STSClient);
const steps = chapters.flatMap((chapter) => chapter.steps);
let stdout: string[];
let stderr: string[];
const isTTY = process.stdin.isTTY;

beforeEach(() => {
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  vi.stubEnv('AWS_REGION', TARGETS.aws.region);
  vi.stubEnv('CI', undefined);
  prompt.asked = [];
  stdout = [];
  stderr = [];
  vi.spyOn(console, 'log').mockImplementation((...args) => void stdout.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args) => void stderr.push(args.join(' ')));
  for (const step of steps) vi.spyOn(step, 'run').mockResolvedValue();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.stdin.isTTY = isTTY;
  process.exitCode = undefined;
});

describe('the walkthrough command line', () => {
  it('runs every step without waiting with --step when no terminal is there to answer', async () => {
    process.stdin.isTTY = false;
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes']);
    expect(prompt.asked).toEqual([]);
    for (const step of steps) expect(step.run).toHaveBeenCalledOnce();
    expect(stdout.at(-1)).toMatch(/\n {2}Total\s+\d+\.\d\d s$/);
    expect(process.exitCode).toBeUndefined();
  });

  it('waits for Enter before each chapter but the first with --step in a terminal', async () => {
    process.stdin.isTTY = true;
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes']);
    expect(prompt.asked).toEqual(
      chapters.slice(1).map((chapter) => `\nNext: ${chapter.title}. Press Enter to go on. `),
    );
  });

  it.each(['n', ''])(
    'on AWS, shows what it would create and stops before any step when the answer is %j',
    async (answer) => {
      process.stdin.isTTY = true;
      prompt.answer = answer;
      await runWalkthroughCli(['--target', 'aws']);
      expect(prompt.asked).toEqual(['Create them? [y/N] ']);
      expect(stderr[0]).toMatch(
        /^This creates resources in AWS account 123456789012, region eu-west-1:\n {2}- /,
      );
      expect(stderr[0]).toContain('  - Kinesis stream testKinesis');
      expect(stderr.at(-1)).toBe('\nNothing was created.');
      for (const step of steps) expect(step.run).not.toHaveBeenCalled();
      expect(process.exitCode).toBe(1);
    },
  );

  it('on AWS, runs the steps once the answer is yes', async () => {
    process.stdin.isTTY = true;
    prompt.answer = 'y';
    await runWalkthroughCli(['--target', 'aws']);
    for (const step of steps) expect(step.run).toHaveBeenCalledOnce();
    expect(process.exitCode).toBeUndefined();
  });

  it('exits with 2 for an argument it does not know, and shows the usage', async () => {
    await runWalkthroughCli(['start']);
    expect(stderr[0]).toBe("\nUsage: unexpected argument 'start'");
    expect(stderr[1]).toMatch(/^\nUsage: pnpm start \[--step\] \[options\]/);
    expect(sts.calls()).toHaveLength(0);
    expect(process.exitCode).toBe(2);
  });
});

/**
 * runChapterCli, the command line of every chapter package: help, usage errors (exit
 * code 2), a step's failure (exit code 1). On the aws target with STS mocked: no cloud.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Chapter, chapterUsage, runChapterCli, type Step } from '../src/steps.ts';
import { WorkshopError } from '../src/workshop.ts';

const sts = mockClient(STSClient);
let stdout: string[];
let stderr: string[];

beforeEach(() => {
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  stdout = [];
  stderr = [];
  vi.spyOn(console, 'log').mockImplementation((...args) => void stdout.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args) => void stderr.push(args.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

const ran: string[] = [];
const step = (name: string, run: () => Promise<void>): Step => ({
  name,
  title: `9.1 ${name}`,
  summary: `the ${name} step`,
  run: async () => {
    ran.push(name);
    await run();
  },
});
const chapter: Chapter = {
  packageName: '@l2l/example',
  title: 'Chapter 9: an example',
  steps: [
    step('first', async () => console.log('first ran')),
    step('failing', async () => {
      throw new WorkshopError('The step failed, and says why.');
    }),
  ],
  cleanup: async () => ['Lambda function echoTest'],
};
beforeEach(() => {
  ran.length = 0;
});

describe('runChapterCli', () => {
  it('prints the usage for --help, and opens no workshop', async () => {
    await runChapterCli(chapter, ['--help']);
    expect(stdout).toEqual([chapterUsage(chapter)]);
    expect(stdout[0]).toContain('  failing  the failing step');
    expect(stdout[0]).toContain(
      "  --trace FILE.html   on the local cloud, write the run's chains of calls to\n",
    );
    expect(sts.calls()).toHaveLength(0);
    expect(process.exitCode).toBeUndefined();
  });

  it.each([
    [['--bogus'], "Usage: unknown option '--bogus'"],
    [['--prefix', ''], 'Usage: --prefix needs a name, e.g. --prefix ana'],
    [['nope'], "Usage: no step named 'nope'"],
    [['first', 'failing'], "Usage: unexpected argument 'failing'"],
    [['--trace', 'run.txt'], "Usage: --trace takes a file name ending in .html, got 'run.txt'"],
    [
      ['--trace', 'run.html', '--target', 'aws'],
      'Usage: --trace records what the local cloud sees: it has nothing to read on AWS',
    ],
  ])('exits with 2 for %j, saying what is wrong, then the usage', async (argv, message) => {
    await runChapterCli(chapter, argv);
    expect(process.exitCode).toBe(2);
    expect(stderr[0]).toBe(`\n${message}`);
    expect(stderr[1]).toBe(`\n${chapterUsage(chapter)}`);
    expect(ran).toEqual([]);
    expect(sts.calls()).toHaveLength(0);
  });

  it('lists start in the usage, even for a chapter of one step', () => {
    expect(chapterUsage(chapter)).toContain('  start    the whole chapter, step by step\n');
    const oneStep = { ...chapter, steps: chapter.steps.slice(0, 1) };
    expect(chapterUsage(oneStep)).toContain(
      '  start    the whole chapter, which is this one step:\n  first    the first step\n',
    );
  });

  it('shows the names in a heading as the prefix makes them', async () => {
    const named = { ...step('first', async () => {}), title: '9.1 Deploy {echoTest}' };
    await runChapterCli({ ...chapter, steps: [named] }, ['--target', 'aws', '--prefix', 'ana']);
    expect(stdout).toEqual(['\n── 9.1 Deploy ana-echoTest ──']);
  });

  it('runs one step by name, under its heading', async () => {
    await runChapterCli(chapter, ['first', '--target', 'aws']);
    expect(stdout).toEqual(['\n── 9.1 first ──', 'first ran']);
    expect(ran).toEqual(['first']);
    expect(process.exitCode).toBeUndefined();
  });

  it('exits with 1 when a step fails, after the steps before it, saying what went wrong', async () => {
    await runChapterCli(chapter, ['--target', 'aws']);
    expect(ran).toEqual(['first', 'failing']);
    expect(stderr).toEqual(['\nThe step failed, and says why.']);
    expect(process.exitCode).toBe(1);
  });

  it('runs the clean-up for `cleanup`, and lists what it removed', async () => {
    await runChapterCli(chapter, ['cleanup', '--target', 'aws']);
    expect(stdout).toEqual(['Removed:\n  - Lambda function echoTest']);
    expect(ran).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });
});

/**
 * The walkthrough's command line: `--step` waits for nothing without a terminal (and says so),
 * and in one pauses before every chapter, reading keys from a stand-in terminal; on
 * `--target aws` a "no" to the confirmation stops it before any step runs. STS is mocked
 * and every step's `run` is replaced: nothing reaches AWS. `--trace` writes what a local cloud
 * heard (its content is tested in @l2l/local-cloud, test/live-view-browser.test.ts).
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalCloud } from '@l2l/local-cloud';
import { TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chapters } from '../src/walkthrough.ts';
import { runWalkthroughCli, type Terminal } from '../src/walkthrough-cli.ts';

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

/**
 * A terminal that answers each `--step` prompt with the next of `answers` (Enter once they run
 * out), and records what was written, the raw mode it was put in, and calls to exit.
 */
function fakeTerminal(answers: string[] = []) {
  const input = Object.assign(new EventEmitter(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(raw: boolean) {
      input.rawModes.push(raw);
    },
    resume() {},
    pause() {},
    type(keys: string) {
      input.emit('data', Buffer.from(keys));
    },
  });
  const prompts: string[] = [];
  const exits: number[] = [];
  const output = {
    write(text: string) {
      if (text.includes('Press Enter')) {
        prompts.push(text);
        const answer = answers.shift() ?? '\r';
        setImmediate(() => input.type(answer));
      }
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const terminal: Terminal = { input, output, exit: (code) => void exits.push(code) };
  return { terminal, input, prompts, exits };
}

const ranSteps = () => steps.filter((step) => vi.mocked(step.run).mock.calls.length > 0);

describe('the walkthrough command line', () => {
  it('runs every step without waiting with --step when no terminal is there, and says so', async () => {
    const { terminal, prompts } = fakeTerminal();
    Object.assign(terminal.input, { isTTY: false });
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes'], terminal);
    expect(prompts).toEqual([]);
    expect(stderr).toContain(
      '--step is ignored: there is no terminal to wait in (CI, or input from a pipe), so the chapters run one after another.',
    );
    for (const step of steps) expect(step.run).toHaveBeenCalledOnce();
    expect(stdout.at(-1)).toMatch(/\n {2}Total\s+\d+\.\d\d s$/);
    expect(process.exitCode).toBeUndefined();
  });

  it('with --step in a terminal, pauses before every chapter, the first too, and says how to stop', async () => {
    const { terminal, input, prompts } = fakeTerminal();
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes'], terminal);
    expect(prompts).toEqual(
      chapters.map(
        (chapter) => `\nNext: ${chapter.title}.\nPress Enter to run it, or q (or Ctrl-C) to stop. `,
      ),
    );
    for (const step of steps) expect(step.run).toHaveBeenCalledOnce();
    // Raw mode while it runs, and the terminal given back at the end.
    expect(input.rawModes).toEqual([true, false]);
  });

  it.each([
    ['q', 'q'],
    ['Ctrl-C', '\u0003'],
  ])('stops cleanly at a pause on %s: no more chapters, exit status 0', async (_name, key) => {
    const { terminal } = fakeTerminal(['\r', key]);
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes'], terminal);
    expect(ranSteps()).toEqual(chapters[0]?.steps);
    expect(stdout.at(-1)).toBe(`Stopped before ${chapters[1]?.title}.`);
    expect(stderr).toEqual([expect.stringMatching(/^This creates resources/)]);
    expect(process.exitCode).toBeUndefined();
  });

  it('drops keys typed while a chapter runs: a q (or an Enter) typed ahead answers no pause', async () => {
    const { terminal, input, prompts } = fakeTerminal();
    for (const step of steps) vi.mocked(step.run).mockImplementation(async () => input.type('q\r'));
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes'], terminal);
    expect(prompts).toHaveLength(chapters.length);
    for (const step of steps) expect(step.run).toHaveBeenCalledOnce();
    expect(stdout.join('\n')).not.toContain('Stopped');
  });

  it('on Ctrl-C while a chapter runs, gives the terminal back and exits with status 0', async () => {
    const { terminal, input, exits } = fakeTerminal();
    vi.mocked(chapters[1]?.steps[0]?.run ?? vi.fn()).mockImplementation(async () =>
      input.type('\u0003'),
    );
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes'], terminal);
    expect(stdout).toContain('\nStopped (Ctrl-C).');
    await vi.waitFor(() => expect(exits).toEqual([0]));
    expect(input.rawModes.slice(0, 2)).toEqual([true, false]);
  });

  it("leaves the time spent at the pauses out of the summary's total", async () => {
    // The clock moves only while a pause waits: a minute each.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const { terminal } = fakeTerminal();
    const write = terminal.output.write.bind(terminal.output);
    Object.assign(terminal.output, {
      write(text: string) {
        if (text.includes('Press Enter')) clock += 60_000;
        return write(text);
      },
    });
    await runWalkthroughCli(['--step', '--target', 'aws', '--yes'], terminal);
    expect(stdout.at(-1)).toMatch(/\n {2}Total\s+0\.00 s$/);
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
    expect(stderr[1]).toMatch(/^\nUsage: pnpm start \[--step\] \[--trace FILE\.html\] \[options\]/);
    expect(sts.calls()).toHaveLength(0);
    expect(process.exitCode).toBe(2);
  });

  it('refuses --trace with a file that is not .html, and on AWS, where there is no live view', async () => {
    await runWalkthroughCli(['--trace', 'run.txt']);
    expect(stderr[0]).toBe("\nUsage: --trace takes a file name ending in .html, got 'run.txt'");
    expect(process.exitCode).toBe(2);
    stderr = [];
    await runWalkthroughCli(['--trace', 'run.html', '--target', 'aws', '--yes']);
    expect(stderr[0]).toBe(
      '\nUsage: --trace records what the local cloud sees: it has nothing to read on AWS',
    );
    for (const step of steps) expect(step.run).not.toHaveBeenCalled();
  });

  it('with --trace on a local cloud, writes the run as a page and as Markdown', async () => {
    const cloud = await startLocalCloud({ port: 0 });
    const folder = mkdtempSync(path.join(tmpdir(), 'l2l-trace-'));
    try {
      const htmlFile = path.join(folder, 'run.html');
      await runWalkthroughCli(['--trace', htmlFile, '--endpoint', cloud.endpoint]);
      expect(process.exitCode).toBeUndefined();
      expect(stdout.at(-1)).toBe(
        `\nThe run's chains of calls: ${htmlFile} (open it in a browser) and ${path.join(folder, 'run.md')} (Mermaid).`,
      );
      expect(readFileSync(htmlFile, 'utf8')).toContain(
        '<script type="application/json" id="recorded-run">',
      );
      expect(readFileSync(path.join(folder, 'run.md'), 'utf8')).toMatch(/^# The chains of a run\n/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await cloud.stop();
    }
  }, 60_000);
});

import { stepTitle } from '@l2l/workshop';
import { maskOutput, printedBy, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { chapters, runWalkthrough, summary } from '../src/walkthrough.ts';

describe('the walkthrough', () => {
  // Ten chapters, twice: longer than the 30 s a test gets by default on a busy 2-core machine.
  it('runs every chapter in order under its heading, twice in a row on the same cloud', {
    timeout: 120_000,
  }, async () => {
    await withLocalWorkshop(async (workshop) => {
      for (const run of [1, 2]) {
        const output = maskOutput(
          await printedBy(async () => void (await runWalkthrough(workshop))),
        );
        const headings = output.split('\n').filter((line) => /^(═══|──) /.test(line));
        expect(headings, `run ${run}`).toEqual(
          chapters.flatMap((chapter) => [
            `═══ ${chapter.title} ═══`,
            ...chapter.steps.map((step) => `── ${stepTitle(step)} ──`),
          ]),
        );
      }
    });
  });

  it('ends with a summary of every step and the total', () => {
    const [first, second] = chapters;
    if (!first?.steps[0] || !second?.steps[0]) throw new Error('expected two chapters with steps');
    const text = summary(
      [
        { chapter: first, steps: [{ step: first.steps[0], milliseconds: 50 }] },
        { chapter: second, steps: [{ step: second.steps[0], milliseconds: 1234.5 }] },
      ],
      1500,
    );
    expect(text.split('\n')).toEqual([
      '',
      'Summary',
      expect.stringMatching(/^ {2}1\.1 Deploy the echo callee as echoTest\s+0\.05 s$/),
      expect.stringMatching(/^ {2}2\.1 Invoke echoTest synchronously\s+1\.23 s$/),
      expect.stringMatching(/^ {2}Total\s+1\.50 s$/),
    ]);
  });
});

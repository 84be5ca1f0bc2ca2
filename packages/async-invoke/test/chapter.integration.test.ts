/**
 * Chapter 1.3 on a real local cloud: what each call's log says of the start (the full
 * output is docs/03's, which `pnpm docs:check` compares with a real run).
 */
import type { Workshop } from '@l2l/workshop';
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { invokeAgainStep, invokeStep } from '../src/chapter.ts';

/** Runs the step: echoTest was called with Event and logged the event; returns which start it was. */
async function startOf(workshop: Workshop, step: typeof invokeStep): Promise<string | undefined> {
  const output = await stepOutput(workshop, step);
  expect(output).toContain("{ StatusCode: 202, Payload: '' }");
  expect(output).toMatch(/\tINFO\t\{ id: '1', name: 'Luna' \}\n/);
  return /^Log of this call: a (cold|warm) start/m.exec(output)?.[1];
}

describe('chapter 1.3 on the local cloud', () => {
  it('logs a cold start, then a warm one, and the same on a second run', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (let run = 1; run <= 2; run++) {
        // The second run updates echoTest, warm from the first: invoke is a cold start again.
        expect(await startOf(workshop, invokeStep), `run ${run}`).toBe('cold');
        expect(await startOf(workshop, invokeAgainStep), `run ${run}`).toBe('warm');
      }
    });
  });

  it('invoke-again on its own deploys echoTest, and says that its call was a cold start', async () => {
    await withLocalWorkshop(async (workshop) => {
      expect(await startOf(workshop, invokeAgainStep)).toBe('cold');
    });
  });
});

/**
 * Chapter 3 on a real local cloud: what each call's log says of the start (the full
 * output is docs/03's, which `pnpm docs:check` compares with a real run).
 */
import { deployCallee } from '@l2l/echo-callee';
import type { Step, Workshop } from '@l2l/workshop';
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { invokeAsyncStep, invokeSyncStep } from '../src/chapter.ts';

/** Runs the step: echoTest answered and logged the event; returns which start it was. */
async function startOf(workshop: Workshop, step: Step): Promise<string | undefined> {
  const output = await stepOutput(workshop, step);
  expect(output).toContain(
    step === invokeSyncStep
      ? `{ StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' }`
      : "{ StatusCode: 202, Payload: '' }",
  );
  expect(output).toMatch(/\tINFO\t\{ id: '1', name: 'Luna' \}\n/);
  return /^Log of this call: a (cold|warm) start/m.exec(output)?.[1];
}

describe('chapter 3 on the local cloud', () => {
  it('logs a cold start, then a warm one, and the same on a second run', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (let run = 1; run <= 2; run++) {
        // The second run updates echoTest, warm from the first: invoke-sync is a cold start again.
        expect(await startOf(workshop, invokeSyncStep), `run ${run}`).toBe('cold');
        expect(await startOf(workshop, invokeAsyncStep), `run ${run}`).toBe('warm');
      }
    });
  });

  it('invoke-async on its own deploys echoTest, and says that its call was a cold start', async () => {
    await withLocalWorkshop(async (workshop) => {
      expect(await startOf(workshop, invokeAsyncStep)).toBe('cold');
    });
  });

  it("invoke-async after step 5.3's decoder puts the echo code back, and its call succeeds", async () => {
    await withLocalWorkshop(async (workshop) => {
      await deployCallee(workshop, 'kinesis-decode');
      expect(await startOf(workshop, invokeAsyncStep)).toBe('cold');
    });
  });
});

/**
 * Chapter 2 on a real local cloud: echoTest answers with the event it got (the full
 * output is docs/02's, which `pnpm docs:check` compares with a real run).
 */
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { invokeStep } from '../src/chapter.ts';

describe('chapter 2 on the local cloud', () => {
  it('gets the event back from echoTest, and again on a second run', async () => {
    await withLocalWorkshop(async (workshop) => {
      // The step deploys echoTest first; the second time it updates it.
      for (let run = 1; run <= 2; run++) {
        expect(await stepOutput(workshop, invokeStep), `run ${run}`).toContain(
          `{ StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' }`,
        );
      }
    });
  });
});

/**
 * Chapter 10 on a real local cloud: a function that publishes to the topic it is subscribed to
 * runs 16 times in one chain; Lambda stops the 17th invocation and sends its event to the
 * on-failure destination (the full output is docs/10's, which `pnpm docs:check` compares with
 * a real run).
 */
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { chapter, loopStep } from '../src/chapter.ts';

describe('chapter 10 on the local cloud', () => {
  it('stops the loop after 16 runs, twice in a row, and cleans up', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (let run = 1; run <= 2; run++) {
        const output = await stepOutput(workshop, loopStep);
        expect(output, `run ${run}`).toContain("looper's recursive loop detection: Terminate");
        expect(output, `run ${run}`).toContain('looper ran 16 times in this loop (hops 1 to 16)');
        expect(output, `run ${run}`).toMatch(/^not run: \{"loopId":"[0-9a-f-]{36}","hop":17\}$/m);
      }
      const removed = await chapter.cleanup(workshop);
      expect(removed).toEqual(
        expect.arrayContaining([
          'SNS topic loopSns',
          'Lambda function looper',
          'IAM role looper-role',
          'Lambda function loop-stopped',
        ]),
      );
      expect(await chapter.cleanup(workshop)).toEqual([]);
    });
  });
});

import { maskOutput, stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { invokeAgainStep, invokeStep } from '../src/chapter.ts';

const report =
  'REPORT RequestId: <uuid>\tDuration: <n> ms\tBilled Duration: <n> ms\tMemory Size: 128 MB\tMax Memory Used: <n> MB';
const coldStart = `{ StatusCode: 202, Payload: '' }
Log of this call: a cold start (REPORT has an Init Duration)
START RequestId: <uuid> Version: $LATEST
<time>\t<uuid>\tINFO\t{ id: '1', name: 'Luna' }
END RequestId: <uuid>
${report}\tInit Duration: <n> ms
`;
const warmStart = `{ StatusCode: 202, Payload: '' }
Log of this call: a warm start (REPORT has no Init Duration)
START RequestId: <uuid> Version: $LATEST
<time>\t<uuid>\tINFO\t{ id: '1', name: 'Luna' }
END RequestId: <uuid>
${report}
`;

describe('chapter 1.3 on the local cloud', () => {
  it('prints a cold start, then a warm one, and the same on a second run', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (let run = 1; run <= 2; run++) {
        // The second run updates echoTest, warm from the first: invoke is a cold start again.
        expect(maskOutput(await stepOutput(workshop, invokeStep))).toBe(
          `\n── 1.3 Invoke echoTest asynchronously ──\n${coldStart}`,
        );
        expect(maskOutput(await stepOutput(workshop, invokeAgainStep))).toBe(
          `\n── 1.3 Invoke echoTest asynchronously again ──\n${warmStart}`,
        );
      }
    });
  });

  it('invoke-again on its own deploys echoTest, and says that its call was a cold start', async () => {
    await withLocalWorkshop(async (workshop) => {
      expect(maskOutput(await stepOutput(workshop, invokeAgainStep))).toBe(
        `\n── 1.3 Invoke echoTest asynchronously again ──\n${coldStart}`,
      );
    });
  });
});

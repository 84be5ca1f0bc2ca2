import { maskOutput, stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { invokeStep } from '../src/chapter.ts';

describe('chapter 1.2 on the local cloud', () => {
  it('prints what the walkthrough prints, and again on a second run', async () => {
    await withLocalWorkshop(async (workshop) => {
      const expected = `
── 1.2 Invoke echoTest synchronously ──
{ StatusCode: 200, Payload: '{"id":"1","name":"Luna"}' }
`;
      expect(maskOutput(await stepOutput(workshop, invokeStep))).toBe(expected);
      // The step deploys echoTest first; the second time it updates it.
      expect(maskOutput(await stepOutput(workshop, invokeStep))).toBe(expected);
    });
  });
});

/**
 * Chapter 9 on a real local cloud: the fronts answer a plain HTTP GET on their Function URLs,
 * and the visit front handed over asynchronously reaches the recorder's log after the answer
 * (the full output is docs/09's, which `pnpm docs:check` compares with a real run).
 */
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { callUrl } from '../src/call-url.ts';
import { callUrlStep, chapter, deployStep } from '../src/chapter.ts';
import { deployFronts } from '../src/deploy.ts';

describe('chapter 9 on the local cloud', () => {
  it('answers through both URLs, and the recorder logs the visit', async () => {
    await withLocalWorkshop(async (workshop) => {
      const deployed = await stepOutput(workshop, deployStep);
      expect(deployed).toMatch(
        /^front: {8}http:\/\/127\.0\.0\.1:\d+\/lambda-url\/[a-z0-9]{32}\/ /m,
      );

      const called = await stepOutput(workshop, callUrlStep);
      const answered = [...called.matchAll(/^(front(?:-inline)?) +200 (\{.*\}) in \d+ ms$/gm)];
      expect(answered.map((match) => match[1])).toEqual(['front-inline', 'front']);
      const { visitId } = JSON.parse(answered[1]?.[2] ?? '{}') as { visitId: string };
      expect(called).toContain(`recorded {"visitId":"${visitId}","user":"luna","path":"/resume"`);

      expect(await chapter.cleanup(workshop)).toContain('Lambda function front');
      expect(await chapter.cleanup(workshop)).toEqual([]);
    });
  });

  it('keeps its URLs on a second deploy, with a prefix too', async () => {
    await withLocalWorkshop(async (workshop) => {
      const first = await deployFronts(workshop, true);
      const second = await deployFronts(workshop, true);
      expect(second).toEqual(first);
      const answer = await callUrl(first.front);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ user: 'luna' });
    }, 'ana');
  });
});

/**
 * The policy docs/running-on-aws.md gives a least-privilege learner, proven offline: the
 * whole walkthrough and its clean-up run on a local cloud that holds the workshop's key as
 * an IAM user with exactly that policy, so every call a step makes must be allowed by it,
 * as on AWS; and without one of its permissions, the step that needs it fails as on AWS.
 */
import { readFile } from 'node:fs/promises';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runCleanup, type Workshop } from '@l2l/workshop';
import {
  type PolicyDocument,
  type PolicyStatement,
  printedBy,
  withLocalWorkshop,
} from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import { chapters, runWalkthrough } from '../src/walkthrough.ts';

const DOCS_PAGE = new URL('../../../docs/running-on-aws.md', import.meta.url);
/** The workshop's key on a local cloud (@l2l/workshop). */
const WORKSHOP_KEY = 'test';

/** The JSON block of the page's section on permissions. */
async function documentedPolicy(): Promise<PolicyDocument> {
  const page = await readFile(DOCS_PAGE, 'utf8');
  const section = page.slice(page.indexOf('## The permissions your credentials need'));
  const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (json === undefined) throw new Error(`no JSON policy in ${DOCS_PAGE.pathname}`);
  return JSON.parse(json) as PolicyDocument;
}

/** The policy without one action. */
function without(policy: PolicyDocument, action: string): PolicyDocument {
  const statements = [policy.Statement].flat() as PolicyStatement[];
  return {
    ...policy,
    Statement: statements.map((statement) => ({
      ...statement,
      Action: [statement.Action ?? []].flat().filter((a) => a !== action),
    })),
  };
}

/** Runs `use` on a workshop whose key is the learner `learner` with `policy`. */
function asLearner<T>(policy: PolicyDocument, use: (workshop: Workshop) => Promise<T>) {
  return withLocalWorkshop(use, '', {
    identities: { [WORKSHOP_KEY]: { userName: 'learner', policy } },
  });
}

describe('the documented learner policy', () => {
  it('allows every call of the whole walkthrough and its clean-up', {
    timeout: 120_000,
  }, async () => {
    const policy = await documentedPolicy();
    await asLearner(policy, async (workshop) => {
      const sts = new STSClient(workshop.clientConfig);
      const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
      sts.destroy();
      expect(Arn).toBe('arn:aws:iam::000000000000:user/learner');
      await printedBy(async () => void (await runWalkthrough(workshop)));
      const cleanup = await printedBy(() => runCleanup(workshop, [...chapters].reverse()));
      expect(cleanup).toContain('Removed:');
    });
  });

  it.each([
    ['iam:PassRole', /1\.1/],
    ['lambda:InvokeFunction', /1\.2/],
  ])('without %s fails the step that needs it, as AWS would', async (action) => {
    const policy = without(await documentedPolicy(), action);
    await asLearner(policy, async (workshop) => {
      const error = await printedBy(async () => void (await runWalkthrough(workshop))).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect(error?.name).toBe('AccessDeniedException');
      expect(error?.message).toMatch(
        new RegExp(
          `^User: arn:aws:iam::000000000000:user/learner is not authorized to perform: ${action} on resource: .* because no identity-based policy allows the ${action} action$`,
        ),
      );
    });
  });
});

/**
 * On AWS, nothing billable is created before the learner has seen the account,
 * the region and the list of resources, and said yes (or passed --yes).
 */
import { createInterface } from 'node:readline/promises';
import { type Workshop, WorkshopError } from './workshop.ts';

export async function confirmCreation(
  workshop: Workshop,
  resources: readonly string[],
): Promise<void> {
  if (workshop.options.target !== 'aws' || resources.length === 0) return;
  const plan = [
    `This creates resources in AWS account ${workshop.accountId}, region ${workshop.region}:`,
    ...resources.map((resource) => `  - ${resource}`),
    'Each is tagged workshop=lambda-to-lambda; `pnpm cleanup` removes them all.',
  ].join('\n');
  console.error(plan);
  if (workshop.options.yes) return;
  if (!process.stdin.isTTY) {
    throw new WorkshopError('Nothing was created: run again with --yes to create them.');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question('Create them? [y/N] ');
    if (!/^y(es)?$/i.test(answer.trim())) throw new WorkshopError('Nothing was created.');
  } finally {
    prompt.close();
  }
}

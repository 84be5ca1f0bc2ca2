/** Chapter 2 as steps: `pnpm --filter @l2l/sync-invoke run invoke`, or `start` for all. */
import { deployCallee, deployStep, FUNCTION_NAME, removeCallee } from '@l2l/echo-callee';
import type { Chapter, Step } from '@l2l/workshop';
import { invokeSync } from './invoke-sync.ts';

export const invokeStep: Step = {
  name: 'invoke',
  title: '2.1 Invoke {echoTest} synchronously',
  summary:
    'deploy echoTest if needed, invoke it with { id: "1", name: "Luna" } and print the answer',
  creates: deployStep.creates,
  async run(workshop) {
    await deployCallee(workshop);
    console.log(await invokeSync(workshop.clientConfig, workshop.name(FUNCTION_NAME)));
  },
};

export const chapter: Chapter = {
  packageName: '@l2l/sync-invoke',
  title: 'Chapter 2: invoke a Lambda function synchronously',
  steps: [invokeStep],
  cleanup: removeCallee,
};

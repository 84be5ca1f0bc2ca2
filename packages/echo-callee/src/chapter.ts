/** Step 1.1 on a cloud: `pnpm --filter @l2l/echo-callee run deploy-callee` (and `run cleanup`). */
import type { Chapter } from '@l2l/workshop';
import { deployStep, removeCallee } from './deploy.ts';

export const chapter: Chapter = {
  packageName: '@l2l/echo-callee',
  title: 'Chapter 1: the echo callee, deployed as the Lambda function echoTest',
  steps: [deployStep],
  start: 'call the echo handler on this machine, without a cloud',
  cleanup: removeCallee,
};

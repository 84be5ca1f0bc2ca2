/** `pnpm --filter @l2l/echo-callee deploy` (and `cleanup`): step 1.1 on the local cloud or AWS. */
import { runChapterCli } from '@l2l/workshop';
import { deployStep, removeCallee } from '../deploy.ts';

await runChapterCli({
  packageName: '@l2l/echo-callee',
  title: '1.1 The echo callee, deployed as the Lambda function echoTest',
  steps: [deployStep],
  cleanup: removeCallee,
});

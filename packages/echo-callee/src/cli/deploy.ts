/** `pnpm --filter @l2l/echo-callee run deploy-callee` (and `run cleanup`): step 1.1 on the local cloud or AWS. */
import { runChapterCli } from '@l2l/workshop';
import { chapter } from '../chapter.ts';

await runChapterCli(chapter);

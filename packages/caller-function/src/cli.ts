import { runChapterCli } from '@l2l/workshop';
import { chapter } from './chapter.ts';

await runChapterCli(chapter);

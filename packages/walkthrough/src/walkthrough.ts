/**
 * The whole walkthrough, chapter by chapter, on one workshop (one embedded
 * local cloud, or AWS): what `pnpm start` runs.
 */
import { chapter as asyncInvoke } from '@l2l/async-invoke';
import { chapter as callerFunction } from '@l2l/caller-function';
import { chapter as echoCallee } from '@l2l/echo-callee';
import { chapter as fanOut } from '@l2l/fan-out';
import { chapter as fastAnswer } from '@l2l/fast-answer';
import { chapter as kinesisRoute } from '@l2l/kinesis-route';
import { chapter as loops } from '@l2l/loops';
import { chapter as snsRoute } from '@l2l/sns-route';
import { chapter as syncInvoke } from '@l2l/sync-invoke';
import {
  type Chapter,
  confirmCreation,
  plannedResources,
  runStep,
  type StepTiming,
  stepTitle,
  type Workshop,
} from '@l2l/workshop';

/** In the walkthrough's order. */
export const chapters: readonly Chapter[] = [
  echoCallee,
  syncInvoke,
  asyncInvoke,
  snsRoute,
  kinesisRoute,
  callerFunction,
  fanOut,
  fastAnswer,
  loops,
];

export interface ChapterTiming {
  readonly chapter: Chapter;
  readonly steps: readonly StepTiming[];
}

/**
 * Runs every chapter; `beforeChapter` may pause (a teaching session's `--step`).
 * Returns how long each step took.
 */
export async function runWalkthrough(
  workshop: Workshop,
  beforeChapter: (chapter: Chapter, index: number) => Promise<void> = async () => {},
): Promise<ChapterTiming[]> {
  await confirmCreation(
    workshop,
    plannedResources(
      workshop,
      chapters.flatMap((c) => c.steps),
    ),
  );
  const timings: ChapterTiming[] = [];
  for (const [index, chapter] of chapters.entries()) {
    await beforeChapter(chapter, index);
    console.log(`\n═══ ${chapter.title} ═══`);
    const steps: StepTiming[] = [];
    for (const step of chapter.steps) steps.push(await runStep(workshop, step));
    timings.push({ chapter, steps });
  }
  return timings;
}

/** The closing summary: what ran and how long each step took. */
export function summary(
  timings: readonly ChapterTiming[],
  totalMilliseconds: number,
  name?: (base: string) => string,
): string {
  const rows = timings.flatMap(({ steps }) =>
    steps.map(({ step, milliseconds }) => [stepTitle(step, name), seconds(milliseconds)] as const),
  );
  const width = Math.max(...rows.map(([title]) => title.length));
  return [
    '\nSummary',
    ...rows.map(([title, time]) => `  ${title.padEnd(width)}  ${time.padStart(7)}`),
    `  ${'Total'.padEnd(width)}  ${seconds(totalMilliseconds).padStart(7)}`,
  ].join('\n');
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

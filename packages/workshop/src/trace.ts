/**
 * `--trace FILE.html`, for the walkthrough and every chapter: the local cloud's live view hears
 * the run, and its chains of calls are written to FILE.html (the live view's page, which opens
 * offline) and FILE.md (a Mermaid sequence diagram per chain), by `traceRun` of
 * @l2l/local-cloud/run-trace.
 */
import { NO_TRACE_ON_AWS, UsageError } from './options.ts';
import type { Workshop } from './workshop.ts';

/**
 * Runs `run` and, given a `traceFile`, records its chains of calls on the workshop's local cloud.
 * A run that fails is written too (its chains show where it failed), then its error thrown.
 */
export async function traced<T>(
  workshop: Workshop,
  traceFile: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (traceFile === undefined) return run();
  if (workshop.endpoint === undefined) throw new UsageError(NO_TRACE_ON_AWS);
  // Loaded only here: it reads the local cloud's live view, which AWS does not have.
  const { traceRun } = await import('@l2l/local-cloud/run-trace');
  const trace = await traceRun(workshop.endpoint);
  const write = async () => {
    const written = await trace.finish(traceFile);
    console.log(
      `\nThe run's chains of calls: ${written.htmlFile} (open it in a browser) and ${written.markdownFile} (Mermaid).`,
    );
  };
  let result: T;
  try {
    result = await run();
  } catch (error) {
    // The run's error is the one to report, even if the record cannot be written.
    await write().catch(() => {});
    throw error;
  }
  await write();
  return result;
}

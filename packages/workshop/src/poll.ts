/**
 * Waiting for something the SDK has no waiter for (a trigger becoming Enabled, a
 * log line arriving): ask again and again, soon at first, then less often.
 */
import { WorkshopError } from './workshop.ts';

const FIRST_DELAY_MS = 100;
const LONGEST_DELAY_MS = 5_000;

/**
 * Calls `attempt` until it returns something other than `undefined`, waiting
 * 100 ms after the first try and twice as long after each next one (at most 5 s).
 * Throws once `timeoutMs` have passed, saying it was waiting for `what`.
 */
export async function pollUntil<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, LONGEST_DELAY_MS)) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() + delay > deadline) {
      throw new WorkshopError(`Gave up after ${timeoutMs / 1000} s waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

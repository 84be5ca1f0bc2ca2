/**
 * Chapter 9's recorder: records a visit. The recording is a stand-in, a wait of 50 ms where a
 * real one would write to a database, then a log line with the visit.
 */
import type { Visit } from './front.ts';

export const RECORD_MS = 50;

export async function handler(visit: Visit): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, RECORD_MS));
  console.log(`recorded ${JSON.stringify(visit)}`);
}

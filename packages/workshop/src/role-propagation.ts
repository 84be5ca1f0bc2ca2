/**
 * IAM is eventually consistent: for some seconds after a role is created or given a policy,
 * Lambda may still see the role as it was, and refuse a request that needs it (a function
 * with a new execution role, a trigger whose role has just been allowed to read the stream).
 */
import { pollUntil } from './poll.ts';

/** How long a role's change may take to reach Lambda before the refusal is taken as final. */
export const ROLE_PROPAGATION_MS = 30_000;

/**
 * Sends `request` until Lambda accepts it, again while `roleNotReady(error)` says that the
 * refusal is one of IAM's propagation (`pollUntil`: soon at first, then less often, for up to
 * `ROLE_PROPAGATION_MS`). Any other error is thrown at once; after the last try, Lambda's own
 * refusal is thrown, which says what the role lacks.
 */
export async function whenRoleReachesLambda<T>(
  what: string,
  request: () => Promise<T>,
  roleNotReady: (error: unknown) => boolean,
): Promise<T> {
  let refusal: unknown;
  try {
    return await pollUntil(
      what,
      async () => {
        try {
          return await request();
        } catch (error) {
          // Thrown on: pollUntil throws it as it is.
          refusal = roleNotReady(error) ? error : undefined;
          if (refusal === undefined) throw error;
          return undefined;
        }
      },
      ROLE_PROPAGATION_MS,
    );
  } catch (error) {
    // pollUntil gave up while the role was still refused: Lambda's words say more than its.
    throw refusal ?? error;
  }
}

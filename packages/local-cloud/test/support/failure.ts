/**
 * Test support for asserting errors: the error an SDK call rejects with, or a model call throws.
 */
import type { LambdaServiceException } from '@aws-sdk/client-lambda';

/**
 * A rejected SDK call's error (the SDK's exception class, with `$metadata`), to assert
 * its class, code, message and status; `E` is the service's exception type.
 */
export async function failure<E extends Error = LambdaServiceException>(
  promise: Promise<unknown>,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected the call to fail');
}

/** The error a model's call throws, to assert its code, message and status. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/**
 * Test support for asserting SDK errors: the error a call rejects with.
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

import { DecodingError, LambdaFunctionError } from './errors.ts';

/** What a `safe…` function returns instead of throwing. */
export type SafeResult<Data, Failure = DecodingError> =
  | { success: true; data: Data }
  | { success: false; error: Failure };

/**
 * Runs a throwing decoder of this package and returns the error it threw as a failed result.
 * Any other error is a bug, and is thrown on.
 */
export function toSafeResult<
  Data,
  Failure extends DecodingError | LambdaFunctionError = DecodingError,
>(decode: () => Data): SafeResult<Data, Failure> {
  try {
    return { success: true, data: decode() };
  } catch (error) {
    if (error instanceof DecodingError || error instanceof LambdaFunctionError) {
      return { success: false, error: error as Failure };
    }
    throw error;
  }
}

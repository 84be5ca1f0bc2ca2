/**
 * The error every decoder in this package throws (or returns from its `safe…` form) when its
 * input cannot be decoded. It keeps what went wrong underneath (`cause`, e.g. the `SyntaxError`
 * from `JSON.parse`) and the value it was given (`input`), so a caller can log it or retry it.
 */
export class DecodingError extends Error {
  override readonly name: string = 'DecodingError';
  readonly input: unknown;

  constructor(message: string, options: { input: unknown; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.input = options.input;
  }
}

/** What an invoked function's error payload says about the error. */
export interface FunctionErrorDetails {
  /** `'Unhandled'` for an error the handler threw; older runtimes also reported `'Handled'`. */
  functionError: string;
  statusCode: number | undefined;
  /** The error's class name, e.g. `'TypeError'`; some runtime errors carry none. */
  errorType: string | undefined;
  errorMessage: string;
  /** The stack trace, one line per element; empty when the runtime sends none. */
  trace: string[];
}

/**
 * The callee failed. A synchronous Invoke still answers 200 in that case: the failure is told
 * by the `FunctionError` header, and the payload is `{ errorType, errorMessage, trace }`.
 */
export class LambdaFunctionError extends Error implements FunctionErrorDetails {
  override readonly name: string = 'LambdaFunctionError';
  readonly functionError: string;
  readonly statusCode: number | undefined;
  readonly errorType: string | undefined;
  readonly errorMessage: string;
  readonly trace: string[];
  /** The Invoke result this error was read from. */
  readonly input: unknown;

  constructor(details: FunctionErrorDetails, input: unknown) {
    super(`${details.errorType ?? 'Error'}: ${details.errorMessage}`);
    this.functionError = details.functionError;
    this.statusCode = details.statusCode;
    this.errorType = details.errorType;
    this.errorMessage = details.errorMessage;
    this.trace = details.trace;
    this.input = input;
  }
}

/**
 * Runs `decode`; if it throws a `DecodingError`, throws `addContext(error)` instead, so that the
 * error names what was being decoded (an SNS message id, a Kinesis sequence number) and keeps
 * the original error as its `cause`.
 */
export function decodeWithContext<T>(
  decode: () => T,
  addContext: (cause: DecodingError) => DecodingError,
): T {
  try {
    return decode();
  } catch (error) {
    throw error instanceof DecodingError ? addContext(error) : error;
  }
}

/**
 * Lambda's errors for requests it rejects, with AWS's codes, HTTP statuses and
 * message formats. Lambda answers bad input in two ways (both 400):
 * - ValidationException from the API's constraint checks (length, range,
 *   pattern, enum, required), all failures of a request in one message:
 *   `2 validation errors detected: Value 'x' at 'member' failed to satisfy constraint: ...; Value ...`
 * - InvalidParameterValueException from Lambda's own checks, one at a time.
 * The messages quoted in this folder are AWS's as recorded against the real
 * service in LocalStack's AWS-validated snapshots
 * (localstack tests/aws/services/lambda_/test_lambda_api.snapshot.json), unless
 * a comment cites another source.
 * Errors: https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html and
 * each operation's "Errors" section in the Lambda API reference.
 */
import { AwsError } from '../../server/aws-error.ts';

export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}

export function resourceNotFound(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message, 404);
}

export function resourceConflict(message: string): AwsError {
  return new AwsError('ResourceConflictException', message, 409);
}

export function preconditionFailed(message: string): AwsError {
  return new AwsError('PreconditionFailedException', message, 412);
}

/** AWS answers oversized requests with this code (not the model's RequestTooLargeException):
 * "Request must be smaller than 6291456 bytes for the InvokeFunction operation". */
export function requestEntityTooLarge(message: string): AwsError {
  return new AwsError('RequestEntityTooLargeException', message, 413);
}

/** A request body past an operation's limit, e.g. 6291456 bytes for InvokeFunction. */
export function requestTooLargeFor(operation: string, maxBytes: number): AwsError {
  return requestEntityTooLarge(
    `Request must be smaller than ${maxBytes} bytes for the ${operation} operation`,
  );
}

/** "The request body could not be parsed as JSON" (API_Invoke, Errors). */
export function invalidRequestContent(detail: string): AwsError {
  return new AwsError(
    'InvalidRequestContentException',
    `Could not parse request body into json: ${detail}`,
    400,
  );
}

type ConstraintErrorCode = 'ValidationException' | 'InvalidParameterValueException';

export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

function constraintFailures(failures: readonly string[], code: ConstraintErrorCode): AwsError {
  const count =
    failures.length === 1 ? '1 validation error' : `${failures.length} validation errors`;
  return new AwsError(code, `${count} detected: ${failures.join('; ')}`, 400);
}

/** `Value 'x' at 'member' failed to satisfy constraint: ...`; a missing value reads `Value null`. */
export function constraintFailure(
  member: string,
  value: string | number | undefined,
  constraint: string,
): string {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return `Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}

/** A regular expression of the API reference, kept with its text as AWS quotes it in messages. */
export interface Pattern {
  readonly regex: RegExp;
  readonly text: string;
}

export function pattern(text: string): Pattern {
  return { regex: new RegExp(`^(?:${text})$`), text };
}

/**
 * The API's constraint checks on one request: each check records a failure,
 * `check()` throws them all as one ValidationException. Member names are
 * AWS's (camelCase, as in its messages).
 */
export class Constraints {
  private readonly failures: string[] = [];

  required(member: string, value: unknown): this {
    if (value === undefined) this.fail(member, undefined, 'Member must not be null');
    return this;
  }

  length(member: string, value: string | undefined, min: number, max: number): this {
    if (value === undefined) return this;
    if (value.length < min) {
      this.fail(member, value, `Member must have length greater than or equal to ${min}`);
    } else if (value.length > max) {
      this.fail(member, value, `Member must have length less than or equal to ${max}`);
    }
    return this;
  }

  matches(member: string, value: string | undefined, { regex, text }: Pattern): this {
    if (value !== undefined && !regex.test(value)) {
      this.fail(member, value, `Member must satisfy regular expression pattern: ${text}`);
    }
    return this;
  }

  range(member: string, value: number | undefined, min: number, max?: number): this {
    if (value === undefined) return this;
    if (value < min) {
      this.fail(member, value, `Member must have value greater than or equal to ${min}`);
    } else if (max !== undefined && value > max) {
      this.fail(member, value, `Member must have value less than or equal to ${max}`);
    }
    return this;
  }

  oneOf(member: string, value: string | undefined, allowed: readonly string[]): this {
    if (value !== undefined && !allowed.includes(value)) {
      this.fail(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return this;
  }

  fail(member: string, value: string | number | undefined, constraint: string): this {
    this.failures.push(constraintFailure(member, value, constraint));
    return this;
  }

  /** A failure of a sensitive member, whose value AWS leaves out: `Value at 'environment.variables' ...`. */
  failSensitive(member: string, constraint: string): this {
    this.failures.push(`Value at '${member}' failed to satisfy constraint: ${constraint}`);
    return this;
  }

  /** Throws the failures, if any; a few checks report them as InvalidParameterValueException. */
  check(code: ConstraintErrorCode = 'ValidationException'): void {
    if (this.failures.length > 0) throw constraintFailures(this.failures, code);
  }
}

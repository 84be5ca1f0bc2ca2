/**
 * The rule every AWS API answers bad input with: the constraint checks of its model
 * (required, length, range, pattern, enum), all failures of a request in one error,
 * `2 validation errors detected: Value 'x' at 'member' failed to satisfy constraint: ...; Value ...`
 * (Smithy's constraint traits: https://smithy.io/2.0/spec/constraint-traits.html).
 * Member names are AWS's, camelCase, as in its messages. Each service words it a
 * little differently, so each names its style (`ValidationStyle`):
 * - Lambda (restJson1): ValidationException, with the value (the default style here);
 * - CloudWatch Logs (awsJson1_1): InvalidParameterException, with the value;
 * - SNS (awsQuery): ValidationError, with the value;
 * - IAM (awsQuery): ValidationError, without the value (`Value at 'roleName' ...`), sorted.
 */
import { AwsError } from '../server/aws-error.ts';

export interface ValidationStyle {
  /** The error code, with HTTP status 400. */
  readonly code: string;
  /** Whether a failure quotes the value (`Value 'x' at ...`) or leaves it out (`Value at ...`). */
  readonly showsValues: boolean;
  /** Whether the failures are listed sorted rather than in the order they were checked. */
  readonly sorted: boolean;
}

/** As Lambda and most restJson1 and awsJson services word it. */
export const VALIDATION_EXCEPTION: ValidationStyle = {
  code: 'ValidationException',
  showsValues: true,
  sorted: false,
};

/** A regular expression of the API reference, kept with its text as AWS quotes it in messages. */
export interface Pattern {
  readonly regex: RegExp;
  readonly text: string;
}

/** `flags`: `u` for patterns with Unicode classes (`\p{L}`), as IAM's. */
export function pattern(text: string, flags = ''): Pattern {
  return { regex: new RegExp(`^(?:${text})$`, flags), text };
}

/** The member name of a parameter in AWS's messages: `MaxItems` -> `maxItems`. */
export function memberName(parameter: string): string {
  return parameter.charAt(0).toLowerCase() + parameter.slice(1);
}

/** The error for `failures` (each `Value ... at 'member' failed to satisfy constraint: ...`). */
export function validationError(style: ValidationStyle, failures: readonly string[]): AwsError {
  const listed = style.sorted ? [...failures].sort() : failures;
  const count = listed.length === 1 ? '1 validation error' : `${listed.length} validation errors`;
  return new AwsError(style.code, `${count} detected: ${listed.join('; ')}`, 400);
}

/**
 * The constraint checks of one request: each check records a failure, `check()`
 * throws them all as one error in the service's style.
 */
export class Constraints {
  private readonly failures: string[] = [];

  constructor(private readonly style: ValidationStyle = VALIDATION_EXCEPTION) {}

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

  /** A failure; a missing value reads `Value null`. */
  fail(member: string, value: string | number | undefined, constraint: string): this {
    if (!this.style.showsValues) return this.failSensitive(member, constraint);
    const shown = value === undefined ? 'null' : `'${value}'`;
    this.failures.push(`Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
    return this;
  }

  /** A failure of a member whose value AWS leaves out: `Value at 'environment.variables' ...`. */
  failSensitive(member: string, constraint: string): this {
    this.failures.push(`Value at '${member}' failed to satisfy constraint: ${constraint}`);
    return this;
  }

  /** Throws the failures, if any; `code` replaces the style's (a few Lambda checks answer InvalidParameterValueException). */
  check(code?: string): void {
    if (this.failures.length === 0) return;
    const style = code === undefined ? this.style : { ...this.style, code };
    throw validationError(style, this.failures);
  }
}

/**
 * An error as AWS reports it: a code (the exception name the SDK turns into a
 * class, e.g. `ResourceNotFoundException`), a message, an HTTP status, and
 * whether the caller (Sender) or the service (Receiver) is at fault.
 * Each wire protocol serializes it in its own shape (see src/protocols/).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    /** Extra members some errors carry on the wire, e.g. Lambda's `Type` or `Reason`. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }

  get senderFault(): boolean {
    return this.statusCode < 500;
  }

  /** The error as a service of `protocol` words it; the same for most errors. */
  inProtocol(_protocol: WireProtocol): AwsError {
    return this;
  }
}

/** The wire protocols of the services behind the endpoint (src/protocols/). */
export type WireProtocol = 'restJson1' | 'awsJson1_1' | 'awsQuery';

/**
 * An error that AWS's front ends word differently in each protocol, such as a request with
 * no signature: `MissingAuthenticationTokenException` with 403 from Lambda, with 400 from
 * the awsJson services, `MissingAuthenticationToken` from the query services.
 */
export class ProtocolDependentError extends AwsError {
  constructor(private readonly wordings: Readonly<Record<WireProtocol, AwsError>>) {
    const { code, message, statusCode } = wordings.restJson1;
    super(code, message, statusCode);
  }

  override inProtocol(protocol: WireProtocol): AwsError {
    return this.wordings[protocol];
  }
}

/** AWS's answer to an error we did not expect: never a crash, never a hang. */
export function internalError(cause: unknown): AwsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AwsError('ServiceException', `Internal error in the local cloud: ${detail}`, 500);
}

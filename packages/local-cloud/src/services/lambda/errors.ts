/**
 * Lambda's errors, with AWS's codes, HTTP statuses and message formats. Lambda
 * answers bad input in two ways (both 400): ValidationException from the API's
 * constraint checks (see ./validation.ts), and InvalidParameterValueException
 * from Lambda's own checks, one at a time.
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

export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

export function functionNotFound(unqualifiedArn: string, qualifier?: string): AwsError {
  const arn = qualifier === undefined ? unqualifiedArn : `${unqualifiedArn}:${qualifier}`;
  return resourceNotFound(`Function not found: ${arn}`);
}

export function functionAlreadyExists(name: string): AwsError {
  return resourceConflict(`Function already exist: ${name}`);
}

export function tooManyTags(): AwsError {
  return invalidParameterValue('Number of tags exceeds resource tag limit.');
}

/** In the words of IAM's access denied errors (IAM User Guide, troubleshoot_access-denied.html). */
export function accessDenied(principal: string, action: string, resource: string): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
    403,
  );
}

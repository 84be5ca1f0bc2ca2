/**
 * SNS's errors, with the codes and statuses of the SNS API reference
 * (https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html and each action's "Errors").
 * The SDK turns the code into its class: `NotFound` -> NotFoundException,
 * `InvalidParameter` -> InvalidParameterException, `ParameterValueInvalid` ->
 * InvalidParameterValueException. The messages are AWS's own, as recorded from AWS
 * in LocalStack's snapshot tests (tests/aws/services/sns/test_sns.snapshot.json).
 */
import { AwsError } from '../../server/aws-error.ts';

/** 404: the topic or subscription named does not exist. */
export function notFound(message: string): AwsError {
  return new AwsError('NotFound', message, 404);
}

/** 400: "Invalid parameter: <name>[ Reason: <why>]". */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameter', message);
}

/** 400: a message attribute AWS cannot accept. */
export function parameterValueInvalid(message: string): AwsError {
  return new AwsError('ParameterValueInvalid', message);
}

/** 400: a required member missing, in the wording of AWS's request validation. */
export function memberMustNotBeNull(path: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  );
}

/** 404 for the tagging actions: "Can't perform the action on the specified resource.
 * Make sure that the resource exists." (API_ListTagsForResource, Errors). */
export function resourceNotFound(): AwsError {
  return new AwsError('ResourceNotFound', 'Resource does not exist', 404);
}

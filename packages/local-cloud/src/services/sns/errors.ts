/**
 * SNS's errors, with the codes and statuses of the SNS API reference
 * (https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html and each action's "Errors").
 * The SDK turns the code into its class: `NotFound` -> NotFoundException,
 * `InvalidParameter` -> InvalidParameterException, `ParameterValueInvalid` ->
 * InvalidParameterValueException. The messages are AWS's own, as recorded from AWS
 * in LocalStack's snapshot tests (tests/aws/services/sns/test_sns.snapshot.json).
 */
import { Constraints, type ValidationStyle } from '../../protocols/validation.ts';
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

/** How SNS (awsQuery) words AWS's request validation: ValidationError, quoting the value. */
const SNS_VALIDATION: ValidationStyle = {
  code: 'ValidationError',
  showsValues: true,
  sorted: false,
};

/** The value of a required member; ValidationError (400) when it is missing. */
export function requiredMember<T>(path: string, value: T | undefined): T {
  new Constraints(SNS_VALIDATION).required(path, value).check();
  return value as T;
}

/** 404 for the tagging actions: "Can't perform the action on the specified resource.
 * Make sure that the resource exists." (API_ListTagsForResource, Errors). */
export function resourceNotFound(): AwsError {
  return new AwsError('ResourceNotFound', 'Resource does not exist', 404);
}

/**
 * The ARNs SNS reads and makes: topics `arn:aws:sns:<region>:<account>:<name>`,
 * subscriptions `<topic ARN>:<uuid>`, and the Lambda functions it delivers to.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies
 */
import { invalidParameter } from './errors.ts';

export function topicArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

export interface ParsedArn {
  readonly region: string;
  readonly accountId: string;
  /** What follows the account: a topic's name, or `<topic name>:<uuid>` for a subscription. */
  readonly resource: string;
}

/**
 * Splits an ARN parameter as SNS checks it, e.g. for `TopicArn=test-topic`:
 * "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1".
 */
export function parseArn(parameter: string, arn: string): ParsedArn {
  const elements = arn.split(':');
  const [, , , region = '', accountId = ''] = elements;
  if (elements.length < 6) {
    throw invalidParameter(
      `Invalid parameter: ${parameter} Reason: An ARN must have at least 6 elements, not ${elements.length}`,
    );
  }
  return { region, accountId, resource: elements.slice(5).join(':') };
}

/**
 * A function's ARN, unqualified or with a version or alias, as the Lambda API
 * reference patterns it (FunctionArn: `arn:(aws[a-zA-Z-]*)?:lambda:<region>:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?`).
 * https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
 */
const FUNCTION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:function:[a-zA-Z0-9-_]{1,64}(:(\$LATEST|[a-zA-Z0-9-_]{1,128}))?$/;

export function isFunctionArn(value: string): boolean {
  return FUNCTION_ARN.test(value);
}

/**
 * What IAM must allow for each CloudWatch Logs operation: `logs:<Operation>` on the log
 * group the request names, as Logs names it in its refusals
 * (`arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:<stream>`, the stream empty
 * for an operation on the group, so that a policy's `log-group:<name>:*` covers both), or on
 * `*` for one that names no group
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
 * Refused: 400 AccessDeniedException
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html).
 */
import { deniedMessage, type ServiceAuthorization } from '../../auth/authorizer.ts';
import { awsJsonBody, awsJsonOperation } from '../../protocols/aws-json.ts';
import { AwsError } from '../../server/aws-error.ts';
import { LOGS_TARGET_PREFIX } from './api.ts';

export function logsAuthorization(accountId: string): ServiceAuthorization {
  return {
    required(request) {
      const operation = awsJsonOperation(request, LOGS_TARGET_PREFIX);
      const body = awsJsonBody(request);
      const group = logGroupArn(body, `arn:aws:logs:${request.region}:${accountId}:log-group:`);
      const stream = typeof body.logStreamName === 'string' ? body.logStreamName : '';
      const resource = group === undefined ? '*' : `${group}:log-stream:${stream}`;
      return [{ action: `logs:${operation}`, resource }];
    },
    accessDenied: (denial) => new AwsError('AccessDeniedException', deniedMessage(denial), 400),
  };
}

/** The group's ARN, from `logGroupName` or `logGroupIdentifier` (a name or an ARN). */
function logGroupArn(body: Record<string, unknown>, prefix: string): string | undefined {
  const named = body.logGroupName ?? body.logGroupIdentifier;
  if (typeof named !== 'string') return undefined;
  return named.startsWith('arn:') ? named.replace(/:\*$/, '') : `${prefix}${named}`;
}

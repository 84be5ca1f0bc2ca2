/**
 * What IAM must allow for each SNS operation: `sns:<Action>` on the topic the request
 * names (TopicArn, TargetArn, ResourceArn, a subscription's topic, or for CreateTopic the
 * topic it makes), else on `*`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html).
 * Refused: 403 AuthorizationError, whose message spells the action `SNS:Publish`
 * (recorded: "is not authorized to perform: SNS:Publish on resource: arn:aws:sns:… because no
 * identity-based policy allows the SNS:Publish action",
 * https://github.com/aws-ia/terraform-aws-control_tower_account_factory/issues/151).
 */
import { deniedMessage, type ServiceAuthorization } from '../../auth/authorizer.ts';
import { queryParams } from '../../protocols/aws-query.ts';
import { AwsError } from '../../server/aws-error.ts';
import { topicArn } from './arns.ts';

export function snsAuthorization(accountId: string): ServiceAuthorization {
  return {
    required(request) {
      const params = queryParams(request);
      const action = params.get('Action') ?? '';
      const subscription = params.get('SubscriptionArn');
      const name = params.get('Name');
      const resource =
        params.get('TopicArn') ??
        params.get('TargetArn') ??
        params.get('ResourceArn') ??
        // A subscription's ARN is its topic's and an id: `<topic ARN>:<uuid>`.
        subscription?.slice(0, subscription.lastIndexOf(':')) ??
        (action === 'CreateTopic' && name !== undefined
          ? topicArn(request.region, accountId, name)
          : '*');
      return [{ action: `sns:${action}`, resource }];
    },
    accessDenied: (denial) =>
      new AwsError(
        'AuthorizationError',
        deniedMessage(denial, `SNS:${denial.action.slice('sns:'.length)}`),
        403,
      ),
  };
}

/**
 * What IAM must allow for each of its own operations: `iam:<Action>` on the role the request
 * names, which IAM's refusals call `role <name>` (recorded, e.g. "is not authorized to perform:
 * iam:GetRole on resource: role cdk-hnb659fds-file-publishing-role-…":
 * https://github.com/aws/aws-cdk/issues/27067), and for ListRoles on `role/*` (as in
 * https://aws.amazon.com/blogs/security/enhanced-access-denied-error-messages-with-policy-arns).
 * Refused: 403 AccessDenied (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
 */
import { deniedMessage, type ServiceAuthorization } from '../../auth/authorizer.ts';
import { queryParams } from '../../protocols/aws-query.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { IamModel } from './model.ts';

export function iamAuthorization(
  accountId: string,
  roles: Pick<IamModel, 'findRole'>,
): ServiceAuthorization {
  return {
    required(request) {
      const params = queryParams(request);
      const action = `iam:${params.get('Action') ?? ''}`;
      const roleName = params.get('RoleName');
      if (roleName === undefined) return [{ action, resource: `arn:aws:iam::${accountId}:role/*` }];
      // The role's ARN has its path (`role/service-role/name`): the one it has, or will have.
      const path = roles.findRole(roleName)?.Path ?? params.get('Path') ?? '/';
      return [
        {
          action,
          resource: `arn:aws:iam::${accountId}:role${path}${roleName}`,
          resourceInMessage: `role ${roleName}`,
        },
      ];
    },
    accessDenied: (denial) => new AwsError('AccessDenied', deniedMessage(denial), 403),
  };
}

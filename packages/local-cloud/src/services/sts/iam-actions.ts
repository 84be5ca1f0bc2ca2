/**
 * What IAM must allow for STS operations: none for GetCallerIdentity, which "no permissions
 * are required to perform" (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html),
 * `sts:<Action>` on `*` for the others (which the local cloud does not serve).
 * Refused: 403 AccessDenied.
 */
import { deniedMessage, type ServiceAuthorization } from '../../auth/authorizer.ts';
import { queryParams } from '../../protocols/aws-query.ts';
import { AwsError } from '../../server/aws-error.ts';

export const STS_AUTHORIZATION: ServiceAuthorization = {
  required(request) {
    const action = queryParams(request).get('Action') ?? '';
    return action === 'GetCallerIdentity' ? [] : [{ action: `sts:${action}`, resource: '*' }];
  },
  accessDenied: (denial) => new AwsError('AccessDenied', deniedMessage(denial), 403),
};

/**
 * STS on the wire (awsQuery, version 2011-06-15), reduced to what the workshop
 * asks of it: who am I. A function's role session and a learner identity
 * (src/auth/identities.ts) are themselves; any other key is the local account's
 * root user. Any other action gets AWS's InvalidAction error.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import type { Identities } from '../../auth/identities.ts';
import { queryService } from '../../protocols/aws-query.ts';
import { accessKeyId, type Service } from '../../server/aws-request.ts';

export function stsService(accountId: string, identities: Pick<Identities, 'caller'>): Service {
  return queryService({
    signingName: 'sts',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      GetCallerIdentity: (_params, request) => {
        const caller = identities.caller(accessKeyId(request) ?? '');
        // For the root user, UserId is the account id:
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
        return caller
          ? { Arn: caller.arn, UserId: caller.userId, Account: accountId }
          : { Arn: `arn:aws:iam::${accountId}:root`, UserId: accountId, Account: accountId };
      },
    },
  });
}

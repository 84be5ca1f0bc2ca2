/**
 * STS on the wire (awsQuery, version 2011-06-15), reduced to what the workshop
 * asks of it: who am I. Every caller is the local account's root user, whatever
 * credentials it signs with. Any other action gets AWS's InvalidAction error.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import { queryService } from '../../protocols/aws-query.ts';
import type { Service } from '../../server/aws-request.ts';

export function stsService(accountId: string): Service {
  return queryService({
    signingName: 'sts',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {
      // For the root user, UserId is the account id:
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
      GetCallerIdentity: () => ({
        Arn: `arn:aws:iam::${accountId}:root`,
        UserId: accountId,
        Account: accountId,
      }),
    },
  });
}

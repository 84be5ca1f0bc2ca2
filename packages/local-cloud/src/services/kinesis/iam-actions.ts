/**
 * What IAM must allow for each Kinesis operation: `kinesis:<Operation>` on the stream the
 * request names (by StreamARN, else StreamName), or on `*` for one that names none
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html).
 * GetRecords names its stream only inside the shard iterator, which kinesis-mock makes: it is
 * checked on `*`, so a policy must allow it on every stream. Refused: 400
 * AccessDeniedException (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html).
 */
import { deniedMessage, type ServiceAuthorization } from '../../auth/authorizer.ts';
import { awsJsonBody, awsJsonOperation } from '../../protocols/aws-json.ts';
import { AwsError } from '../../server/aws-error.ts';
import { KINESIS_TARGET_PREFIX } from './api.ts';

export function kinesisAuthorization(accountId: string): ServiceAuthorization {
  return {
    required(request) {
      const operation = awsJsonOperation(request, KINESIS_TARGET_PREFIX);
      const body = awsJsonBody(request);
      const name = body.StreamName;
      const resource =
        typeof body.StreamARN === 'string'
          ? body.StreamARN
          : typeof name === 'string'
            ? `arn:aws:kinesis:${request.region}:${accountId}:stream/${name}`
            : '*';
      return [{ action: `kinesis:${operation}`, resource }];
    },
    accessDenied: (denial) => new AwsError('AccessDeniedException', deniedMessage(denial), 400),
  };
}

/** The IAM permissions each Lambda operation needs (src/services/lambda/iam-actions.ts), without HTTP. */
import { describe, expect, it } from 'vitest';
import type { AwsRequest } from '../src/server/aws-request.ts';
import { lambdaAuthorization } from '../src/services/lambda/iam-actions.ts';

const FUNCTION = 'arn:aws:lambda:eu-west-1:000000000000:function';
const POLICY = { Statement: [] };
const authorization = lambdaAuthorization({
  accountId: '000000000000',
  resourcePolicy: (_region, name) => (name === 'withPolicy' ? POLICY : undefined),
});

function request(method: string, target: string, body: object = {}): AwsRequest {
  const [path = '', query = ''] = target.split('?');
  return {
    method,
    path,
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.from(JSON.stringify(body)),
    region: 'eu-west-1',
    requestId: 'id',
  };
}

describe('what IAM must allow for Lambda operations', () => {
  it.each([
    [
      'Invoke, on the qualified function, with its resource policy',
      request('POST', '/2015-03-31/functions/withPolicy/invocations?Qualifier=live'),
      [
        {
          action: 'lambda:InvokeFunction',
          resource: `${FUNCTION}:withPolicy:live`,
          resourcePolicy: POLICY,
        },
      ],
    ],
    [
      'a function named by its ARN',
      request('GET', `/2015-03-31/functions/${encodeURIComponent(`${FUNCTION}:echo`)}`),
      [{ action: 'lambda:GetFunction', resource: `${FUNCTION}:echo`, resourcePolicy: undefined }],
    ],
    [
      'CreateFunction, on the new function, and iam:PassRole on its role',
      request('POST', '/2015-03-31/functions', {
        FunctionName: 'echo',
        Role: 'arn:aws:iam::000000000000:role/r',
      }),
      [
        { action: 'lambda:CreateFunction', resource: `${FUNCTION}:echo` },
        { action: 'iam:PassRole', resource: 'arn:aws:iam::000000000000:role/r' },
      ],
    ],
    [
      'UpdateFunctionConfiguration without a Role passes none',
      request('PUT', '/2015-03-31/functions/echo/configuration', { Timeout: 5 }),
      [
        {
          action: 'lambda:UpdateFunctionConfiguration',
          resource: `${FUNCTION}:echo`,
          resourcePolicy: undefined,
        },
      ],
    ],
    [
      'ListFunctions names no resource',
      request('GET', '/2015-03-31/functions'),
      [{ action: 'lambda:ListFunctions', resource: '*' }],
    ],
    [
      'an event source mapping by its UUID',
      request('DELETE', '/2015-03-31/event-source-mappings/1234'),
      [
        {
          action: 'lambda:DeleteEventSourceMapping',
          resource: 'arn:aws:lambda:eu-west-1:000000000000:event-source-mapping:1234',
        },
      ],
    ],
    [
      "GetFunction's Code.Location (presigned, no IAM action)",
      request('GET', `/2015-03-31/functions/${encodeURIComponent(`${FUNCTION}:echo`)}/code`),
      [],
    ],
  ])('%s', (_title, aws, required) => {
    expect(authorization.required(aws)).toEqual(required);
  });
});

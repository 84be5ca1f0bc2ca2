/**
 * Chapter 9's front function, behind a Function URL: a user waits for its answer. It answers
 * with what the user needs now (where they left off) and hands the recording of the visit to
 * the recorder function: with `RECORD=async` (the function `front`), an `Event` invoke just
 * before it answers, which Lambda queues at once; with `RECORD=inline` (the function
 * `front-inline`), a synchronous invoke it waits for, as a function that did all the work itself
 * would. The event is the Function URL's request in payload format 2.0.
 * Source: https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent } from '@l2l/decoding';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const lambda = new LambdaClient({});

export interface Visit {
  readonly visitId: string;
  readonly user: string;
  readonly path: string;
  readonly at: number;
  readonly userAgent: string;
}

export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const user = event.queryStringParameters?.user ?? 'guest';
  const visit: Visit = {
    visitId: event.requestContext.requestId,
    user,
    path: event.rawPath,
    at: event.requestContext.timeEpoch,
    userAgent: event.requestContext.http.userAgent,
  };
  await lambda.send(
    new InvokeCommand({
      FunctionName: process.env.RECORDER_FUNCTION,
      InvocationType: process.env.RECORD === 'inline' ? 'RequestResponse' : 'Event',
      Payload: encodeEvent(visit),
    }),
  );
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, resumeAt: 'chapter 3, step 2', visitId: visit.visitId }),
  };
}

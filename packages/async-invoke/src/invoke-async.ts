/**
 * Step 1.3: call echoTest without waiting for it to run.
 *
 * `InvocationType: 'Event'` makes the call asynchronous: Lambda puts the event in
 * its queue and answers at once with status 202 and an empty payload. 202 means
 * "accepted, not yet run", where the 200 of a synchronous call (step 1.2) means
 * "run, and here is its answer". The function runs a moment later, in the
 * background; only its log shows that it did (./invocation-log.ts).
 *
 * The 2017 post already warned that the separate `InvokeAsync` API is deprecated;
 * it still is (SDK v3 marks `InvokeAsyncCommand` deprecated): `Invoke` with
 * `InvocationType: 'Event'` replaces it.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent, printableInvokeResult } from '@l2l/decoding';
import type { ClientConfig } from '@l2l/workshop';

export async function invokeAsync(clientConfig: ClientConfig, functionName: string) {
  const lambda = new LambdaClient(clientConfig);
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: encodeEvent({ id: '1', name: 'Luna' }),
    }),
  );
  // The answer carries no result, but its request id (the x-amzn-RequestId header) is the
  // invocation's own: the function gets it as context.awsRequestId, and Lambda tags every
  // log line of this run with it.
  const requestId = result.$metadata.requestId;
  if (requestId === undefined) throw new Error('Lambda answered the Invoke without a request id');
  return { printed: printableInvokeResult(result), requestId };
}

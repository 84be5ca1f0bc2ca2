/**
 * Chapter 3: call echoTest with the event of chapter 2, synchronously (step 3.1) or without
 * waiting for it to run (step 3.2), as the 2017 post's two runs did.
 *
 * `InvocationType: 'Event'` makes the call asynchronous: Lambda puts the event in
 * its queue and answers at once with status 202 and an empty payload. 202 means
 * "accepted, not yet run", where the 200 of a synchronous call means "run, and
 * here is its answer". The function runs a moment later, in the background; only
 * its log shows that it did (./invocation-log.ts).
 *
 * The 2017 post already warned that the separate `InvokeAsync` API is deprecated;
 * it still is (SDK v3 marks `InvokeAsyncCommand` deprecated): `Invoke` with
 * `InvocationType: 'Event'` replaces it.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent, printableInvokeResult } from '@l2l/decoding';
import type { ClientConfig } from '@l2l/workshop';

export async function invoke(
  clientConfig: ClientConfig,
  functionName: string,
  invocationType: 'RequestResponse' | 'Event',
) {
  const lambda = new LambdaClient(clientConfig);
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: invocationType,
      Payload: encodeEvent({ id: '1', name: 'Luna' }),
    }),
  );
  // Either answer's request id (the x-amzn-RequestId header) is the invocation's own: the
  // function gets it as context.awsRequestId, and Lambda tags every log line of this run with it.
  const requestId = result.$metadata.requestId;
  if (requestId === undefined) throw new Error('Lambda answered the Invoke without a request id');
  return { printed: printableInvokeResult(result), requestId };
}

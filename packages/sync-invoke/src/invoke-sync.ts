/**
 * Chapter 2: call echoTest and wait for its answer.
 *
 * `InvocationType` is left out, so it is 'RequestResponse', the default: Lambda
 * runs the function and this call returns what the function returned. It is the
 * only way to get a function's answer back, so it is what a caller uses when it
 * must act on that answer.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { encodeEvent, printableInvokeResult } from '@l2l/decoding';
import type { ClientConfig } from '@l2l/workshop';

export async function invokeSync(clientConfig: ClientConfig, functionName: string) {
  const lambda = new LambdaClient(clientConfig);
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      Payload: encodeEvent({ id: '1', name: 'Luna' }),
    }),
  );
  // SDK v3 returns the Payload as bytes (a Uint8Array), not as the string the
  // 2017 SDK printed; printableInvokeResult decodes it to show the same thing.
  return printableInvokeResult(result);
}

/**
 * Chapter 8's collector: the worker's `OnSuccess` destination. For every asynchronous run of the
 * worker that succeeded, Lambda invokes it with an invocation record, whose `responsePayload` is
 * what the worker returned. It logs that result, one line each, where the step reads them back.
 * Source: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
import type { PartResult } from './part.ts';

interface InvocationRecord {
  readonly requestContext: { readonly condition: string; readonly approximateInvokeCount: number };
  readonly responsePayload: PartResult;
}

export async function handler(record: InvocationRecord): Promise<void> {
  console.log(JSON.stringify(record.responsePayload));
}

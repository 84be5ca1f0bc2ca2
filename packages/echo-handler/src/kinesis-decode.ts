/**
 * Step 5.3: the callee, changed to decode the data of each Kinesis record and log it:
 *
 *     {
 *         "event_name": "Kinesis 예제",
 *         "event_created_at": "2017-03-19T04:48:43.199Z"
 *     }
 *
 * A batch holds up to the trigger's batch size of records, and often fewer. A record that cannot
 * be decoded is logged as an error and named in the `batchItemFailures` response, so the rest of
 * the batch still goes through (the trigger needs `ReportBatchItemFailures` for Lambda to read
 * the response; see `kinesisBatchResponse` in `@l2l/decoding`).
 */
import { decodeKinesisBatch, kinesisBatchResponse } from '@l2l/decoding';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { decoded, failures } = decodeKinesisBatch(event);
  for (const { data } of decoded) {
    console.log(JSON.stringify(data, null, 4));
  }
  for (const failure of failures) {
    console.error(failure.message);
  }
  return kinesisBatchResponse(failures);
}

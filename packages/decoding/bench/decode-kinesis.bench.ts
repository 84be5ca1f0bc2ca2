/**
 * How much the strict decoding of `decodeKinesisBatch` costs over the bare minimum: both decode
 * the same batch of 500 records of about 1 KB of JSON each (Korean text included, as in step 5.2).
 * Run with `pnpm --filter @l2l/decoding bench`; the reporter prints ns per record and the ratio.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import { bench, describe } from 'vitest';
import { encodeBase64 } from '../src/codec.ts';
import { kinesisRecordWith } from '../src/fixtures/walkthrough-events.ts';
import { decodeKinesisBatch, encodeEvent } from '../src/index.ts';
import { DECODER, FLOOR, RECORDS_PER_BATCH } from './batch-shape.ts';

/** An order of about 1 KB of JSON. */
function order(index: number) {
  const order = {
    event_name: 'Kinesis 예제',
    event_created_at: new Date(Date.UTC(2017, 2, 19, 4, 48, 43) + index).toISOString(),
    orderId: `order-${index}`,
    items: [] as { sku: string; quantity: number; note: string }[],
  };
  while (JSON.stringify(order).length < 1000) {
    const item = order.items.length;
    order.items.push({ sku: `sku-${item}`, quantity: item % 7, note: `주문 메모 ${item}` });
  }
  return order;
}

const event: KinesisStreamEvent = {
  Records: Array.from({ length: RECORDS_PER_BATCH }, (_, index) =>
    kinesisRecordWith(encodeBase64(encodeEvent(order(index))), String(index)),
  ),
};

// Each run of a bench decodes the whole batch; time adds warm-up and enough samples to settle.
const options = { time: 3000, warmupTime: 1000 };

describe(`decode ${RECORDS_PER_BATCH} Kinesis records of ~1 KB JSON`, () => {
  bench(
    FLOOR,
    () => {
      event.Records.map((record) =>
        JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')),
      );
    },
    options,
  );

  bench(
    DECODER,
    () => {
      const { failures } = decodeKinesisBatch(event);
      if (failures.length > 0) {
        throw failures[0];
      }
    },
    options,
  );
});

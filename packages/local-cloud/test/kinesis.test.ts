import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  ResourceNotFoundException,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { listen } from '../src/server/http-server.ts';
import { Router } from '../src/server/router.ts';
import { kinesisService } from '../src/services/kinesis/api.ts';
import { KinesisEngine } from '../src/services/kinesis/kinesis-engine.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';

const cloud = useLocalCloud();

describe('Kinesis behind the local cloud endpoint', () => {
  it("serves the SDK's HTTP/2 Kinesis client from kinesis-mock, started on first use", async () => {
    // The SDK's Kinesis client speaks HTTP/2 by default: this goes through our h2c side.
    const kinesis = new KinesisClient(clientConfig(cloud()));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'testKinesis', ShardCount: 1 }));
    await waitUntilStreamExists(
      { client: kinesis, maxWaitTime: 30 },
      { StreamName: 'testKinesis' },
    );
    const summary = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: 'testKinesis' }),
    );
    expect(summary.StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
    expect(summary.StreamDescriptionSummary?.StreamARN).toBe(
      'arn:aws:kinesis:us-east-1:000000000000:stream/testKinesis',
    );

    const put = await kinesis.send(
      new PutRecordCommand({
        StreamName: 'testKinesis',
        PartitionKey: 'partition',
        Data: new TextEncoder().encode('{"event_name":"Kinesis 예제"}'),
      }),
    );
    expect(put.ShardId).toBe('shardId-000000000000');
    expect(put.SequenceNumber).toMatch(/^\d{20,}$/);

    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'testKinesis',
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records).toHaveLength(1);
    expect(new TextDecoder().decode(Records?.[0]?.Data)).toBe('{"event_name":"Kinesis 예제"}');
    expect(Records?.[0]?.SequenceNumber).toBe(put.SequenceNumber);
    kinesis.destroy();
  });

  it("answers with Kinesis's own errors", async () => {
    const kinesis = new KinesisClient(clientConfig(cloud()));
    await expect(
      kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'noSuchStream' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    kinesis.destroy();
  });

  it('fails every call with a clear AWS-shaped error when kinesis-mock cannot start', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'broken-kinesis-mock-'));
    const entryPoint = path.join(folder, 'main.js');
    await writeFile(entryPoint, "console.error('cannot bind the port'); process.exit(3);");
    const router = new Router([kinesisService(new KinesisEngine({ entryPoint }))]);
    const server = await listen(router, 0);
    try {
      const kinesis = new KinesisClient({
        ...clientConfig(cloud()),
        endpoint: `http://127.0.0.1:${server.port}`,
        maxAttempts: 1,
      });
      const call = kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'testKinesis' }));
      await expect(call).rejects.toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
        message:
          'Kinesis is not available in the local cloud: kinesis-mock exited (code 3) before it answered. It said: cannot bind the port',
      });
      // The failure is remembered: the next call fails the same way at once.
      await expect(
        kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'testKinesis' })),
      ).rejects.toMatchObject({ name: 'ServiceUnavailable' });
      kinesis.destroy();
    } finally {
      await server.close();
      await router.stop();
      await rm(folder, { recursive: true });
    }
  });
});

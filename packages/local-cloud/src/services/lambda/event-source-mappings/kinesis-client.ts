/**
 * The SDK's Kinesis client, pointed straight at kinesis-mock (the local cloud's
 * Kinesis engine) over HTTP/1.1 keep-alive: what the event source mappings use
 * to read streams, with the real Kinesis API and without a hop through the local
 * cloud's own endpoint. The client's default handler speaks HTTP/2, which
 * kinesis-mock serves unreliably (see ../../kinesis/api.ts), hence the SDK's
 * HTTP/1.1 handler.
 */
import http from 'node:http';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisEngine, KinesisEngineAddress } from '../../kinesis/kinesis-engine.ts';

/**
 * A Kinesis client for kinesis-mock at `address`. The access key id selects
 * kinesis-mock's account (its README: a 12-digit key id is the account), so the
 * streams are the ones the local cloud's callers see. No SDK retries: callers retry.
 */
export async function kinesisMockClient(
  address: KinesisEngineAddress,
  region: string,
  accountId: string,
): Promise<KinesisClient> {
  // Loaded on first use: a local cloud whose learner never reaches chapter 3 does without it.
  const { KinesisClient } = await import('@aws-sdk/client-kinesis');
  return new KinesisClient({
    endpoint: `http://${address.host}:${address.port}`,
    region,
    credentials: { accessKeyId: accountId, secretAccessKey: 'local-cloud' },
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    }),
    maxAttempts: 1,
  });
}

/** Kinesis clients for kinesis-mock, one per region; asking for one starts kinesis-mock if need be. */
export class KinesisMockClients {
  private readonly clients = new Map<string, KinesisClient>();

  constructor(
    private readonly engine: Pick<KinesisEngine, 'address'>,
    private readonly accountId: string,
  ) {}

  async client(region: string): Promise<KinesisClient> {
    const address = await this.engine.address();
    let client = this.clients.get(region);
    if (!client) {
      client = await kinesisMockClient(address, region, this.accountId);
      this.clients.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

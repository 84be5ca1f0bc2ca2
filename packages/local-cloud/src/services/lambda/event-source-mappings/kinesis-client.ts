/**
 * The SDK's Kinesis client, pointed straight at kinesis-mock (the local cloud's
 * Kinesis engine) over HTTP/1.1 keep-alive: what the event source mappings use
 * to read streams, with the real Kinesis API and without a hop through the local
 * cloud's own endpoint. The client's default handler speaks HTTP/2, which
 * kinesis-mock serves unreliably (see ../../kinesis/api.ts), hence this handler.
 */
import http from 'node:http';
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';
import type { KinesisEngine, KinesisEngineAddress } from '../../kinesis/kinesis-engine.ts';

type SdkRequestHandler = Extract<
  NonNullable<KinesisClientConfig['requestHandler']>,
  { handle: unknown }
>;
type SdkHttpRequest = Parameters<SdkRequestHandler['handle']>[0];
type SdkHandlerOptions = Parameters<SdkRequestHandler['handle']>[1];
type SdkHttpResponse = Awaited<ReturnType<SdkRequestHandler['handle']>>['response'];

/** An HTTP/1.1 request handler for SDK clients, over one keep-alive agent. */
export class Http1RequestHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  handle(
    request: SdkHttpRequest,
    options: SdkHandlerOptions = {},
  ): Promise<{ response: SdkHttpResponse }> {
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        {
          host: request.hostname,
          port: request.port,
          method: request.method,
          path: pathWithQuery(request),
          headers: request.headers,
          agent: this.agent,
          signal: options.abortSignal as AbortSignal | undefined,
        },
        (response) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined)
              headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            response: {
              statusCode: response.statusCode ?? 500,
              reason: response.statusMessage,
              headers,
              body: response,
            },
          });
        },
      );
      upstream.on('error', reject);
      upstream.end(request.body);
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs() {
    return {};
  }

  destroy(): void {
    this.agent.destroy();
  }
}

/**
 * A Kinesis client for kinesis-mock at `address`. The access key id selects
 * kinesis-mock's account (its README: a 12-digit key id is the account), so the
 * streams are the ones the local cloud's callers see. No SDK retries: callers retry.
 */
export function kinesisMockClient(
  address: KinesisEngineAddress,
  region: string,
  accountId: string,
): KinesisClient {
  return new KinesisClient({
    endpoint: `http://${address.host}:${address.port}`,
    region,
    credentials: { accessKeyId: accountId, secretAccessKey: 'local-cloud' },
    requestHandler: new Http1RequestHandler(),
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
      client = kinesisMockClient(address, region, this.accountId);
      this.clients.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

function pathWithQuery(request: SdkHttpRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null) query.append(name, item);
    }
  }
  const search = query.toString();
  return search ? `${request.path}?${search}` : request.path;
}

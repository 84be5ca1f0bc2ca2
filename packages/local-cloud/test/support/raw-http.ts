/**
 * Test support: requests over HTTP/1.1 and HTTP/2 cleartext with any headers, Host and
 * `:authority` included (which fetch does not let a caller set), and their answers.
 */
import http from 'node:http';
import http2 from 'node:http2';

export interface RawResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly text: string;
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

function flatten(headers: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(':') && value !== undefined) flat[name] = String(value);
  }
  return flat;
}

export function http1Request(port: number, request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method ?? 'GET',
        path: request.path ?? '/',
        headers: request.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: flatten(response.headers),
            text: Buffer.concat(chunks).toString(),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

export async function h2cRequest(
  port: number,
  request: RawRequest & { readonly authority?: string },
): Promise<RawResponse> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const stream = session.request(
        {
          ':method': request.method ?? 'GET',
          ':path': request.path ?? '/',
          ...(request.authority && { ':authority': request.authority }),
          ...request.headers,
        },
        { endStream: request.body === undefined },
      );
      let status = 0;
      let headers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      stream.on('response', (received) => {
        status = Number(received[':status']);
        headers = flatten(received);
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, headers, text: Buffer.concat(chunks).toString() }));
      stream.on('error', reject);
      if (request.body !== undefined) stream.end(request.body);
    });
  } finally {
    session.close();
  }
}

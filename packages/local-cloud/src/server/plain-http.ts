/**
 * Requests the endpoint serves beside the AWS APIs, in plain HTTP and without SigV4: Lambda
 * function URLs (src/services/lambda/function-urls/), under a path of their own. The front
 * door still checks the Host; the rest (CORS, who may call) is the service's, as on AWS.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface PlainHttpRequest {
  readonly method: string;
  /** Still percent-encoded, without the query string. */
  readonly path: string;
  /** Without the `?`. */
  readonly rawQueryString: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1`. */
  readonly protocol: string;
  readonly requestId: string;
}

export interface PlainHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer | string;
}

export interface PlainHttpService {
  /** The paths it serves begin with this, e.g. `/lambda-url/`. */
  readonly pathPrefix: string;
  /** A larger body is refused with `tooLarge` before it is read. */
  readonly maxBodyBytes: number;
  tooLarge(): PlainHttpResponse;
  /** Answers a request refused at the front door (another Host), in the service's own words. */
  refused(message: string): PlainHttpResponse;
  handle(request: PlainHttpRequest): Promise<PlainHttpResponse>;
}

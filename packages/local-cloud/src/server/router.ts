/**
 * Finds the service a request is for, from what the request itself carries:
 * the `X-Amz-Target` prefix of the JSON protocols, else the service named in
 * the SigV4 credential scope, else the path or the query protocol's `Version`
 * in the query string (AWS tells the service of an unsigned request by its host
 * name, the same for all here: so an unsigned call is still refused in its
 * service's protocol).
 */
import { AwsError } from './aws-error.ts';
import type { AwsRequest, AwsResponse, BodyLimit, RequestHead, Service } from './aws-request.ts';

const TARGET_PREFIXES: Record<string, string> = {
  Logs_20140328: 'logs',
  Kinesis_20131202: 'kinesis',
};
const LAMBDA_PATH = /^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings|tags)\b/;

/**
 * The body limit of a service that names none of its own: above the largest request of the
 * APIs served here, code uploads aside (Kinesis PutRecords: 5 MiB of records, about 6.7 MiB
 * as base64 in JSON; https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
 */
const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const DEFAULT_BODY_LIMIT: BodyLimit = {
  maxBytes: DEFAULT_MAX_BODY_BYTES,
  tooLarge: new AwsError(
    'RequestEntityTooLargeException',
    `Request must be smaller than ${DEFAULT_MAX_BODY_BYTES} bytes`,
    413,
  ),
};

export class Router {
  private readonly services = new Map<string, Service>();
  private readonly byQueryVersion = new Map<string, string>();

  constructor(services: Iterable<Service>) {
    for (const service of services) {
      this.services.set(service.signingName, service);
      if (service.queryVersion) this.byQueryVersion.set(service.queryVersion, service.signingName);
    }
  }

  serviceName(head: RequestHead, scopeService: string | undefined): string | undefined {
    const target = head.headers['x-amz-target'];
    if (typeof target === 'string') {
      const fromTarget = TARGET_PREFIXES[target.split('.', 1)[0] ?? ''];
      if (fromTarget) return fromTarget;
    }
    if (scopeService) return scopeService;
    if (LAMBDA_PATH.test(head.path)) return 'lambda';
    return this.byQueryVersion.get(head.query.get('Version') ?? '');
  }

  /** The largest body the request may carry, as its service says (checked before it is read). */
  bodyLimit(head: RequestHead, scopeService: string): BodyLimit {
    return this.service(head, scopeService)?.bodyLimit?.(head) ?? DEFAULT_BODY_LIMIT;
  }

  /** Only for signed requests: the credential scope names a service. */
  async route(request: AwsRequest, scopeService: string): Promise<AwsResponse> {
    const service = this.service(request, scopeService);
    if (!service)
      throw this.unknownService(this.serviceName(request, scopeService) ?? scopeService);
    return service.handle(request);
  }

  /** An error in the protocol of the service the request is for; JSON when that is unknown. */
  errorResponse(
    error: AwsError,
    request: AwsRequest,
    scopeService: string | undefined,
  ): AwsResponse {
    const service = this.service(request, scopeService);
    if (service) return service.errorResponse(error, request);
    // Both JSON protocols read the code from `x-amzn-ErrorType` or `__type`.
    const { code, message, statusCode } = error.inProtocol('restJson1');
    return {
      status: statusCode,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': request.requestId,
        'x-amzn-errortype': code,
      },
      body: JSON.stringify({ __type: code, message }),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop?.()));
  }

  private service(head: RequestHead, scopeService: string | undefined): Service | undefined {
    const name = this.serviceName(head, scopeService);
    return name === undefined ? undefined : this.services.get(name);
  }

  private unknownService(name: string): AwsError {
    const served = [...this.services.keys()].join(', ');
    return new AwsError(
      'UnknownServiceException',
      `The local cloud does not serve '${name}'. It serves: ${served}.`,
      400,
    );
  }
}

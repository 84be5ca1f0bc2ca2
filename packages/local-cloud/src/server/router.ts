/**
 * Finds the service a request is for, from what the request itself carries:
 * the `X-Amz-Target` prefix of the JSON protocols, else the service named in
 * the SigV4 credential scope, else the path (for unsigned Lambda calls).
 */
import { AwsError } from './aws-error.ts';
import type { AwsRequest, AwsResponse, Service } from './aws-request.ts';

const TARGET_PREFIXES: Record<string, string> = {
  Logs_20140328: 'logs',
  Kinesis_20131202: 'kinesis',
};
const LAMBDA_PATH = /^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings|tags)\b/;

export class Router {
  private readonly services = new Map<string, Service>();

  constructor(services: Iterable<Service>) {
    for (const service of services) this.services.set(service.signingName, service);
  }

  serviceName(request: AwsRequest, scopeService: string | undefined): string | undefined {
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      const fromTarget = TARGET_PREFIXES[target.split('.', 1)[0] ?? ''];
      if (fromTarget) return fromTarget;
    }
    if (scopeService) return scopeService;
    if (LAMBDA_PATH.test(request.path)) return 'lambda';
    return undefined;
  }

  async route(request: AwsRequest, scopeService: string | undefined): Promise<AwsResponse> {
    const name = this.serviceName(request, scopeService);
    const service = name === undefined ? undefined : this.services.get(name);
    if (!service) throw this.unknownService(name);
    return service.handle(request);
  }

  /** An error in the protocol of the service the request is for; JSON when that is unknown. */
  errorResponse(
    error: AwsError,
    request: AwsRequest,
    scopeService: string | undefined,
  ): AwsResponse {
    const name = this.serviceName(request, scopeService);
    const service = name === undefined ? undefined : this.services.get(name);
    if (service) return service.errorResponse(error, request);
    // Both JSON protocols read the code from `x-amzn-ErrorType` or `__type`.
    return {
      status: error.statusCode,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': request.requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop?.()));
  }

  private unknownService(name: string | undefined): AwsError {
    const served = [...this.services.keys()].join(', ');
    return new AwsError(
      'UnknownServiceException',
      name === undefined
        ? `The local cloud could not tell which service this request is for (no SigV4 credential scope, X-Amz-Target or known path). It serves: ${served}.`
        : `The local cloud does not serve '${name}'. It serves: ${served}.`,
      400,
    );
  }
}

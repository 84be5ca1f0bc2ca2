/**
 * Finds the service a request is for, from what the request itself carries and
 * each service declares (src/server/aws-request.ts, `Service`): the `X-Amz-Target`
 * prefix of the JSON protocols, else the service named in the SigV4 credential
 * scope, else the REST path or the query protocol's `Version` in the query string
 * (AWS tells the service of an unsigned request by its host name, the same for all
 * here: so an unsigned call is still refused in its service's protocol).
 */

import type { Authorizer } from '../auth/authorizer.ts';
import { awsJsonError } from '../protocols/aws-json.ts';
import { isQueryRequest, queryError } from '../protocols/aws-query.ts';
import { restJsonError } from '../protocols/rest-json.ts';
import { REST_XML_SERVICES, restXmlError } from '../protocols/rest-xml.ts';
import { AwsError } from './aws-error.ts';
import {
  type AwsRequest,
  type AwsResponse,
  accessKeyId,
  type BodyLimit,
  type CallName,
  type RequestHead,
  type Service,
} from './aws-request.ts';

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
  private readonly byTargetPrefix = new Map<string, Service>();
  private readonly byQueryVersion = new Map<string, Service>();

  /** `authorizer`: IAM's check of restricted callers, before a service handles their request. */
  constructor(
    services: Iterable<Service>,
    private readonly authorizer?: Authorizer,
  ) {
    for (const service of services) {
      this.services.set(service.signingName, service);
      if (service.targetPrefix) this.byTargetPrefix.set(service.targetPrefix, service);
      if (service.queryVersion) this.byQueryVersion.set(service.queryVersion, service);
    }
  }

  serviceName(head: RequestHead, scopeService: string | undefined): string | undefined {
    const target = head.headers['x-amz-target'];
    const byTarget =
      typeof target === 'string'
        ? this.byTargetPrefix.get(target.split('.', 1)[0] ?? '')
        : undefined;
    if (byTarget) return byTarget.signingName;
    if (scopeService) return scopeService;
    for (const service of this.services.values()) {
      if (service.paths?.test(head.path)) return service.signingName;
    }
    return this.byQueryVersion.get(head.query.get('Version') ?? '')?.signingName;
  }

  /** The largest body the request may carry, as its service says (checked before it is read). */
  bodyLimit(head: RequestHead, scopeService: string): BodyLimit {
    return this.service(head, scopeService)?.bodyLimit?.(head) ?? DEFAULT_BODY_LIMIT;
  }

  /** The operation and resource a REST request names, as its service reads them. */
  describe(head: RequestHead, scopeService: string): CallName | undefined {
    return this.service(head, scopeService)?.describe?.(head);
  }

  /** Only for signed requests: the credential scope names a service. */
  async route(request: AwsRequest, scopeService: string): Promise<AwsResponse> {
    const service = this.service(request, scopeService);
    if (!service)
      throw this.unknownService(this.serviceName(request, scopeService) ?? scopeService);
    if (service.authorization) {
      this.authorizer?.check(accessKeyId(request) ?? '', request, service.authorization);
    }
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
    // A service not served here: answer in the protocol its client speaks, so that it can read why.
    if (typeof request.headers['x-amz-target'] === 'string') return awsJsonError(error, request);
    if (isQueryRequest(request)) return queryError(error, request);
    if (scopeService && REST_XML_SERVICES.has(scopeService)) return restXmlError(error, request);
    return restJsonError(error, request);
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

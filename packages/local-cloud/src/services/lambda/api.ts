/**
 * The Lambda API on the wire (restJson1): each operation is a method and a
 * URI, as in the Lambda API reference ("Request Syntax") and the SDK's own
 * serializers (@aws-sdk/client-lambda); inputs come from the path, the query,
 * headers and a JSON body. This layer only reads requests and writes answers:
 * what Lambda does is in model.ts.
 */
import {
  header,
  integerQuery,
  query,
  type Route,
  restJsonBody,
  restJsonError,
  restJsonResponse,
  route,
} from '../../protocols/rest-json.ts';
import { AwsError } from '../../server/aws-error.ts';
import type {
  AwsRequest,
  AwsResponse,
  BodyLimit,
  RequestHead,
  Service,
} from '../../server/aws-request.ts';
import { aliasRoutes } from './api-aliases.ts';
import { concurrencyRoutes } from './api-concurrency.ts';
import { unqualifiedArn } from './arn.ts';
import { eventInvokeConfigRoutes } from './async-invocation/api.ts';
import { CodeUrls } from './code-url.ts';
import { invalidParameterValue, requestTooLargeFor } from './errors.ts';
import { functionUrlRoutes } from './function-urls/api.ts';
import type { InvokeOutput, LambdaModel } from './model.ts';
import { MAX_SYNC_PAYLOAD_BYTES } from './quotas.ts';
import { type Members, readMembers } from './shapes.ts';

/** The settings CreateFunction and UpdateFunctionConfiguration take (API_CreateFunction, "Request Body"). */
const FUNCTION_SETTINGS = {
  Role: 'string',
  Runtime: 'string',
  Handler: 'string',
  Description: 'string',
  Timeout: 'integer',
  MemorySize: 'integer',
  Environment: { Variables: 'stringMap' },
} as const satisfies Members;

/**
 * The largest CreateFunction or UpdateFunctionCode request: about a zip of 50 MB, Lambda's limit
 * for a direct upload (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
 * as base64 in the JSON body. AWS refuses a larger one with "Request must be smaller than 69905067
 * bytes for the CreateFunction operation" (quoted in localstack/localstack#2999).
 */
const MAX_CODE_REQUEST_BYTES = 69_905_067;

const CREATE_FUNCTION = {
  FunctionName: 'string',
  ...FUNCTION_SETTINGS,
  Code: { ZipFile: 'blob' },
  Publish: 'boolean',
  PackageType: 'string',
  Architectures: 'stringList',
  Tags: 'stringMap',
} as const satisfies Members;

const UPDATE_FUNCTION_CONFIGURATION = {
  ...FUNCTION_SETTINGS,
  RevisionId: 'string',
} as const satisfies Members;

const UPDATE_FUNCTION_CODE = {
  ZipFile: 'blob',
  Publish: 'boolean',
  Architectures: 'stringList',
  RevisionId: 'string',
} as const satisfies Members;

const ADD_PERMISSION = {
  StatementId: 'string',
  Action: 'string',
  Principal: 'string',
  SourceArn: 'string',
  SourceAccount: 'string',
  FunctionUrlAuthType: 'string',
  InvokedViaFunctionUrl: 'boolean',
  RevisionId: 'string',
} as const satisfies Members;

const PUBLISH_VERSION = {
  CodeSha256: 'string',
  Description: 'string',
  RevisionId: 'string',
} as const satisfies Members;

const TAG_RESOURCE = { Tags: 'stringMap' } as const satisfies Members;

/** `eventSourceMappingRoutes`: the event source mapping operations (./event-source-mappings/api.ts). */
export function lambdaService(
  model: LambdaModel,
  eventSourceMappingRoutes: readonly Route[] = [],
): Service & Required<Pick<Service, 'describe'>> & { readonly routes: readonly Route[] } {
  const codeUrls = new CodeUrls();
  const routes: Route[] = [
    // First: Invoke is the hot path.
    route(
      'Invoke',
      'POST',
      '/2015-03-31/functions/{FunctionName}/invocations',
      async (request, [name = '']) =>
        invokeResponse(
          request,
          await model.invoke(request.region, {
            FunctionName: name,
            Qualifier: query(request, 'Qualifier'),
            InvocationType: header(request, 'x-amz-invocation-type'),
            LogType: header(request, 'x-amz-log-type'),
            ClientContext: header(request, 'x-amz-client-context'),
            Payload: request.body,
            RequestId: request.requestId,
            TraceHeader: header(request, 'x-amzn-trace-id'),
          }),
        ),
      // The model refuses an Event payload past 1 MB itself, in AWS's words for it.
      operationLimit('InvokeFunction', MAX_SYNC_PAYLOAD_BYTES),
    ),
    route(
      'CreateFunction',
      'POST',
      '/2015-03-31/functions',
      async (request) => {
        const input = readMembers(restJsonBody(request), CREATE_FUNCTION, 'CreateFunction');
        return restJsonResponse(request, 201, await model.createFunction(request.region, input));
      },
      operationLimit('CreateFunction', MAX_CODE_REQUEST_BYTES),
    ),
    route('ListFunctions', 'GET', '/2015-03-31/functions', (request) => {
      const output = model.listFunctions(request.region, {
        FunctionVersion: query(request, 'FunctionVersion'),
        Marker: query(request, 'Marker'),
        MaxItems: integerQuery(request, 'MaxItems'),
      });
      return restJsonResponse(request, 200, output);
    }),
    route(
      'GetFunction',
      'GET',
      '/2015-03-31/functions/{FunctionName}',
      (request, [functionName = '']) => {
        const output = model.getFunction(request.region, functionName, query(request, 'Qualifier'));
        const functionArn = unqualifiedArn(output.Configuration.FunctionArn);
        return restJsonResponse(request, 200, {
          Configuration: output.Configuration,
          Code: { RepositoryType: 'S3', Location: codeUrls.url(request, functionArn) },
          ...(output.Tags && { Tags: output.Tags }),
          ...(output.Concurrency && { Concurrency: output.Concurrency }),
        });
      },
    ),
    route(
      'DeleteFunction',
      'DELETE',
      '/2015-03-31/functions/{FunctionName}',
      (request, [functionName = '']) => {
        model.deleteFunction(request.region, functionName, query(request, 'Qualifier'));
        return restJsonResponse(request, 204);
      },
    ),
    route(
      'GetFunctionConfiguration',
      'GET',
      '/2015-03-31/functions/{FunctionName}/configuration',
      (request, [name = '']) =>
        restJsonResponse(
          request,
          200,
          model.getFunctionConfiguration(request.region, name, query(request, 'Qualifier')),
        ),
    ),
    route(
      'UpdateFunctionConfiguration',
      'PUT',
      '/2015-03-31/functions/{FunctionName}/configuration',
      (request, [name = '']) => {
        const input = readMembers(
          restJsonBody(request),
          UPDATE_FUNCTION_CONFIGURATION,
          'UpdateFunctionConfiguration',
        );
        return restJsonResponse(
          request,
          200,
          model.updateFunctionConfiguration(request.region, name, input),
        );
      },
    ),
    route(
      'UpdateFunctionCode',
      'PUT',
      '/2015-03-31/functions/{FunctionName}/code',
      async (request, [name = '']) => {
        const input = readMembers(
          restJsonBody(request),
          UPDATE_FUNCTION_CODE,
          'UpdateFunctionCode',
        );
        return restJsonResponse(
          request,
          200,
          await model.updateFunctionCode(request.region, name, input),
        );
      },
      operationLimit('UpdateFunctionCode', MAX_CODE_REQUEST_BYTES),
    ),
    // Not an AWS operation: where GetFunction's Code.Location points, the deployment package.
    route(
      'GetFunctionCodeZip',
      'GET',
      '/2015-03-31/functions/{FunctionArn}/code',
      (request, [arn = '']) => {
        codeUrls.check(request);
        return {
          status: 200,
          headers: { 'content-type': 'application/zip', 'x-amzn-requestid': request.requestId },
          body: model.functionZip(arn),
        };
      },
    ),
    route(
      'AddPermission',
      'POST',
      '/2015-03-31/functions/{FunctionName}/policy',
      (request, [name = '']) => {
        const input = readMembers(restJsonBody(request), ADD_PERMISSION, 'AddPermission');
        const output = model.addPermission(request.region, name, {
          ...input,
          Qualifier: query(request, 'Qualifier'),
        });
        return restJsonResponse(request, 201, output);
      },
    ),
    route(
      'GetPolicy',
      'GET',
      '/2015-03-31/functions/{FunctionName}/policy',
      (request, [name = '']) =>
        restJsonResponse(
          request,
          200,
          model.getPolicy(request.region, name, query(request, 'Qualifier')),
        ),
    ),
    route(
      'RemovePermission',
      'DELETE',
      '/2015-03-31/functions/{FunctionName}/policy/{StatementId}',
      (request, [name = '', statementId = '']) => {
        model.removePermission(request.region, name, statementId, {
          Qualifier: query(request, 'Qualifier'),
          RevisionId: query(request, 'RevisionId'),
        });
        return restJsonResponse(request, 204);
      },
    ),
    // https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
    route(
      'PublishVersion',
      'POST',
      '/2015-03-31/functions/{FunctionName}/versions',
      (request, [name = '']) => {
        const input = readMembers(restJsonBody(request), PUBLISH_VERSION, 'PublishVersion');
        return restJsonResponse(request, 201, model.publishVersion(request.region, name, input));
      },
    ),
    // https://docs.aws.amazon.com/lambda/latest/api/API_ListVersionsByFunction.html
    route(
      'ListVersionsByFunction',
      'GET',
      '/2015-03-31/functions/{FunctionName}/versions',
      (request, [name = '']) =>
        restJsonResponse(
          request,
          200,
          model.listVersionsByFunction(request.region, name, {
            Marker: query(request, 'Marker'),
            MaxItems: integerQuery(request, 'MaxItems'),
          }),
        ),
    ),
    route('ListTags', 'GET', '/2017-03-31/tags/{Resource}', (request, [resource = '']) =>
      restJsonResponse(request, 200, model.listTags(request.region, resource)),
    ),
    route('TagResource', 'POST', '/2017-03-31/tags/{Resource}', (request, [resource = '']) => {
      const { Tags } = readMembers(restJsonBody(request), TAG_RESOURCE, 'TagResource');
      model.tagResource(request.region, resource, Tags);
      return restJsonResponse(request, 204);
    }),
    route('UntagResource', 'DELETE', '/2017-03-31/tags/{Resource}', (request, [resource = '']) => {
      const tagKeys = request.query.getAll('tagKeys');
      model.untagResource(request.region, resource, tagKeys.length > 0 ? tagKeys : undefined);
      return restJsonResponse(request, 204);
    }),
    ...aliasRoutes(model),
    ...concurrencyRoutes(model),
    ...functionUrlRoutes(model.functionUrls),
    ...recursionRoutes(model),
    ...eventInvokeConfigRoutes(model),
    ...eventSourceMappingRoutes,
  ];

  /** The route of the request's method and path, with the path's labels. */
  const find = (head: RequestHead) => {
    for (const found of routes) {
      const match = found.method === head.method && found.path.exec(head.path);
      if (match) return { route: found, labels: match.slice(1) };
    }
    return undefined;
  };
  return {
    routes,
    signingName: 'lambda',
    // The API's paths begin with the date of the API version that brought them.
    paths: /^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings|tags|account-settings)\b/,
    async handle(request) {
      const found = find(request);
      if (found) return found.route.handle(request, found.labels.map(decode));
      throw new AwsError(
        'UnknownOperationException',
        `The local cloud's Lambda API has no operation ${request.method} ${request.path}.`,
        400,
      );
    },
    bodyLimit: (head) => find(head)?.route.bodyLimit,
    describe: (head) => {
      const found = find(head);
      const [resource] = found?.labels ?? [];
      return (
        found && {
          operation: found.route.operation,
          resource: resource && (safeDecode(resource) ?? resource),
        }
      );
    },
    errorResponse: restJsonError,
  };
}

/** Get/PutFunctionRecursionConfig (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionRecursionConfig.html). */
function recursionRoutes(model: LambdaModel): Route[] {
  const path = '/2024-08-31/functions/{FunctionName}/recursion-config';
  return [
    route('GetFunctionRecursionConfig', 'GET', path, (request, [name = '']) =>
      restJsonResponse(request, 200, model.getFunctionRecursionConfig(request.region, name)),
    ),
    route('PutFunctionRecursionConfig', 'PUT', path, (request, [name = '']) => {
      const { RecursiveLoop } = readMembers(
        restJsonBody(request),
        { RecursiveLoop: 'string' },
        'PutFunctionRecursionConfig',
      );
      const output = model.putFunctionRecursionConfig(request.region, name, RecursiveLoop);
      return restJsonResponse(request, 200, output);
    }),
  ];
}

/** Invoke's answer: the payload as the body, the rest in headers (API_Invoke, "Response Syntax"). */
function invokeResponse(request: AwsRequest, output: InvokeOutput): AwsResponse {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': request.requestId,
  };
  if (output.ExecutedVersion) headers['x-amz-executed-version'] = output.ExecutedVersion;
  if (output.FunctionError) headers['x-amz-function-error'] = output.FunctionError;
  if (output.LogResult) headers['x-amz-log-result'] = output.LogResult;
  return { status: output.StatusCode, headers, body: output.Payload };
}

/** AWS refuses a larger body naming the operation: "Request must be smaller than N bytes for the X operation". */
function operationLimit(operation: string, maxBytes: number): BodyLimit {
  return { maxBytes, tooLarge: requestTooLargeFor(operation, maxBytes) };
}

function decode(label: string): string {
  const decoded = safeDecode(label);
  if (decoded === undefined) {
    throw invalidParameterValue(`The request path has a malformed percent-encoding: ${label}`);
  }
  return decoded;
}

function safeDecode(label: string): string | undefined {
  try {
    return decodeURIComponent(label);
  } catch {
    return undefined;
  }
}

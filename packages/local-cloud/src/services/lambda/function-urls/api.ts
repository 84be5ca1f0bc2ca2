/**
 * The function URL operations on the wire (restJson1), as the API reference and the SDK's
 * serializers give them: `/2021-10-31/functions/{FunctionName}/url` and `/urls`.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html and beside it.
 */
import {
  integerQuery,
  query,
  type Route,
  restJsonBody,
  restJsonResponse,
  route,
} from '../../../protocols/rest-json.ts';
import type { AwsRequest } from '../../../server/aws-request.ts';
import { type Members, readMembers } from '../shapes.ts';
import { CORS_MEMBERS } from './cors.ts';
import type { FunctionUrlInput, FunctionUrls } from './url-configs.ts';

const URL_CONFIG = {
  AuthType: 'string',
  Cors: CORS_MEMBERS,
  InvokeMode: 'string',
} as const satisfies Members;

export function functionUrlRoutes(urls: FunctionUrls): Route[] {
  const path = '/2021-10-31/functions/{FunctionName}/url';
  const input = (request: AwsRequest, operation: string): FunctionUrlInput => ({
    ...readMembers(restJsonBody(request), URL_CONFIG, operation),
    Qualifier: query(request, 'Qualifier'),
  });
  return [
    route('POST', path, (request, [name = '']) => {
      const output = urls.create(request.region, name, input(request, 'CreateFunctionUrlConfig'));
      return restJsonResponse(request, 201, output);
    }),
    route('GET', path, (request, [name = '']) =>
      restJsonResponse(request, 200, urls.get(request.region, name, query(request, 'Qualifier'))),
    ),
    route('PUT', path, (request, [name = '']) => {
      const output = urls.update(request.region, name, input(request, 'UpdateFunctionUrlConfig'));
      return restJsonResponse(request, 200, output);
    }),
    route('DELETE', path, (request, [name = '']) => {
      urls.delete(request.region, name, query(request, 'Qualifier'));
      return restJsonResponse(request, 204);
    }),
    route('GET', `${path}s`, (request, [name = '']) => {
      const output = urls.list(request.region, name, {
        Marker: query(request, 'Marker'),
        MaxItems: integerQuery(request, 'MaxItems'),
      });
      return restJsonResponse(request, 200, output);
    }),
  ];
}

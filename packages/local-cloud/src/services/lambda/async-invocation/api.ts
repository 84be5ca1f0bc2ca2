/**
 * A function's asynchronous invocation settings on the wire (restJson1):
 * `/2019-09-25/functions/{FunctionName}/event-invoke-config`, as the API reference and the
 * SDK's serializers give them; what they do is in ./event-invoke-config-operations.ts.
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
import type { LambdaModel } from '../model.ts';
import { type Members, readMembers } from '../shapes.ts';

/** Put/UpdateFunctionEventInvokeConfig's body (API_PutFunctionEventInvokeConfig, "Request Body"). */
const EVENT_INVOKE_CONFIG = {
  MaximumRetryAttempts: 'integer',
  MaximumEventAgeInSeconds: 'integer',
  DestinationConfig: { OnSuccess: { Destination: 'string' }, OnFailure: { Destination: 'string' } },
} as const satisfies Members;

export /** The asynchronous invocation settings of a function (Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s)). */
function eventInvokeConfigRoutes(model: LambdaModel): Route[] {
  const path = '/2019-09-25/functions/{FunctionName}/event-invoke-config';
  const settings = (request: AwsRequest, operation: string) => ({
    ...readMembers(restJsonBody(request), EVENT_INVOKE_CONFIG, operation),
    Qualifier: query(request, 'Qualifier'),
  });
  return [
    route('PutFunctionEventInvokeConfig', 'PUT', path, (request, [name = '']) => {
      const input = settings(request, 'PutFunctionEventInvokeConfig');
      const output = model.putFunctionEventInvokeConfig(request.region, name, input);
      return restJsonResponse(request, 200, output);
    }),
    route('UpdateFunctionEventInvokeConfig', 'POST', path, (request, [name = '']) => {
      const input = settings(request, 'UpdateFunctionEventInvokeConfig');
      const output = model.updateFunctionEventInvokeConfig(request.region, name, input);
      return restJsonResponse(request, 200, output);
    }),
    route('GetFunctionEventInvokeConfig', 'GET', path, (request, [name = '']) => {
      const qualifier = query(request, 'Qualifier');
      const output = model.getFunctionEventInvokeConfig(request.region, name, qualifier);
      return restJsonResponse(request, 200, output);
    }),
    route('DeleteFunctionEventInvokeConfig', 'DELETE', path, (request, [name = '']) => {
      model.deleteFunctionEventInvokeConfig(request.region, name, query(request, 'Qualifier'));
      return restJsonResponse(request, 204);
    }),
    route('ListFunctionEventInvokeConfigs', 'GET', `${path}/list`, (request, [name = '']) => {
      const maxItems = integerQuery(request, 'MaxItems');
      const output = model.listFunctionEventInvokeConfigs(request.region, name, maxItems);
      return restJsonResponse(request, 200, output);
    }),
  ];
}

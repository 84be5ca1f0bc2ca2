/**
 * Reserved concurrency and the account's settings on the wire (restJson1), as the API
 * reference and the SDK's serializers give them; what they do is in concurrency.ts.
 */
import { type Route, restJsonBody, restJsonResponse, route } from '../../protocols/rest-json.ts';
import type { LambdaModel } from './model.ts';
import { type Members, readMembers } from './shapes.ts';

const PUT_FUNCTION_CONCURRENCY = {
  ReservedConcurrentExecutions: 'integer',
} as const satisfies Members;

export /** Reserved concurrency and the account's settings (API_PutFunctionConcurrency, API_GetAccountSettings, ...). */
function concurrencyRoutes(model: LambdaModel): Route[] {
  return [
    route(
      'PutFunctionConcurrency',
      'PUT',
      '/2017-10-31/functions/{FunctionName}/concurrency',
      (request, [name = '']) => {
        const { ReservedConcurrentExecutions } = readMembers(
          restJsonBody(request),
          PUT_FUNCTION_CONCURRENCY,
          'PutFunctionConcurrency',
        );
        const output = model.putFunctionConcurrency(
          request.region,
          name,
          ReservedConcurrentExecutions,
        );
        return restJsonResponse(request, 200, output);
      },
    ),
    route(
      'GetFunctionConcurrency',
      'GET',
      '/2019-09-30/functions/{FunctionName}/concurrency',
      (request, [name = '']) =>
        restJsonResponse(request, 200, model.getFunctionConcurrency(request.region, name)),
    ),
    route(
      'DeleteFunctionConcurrency',
      'DELETE',
      '/2017-10-31/functions/{FunctionName}/concurrency',
      (request, [name = '']) => {
        model.deleteFunctionConcurrency(request.region, name);
        return restJsonResponse(request, 204);
      },
    ),
    route('GetAccountSettings', 'GET', '/2016-08-19/account-settings', (request) =>
      restJsonResponse(request, 200, model.getAccountSettings(request.region)),
    ),
  ];
}

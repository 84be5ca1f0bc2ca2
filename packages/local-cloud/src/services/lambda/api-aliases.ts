/**
 * The alias operations on the wire (restJson1): `/2015-03-31/functions/{FunctionName}/aliases`,
 * as the API reference and the SDK's serializers give them; what they do is in aliases.ts.
 */
import {
  integerQuery,
  query,
  type Route,
  restJsonBody,
  restJsonResponse,
  route,
} from '../../protocols/rest-json.ts';
import type { LambdaModel } from './model.ts';
import { type Members, readMembers } from './shapes.ts';

/** UpdateAlias's body; CreateAlias's also names the alias (API_CreateAlias, "Request Body"). */
const UPDATE_ALIAS = {
  FunctionVersion: 'string',
  Description: 'string',
  RoutingConfig: { AdditionalVersionWeights: 'numberMap' },
  RevisionId: 'string',
} as const satisfies Members;

const CREATE_ALIAS = {
  Name: 'string',
  FunctionVersion: 'string',
  Description: 'string',
  RoutingConfig: { AdditionalVersionWeights: 'numberMap' },
} as const satisfies Members;

export /** Create/Get/Update/Delete/ListAlias(es) (https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html and beside it). */
function aliasRoutes(model: LambdaModel): Route[] {
  const aliases = '/2015-03-31/functions/{FunctionName}/aliases';
  const alias = `${aliases}/{Name}`;
  return [
    route('CreateAlias', 'POST', aliases, (request, [name = '']) => {
      const input = readMembers(restJsonBody(request), CREATE_ALIAS, 'CreateAlias');
      return restJsonResponse(request, 201, model.createAlias(request.region, name, input));
    }),
    route('ListAliases', 'GET', aliases, (request, [name = '']) => {
      const output = model.listAliases(request.region, name, {
        FunctionVersion: query(request, 'FunctionVersion'),
        Marker: query(request, 'Marker'),
        MaxItems: integerQuery(request, 'MaxItems'),
      });
      return restJsonResponse(request, 200, output);
    }),
    route('GetAlias', 'GET', alias, (request, [name = '', aliasName = '']) =>
      restJsonResponse(request, 200, model.getAlias(request.region, name, aliasName)),
    ),
    route('UpdateAlias', 'PUT', alias, (request, [name = '', aliasName = '']) => {
      const input = readMembers(restJsonBody(request), UPDATE_ALIAS, 'UpdateAlias');
      const output = model.updateAlias(request.region, name, { ...input, Name: aliasName });
      return restJsonResponse(request, 200, output);
    }),
    route('DeleteAlias', 'DELETE', alias, (request, [name = '', aliasName = '']) => {
      model.deleteAlias(request.region, name, aliasName);
      return restJsonResponse(request, 204);
    }),
  ];
}

/**
 * The event source mapping operations of the Lambda API on the wire (restJson1),
 * with the methods, URIs and status codes of the SDK's serializers
 * (@aws-sdk/client-lambda: CreateEventSourceMapping POST 202, Get 200, List 200,
 * Update PUT 202, Delete 202). What they do is in ./model.ts.
 */
import {
  integerQuery,
  query,
  type Route,
  restJsonBody,
  restJsonResponse,
  route,
} from '../../../protocols/rest-json.ts';
import { type Members, readMembers } from '../shapes.ts';
import type { EventSourceMappings } from './model.ts';

/** The settings both Create and UpdateEventSourceMapping take ("Request Body"). */
const MAPPING_SETTINGS = {
  FunctionName: 'string',
  Enabled: 'boolean',
  BatchSize: 'integer',
  MaximumBatchingWindowInSeconds: 'integer',
  ParallelizationFactor: 'integer',
  DestinationConfig: { OnSuccess: { Destination: 'string' }, OnFailure: { Destination: 'string' } },
  MaximumRecordAgeInSeconds: 'integer',
  BisectBatchOnFunctionError: 'boolean',
  MaximumRetryAttempts: 'integer',
  FunctionResponseTypes: 'stringList',
} as const satisfies Members;

const CREATE_EVENT_SOURCE_MAPPING = {
  EventSourceArn: 'string',
  StartingPosition: 'string',
  StartingPositionTimestamp: 'timestamp',
  ...MAPPING_SETTINGS,
} as const satisfies Members;

const PATH = '/2015-03-31/event-source-mappings';

export function eventSourceMappingRoutes(model: EventSourceMappings): Route[] {
  return [
    route('CreateEventSourceMapping', 'POST', PATH, async (request) => {
      const input = readMembers(
        restJsonBody(request),
        CREATE_EVENT_SOURCE_MAPPING,
        'CreateEventSourceMapping',
      );
      return restJsonResponse(request, 202, await model.create(request.region, input));
    }),
    route('ListEventSourceMappings', 'GET', PATH, (request) => {
      const output = model.list(request.region, {
        EventSourceArn: query(request, 'EventSourceArn'),
        FunctionName: query(request, 'FunctionName'),
        Marker: query(request, 'Marker'),
        MaxItems: integerQuery(request, 'MaxItems'),
      });
      return restJsonResponse(request, 200, output);
    }),
    route('GetEventSourceMapping', 'GET', `${PATH}/{UUID}`, (request, [uuid = '']) =>
      restJsonResponse(request, 200, model.get(request.region, uuid)),
    ),
    route('UpdateEventSourceMapping', 'PUT', `${PATH}/{UUID}`, (request, [uuid = '']) => {
      const input = readMembers(
        restJsonBody(request),
        MAPPING_SETTINGS,
        'UpdateEventSourceMapping',
      );
      return restJsonResponse(request, 202, model.update(request.region, uuid, input));
    }),
    route('DeleteEventSourceMapping', 'DELETE', `${PATH}/{UUID}`, (request, [uuid = '']) =>
      restJsonResponse(request, 202, model.delete(request.region, uuid)),
    ),
  ];
}

/**
 * Every operation the Lambda API serves is one IAM knows (./src/services/lambda/iam-actions.ts):
 * a route missing there would need no permission, so a function's role could call it freely.
 */
import { describe, expect, it } from 'vitest';
import { lambdaService } from '../src/services/lambda/api.ts';
import { eventSourceMappingRoutes } from '../src/services/lambda/event-source-mappings/api.ts';
import type { EventSourceMappings } from '../src/services/lambda/event-source-mappings/model.ts';
import { OPERATION_TARGETS } from '../src/services/lambda/iam-actions.ts';
import type { LambdaModel } from '../src/services/lambda/model.ts';

/** Not an AWS operation: where GetFunction's Code.Location points, signed on its own. */
const CODE_URL = 'GetFunctionCodeZip';

describe('the Lambda API and IAM', () => {
  // Routes are built without touching the model; only their handlers use it.
  const { routes } = lambdaService(
    {} as LambdaModel,
    eventSourceMappingRoutes({} as EventSourceMappings),
  );
  const served = routes.map((route) => route.operation);

  it('has an IAM action for every route it serves', () => {
    expect(served.length).toBeGreaterThan(30);
    const unknown = served.filter(
      (operation) => operation !== CODE_URL && !OPERATION_TARGETS[operation],
    );
    expect(unknown).toEqual([]);
  });

  it('names each route by a distinct operation, and IAM no operation it does not serve', () => {
    expect(new Set(served).size).toBe(served.length);
    expect(
      Object.keys(OPERATION_TARGETS).filter((operation) => !served.includes(operation)),
    ).toEqual([]);
  });
});

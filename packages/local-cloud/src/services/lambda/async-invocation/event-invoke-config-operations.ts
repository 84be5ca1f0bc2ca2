/**
 * The five EventInvokeConfig operations of the API on the functions they name: Put and
 * Update (one code path), Get, Delete and List. The settings and their checks are in
 * ./event-invoke-config.ts; only `$LATEST` has a config in the local cloud.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html
 */

import { Constraints } from '../../../protocols/validation.ts';
import { type FunctionReference, parseFunctionArn } from '../arn.ts';
import { resourceNotFound } from '../errors.ts';
import type { Functions } from '../functions.ts';
import { isLatest, type LambdaFunction } from '../lambda-function.ts';
import { MAX_FUNCTION_NAME_TO_CHANGE } from '../quotas.ts';
import {
  checkEventInvokeConfigInput,
  type EventInvokeConfigInput,
  type EventInvokeConfigs,
  type FunctionEventInvokeConfig,
  noEventInvokeConfig,
} from './event-invoke-config.ts';

export type EventInvokeConfigRequest = EventInvokeConfigInput & { Qualifier?: string };

export class EventInvokeConfigOperations {
  constructor(
    private readonly functions: Functions,
    private readonly configs: EventInvokeConfigs,
  ) {}

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html and
   * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionEventInvokeConfig.html
   */
  set(
    operation: 'put' | 'update',
    region: string,
    functionName: string,
    input: EventInvokeConfigRequest,
  ): FunctionEventInvokeConfig {
    checkEventInvokeConfigInput(input);
    const fn = this.configuredFunction(region, functionName, input.Qualifier);
    return this.configs.set(fn.arn, input, (arn) => this.destinationFunction(arn), operation);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionEventInvokeConfig.html */
  get(region: string, functionName: string, qualifier?: string): FunctionEventInvokeConfig {
    return this.configs.get(this.configKey(region, functionName, qualifier));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunctionEventInvokeConfig.html */
  delete(region: string, functionName: string, qualifier?: string): void {
    const key = this.configKey(region, functionName, qualifier);
    if (!this.configs.remove(key)) throw noEventInvokeConfig(key);
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctionEventInvokeConfigs.html
   * Only `$LATEST` has a config here, so there is never a next page (Marker is not used).
   */
  list(
    region: string,
    functionName: string,
    maxItems?: number,
  ): { FunctionEventInvokeConfigs: FunctionEventInvokeConfig[] } {
    new Constraints().range('maxItems', maxItems, 1, 50).check();
    const fn = this.configuredFunction(region, functionName, undefined);
    return { FunctionEventInvokeConfigs: this.configs.list(fn.arn) };
  }

  /** The function whose event invoke config a request sets or lists; AWS: "The function doesn't exist." */
  private configuredFunction(
    region: string,
    functionName: string,
    qualifier: string | undefined,
  ): LambdaFunction {
    const reference = this.reference(region, functionName, qualifier);
    const fn = this.functions.find(region, reference);
    if (!fn || !isLatest(reference.qualifier)) {
      throw resourceNotFound("The function doesn't exist.");
    }
    return fn;
  }

  /** The unqualified ARN a Get or Delete of an event invoke config names (the function may not exist). */
  private configKey(region: string, functionName: string, qualifier: string | undefined): string {
    const reference = this.reference(region, functionName, qualifier);
    const arn = this.functions.arnOf(region, reference);
    if (!isLatest(reference.qualifier)) {
      throw resourceNotFound(
        `The function ${arn}:${reference.qualifier} doesn't have an EventInvokeConfig`,
      );
    }
    return arn;
  }

  private reference(region: string, functionName: string, qualifier: string | undefined) {
    return this.functions.reference(region, functionName, qualifier, MAX_FUNCTION_NAME_TO_CHANGE);
  }

  /** The unqualified ARN of the function a destination ARN names, if it exists. */
  private destinationFunction(destinationArn: string): string | undefined {
    let reference: FunctionReference;
    try {
      reference = parseFunctionArn(destinationArn);
    } catch {
      return undefined; // a Lambda ARN, but not a function's
    }
    const fn = this.functions.find(reference.region as string, reference);
    return fn && isLatest(reference.qualifier) ? fn.arn : undefined;
  }
}

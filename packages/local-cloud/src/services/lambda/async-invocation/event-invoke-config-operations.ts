/**
 * The five EventInvokeConfig operations of the API on the functions they name: Put and
 * Update (one code path), Get, Delete and List. The settings and their checks are in
 * ./event-invoke-config.ts; `$LATEST`, each version and each alias has its own config.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html
 */

import { Constraints } from '../../../protocols/validation.ts';
import { type FunctionReference, parseFunctionArn } from '../arn.ts';
import { resourceNotFound } from '../errors.ts';
import type { Functions } from '../functions.ts';
import { isLatest } from '../lambda-function.ts';
import { LATEST, MAX_FUNCTION_NAME_TO_CHANGE } from '../quotas.ts';
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
    const key = this.configuredFunction(region, functionName, input.Qualifier);
    return this.configs.set(key, input, (arn) => this.destinationFunction(arn), operation);
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
   * A function has at most a config per qualifier, listed on one page (Marker is not used).
   */
  list(
    region: string,
    functionName: string,
    maxItems?: number,
  ): { FunctionEventInvokeConfigs: FunctionEventInvokeConfig[] } {
    new Constraints().range('maxItems', maxItems, 1, 50).check();
    const reference = this.reference(region, functionName, undefined);
    if (!this.functions.find(region, reference)) {
      throw resourceNotFound("The function doesn't exist.");
    }
    return {
      FunctionEventInvokeConfigs: this.configs.list(this.functions.arnOf(region, reference)),
    };
  }

  /** The qualified ARN whose event invoke config a request sets; AWS: "The function doesn't exist." */
  private configuredFunction(
    region: string,
    functionName: string,
    qualifier: string | undefined,
  ): string {
    const reference = this.reference(region, functionName, qualifier);
    try {
      this.functions.resolve(region, reference);
    } catch {
      throw resourceNotFound("The function doesn't exist.");
    }
    return configKey(this.functions.arnOf(region, reference), reference.qualifier);
  }

  /** The qualified ARN a Get or Delete of an event invoke config names (the function may not exist). */
  private configKey(region: string, functionName: string, qualifier: string | undefined): string {
    const reference = this.reference(region, functionName, qualifier);
    return configKey(this.functions.arnOf(region, reference), reference.qualifier);
  }

  private reference(region: string, functionName: string, qualifier: string | undefined) {
    return this.functions.reference(region, functionName, qualifier, MAX_FUNCTION_NAME_TO_CHANGE);
  }

  /** The ARN of the function (version, alias) a destination ARN names, if it exists. */
  private destinationFunction(destinationArn: string): string | undefined {
    let reference: FunctionReference;
    try {
      reference = parseFunctionArn(destinationArn);
    } catch {
      return undefined; // a Lambda ARN, but not a function's
    }
    const target = this.functions.resolveArn(destinationArn);
    if (!target) return undefined;
    return isLatest(reference.qualifier)
      ? target.fn.arn
      : `${target.fn.arn}:${reference.qualifier}`;
  }
}

/** The key of a qualifier's config: the function's ARN with the qualifier, `$LATEST` when there is none. */
export function configKey(functionArn: string, qualifier: string | undefined): string {
  return `${functionArn}:${qualifier ?? LATEST}`;
}

/**
 * Reserved concurrency (PutFunctionConcurrency, GetFunctionConcurrency,
 * DeleteFunctionConcurrency) and the account's limits and usage (GetAccountSettings).
 * A function with reserved concurrency runs at most that many invocations at once, all its
 * versions and aliases together; 0 stops it. Past it, a synchronous invoke gets 429
 * TooManyRequestsException with Reason ReservedFunctionConcurrentInvocationLimitExceeded, and
 * queued `Event` invocations wait for a free slot (see ./async-invocation/event-queue.ts).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html
 */
import { Constraints } from '../../protocols/validation.ts';
import { AwsError } from '../../server/aws-error.ts';
import { invalidParameterValue } from './errors.ts';
import type { Functions } from './functions.ts';
import { MAX_FUNCTION_NAME_TO_CHANGE, MAX_ZIPPED_BYTES } from './quotas.ts';
import { MAX_UNZIPPED_BYTES } from './runtime/code-store.ts';

/**
 * The share of the account's concurrency that reservations must leave to the other functions.
 * AWS keeps 100 of an account's default 1000 unreserved: "You can reserve up to the Unreserved
 * account concurrency value that is shown, minus 100 for functions that don't have reserved
 * concurrency" (configuration-concurrency.html); its refusal names the minimum, e.g. "... below
 * its minimum value of [100]." (or [10] or [50] for accounts with lower limits). Here the same
 * tenth of the local limit, at least 1: with the default limit of 10, functions may reserve 9.
 */
const MIN_UNRESERVED_SHARE = 0.1;

export interface AccountSettings {
  AccountLimit: {
    TotalCodeSize: number;
    CodeSizeUnzipped: number;
    CodeSizeZipped: number;
    ConcurrentExecutions: number;
    UnreservedConcurrentExecutions: number;
  };
  AccountUsage: { TotalCodeSize: number; FunctionCount: number };
}

export class Concurrency {
  /** Reserved concurrency, by unqualified function ARN. */
  private readonly reserved = new Map<string, number>();
  /** Invocations running now, by unqualified function ARN (of functions with a reservation). */
  private readonly running = new Map<string, number>();

  constructor(
    private readonly functions: Functions,
    private readonly options: {
      /** The local cloud's concurrency limit (execution environments across all functions). */
      readonly limit: number;
      /** The cap on all code on disk, the local TotalCodeSize limit. */
      readonly codeStorageLimitBytes: number;
      /** Called when a function may run more than before: a slot freed or a reservation changed. */
      readonly onSlotFreed: () => void;
    },
  ) {}

  /** https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html */
  put(
    region: string,
    functionName: string,
    reservedConcurrentExecutions: number | undefined,
  ): { ReservedConcurrentExecutions: number } {
    new Constraints()
      .required('reservedConcurrentExecutions', reservedConcurrentExecutions)
      .range('reservedConcurrentExecutions', reservedConcurrentExecutions, 0)
      .check();
    const fn = this.function(region, functionName);
    const reserved = reservedConcurrentExecutions as number;
    let reservedByOthers = 0;
    for (const [arn, count] of this.reserved) if (arn !== fn.arn) reservedByOthers += count;
    const minimum = this.minimumUnreserved();
    if (this.options.limit - reservedByOthers - reserved < minimum) {
      // AWS's refusal (quoted in LocalStack's test_function_concurrency and many deploy logs).
      throw invalidParameterValue(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
      );
    }
    this.reserved.set(fn.arn, reserved);
    this.options.onSlotFreed();
    return { ReservedConcurrentExecutions: reserved };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConcurrency.html: `{}` without a reservation. */
  get(region: string, functionName: string): { ReservedConcurrentExecutions?: number } {
    const reserved = this.reservedOf(this.function(region, functionName).arn);
    return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunctionConcurrency.html */
  delete(region: string, functionName: string): void {
    this.forget(this.function(region, functionName).arn);
    this.options.onSlotFreed();
  }

  /** The function's reservation, if it has one. */
  reservedOf(functionArn: string): number | undefined {
    return this.reserved.get(functionArn);
  }

  /** A deleted function's reservation goes with it. */
  forget(functionArn: string): void {
    this.reserved.delete(functionArn);
  }

  /** Whether an invocation of the function may start now. */
  hasSlot(functionArn: string): boolean {
    const reserved = this.reserved.get(functionArn);
    return reserved === undefined || (this.running.get(functionArn) ?? 0) < reserved;
  }

  /** Runs an invocation within the function's reservation; 429 when it has no free slot. */
  async run<T>(functionArn: string, invocation: () => Promise<T>): Promise<T> {
    if (!this.hasSlot(functionArn)) {
      // Invoke's answer (API_Invoke, Errors: TooManyRequestsException, Reason).
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      });
    }
    this.running.set(functionArn, (this.running.get(functionArn) ?? 0) + 1);
    try {
      return await invocation();
    } finally {
      const left = (this.running.get(functionArn) ?? 1) - 1;
      if (left === 0) this.running.delete(functionArn);
      else this.running.set(functionArn, left);
      if (this.reserved.has(functionArn)) this.options.onSlotFreed();
    }
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html, from the local
   * cloud's own limits: its concurrency limit, its cap on code on disk, Lambda's per-function
   * code quotas; usage counts the region's functions and the zipped code of every version.
   */
  accountSettings(region: string): AccountSettings {
    let reservedTotal = 0;
    for (const count of this.reserved.values()) reservedTotal += count;
    const functions = this.functions.inRegion(region);
    let totalCodeSize = 0;
    for (const fn of functions) {
      for (const version of [fn, ...fn.versions.values()]) totalCodeSize += version.code.codeSize;
    }
    return {
      AccountLimit: {
        TotalCodeSize: this.options.codeStorageLimitBytes,
        CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
        CodeSizeZipped: MAX_ZIPPED_BYTES,
        ConcurrentExecutions: this.options.limit,
        UnreservedConcurrentExecutions: this.options.limit - reservedTotal,
      },
      AccountUsage: { TotalCodeSize: totalCodeSize, FunctionCount: functions.length },
    };
  }

  private minimumUnreserved(): number {
    return Math.max(1, Math.ceil(this.options.limit * MIN_UNRESERVED_SHARE));
  }

  private function(region: string, functionName: string) {
    const reference = this.functions.reference(
      region,
      functionName,
      undefined,
      MAX_FUNCTION_NAME_TO_CHANGE,
    );
    return this.functions.lookup(region, reference);
  }
}

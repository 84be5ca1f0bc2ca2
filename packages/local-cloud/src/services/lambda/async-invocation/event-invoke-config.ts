/**
 * A function's settings for asynchronous invocation, as PutFunctionEventInvokeConfig,
 * UpdateFunctionEventInvokeConfig, GetFunctionEventInvokeConfig,
 * DeleteFunctionEventInvokeConfig and ListFunctionEventInvokeConfigs keep them
 * (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html):
 * how many times Lambda retries an event whose function failed (MaximumRetryAttempts,
 * 0 to 2, default 2), how long an event may wait in the queue (MaximumEventAgeInSeconds,
 * 60 to 21,600, default 21,600, six hours), and where records of processed events go
 * (DestinationConfig, https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 * The local cloud delivers records to Lambda functions only: SQS, SNS, S3 and EventBridge
 * destinations are refused by name rather than silently ignored.
 * Messages as recorded from AWS in LocalStack's snapshot tests (TestLambdaEventInvokeConfig)
 * and moto's AWS-validated tests (test_put_event_invoke_config_errors_*).
 */

import { Constraints, pattern } from '../../../protocols/validation.ts';
import type { AwsError } from '../../../server/aws-error.ts';
import { unqualifiedArn } from '../arn.ts';
import { invalidParameterValue, resourceNotFound } from '../errors.ts';

/** The pattern of OnSuccess.Destination and OnFailure.Destination (API_OnSuccess, API_OnFailure). */
const DESTINATION_ARN = pattern(
  String.raw`^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
);
const MAX_DESTINATION_LENGTH = 350;

export interface DestinationConfig {
  OnSuccess?: { Destination?: string };
  OnFailure?: { Destination?: string };
}

export interface EventInvokeConfigInput {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
}

/** As the API returns it (API_FunctionEventInvokeConfig); unset limits are left out. */
export interface FunctionEventInvokeConfig {
  /** Unix time in seconds. */
  LastModified: number;
  /** Qualified: `...:function:my-function:$LATEST`. */
  FunctionArn: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig: {
    OnSuccess: { Destination?: string };
    OnFailure: { Destination?: string };
  };
}

/** What the event queue runs a function's events with. */
export interface AsyncSettings {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  /** The unqualified ARN of the function that gets the record of a processed event. */
  readonly onSuccess?: string;
  /** The same for an event that failed every attempt, or expired. */
  readonly onFailure?: string;
}

/** "By default, Lambda retries an asynchronous invocation twice ... It retains events in a queue for up to six hours." */
export const DEFAULT_ASYNC_SETTINGS: AsyncSettings = {
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 21_600,
};

/** Finds the function a destination ARN names, if it exists: the ARN to invoke (unqualified for `$LATEST`). */
export type DestinationResolver = (destinationArn: string) => string | undefined;

interface Destination {
  /** As given. */
  readonly arn: string;
  /** The ARN of the function it names, as invoked (qualified for a version or alias). */
  readonly functionArn: string;
}

interface StoredConfig {
  readonly lastModified: number;
  readonly maximumRetryAttempts?: number;
  readonly maximumEventAgeInSeconds?: number;
  readonly onSuccess?: Destination;
  readonly onFailure?: Destination;
}

/**
 * The API's constraints on the settings (ValidationException), then Lambda's own check that
 * there is something to set (recorded: "You must specify at least one of error handling or
 * destination setting.").
 */
export function checkEventInvokeConfigInput(input: EventInvokeConfigInput): void {
  const constraints = new Constraints()
    .range('maximumRetryAttempts', input.MaximumRetryAttempts, 0, 2)
    .range('maximumEventAgeInSeconds', input.MaximumEventAgeInSeconds, 60, 21_600);
  for (const [member, value] of [
    ['destinationConfig.onSuccess.destination', input.DestinationConfig?.OnSuccess?.Destination],
    ['destinationConfig.onFailure.destination', input.DestinationConfig?.OnFailure?.Destination],
  ] as const) {
    constraints
      .length(member, value, 0, MAX_DESTINATION_LENGTH)
      .matches(member, value, DESTINATION_ARN);
  }
  constraints.check();
  if (
    input.MaximumRetryAttempts === undefined &&
    input.MaximumEventAgeInSeconds === undefined &&
    input.DestinationConfig === undefined
  ) {
    throw invalidParameterValue(
      'You must specify at least one of error handling or destination setting.',
    );
  }
}

/**
 * The event invoke configs of all functions, by qualified function ARN: `$LATEST`, each
 * version and each alias has its own (`...:function:f:$LATEST`, `...:f:1`, `...:f:live`).
 */
export class EventInvokeConfigs {
  private readonly configs = new Map<string, StoredConfig>();

  /**
   * PutFunctionEventInvokeConfig (`put`) replaces the function's config with the settings
   * given; UpdateFunctionEventInvokeConfig (`update`) changes those given and keeps the
   * others, and the function must have a config.
   */
  set(
    functionArn: string,
    input: EventInvokeConfigInput,
    resolve: DestinationResolver,
    operation: 'put' | 'update',
  ): FunctionEventInvokeConfig {
    const kept = operation === 'put' ? {} : this.stored(functionArn);
    const unqualified = unqualifiedArn(functionArn);
    const config: StoredConfig = {
      ...kept,
      lastModified: Date.now(),
      ...(input.MaximumRetryAttempts !== undefined && {
        maximumRetryAttempts: input.MaximumRetryAttempts,
      }),
      ...(input.MaximumEventAgeInSeconds !== undefined && {
        maximumEventAgeInSeconds: input.MaximumEventAgeInSeconds,
      }),
      ...(input.DestinationConfig !== undefined && {
        onSuccess: undefined,
        onFailure: undefined,
        ...destinations(unqualified, input.DestinationConfig, resolve),
      }),
    };
    this.configs.set(functionArn, config);
    return view(functionArn, config);
  }

  get(functionArn: string): FunctionEventInvokeConfig {
    return view(functionArn, this.stored(functionArn));
  }

  /** The configs of a function (its unqualified ARN), of all its qualifiers. */
  list(functionArn: string): FunctionEventInvokeConfig[] {
    return [...this.configs]
      .filter(([qualifiedArn]) => unqualifiedArn(qualifiedArn) === functionArn)
      .map(([qualifiedArn, config]) => view(qualifiedArn, config));
  }

  /** Whether the qualified function had a config. */
  remove(functionArn: string): boolean {
    return this.configs.delete(functionArn);
  }

  /** A deleted function's configs, of all its qualifiers. */
  removeAll(functionArn: string): void {
    for (const qualifiedArn of this.configs.keys()) {
      if (unqualifiedArn(qualifiedArn) === functionArn) this.configs.delete(qualifiedArn);
    }
  }

  /** What the function's events run with: its config, Lambda's defaults for what it leaves unset. */
  settings(functionArn: string): AsyncSettings {
    const config = this.configs.get(functionArn);
    if (!config) return DEFAULT_ASYNC_SETTINGS;
    return {
      maximumRetryAttempts:
        config.maximumRetryAttempts ?? DEFAULT_ASYNC_SETTINGS.maximumRetryAttempts,
      maximumEventAgeSeconds:
        config.maximumEventAgeInSeconds ?? DEFAULT_ASYNC_SETTINGS.maximumEventAgeSeconds,
      onSuccess: config.onSuccess?.functionArn,
      onFailure: config.onFailure?.functionArn,
    };
  }

  private stored(functionArn: string): StoredConfig {
    const config = this.configs.get(functionArn);
    if (!config) throw noEventInvokeConfig(functionArn);
    return config;
  }
}

/** ResourceNotFoundException for a qualified function (that may not exist) without a config. */
export function noEventInvokeConfig(functionArn: string): AwsError {
  return resourceNotFound(`The function ${functionArn} doesn't have an EventInvokeConfig`);
}

/** Checks each destination: a Lambda function that exists and is not the function itself (`functionArn`, unqualified). */
function destinations(
  functionArn: string,
  config: DestinationConfig | undefined,
  resolve: DestinationResolver,
): Pick<StoredConfig, 'onSuccess' | 'onFailure'> {
  const check = (arn: string | undefined): Destination | undefined => {
    if (arn === undefined || arn === '') return undefined;
    if (arn.split(':')[2] !== 'lambda') {
      throw invalidParameterValue(
        `The local cloud delivers destination records to Lambda functions only, not to ${arn}.`,
      );
    }
    const destination = resolve(arn);
    if (destination === undefined) {
      throw invalidParameterValue(`The destination ARN ${arn} is invalid.`);
    }
    if (unqualifiedArn(destination) === functionArn) {
      throw invalidParameterValue("You can't specify the function as a destination for itself.");
    }
    return { arn, functionArn: destination };
  };
  return {
    onSuccess: check(config?.OnSuccess?.Destination),
    onFailure: check(config?.OnFailure?.Destination),
  };
}

function view(functionArn: string, config: StoredConfig): FunctionEventInvokeConfig {
  return {
    LastModified: config.lastModified / 1000,
    FunctionArn: functionArn,
    ...(config.maximumRetryAttempts !== undefined && {
      MaximumRetryAttempts: config.maximumRetryAttempts,
    }),
    ...(config.maximumEventAgeInSeconds !== undefined && {
      MaximumEventAgeInSeconds: config.maximumEventAgeInSeconds,
    }),
    DestinationConfig: {
      OnSuccess: config.onSuccess ? { Destination: config.onSuccess.arn } : {},
      OnFailure: config.onFailure ? { Destination: config.onFailure.arn } : {},
    },
  };
}

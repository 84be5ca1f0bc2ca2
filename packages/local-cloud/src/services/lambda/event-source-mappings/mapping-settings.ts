/**
 * What an event source mapping's settings may be: the API's constraint checks
 * (ranges and enums of botocore's lambda/2015-03-31 model, as in
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html)
 * and Lambda's own checks, with AWS's messages where they were recorded
 * (LocalStack's AWS-validated snapshots of the Lambda API, unless a comment says otherwise).
 * The local cloud maps Kinesis streams only.
 */

import { type Constraints, pattern } from '../../../protocols/validation.ts';
import { invalidParameterValue } from '../errors.ts';

/** Where a mapping starts reading a shard that it has no checkpoint for. */
export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

/** The settings of CreateEventSourceMapping that UpdateEventSourceMapping can change too. */
export interface MappingSettingsInput {
  FunctionName?: string;
  Enabled?: boolean;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  ParallelizationFactor?: number;
  DestinationConfig?: {
    OnFailure?: { Destination?: string };
    OnSuccess?: { Destination?: string };
  };
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  MaximumRetryAttempts?: number;
  FunctionResponseTypes?: string[];
}

export interface CreateEventSourceMappingInput extends MappingSettingsInput {
  EventSourceArn?: string;
  StartingPosition?: string;
  StartingPositionTimestamp?: Date;
}

/** How a mapping batches records and handles failures, with Lambda's defaults filled in. */
export interface BatchSettings {
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  /** Accepted (1 to 10) and reported; the local cloud processes one batch per shard at a time. */
  readonly parallelizationFactor: number;
  /** -1: until the record expires. */
  readonly maximumRecordAgeInSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  /** -1: no limit. */
  readonly maximumRetryAttempts: number;
  readonly functionResponseTypes: readonly string[];
}

/** A Kinesis data stream's ARN, `arn:aws:kinesis:<region>:<account>:stream/<name>`. */
export interface StreamArn {
  readonly arn: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

// Kinesis defaults: "Default 100. Max 10,000." (API_CreateEventSourceMapping, BatchSize); both
// limits on age and retries default to -1, infinite (with-kinesis.html, services-kinesis-parameters).
const DEFAULT_SETTINGS: BatchSettings = {
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  parallelizationFactor: 1,
  maximumRecordAgeInSeconds: -1,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  functionResponseTypes: [],
};

export const EVENT_SOURCE_ARN = pattern(
  String.raw`arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
);
/** Stream names: 1 to 128 of `[a-zA-Z0-9_.-]` (Kinesis API_CreateStream). */
const STREAM_ARN =
  /^arn:aws[a-zA-Z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]{1,128})$/;
/** As AWS lists them in its message (recorded: invalid_starting_position). */
const STARTING_POSITIONS = ['LATEST', 'AT_TIMESTAMP', 'TRIM_HORIZON'];
const FUNCTION_RESPONSE_TYPES = ['ReportBatchItemFailures'];

/** The API's constraint checks on the settings both operations take. */
export function checkSettings(input: MappingSettingsInput, constraints: Constraints): void {
  constraints
    .range('batchSize', input.BatchSize, 1, 10_000)
    .range('maximumBatchingWindowInSeconds', input.MaximumBatchingWindowInSeconds, 0, 300)
    .range('parallelizationFactor', input.ParallelizationFactor, 1, 10)
    .range('maximumRecordAgeInSeconds', input.MaximumRecordAgeInSeconds, -1, 604_800)
    .range('maximumRetryAttempts', input.MaximumRetryAttempts, -1, 10_000);
  const responseTypes = input.FunctionResponseTypes;
  if (responseTypes && responseTypes.length > 1) {
    constraints.fail(
      'functionResponseTypes',
      `[${responseTypes.join(', ')}]`,
      'Member must have length less than or equal to 1',
    );
  } else if (responseTypes?.some((type) => !FUNCTION_RESPONSE_TYPES.includes(type))) {
    constraints.fail(
      'functionResponseTypes',
      `[${responseTypes.join(', ')}]`,
      `Member must satisfy constraint: [Member must satisfy enum value set: [${FUNCTION_RESPONSE_TYPES.join(', ')}]]`,
    );
  }
}

/** CreateEventSourceMapping's own constraint checks. */
export function checkNewMapping(input: CreateEventSourceMappingInput, constraints: Constraints) {
  constraints
    .required('functionName', input.FunctionName)
    .matches('eventSourceArn', input.EventSourceArn, EVENT_SOURCE_ARN)
    .oneOf('startingPosition', input.StartingPosition, STARTING_POSITIONS);
  checkSettings(input, constraints);
}

/** Lambda's checks after the API's, one at a time, as InvalidParameterValueException. */
export function checkLambdaRules(input: MappingSettingsInput): void {
  if (input.DestinationConfig?.OnSuccess !== undefined) {
    throw invalidParameterValue(
      'Unsupported DestinationConfig parameter for given event source mapping type.',
    );
  }
  if (input.DestinationConfig?.OnFailure?.Destination) {
    throw invalidParameterValue(
      'The local cloud does not send discarded records to an OnFailure destination: ' +
        'leave DestinationConfig out (records that run out of retries or age are dropped, as AWS does without one).',
    );
  }
  const maximumAge = input.MaximumRecordAgeInSeconds;
  if (maximumAge !== undefined && maximumAge !== -1 && maximumAge < 60) {
    // AWS's answer (hashicorp/terraform-provider-aws#16113).
    throw invalidParameterValue(
      'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)',
    );
  }
}

/** The stream a new mapping reads, and where it starts. */
export function checkSource(input: CreateEventSourceMappingInput): {
  stream: StreamArn;
  startingPosition: StartingPosition;
} {
  if (input.EventSourceArn === undefined) {
    throw invalidParameterValue('Unrecognized event source.');
  }
  const stream = parseStreamArn(input.EventSourceArn);
  if (input.StartingPosition === undefined) {
    throw invalidParameterValue(
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    );
  }
  const startingPosition = input.StartingPosition as StartingPosition;
  if (startingPosition === 'AT_TIMESTAMP' && input.StartingPositionTimestamp === undefined) {
    throw invalidParameterValue(
      'StartingPositionTimestamp must be given when StartingPosition is AT_TIMESTAMP.',
    );
  }
  return { stream, startingPosition };
}

/** The settings after a request: what it sets over what was (or Lambda's defaults). */
export function batchSettings(
  input: MappingSettingsInput,
  current: BatchSettings = DEFAULT_SETTINGS,
): BatchSettings {
  return {
    batchSize: input.BatchSize ?? current.batchSize,
    maximumBatchingWindowInSeconds:
      input.MaximumBatchingWindowInSeconds ?? current.maximumBatchingWindowInSeconds,
    parallelizationFactor: input.ParallelizationFactor ?? current.parallelizationFactor,
    maximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? current.maximumRecordAgeInSeconds,
    bisectBatchOnFunctionError:
      input.BisectBatchOnFunctionError ?? current.bisectBatchOnFunctionError,
    maximumRetryAttempts: input.MaximumRetryAttempts ?? current.maximumRetryAttempts,
    functionResponseTypes: input.FunctionResponseTypes ?? current.functionResponseTypes,
  };
}

function parseStreamArn(arn: string): StreamArn {
  const [, region, accountId, name] = STREAM_ARN.exec(arn) ?? [];
  if (region === undefined || accountId === undefined || name === undefined) {
    throw invalidParameterValue(
      `The local cloud maps Kinesis data streams only (arn:aws:kinesis:<region>:<account>:stream/<name>), not ${arn}.`,
    );
  }
  return { arn, region, accountId, name };
}

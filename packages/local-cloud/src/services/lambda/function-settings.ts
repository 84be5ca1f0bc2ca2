/**
 * What a function's settings may be: the constraint checks of the API and
 * Lambda's own limits on the settings CreateFunction, UpdateFunctionConfiguration
 * and UpdateFunctionCode take, with AWS's error codes and messages.
 * Patterns and ranges: botocore's lambda/2015-03-31 model, which mirrors the
 * API reference (e.g. https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html);
 * quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */

import { type Constraints, pattern } from '../../protocols/validation.ts';
import { invalidParameterValue, validationException } from './errors.ts';

/** The runtimes the local cloud knows (Node.js only; https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). */
export const RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;
const ARCHITECTURES = ['x86_64', 'arm64'];

const MAX_MEMORY_MB = 10_240;
const MAX_TIMEOUT_SECONDS = 900;
/** "The total size of all environment variables doesn't exceed 4 KB." */
const MAX_ENVIRONMENT_BYTES = 4096;

const ROLE = pattern(String.raw`arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`);
const HANDLER = pattern(String.raw`[^\s]+`);
const ENVIRONMENT_KEY = pattern('[a-zA-Z]([a-zA-Z0-9_])+');

/** Set by Lambda in every execution environment; a function may not set them
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime). */
const RESERVED_ENVIRONMENT_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** The settings CreateFunction and UpdateFunctionConfiguration share. */
export interface FunctionSettings {
  Role?: string;
  Runtime?: string;
  Handler?: string;
  Description?: string;
  /** Seconds. */
  Timeout?: number;
  /** MB. */
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
}

/** Constraint checks of the settings CreateFunction and UpdateFunctionConfiguration share. */
export function checkSettings(input: FunctionSettings, constraints: Constraints): void {
  constraints
    .matches('role', input.Role, ROLE)
    .length('handler', input.Handler, 0, 128)
    .matches('handler', input.Handler, HANDLER)
    .length('description', input.Description, 0, 256)
    // "1 validation error detected: Value '3000' at 'timeout' failed to satisfy constraint:
    // Member must have value less than or equal to 900" (covidatlas/li#575)
    .range('timeout', input.Timeout, 1, MAX_TIMEOUT_SECONDS)
    .range('memorySize', input.MemorySize, 128);
  const keys = Object.keys(input.Environment?.Variables ?? {});
  if (!keys.every((key) => ENVIRONMENT_KEY.regex.test(key))) {
    // "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint:
    // Map keys must satisfy constraint: [...]" (trek10inc/serverless-secrets#39)
    constraints.failSensitive(
      'environment.variables',
      `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENVIRONMENT_KEY.text}]`,
    );
  }
}

/**
 * The Node.js runtimes Lambda no longer lets a function be created or updated with
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated;
 * nodejs18.x since 2025; nodejs20.x: deprecated 2026-04-30, "Block function create"
 * 2026-06-01, "Block function update" 2026-07-01, https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 */
const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
]);

/**
 * A deprecated runtime gets AWS's own words (as CloudFormation users met them, e.g.
 * monken/aws-ecr-public#13, awslabs/aws-api-gateway-developer-portal#650); any other runtime
 * the local cloud cannot run (Python, Java, ... which AWS runs) is refused as the local
 * cloud's limit, not as if AWS had no such runtime.
 */
function checkRuntime(runtime: string): void {
  if ((RUNTIMES as readonly string[]).includes(runtime)) return;
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    throw invalidParameterValue(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  throw invalidParameterValue(
    `The local cloud runs Node.js functions only (runtime ${RUNTIMES.join(', ')}), not ${runtime}; AWS Lambda itself runs other languages too.`,
  );
}

/** Lambda's own checks of those settings, after the constraint checks. */
export function checkServiceLimits(input: FunctionSettings): void {
  if (input.MemorySize !== undefined && input.MemorySize > MAX_MEMORY_MB) {
    // Without the "1 validation error detected" prefix, as AWS sends it (e.g. remotion-dev/remotion#2737).
    throw validationException(
      `'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to ${MAX_MEMORY_MB}`,
    );
  }
  if (input.Runtime !== undefined) checkRuntime(input.Runtime);
  const variables = input.Environment?.Variables;
  if (variables === undefined) return;
  const reserved = Object.keys(variables).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key));
  if (reserved.length > 0) {
    throw invalidParameterValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameterValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}

/** Architectures is a list of exactly one of x86_64 and arm64. The local cloud runs the code
 * on this machine's CPU either way and reports what was set. */
export function checkArchitectures(
  architectures: string[] | undefined,
  constraints: Constraints,
): void {
  if (architectures === undefined) return;
  const shown = `[${architectures.join(', ')}]`;
  if (architectures.length !== 1) {
    constraints.fail(
      'architectures',
      shown,
      architectures.length === 0
        ? 'Member must have length greater than or equal to 1'
        : 'Member must have length less than or equal to 1',
    );
  } else if (!ARCHITECTURES.includes(architectures[0] as string)) {
    constraints.fail(
      'architectures',
      shown,
      `Member must satisfy constraint: [Member must satisfy enum value set: [${ARCHITECTURES.join(', ')}], Member must not be null]`,
    );
  }
}

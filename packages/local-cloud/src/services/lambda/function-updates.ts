/**
 * The changes of a function's `$LATEST`: UpdateFunctionConfiguration and
 * UpdateFunctionCode, one at a time, each through InProgress to Successful
 * (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
 */
import { randomUUID } from 'node:crypto';
import { Constraints } from '../../protocols/validation.ts';
import { configurationOf, type FunctionConfiguration } from './configuration.ts';
import { invalidParameterValue } from './errors.ts';
import {
  checkArchitectures,
  checkServiceLimits,
  checkSettings,
  type FunctionSettings,
} from './function-settings.ts';
import { completeChange, type Functions } from './functions.ts';
import { type LambdaFunction, lastModified, snapshotOf } from './lambda-function.ts';
import { LATEST, MAX_FUNCTION_NAME_TO_CHANGE } from './quotas.ts';

export interface UpdateFunctionConfigurationInput extends FunctionSettings {
  RevisionId?: string;
}

export interface UpdateFunctionCodeInput {
  ZipFile?: Buffer;
  /** Publishes a version of the new code. */
  Publish?: boolean;
  Architectures?: string[];
  RevisionId?: string;
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html */
export function updateConfiguration(
  functions: Functions,
  region: string,
  functionName: string,
  input: UpdateFunctionConfigurationInput,
): FunctionConfiguration {
  const constraints = new Constraints();
  checkSettings(input, constraints);
  constraints.check();
  const fn = functions.lookup(
    region,
    functions.reference(region, functionName, undefined, MAX_FUNCTION_NAME_TO_CHANGE),
  );
  checkServiceLimits(input);
  functions.checkRevision(fn, input.RevisionId, 'GetFunction/GetAlias');
  functions.checkNoChangeInProgress(fn);

  if (input.Role !== undefined) functions.checkRole(input.Role);
  if (input.Role !== undefined) fn.role = input.Role;
  if (input.Runtime !== undefined) fn.runtime = input.Runtime;
  if (input.Handler !== undefined) fn.handler = input.Handler;
  if (input.Description !== undefined) fn.description = input.Description;
  if (input.Timeout !== undefined) fn.timeout = input.Timeout;
  if (input.MemorySize !== undefined) fn.memorySize = input.MemorySize;
  if (input.Environment !== undefined) fn.environment = { ...input.Environment.Variables };
  return startUpdate(functions, fn);
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html */
export async function updateCode(
  functions: Functions,
  region: string,
  functionName: string,
  input: UpdateFunctionCodeInput,
): Promise<FunctionConfiguration> {
  const constraints = new Constraints();
  checkArchitectures(input.Architectures, constraints);
  constraints.check();
  const reference = functions.reference(
    region,
    functionName,
    undefined,
    MAX_FUNCTION_NAME_TO_CHANGE,
  );
  const fn = functions.lookup(region, reference);
  if (input.ZipFile === undefined) {
    throw invalidParameterValue('Please provide a source for function code.');
  }
  functions.checkRevision(fn, input.RevisionId, 'GetFunction/GetAlias');
  functions.checkNoChangeInProgress(fn);
  const code = await functions.runtime.prepareCode(input.ZipFile);
  try {
    // The function may have been deleted, or another change started, while the code was unpacked.
    functions.lookup(region, reference);
    functions.checkNoChangeInProgress(fn);
  } catch (error) {
    functions.runtime.releaseCode(code.codeDirectory);
    throw error;
  }

  const replaced = fn.code;
  fn.code = { ...code, zip: input.ZipFile };
  if (input.Architectures !== undefined) fn.architectures = input.Architectures;
  const configuration = startUpdate(functions, fn);
  functions.runtime.releaseCode(replaced.codeDirectory);
  return configuration;
}

/** After a change of code or configuration: InProgress now, new environments from now on. */
function startUpdate(functions: Functions, fn: LambdaFunction): FunctionConfiguration {
  fn.lastUpdateStatus = 'InProgress';
  fn.revisionId = randomUUID();
  fn.lastModified = lastModified();
  fn.snapshot = snapshotOf(fn);
  // New invocations already get environments of the new snapshot; this lets the old ones go.
  functions.runtime.retire(fn.name, LATEST).catch(() => {});
  const configuration = configurationOf(fn);
  completeChange(fn);
  return configuration;
}

/**
 * How the API shows a function: its configuration, field for field as
 * GetFunctionConfiguration, GetFunction, ListFunctions and the changing
 * operations return it (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html).
 */
import { createHash } from 'node:crypto';
import type { FunctionVersion } from './lambda-function.ts';

/** A function's configuration, field for field as the API returns it (API_FunctionConfiguration). */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  TracingConfig: { Mode: 'PassThrough' };
  RevisionId: string;
  State?: 'Pending' | 'Active';
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: 'InProgress' | 'Successful';
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  PackageType: 'Zip';
  Architectures: string[];
  EphemeralStorage: { Size: number };
  SnapStart: { ApplyOn: 'None'; OptimizationStatus: 'Off' };
  RuntimeVersionConfig?: { RuntimeVersionArn: string };
  LoggingConfig: { LogFormat: 'Text'; LogGroup: string };
}

/** `qualifier`: the ARN names it (a version or an alias, as asked for); `listed`: as ListFunctions shows it. */
export interface ConfigurationView {
  readonly qualifier?: string;
  readonly listed?: boolean;
}

export function configurationOf(
  fn: FunctionVersion,
  view: ConfigurationView = {},
): FunctionConfiguration {
  // ListFunctions leaves out states and the runtime version (recorded list_functions responses).
  const showStates = !view.listed;
  return {
    FunctionName: fn.name,
    FunctionArn: view.qualifier === undefined ? fn.arn : `${fn.arn}:${view.qualifier}`,
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.code.codeSize,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: fn.lastModified,
    CodeSha256: fn.code.codeSha256,
    Version: fn.version,
    ...(fn.environment && { Environment: { Variables: { ...fn.environment } } }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.revisionId,
    ...(showStates && stateFields(fn)),
    PackageType: 'Zip',
    Architectures: [...fn.architectures],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    ...(showStates && {
      RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(fn.region, fn.runtime) },
    }),
    LoggingConfig: { LogFormat: 'Text', LogGroup: fn.snapshot.logGroupName },
  };
}

function stateFields(fn: FunctionVersion): Partial<FunctionConfiguration> {
  if (fn.state === 'Pending') {
    return {
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
    };
  }
  if (fn.lastUpdateStatus === 'InProgress') {
    // As AWS reports an update in progress (recorded: update_func_conf_response).
    return {
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.',
      LastUpdateStatusReasonCode: 'Creating',
    };
  }
  return { State: 'Active', LastUpdateStatus: fn.lastUpdateStatus };
}

/** `arn:aws:lambda:<region>::runtime:<sha256>`; here the runtime is this Node.js, so its version names it. */
function runtimeVersionArn(region: string, runtime: string): string {
  const id = createHash('sha256').update(`${runtime}:${process.version}`).digest('hex');
  return `arn:aws:lambda:${region}::runtime:${id}`;
}

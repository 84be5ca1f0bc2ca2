/**
 * The function store and each function's life: CreateFunction, GetFunction(Configuration),
 * ListFunctions, UpdateFunctionConfiguration, UpdateFunctionCode and DeleteFunction, how a
 * request's FunctionName and Qualifier find a function, and the revisions and states a
 * change goes through (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
 * Functions live in the caller's region, in one account; `$LATEST` is their only version.
 */
import { randomUUID } from 'node:crypto';
import { Constraints, pattern } from '../../protocols/validation.ts';
import {
  checkRegion,
  type FunctionReference,
  functionArn,
  parseFunctionName,
  parseNewFunctionName,
} from './arn.ts';
import { configurationOf, type FunctionConfiguration } from './configuration.ts';
import {
  functionAlreadyExists,
  functionNotFound,
  invalidParameterValue,
  preconditionFailed,
  resourceConflict,
  resourceNotFound,
  tooManyTags,
} from './errors.ts';
import {
  checkArchitectures,
  checkServiceLimits,
  checkSettings,
  type FunctionSettings,
} from './function-settings.ts';
import { isLatest, type LambdaFunction, snapshotOf } from './lambda-function.ts';
import { LATEST, MAX_FUNCTION_NAME_TO_CHANGE, MAX_LIST_PAGE, MAX_TAGS } from './quotas.ts';
import type { LambdaRuntime } from './runtime/lambda-runtime.ts';

/** The Qualifier parameter's pattern (botocore's lambda/2015-03-31 model). */
const QUALIFIER = pattern(String.raw`\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`);

/** What the model uses of the runtime: code on disk and execution environments. Tests pass a stub. */
export type FunctionRuntime = Pick<
  LambdaRuntime,
  'prepareCode' | 'releaseCode' | 'invoke' | 'retire'
>;

export interface CreateFunctionInput extends FunctionSettings {
  FunctionName?: string;
  Code?: { ZipFile?: Buffer };
  /** Accepted and ignored: the local cloud does not publish versions. */
  Publish?: boolean;
  PackageType?: string;
  Architectures?: string[];
  Tags?: Record<string, string>;
}

export interface UpdateFunctionConfigurationInput extends FunctionSettings {
  RevisionId?: string;
}

export interface UpdateFunctionCodeInput {
  ZipFile?: Buffer;
  /** Accepted and ignored: the local cloud does not publish versions. */
  Publish?: boolean;
  Architectures?: string[];
  RevisionId?: string;
}

export interface ListFunctionsInput {
  FunctionVersion?: string;
  Marker?: string;
  MaxItems?: number;
}

export class Functions {
  /** By unqualified function ARN, which names region and function. */
  private readonly functions = new Map<string, LambdaFunction>();

  constructor(
    private readonly runtime: FunctionRuntime,
    readonly accountId: string,
  ) {}

  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
  async create(region: string, input: CreateFunctionInput): Promise<FunctionConfiguration> {
    const constraints = new Constraints()
      .required('functionName', input.FunctionName)
      .required('role', input.Role)
      .required('code', input.Code);
    checkSettings(input, constraints);
    checkArchitectures(input.Architectures, constraints);
    constraints.check();
    const reference = parseNewFunctionName(input.FunctionName as string);
    checkRegion(reference, region);
    checkServiceLimits(input);
    if (input.PackageType !== undefined && input.PackageType !== 'Zip') {
      throw invalidParameterValue(
        `The local cloud runs .zip deployment packages only (PackageType 'Zip'), not '${input.PackageType}'.`,
      );
    }
    // "Runtime and Handler are mandatory parameters for functions created with deployment
    // packages." (AWS's answer, e.g. as quoted by CloudFormation for AWS::Lambda::Function)
    if (input.Runtime === undefined || input.Handler === undefined) {
      throw invalidParameterValue(
        'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
      );
    }
    const zip = input.Code?.ZipFile;
    if (zip === undefined)
      throw invalidParameterValue('Please provide a source for function code.');
    if (Object.keys(input.Tags ?? {}).length > MAX_TAGS) throw tooManyTags();

    const arn = functionArn(region, this.accountId, reference.name);
    if (this.functions.has(arn)) throw functionAlreadyExists(reference.name);
    const code = await this.runtime.prepareCode(zip);
    // A concurrent CreateFunction may have won while the code was unpacked.
    if (this.functions.has(arn)) {
      this.runtime.releaseCode(code.codeDirectory);
      throw functionAlreadyExists(reference.name);
    }

    const settings: Omit<LambdaFunction, 'snapshot'> = {
      name: reference.name,
      arn,
      region,
      runtime: input.Runtime,
      role: input.Role as string,
      handler: input.Handler,
      description: input.Description ?? '',
      timeout: input.Timeout ?? 3,
      memorySize: input.MemorySize ?? 128,
      environment: input.Environment && { ...input.Environment.Variables },
      architectures: input.Architectures ?? ['x86_64'],
      code: { ...code, zip },
      tags: { ...input.Tags },
      policy: [],
      state: 'Pending',
      revisionId: randomUUID(),
      lastModified: lastModified(),
    };
    const fn: LambdaFunction = { ...settings, snapshot: snapshotOf(settings) };
    this.functions.set(arn, fn);
    const configuration = configurationOf(fn);
    this.completeChange(fn);
    return configuration;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html (Code is the API's to add: it is a URL). */
  get(
    region: string,
    functionName: string,
    qualifier?: string,
  ): { Configuration: FunctionConfiguration; Tags?: Record<string, string> } {
    const reference = this.reference(region, functionName, qualifier);
    const fn = this.lookup(region, reference);
    const configuration = configurationOf(fn, { qualified: reference.qualifier !== undefined });
    return Object.keys(fn.tags).length > 0
      ? { Configuration: configuration, Tags: { ...fn.tags } }
      : { Configuration: configuration };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html */
  configuration(region: string, functionName: string, qualifier?: string): FunctionConfiguration {
    const reference = this.reference(region, functionName, qualifier);
    return configurationOf(this.lookup(region, reference), {
      qualified: reference.qualifier !== undefined,
    });
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
   * In name order; Marker is the name the next page starts at.
   */
  list(
    region: string,
    input: ListFunctionsInput,
  ): { Functions: FunctionConfiguration[]; NextMarker?: string } {
    new Constraints()
      .oneOf('functionVersion', input.FunctionVersion, ['ALL'])
      .range('maxItems', input.MaxItems, 1, 10_000)
      .check();
    const pageSize = Math.min(input.MaxItems ?? MAX_LIST_PAGE, MAX_LIST_PAGE);
    const marker = input.Marker ?? '';
    const functions = [...this.functions.values()]
      .filter((fn) => fn.region === region && fn.name >= marker)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = functions
      .slice(0, pageSize)
      .map((fn) =>
        configurationOf(fn, { qualified: input.FunctionVersion === 'ALL', listed: true }),
      );
    const next = functions[pageSize];
    return next ? { Functions: page, NextMarker: next.name } : { Functions: page };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html */
  updateConfiguration(
    region: string,
    functionName: string,
    input: UpdateFunctionConfigurationInput,
  ): FunctionConfiguration {
    const constraints = new Constraints();
    checkSettings(input, constraints);
    constraints.check();
    const fn = this.lookup(
      region,
      this.reference(region, functionName, undefined, MAX_FUNCTION_NAME_TO_CHANGE),
    );
    checkServiceLimits(input);
    this.checkRevision(fn, input.RevisionId, 'GetFunction/GetAlias');
    this.checkNoChangeInProgress(fn);

    if (input.Role !== undefined) fn.role = input.Role;
    if (input.Runtime !== undefined) fn.runtime = input.Runtime;
    if (input.Handler !== undefined) fn.handler = input.Handler;
    if (input.Description !== undefined) fn.description = input.Description;
    if (input.Timeout !== undefined) fn.timeout = input.Timeout;
    if (input.MemorySize !== undefined) fn.memorySize = input.MemorySize;
    if (input.Environment !== undefined) fn.environment = { ...input.Environment.Variables };
    return this.startUpdate(fn);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html */
  async updateCode(
    region: string,
    functionName: string,
    input: UpdateFunctionCodeInput,
  ): Promise<FunctionConfiguration> {
    const constraints = new Constraints();
    checkArchitectures(input.Architectures, constraints);
    constraints.check();
    const reference = this.reference(region, functionName, undefined, MAX_FUNCTION_NAME_TO_CHANGE);
    const fn = this.lookup(region, reference);
    if (input.ZipFile === undefined) {
      throw invalidParameterValue('Please provide a source for function code.');
    }
    this.checkRevision(fn, input.RevisionId, 'GetFunction/GetAlias');
    this.checkNoChangeInProgress(fn);
    const code = await this.runtime.prepareCode(input.ZipFile);
    try {
      // The function may have been deleted, or another change started, while the code was unpacked.
      this.lookup(region, reference);
      this.checkNoChangeInProgress(fn);
    } catch (error) {
      this.runtime.releaseCode(code.codeDirectory);
      throw error;
    }

    const replaced = fn.code;
    fn.code = { ...code, zip: input.ZipFile };
    if (input.Architectures !== undefined) fn.architectures = input.Architectures;
    const configuration = this.startUpdate(fn);
    this.runtime.releaseCode(replaced.codeDirectory);
    return configuration;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html; returns the deleted function. */
  delete(region: string, functionName: string, qualifier?: string): LambdaFunction {
    const reference = this.reference(region, functionName, qualifier);
    if (reference.qualifier === LATEST) {
      throw invalidParameterValue(
        '$LATEST version cannot be deleted without deleting the function.',
      );
    }
    // An unknown function is named without the qualifier (recorded: delete_function_response_non_existent_with_qualifier).
    const fn = this.lookup(region, { ...reference, qualifier: undefined });
    if (reference.qualifier !== undefined) throw functionNotFound(fn.arn, reference.qualifier);
    this.functions.delete(fn.arn);
    this.retireEnvironments(fn);
    this.runtime.releaseCode(fn.code.codeDirectory);
    return fn;
  }

  /** The deployment package, for the URL in GetFunction's Code.Location. */
  zip(unqualifiedArn: string): Buffer {
    const fn = this.functions.get(unqualifiedArn);
    if (!fn) throw resourceNotFound(`Function not found: ${unqualifiedArn}`);
    return fn.code.zip;
  }

  /** The function stored under an unqualified ARN, if any. */
  byArn(unqualifiedArn: string): LambdaFunction | undefined {
    return this.functions.get(unqualifiedArn);
  }

  /** A FunctionName (and Qualifier parameter) of a request in `region`, validated as the API does. */
  reference(
    region: string,
    functionName: string,
    qualifier: string | undefined,
    maxLength = 256,
  ): FunctionReference {
    new Constraints()
      .length('qualifier', qualifier, 1, 128)
      .matches('qualifier', qualifier, QUALIFIER)
      .check();
    const reference = parseFunctionName(functionName, maxLength);
    if (
      qualifier !== undefined &&
      reference.qualifier !== undefined &&
      qualifier !== reference.qualifier
    ) {
      throw invalidParameterValue(
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    }
    checkRegion(reference, region);
    return { ...reference, qualifier: qualifier ?? reference.qualifier };
  }

  /** The unqualified ARN a reference names, in the account it names or the local one. */
  arnOf(region: string, reference: FunctionReference): string {
    return functionArn(region, reference.accountId ?? this.accountId, reference.name);
  }

  /** The function a reference names, if there is one (whatever its qualifier). */
  find(region: string, reference: FunctionReference): LambdaFunction | undefined {
    const accountId = reference.accountId ?? this.accountId;
    return accountId === this.accountId
      ? this.functions.get(functionArn(region, accountId, reference.name))
      : undefined;
  }

  /** The function a reference names; ResourceNotFoundException names it as asked for. */
  lookup(region: string, reference: FunctionReference): LambdaFunction {
    const fn = this.find(region, reference);
    if (!fn || !isLatest(reference.qualifier)) {
      throw functionNotFound(this.arnOf(region, reference), reference.qualifier);
    }
    return fn;
  }

  /** AWS's answer to a RevisionId that is not the function's; `api` is the call that reads the right one. */
  checkRevision(fn: LambdaFunction, revisionId: string | undefined, api: string): void {
    if (revisionId !== undefined && revisionId !== fn.revisionId) {
      throw preconditionFailed(
        `The Revision Id provided does not match the latest Revision Id. Call the ${api} API to retrieve the latest Revision Id`,
      );
    }
  }

  /** A change that does not touch what environments run (a policy's): only a new revision. */
  revise(fn: LambdaFunction): void {
    fn.revisionId = randomUUID();
  }

  /** One change at a time: "An update is in progress" while Pending or InProgress (functions-states.html). */
  private checkNoChangeInProgress(fn: LambdaFunction): void {
    if (fn.state === 'Pending' || fn.lastUpdateStatus === 'InProgress') {
      throw resourceConflict(
        `The operation cannot be performed at this time. An update is in progress for resource: ${fn.arn}`,
      );
    }
  }

  /** After a change of code or configuration: InProgress now, new environments from now on. */
  private startUpdate(fn: LambdaFunction): FunctionConfiguration {
    fn.lastUpdateStatus = 'InProgress';
    fn.revisionId = randomUUID();
    fn.lastModified = lastModified();
    fn.snapshot = snapshotOf(fn);
    this.retireEnvironments(fn);
    const configuration = configurationOf(fn);
    this.completeChange(fn);
    return configuration;
  }

  /**
   * Pending -> Active, InProgress -> Successful. The code is unpacked before the
   * request is answered, so there is nothing left to wait for: the change
   * completes on the next turn of the event loop. The answer still shows AWS's
   * in-between state, and the SDK's waiters (waitUntilFunctionActiveV2,
   * waitUntilFunctionUpdatedV2) succeed on their first check.
   */
  private completeChange(fn: LambdaFunction): void {
    setImmediate(() => {
      fn.state = 'Active';
      fn.lastUpdateStatus = 'Successful';
      fn.revisionId = randomUUID();
    });
  }

  /** New invocations already get environments of the new snapshot; this lets the old ones go. */
  private retireEnvironments(fn: LambdaFunction): void {
    this.runtime.retire(fn.name).catch(() => {});
  }
}

/** AWS's format: `2026-11-25T15:00:00.000+0000`. */
function lastModified(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

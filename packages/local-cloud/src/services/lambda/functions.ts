/**
 * The function store and each function's life: CreateFunction, GetFunction(Configuration),
 * ListFunctions and DeleteFunction (the updates are in ./function-updates.ts), how a
 * request's FunctionName and Qualifier find a function, and the revisions and states a
 * change goes through (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
 * Functions live in the caller's region, in one account. A Qualifier (or `name:qualifier`)
 * names `$LATEST`, a published version (./versions.ts) or an alias (./aliases.ts).
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
import {
  type FunctionAlias,
  type FunctionVersion,
  isLatest,
  type LambdaFunction,
  lastModified,
  snapshotOf,
} from './lambda-function.ts';
import { LATEST, MAX_LIST_PAGE, MAX_TAGS } from './quotas.ts';
import type { LambdaRuntime } from './runtime/lambda-runtime.ts';
import { deleteVersion } from './versions.ts';

/** The Qualifier parameter's pattern (botocore's lambda/2015-03-31 model). */
const QUALIFIER = pattern(String.raw`\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`);

/** What the model uses of the runtime: code on disk and execution environments. Tests pass a stub. */
export type FunctionRuntime = Pick<
  LambdaRuntime,
  'prepareCode' | 'retainCode' | 'releaseCode' | 'invoke' | 'retire'
>;

/** What a FunctionName and Qualifier name: `$LATEST`, a published version, or an alias and its version. */
export interface QualifiedFunction {
  readonly fn: LambdaFunction;
  /** The version the qualifier names (an alias's primary version). */
  readonly version: FunctionVersion;
  readonly alias?: FunctionAlias;
  /** The qualifier as given, if any. */
  readonly qualifier?: string;
}

export interface CreateFunctionInput extends FunctionSettings {
  FunctionName?: string;
  Code?: { ZipFile?: Buffer };
  /** Publishes version 1 once the function is created. */
  Publish?: boolean;
  PackageType?: string;
  Architectures?: string[];
  Tags?: Record<string, string>;
}

export interface ListFunctionsInput {
  FunctionVersion?: string;
  Marker?: string;
  MaxItems?: number;
}

export class Functions {
  /**
   * A role Lambda cannot assume (none of that ARN, or its trust policy does not name
   * `lambda.amazonaws.com`) is refused in AWS's words (API_CreateFunction, Errors; e.g.
   * aws/aws-cdk#1766: "The role defined for the function cannot be assumed by Lambda.").
   */
  checkRole(roleArn: string): void {
    if (this.lambdaCanAssume && !this.lambdaCanAssume(roleArn)) {
      throw invalidParameterValue('The role defined for the function cannot be assumed by Lambda.');
    }
  }

  /** By unqualified function ARN, which names region and function. */
  private readonly functions = new Map<string, LambdaFunction>();

  /** `lambdaCanAssume`: whether Lambda may assume a role (IAM's trust policy); no check without it. */
  constructor(
    readonly runtime: FunctionRuntime,
    readonly accountId: string,
    private readonly lambdaCanAssume?: (roleArn: string) => boolean,
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
    this.checkRole(input.Role as string);
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
      version: LATEST,
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
      versions: new Map(),
      aliases: new Map(),
      lastVersion: 0,
    };
    const fn: LambdaFunction = { ...settings, snapshot: snapshotOf(settings) };
    this.functions.set(arn, fn);
    const configuration = configurationOf(fn);
    completeChange(fn);
    return configuration;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html (Code is the API's to add: it is a URL). */
  get(
    region: string,
    functionName: string,
    qualifier?: string,
  ): { Configuration: FunctionConfiguration; Tags?: Record<string, string> } {
    const target = this.resolve(region, this.reference(region, functionName, qualifier));
    const { fn } = target;
    const configuration = configurationOf(target.version, { qualifier: target.qualifier });
    return Object.keys(fn.tags).length > 0
      ? { Configuration: configuration, Tags: { ...fn.tags } }
      : { Configuration: configuration };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html */
  configuration(region: string, functionName: string, qualifier?: string): FunctionConfiguration {
    const target = this.resolve(region, this.reference(region, functionName, qualifier));
    return configurationOf(target.version, { qualifier: target.qualifier });
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
    // FunctionVersion ALL: "include entries for all published versions of each function".
    const page = functions
      .slice(0, pageSize)
      .flatMap((fn) =>
        input.FunctionVersion === 'ALL'
          ? [fn, ...fn.versions.values()].map((version) =>
              configurationOf(version, { qualifier: version.version, listed: true }),
            )
          : [configurationOf(fn, { listed: true })],
      );
    const next = functions[pageSize];
    return next ? { Functions: page, NextMarker: next.name } : { Functions: page };
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html: the function, or
   * with a Qualifier one published version, which no alias may point to. Returns the deleted
   * function or version.
   */
  delete(region: string, functionName: string, qualifier?: string): FunctionVersion {
    const reference = this.reference(region, functionName, qualifier);
    if (reference.qualifier === LATEST) {
      throw invalidParameterValue(
        '$LATEST version cannot be deleted without deleting the function.',
      );
    }
    // An unknown function is named without the qualifier (recorded: delete_function_response_non_existent_with_qualifier).
    const fn = this.lookup(region, { ...reference, qualifier: undefined });
    if (reference.qualifier !== undefined) return deleteVersion(this, fn, reference.qualifier);
    this.functions.delete(fn.arn);
    this.runtime.retire(fn.name).catch(() => {});
    for (const version of [fn, ...fn.versions.values()]) {
      this.runtime.releaseCode(version.code.codeDirectory);
    }
    return fn;
  }

  /** The deployment package, for the URL in GetFunction's Code.Location. */
  zip(unqualifiedArn: string): Buffer {
    const fn = this.functions.get(unqualifiedArn);
    if (!fn) throw resourceNotFound(`Function not found: ${unqualifiedArn}`);
    return fn.code.zip;
  }

  /** The functions of a region. */
  inRegion(region: string): LambdaFunction[] {
    return [...this.functions.values()].filter((fn) => fn.region === region);
  }

  /** What a function ARN (unqualified or qualified) names now, if it still exists. */
  resolveArn(arn: string): QualifiedFunction | undefined {
    const reference = parseFunctionName(arn, arn.length);
    try {
      return this.resolve(reference.region ?? '', reference);
    } catch {
      return undefined;
    }
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

  /** What a reference names: `$LATEST`, a published version or an alias; ResourceNotFoundException names it as asked for. */
  resolve(region: string, reference: FunctionReference): QualifiedFunction {
    const fn = this.find(region, reference);
    const { qualifier } = reference;
    const notFound = () => functionNotFound(this.arnOf(region, reference), qualifier);
    if (!fn) throw notFound();
    if (isLatest(qualifier)) return { fn, version: fn, qualifier };
    const published = fn.versions.get(qualifier as string);
    if (published) return { fn, version: published, qualifier };
    const alias = fn.aliases.get(qualifier as string);
    const version = alias && this.version(fn, alias.functionVersion);
    if (!alias || !version) throw notFound();
    return { fn, version, alias, qualifier };
  }

  /** A version of the function by its qualifier (`$LATEST` or a number), if it exists. */
  version(fn: LambdaFunction, qualifier: string): FunctionVersion | undefined {
    return qualifier === LATEST ? fn : fn.versions.get(qualifier);
  }

  /** AWS's answer to a RevisionId that is not the function's; `api` is the call that reads the right one. */
  checkRevision(fn: { revisionId: string }, revisionId: string | undefined, api: string): void {
    if (revisionId !== undefined && revisionId !== fn.revisionId) {
      throw preconditionFailed(
        `The Revision Id provided does not match the latest Revision Id. Call the ${api} API to retrieve the latest Revision Id`,
      );
    }
  }

  /** A change that does not touch what environments run (a policy's): only a new revision. */
  revise(fn: { revisionId: string }): void {
    fn.revisionId = randomUUID();
  }

  /** One change at a time: "An update is in progress" while Pending or InProgress (functions-states.html). */
  checkNoChangeInProgress(fn: LambdaFunction): void {
    if (fn.state === 'Pending' || fn.lastUpdateStatus === 'InProgress') {
      throw resourceConflict(
        `The operation cannot be performed at this time. An update is in progress for resource: ${fn.arn}`,
      );
    }
  }
}

/**
 * Pending -> Active, InProgress -> Successful. The code is unpacked before the
 * request is answered, so there is nothing left to wait for: the change
 * completes on the next turn of the event loop. The answer still shows AWS's
 * in-between state, and the SDK's waiters (waitUntilFunctionActiveV2,
 * waitUntilFunctionUpdatedV2) succeed on their first check.
 */
export function completeChange(fn: LambdaFunction): void {
  setImmediate(() => {
    fn.state = 'Active';
    fn.lastUpdateStatus = 'Successful';
    fn.revisionId = randomUUID();
  });
}

/**
 * What Lambda does: functions, their configuration, code, states, tags and
 * resource policies, with Lambda's validation and semantics. No HTTP here
 * (api.ts speaks the wire protocol); code on disk and execution environments
 * belong to the runtime (./runtime/).
 *
 * Functions live in the caller's region, in one account; `$LATEST` is their
 * only version (no PublishVersion, aliases or layers in the local cloud).
 * Inputs and outputs use the member names of the Lambda API reference:
 * https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
 */
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../../server/aws-error.ts';
import {
  checkRegion,
  type FunctionReference,
  functionArn,
  parseFunctionArn,
  parseFunctionName,
  parseNewFunctionName,
} from './arn.ts';
import {
  checkEventInvokeConfigInput,
  type EventInvokeConfigInput,
  EventInvokeConfigs,
  type FunctionEventInvokeConfig,
  noEventInvokeConfig,
} from './async-invocation/event-invoke-config.ts';
import {
  type AsyncFunction,
  EventQueue,
  LOCAL_RETRY_DELAYS_MS,
} from './async-invocation/event-queue.ts';
import {
  checkArchitectures,
  checkServiceLimits,
  checkSettings,
  type FunctionSettings,
} from './function-settings.ts';
import {
  allowsService,
  type PolicyStatement,
  permissionStatement,
  policyDocument,
  type ServiceRequest,
} from './policy.ts';
import type { PreparedCode } from './runtime/code-store.ts';
import type { FunctionSnapshot } from './runtime/contract.ts';
import type { LambdaRuntime } from './runtime/lambda-runtime.ts';
import {
  Constraints,
  invalidParameterValue,
  invalidRequestContent,
  pattern,
  preconditionFailed,
  requestEntityTooLarge,
  requestTooLargeFor,
  resourceConflict,
  resourceNotFound,
} from './validation.ts';

/** In the order AWS quotes them (ex-aws/ex_aws#442): "... enum value set: [DryRun, RequestResponse, Event]". */
const INVOCATION_TYPES = ['DryRun', 'RequestResponse', 'Event'];
const LATEST = '$LATEST';

// Quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
/** "6 MB each for request and response (synchronous)", in the bytes of AWS's message. */
export const MAX_SYNC_PAYLOAD_BYTES = 6_291_456;
/** "For asynchronous invocations, the maximum payload size is 1 MB" (API_Invoke; raised from 256 KB in 2025). */
const MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;
/** "You can add up to 50 tags to a resource." (configuration-tags.html) */
const MAX_TAGS = 50;
/** "ListFunctions returns a maximum of 50 items in each response" (API_ListFunctions, MaxItems). */
const MAX_LIST_PAGE = 50;
/** The last 4 KB of the execution log (API_Invoke, LogType). */
const LOG_TAIL_BYTES = 4096;

/** Patterns of the API reference (botocore's lambda/2015-03-31 model). */
const QUALIFIER = pattern(String.raw`\$(LATEST(\.PUBLISHED)?)|[a-zA-Z0-9-_$]+`);
const STATEMENT_ID = pattern('([a-zA-Z0-9-_]+)');
/** RemovePermission's StatementId also takes dots. */
const NAMESPACED_STATEMENT_ID = pattern('([a-zA-Z0-9-_.]+)');
const ACTION = pattern('(lambda:[*]|lambda:[a-zA-Z]+|[*])');
const PRINCIPAL = pattern(String.raw`[^\s]+`);
const SOURCE_ACCOUNT = pattern(String.raw`\d{12}`);
const SOURCE_ARN = pattern(
  String.raw`arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
);

/** What the model uses of the runtime: code on disk and execution environments. Tests pass a stub. */
export type FunctionRuntime = Pick<LambdaRuntime, 'prepareCode' | 'invoke' | 'retire'>;

export interface LambdaModelOptions {
  readonly runtime: FunctionRuntime;
  readonly accountId: string;
  /** Execution environments that may run at once (the runtime's limit, which async invocations keep to); default 10. */
  readonly concurrencyLimit?: number;
  /** The wait before each retry of a failed `Event` invocation; default 100 ms, then 200 ms (see ./async-invocation/). */
  readonly asyncRetryDelaysMs?: readonly number[];
}

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

export interface AddPermissionInput {
  StatementId?: string;
  Action?: string;
  Principal?: string;
  SourceArn?: string;
  SourceAccount?: string;
  Qualifier?: string;
  RevisionId?: string;
}

export interface InvokeInput {
  FunctionName: string;
  Qualifier?: string;
  InvocationType?: string;
  LogType?: string;
  /** Base64 JSON, passed on to the handler's context for synchronous invocations. */
  ClientContext?: string;
  /** The event as the caller sent it (JSON text); empty means `{}`. */
  Payload: Buffer;
  /** The invocation's id: the request's `x-amzn-RequestId`, the handler's `context.awsRequestId`. */
  RequestId: string;
}

export interface InvokeOutput {
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  StatusCode: 200 | 202 | 204;
  Payload?: Buffer;
  FunctionError?: 'Unhandled';
  /** Base64 of the last 4 KB of the log, for `LogType: Tail`. */
  LogResult?: string;
  ExecutedVersion?: string;
}

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

interface LambdaFunction {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  runtime: string;
  role: string;
  handler: string;
  description: string;
  timeout: number;
  memorySize: number;
  /** Absent until a request sets Environment (then returned even when empty, as AWS does). */
  environment?: Record<string, string>;
  architectures: string[];
  code: PreparedCode & { readonly zip: Buffer };
  tags: Record<string, string>;
  policy: PolicyStatement[];
  /** Pending from CreateFunction until its code is ready, then Active. */
  state: 'Pending' | 'Active';
  /** Absent while Pending; InProgress during an update, then Successful. */
  lastUpdateStatus?: 'InProgress' | 'Successful';
  /** New on every change (AWS's RevisionId). */
  revisionId: string;
  lastModified: string;
  /** What execution environments run; replaced on every change of code or configuration. */
  snapshot: FunctionSnapshot;
}

export class LambdaModel {
  private readonly runtime: FunctionRuntime;
  private readonly accountId: string;
  /** By unqualified function ARN, which names region and function. */
  private readonly functions = new Map<string, LambdaFunction>();
  private readonly eventInvokeConfigs = new EventInvokeConfigs();
  private readonly asyncInvocations: EventQueue;

  constructor(options: LambdaModelOptions) {
    this.runtime = options.runtime;
    this.accountId = options.accountId;
    this.asyncInvocations = new EventQueue({
      invoke: (request) => this.runtime.invoke(request),
      lookup: (arn) => this.asyncFunction(arn),
      concurrencyLimit: options.concurrencyLimit ?? 10,
      retryDelaysMs: options.asyncRetryDelaysMs ?? LOCAL_RETRY_DELAYS_MS,
    });
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
  async createFunction(region: string, input: CreateFunctionInput): Promise<FunctionConfiguration> {
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
    if (this.functions.has(arn)) throw alreadyExists(reference.name);
    const code = await this.runtime.prepareCode(zip);
    // A concurrent CreateFunction may have won while the code was unpacked.
    if (this.functions.has(arn)) throw alreadyExists(reference.name);

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
    const configuration = this.configuration(fn);
    this.completeChange(fn);
    return configuration;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html (Code is the API's to add: it is a URL). */
  getFunction(
    region: string,
    functionName: string,
    qualifier?: string,
  ): { Configuration: FunctionConfiguration; Tags?: Record<string, string> } {
    const reference = this.reference(region, functionName, qualifier);
    const fn = this.lookup(region, reference);
    const configuration = this.configuration(fn, { qualified: reference.qualifier !== undefined });
    return Object.keys(fn.tags).length > 0
      ? { Configuration: configuration, Tags: { ...fn.tags } }
      : { Configuration: configuration };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html */
  getFunctionConfiguration(
    region: string,
    functionName: string,
    qualifier?: string,
  ): FunctionConfiguration {
    const reference = this.reference(region, functionName, qualifier);
    return this.configuration(this.lookup(region, reference), {
      qualified: reference.qualifier !== undefined,
    });
  }

  /** The deployment package, for the URL in GetFunction's Code.Location. */
  functionZip(unqualifiedArn: string): Buffer {
    const fn = this.functions.get(unqualifiedArn);
    if (!fn) throw resourceNotFound(`Function not found: ${unqualifiedArn}`);
    return fn.code.zip;
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
   * In name order; Marker is the name the next page starts at.
   */
  listFunctions(
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
        this.configuration(fn, { qualified: input.FunctionVersion === 'ALL', listed: true }),
      );
    const next = functions[pageSize];
    return next ? { Functions: page, NextMarker: next.name } : { Functions: page };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html */
  updateFunctionConfiguration(
    region: string,
    functionName: string,
    input: UpdateFunctionConfigurationInput,
  ): FunctionConfiguration {
    const constraints = new Constraints();
    checkSettings(input, constraints);
    constraints.check();
    const fn = this.lookup(region, this.reference(region, functionName, undefined, 140));
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
  async updateFunctionCode(
    region: string,
    functionName: string,
    input: UpdateFunctionCodeInput,
  ): Promise<FunctionConfiguration> {
    const constraints = new Constraints();
    checkArchitectures(input.Architectures, constraints);
    constraints.check();
    const fn = this.lookup(region, this.reference(region, functionName, undefined, 140));
    if (input.ZipFile === undefined) {
      throw invalidParameterValue('Please provide a source for function code.');
    }
    this.checkRevision(fn, input.RevisionId, 'GetFunction/GetAlias');
    this.checkNoChangeInProgress(fn);
    const code = await this.runtime.prepareCode(input.ZipFile);
    // Another change may have started while the code was unpacked.
    this.checkNoChangeInProgress(fn);

    fn.code = { ...code, zip: input.ZipFile };
    if (input.Architectures !== undefined) fn.architectures = input.Architectures;
    return this.startUpdate(fn);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html */
  deleteFunction(region: string, functionName: string, qualifier?: string): void {
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
    this.eventInvokeConfigs.remove(fn.arn);
    this.retireEnvironments(fn);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html */
  addPermission(
    region: string,
    functionName: string,
    input: AddPermissionInput,
  ): { Statement: string } {
    new Constraints()
      .required('statementId', input.StatementId)
      .length('statementId', input.StatementId, 1, 100)
      .matches('statementId', input.StatementId, STATEMENT_ID)
      .required('action', input.Action)
      .matches('action', input.Action, ACTION)
      .required('principal', input.Principal)
      .matches('principal', input.Principal, PRINCIPAL)
      .matches('sourceArn', input.SourceArn, SOURCE_ARN)
      .matches('sourceAccount', input.SourceAccount, SOURCE_ACCOUNT)
      .check();
    const reference = this.reference(region, functionName, input.Qualifier);
    if (reference.qualifier === LATEST) {
      throw invalidParameterValue('We currently do not support adding policies for $LATEST.');
    }
    const fn = this.lookup(region, reference);
    this.checkRevision(fn, input.RevisionId, 'GetPolicy');
    const statementId = input.StatementId as string;
    if (fn.policy.some((statement) => statement.Sid === statementId)) {
      throw resourceConflict(
        `The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      );
    }
    const statement = permissionStatement(
      {
        statementId,
        action: input.Action as string,
        principal: input.Principal as string,
        sourceArn: input.SourceArn,
        sourceAccount: input.SourceAccount,
      },
      fn.arn,
    );
    fn.policy.push(statement);
    fn.revisionId = randomUUID();
    return { Statement: JSON.stringify(statement) };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html */
  removePermission(
    region: string,
    functionName: string,
    statementId: string,
    options: { Qualifier?: string; RevisionId?: string } = {},
  ): void {
    new Constraints()
      .length('statementId', statementId, 1, 100)
      .matches('statementId', statementId, NAMESPACED_STATEMENT_ID)
      .check();
    const reference = this.reference(region, functionName, options.Qualifier);
    const fn = this.find(region, reference);
    if (!fn) {
      throw resourceNotFound(
        `No policy found for: ${functionArn(region, reference.accountId ?? this.accountId, reference.name)}`,
      );
    }
    if (fn.policy.length === 0 || !isLatest(reference.qualifier)) {
      throw resourceNotFound('No policy is associated with the given resource.');
    }
    const index = fn.policy.findIndex((statement) => statement.Sid === statementId);
    if (index === -1) {
      throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
    }
    this.checkRevision(fn, options.RevisionId, 'GetFunction/GetAlias');
    fn.policy.splice(index, 1);
    fn.revisionId = randomUUID();
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html */
  getPolicy(
    region: string,
    functionName: string,
    qualifier?: string,
  ): { Policy: string; RevisionId: string } {
    const reference = this.reference(region, functionName, qualifier);
    const fn = this.find(region, reference);
    if (!fn || fn.policy.length === 0 || !isLatest(reference.qualifier)) {
      throw resourceNotFound('The resource you requested does not exist.');
    }
    return { Policy: policyDocument(fn.policy), RevisionId: fn.revisionId };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_ListTags.html */
  listTags(region: string, resource: string): { Tags: Record<string, string> } {
    return { Tags: { ...this.taggedFunction(region, resource).tags } };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html */
  tagResource(region: string, resource: string, tags: Record<string, string> | undefined): void {
    new Constraints().required('tags', tags).check();
    const fn = this.taggedFunction(region, resource);
    if (Object.keys(tags ?? {}).length === 0) {
      // AWS's answer to an empty Tags map (recorded: tag_empty_tags).
      throw invalidParameterValue('An error occurred and the request cannot be processed.');
    }
    const merged = { ...fn.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags();
    fn.tags = merged;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UntagResource.html */
  untagResource(region: string, resource: string, tagKeys: readonly string[] | undefined): void {
    new Constraints().required('tagKeys', tagKeys).check();
    const fn = this.taggedFunction(region, resource);
    const tags = { ...fn.tags };
    for (const key of tagKeys ?? []) delete tags[key];
    fn.tags = tags;
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
   * RequestResponse waits for the handler; Event queues the event (./async-invocation/)
   * and answers 202 at once; DryRun only checks that the call would be accepted.
   */
  async invoke(region: string, input: InvokeInput): Promise<InvokeOutput> {
    new Constraints()
      .oneOf('invocationType', input.InvocationType, INVOCATION_TYPES)
      .oneOf('logType', input.LogType, ['None', 'Tail'])
      .check();
    const invocationType = input.InvocationType ?? 'RequestResponse';
    if (input.Payload.length > MAX_SYNC_PAYLOAD_BYTES) {
      throw requestTooLargeFor('InvokeFunction', MAX_SYNC_PAYLOAD_BYTES);
    }
    if (invocationType === 'Event' && input.Payload.length > MAX_ASYNC_PAYLOAD_BYTES) {
      // As AWS words it, e.g. "264496 byte payload is too large for the Event invocation
      // type (limit 262144 bytes)" (ASFHyP3/hyp3#2241), now with the 1 MB limit.
      throw requestEntityTooLarge(
        `${input.Payload.length} byte payload is too large for the Event invocation type (limit ${MAX_ASYNC_PAYLOAD_BYTES} bytes)`,
      );
    }
    const fn = this.lookup(region, this.reference(region, input.FunctionName, input.Qualifier));
    checkInvocable(fn);
    const payload = input.Payload.length === 0 ? EMPTY_EVENT : checkedJson(input.Payload);
    if (invocationType === 'DryRun') return { StatusCode: 204 };
    if (invocationType === 'Event') {
      this.asyncInvocations.enqueue({ functionArn: fn.arn, payload, requestId: input.RequestId });
      return { StatusCode: 202 };
    }
    const result = await this.runtime.invoke({
      fn: fn.snapshot,
      payload,
      requestId: input.RequestId,
      clientContext: input.ClientContext,
    });
    return {
      StatusCode: 200,
      Payload: result.payload,
      FunctionError: result.functionError,
      LogResult: input.LogType === 'Tail' ? logTail(result.log) : undefined,
      ExecutedVersion: LATEST,
    };
  }

  /**
   * SNS's asynchronous invoke of a subscribed function (the LambdaSubscriberPort of
   * ../sns/ports.ts): accepted once the event is queued. As on AWS, the function's
   * resource policy must let `sns.amazonaws.com` call `lambda:InvokeFunction` for the
   * topic (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html).
   */
  async invokeFromSns(input: {
    readonly functionArn: string;
    readonly topicArn: string;
    readonly event: string;
  }): Promise<void> {
    const reference = parseFunctionArn(input.functionArn);
    const region = reference.region as string;
    const fn = this.lookup(region, reference);
    checkInvocable(fn);
    const request: ServiceRequest = {
      service: 'sns.amazonaws.com',
      action: 'lambda:InvokeFunction',
      sourceArn: input.topicArn,
      sourceAccount: input.topicArn.split(':')[4] ?? '',
    };
    if (!allowsService(fn.policy, request)) throw accessDenied(request, fn.arn);
    this.asyncInvocations.enqueue({
      functionArn: fn.arn,
      payload: Buffer.from(input.event),
      requestId: randomUUID(),
    });
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html */
  putFunctionEventInvokeConfig(
    region: string,
    functionName: string,
    input: EventInvokeConfigInput & { Qualifier?: string },
  ): FunctionEventInvokeConfig {
    checkEventInvokeConfigInput(input);
    const fn = this.configuredFunction(region, functionName, input.Qualifier);
    return this.eventInvokeConfigs.put(fn.arn, input, (arn) => this.destinationFunction(arn));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionEventInvokeConfig.html */
  updateFunctionEventInvokeConfig(
    region: string,
    functionName: string,
    input: EventInvokeConfigInput & { Qualifier?: string },
  ): FunctionEventInvokeConfig {
    checkEventInvokeConfigInput(input);
    const fn = this.configuredFunction(region, functionName, input.Qualifier);
    return this.eventInvokeConfigs.update(fn.arn, input, (arn) => this.destinationFunction(arn));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionEventInvokeConfig.html */
  getFunctionEventInvokeConfig(
    region: string,
    functionName: string,
    qualifier?: string,
  ): FunctionEventInvokeConfig {
    return this.eventInvokeConfigs.get(this.eventInvokeConfigKey(region, functionName, qualifier));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunctionEventInvokeConfig.html */
  deleteFunctionEventInvokeConfig(region: string, functionName: string, qualifier?: string): void {
    const key = this.eventInvokeConfigKey(region, functionName, qualifier);
    if (!this.eventInvokeConfigs.remove(key)) throw noEventInvokeConfig(key);
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctionEventInvokeConfigs.html
   * Only `$LATEST` has a config here, so there is never a next page (Marker is not used).
   */
  listFunctionEventInvokeConfigs(
    region: string,
    functionName: string,
    maxItems?: number,
  ): { FunctionEventInvokeConfigs: FunctionEventInvokeConfig[] } {
    new Constraints().range('maxItems', maxItems, 1, 50).check();
    const fn = this.configuredFunction(region, functionName, undefined);
    return { FunctionEventInvokeConfigs: this.eventInvokeConfigs.list(fn.arn) };
  }

  /** Ends async invocation: timers cleared, nothing more run; returns how many events were not done. */
  stopAsyncInvocations(): number {
    return this.asyncInvocations.stop();
  }

  /** The function whose event invoke config a request sets or lists; AWS: "The function doesn't exist." */
  private configuredFunction(
    region: string,
    functionName: string,
    qualifier: string | undefined,
  ): LambdaFunction {
    const reference = this.reference(region, functionName, qualifier, 140);
    const fn = this.find(region, reference);
    if (!fn || !isLatest(reference.qualifier)) {
      throw resourceNotFound("The function doesn't exist.");
    }
    return fn;
  }

  /** The unqualified ARN a Get or Delete of an event invoke config names (the function may not exist). */
  private eventInvokeConfigKey(
    region: string,
    functionName: string,
    qualifier: string | undefined,
  ): string {
    const reference = this.reference(region, functionName, qualifier, 140);
    const arn = functionArn(region, reference.accountId ?? this.accountId, reference.name);
    if (!isLatest(reference.qualifier)) {
      throw resourceNotFound(
        `The function ${arn}:${reference.qualifier} doesn't have an EventInvokeConfig`,
      );
    }
    return arn;
  }

  /** The unqualified ARN of the function a destination ARN names, if it exists. */
  private destinationFunction(destinationArn: string): string | undefined {
    let reference: FunctionReference;
    try {
      reference = parseFunctionArn(destinationArn);
    } catch {
      return undefined; // a Lambda ARN, but not a function's
    }
    const fn = this.find(reference.region as string, reference);
    return fn && isLatest(reference.qualifier) ? fn.arn : undefined;
  }

  /** A function as its queued events run: as it is now, with its async settings. */
  private asyncFunction(unqualifiedArn: string): AsyncFunction | undefined {
    const fn = this.functions.get(unqualifiedArn);
    return fn && { snapshot: fn.snapshot, settings: this.eventInvokeConfigs.settings(fn.arn) };
  }

  /** A FunctionName (and Qualifier parameter) of a request in `region`, validated as the API does. */
  private reference(
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

  /** The function a reference names, if there is one (whatever its qualifier). */
  private find(region: string, reference: FunctionReference): LambdaFunction | undefined {
    const accountId = reference.accountId ?? this.accountId;
    return accountId === this.accountId
      ? this.functions.get(functionArn(region, accountId, reference.name))
      : undefined;
  }

  /** The function a reference names; ResourceNotFoundException names it as asked for. */
  private lookup(region: string, reference: FunctionReference): LambdaFunction {
    const fn = this.find(region, reference);
    if (!fn || !isLatest(reference.qualifier)) {
      const accountId = reference.accountId ?? this.accountId;
      throw functionNotFound(functionArn(region, accountId, reference.name), reference.qualifier);
    }
    return fn;
  }

  /** The function a tag operation's Resource names: its unqualified ARN. */
  private taggedFunction(region: string, resource: string): LambdaFunction {
    const reference = parseFunctionArn(resource);
    checkRegion(reference, region);
    if (reference.qualifier !== undefined) {
      throw invalidParameterValue(
        'Tags on function aliases and versions are not supported. Please specify a function ARN.',
      );
    }
    return this.lookup(region, reference);
  }

  private checkRevision(fn: LambdaFunction, revisionId: string | undefined, api: string): void {
    if (revisionId !== undefined && revisionId !== fn.revisionId) {
      throw preconditionFailed(
        `The Revision Id provided does not match the latest Revision Id. Call the ${api} API to retrieve the latest Revision Id`,
      );
    }
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
    const configuration = this.configuration(fn);
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

  private configuration(
    fn: LambdaFunction,
    view: { qualified?: boolean; listed?: boolean } = {},
  ): FunctionConfiguration {
    // ListFunctions leaves out states and the runtime version (recorded list_functions responses).
    const showStates = !view.listed;
    return {
      FunctionName: fn.name,
      FunctionArn: view.qualified ? `${fn.arn}:${LATEST}` : fn.arn,
      Runtime: fn.runtime,
      Role: fn.role,
      Handler: fn.handler,
      CodeSize: fn.code.codeSize,
      Description: fn.description,
      Timeout: fn.timeout,
      MemorySize: fn.memorySize,
      LastModified: fn.lastModified,
      CodeSha256: fn.code.codeSha256,
      Version: LATEST,
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
}

const EMPTY_EVENT = Buffer.from('{}');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload, if it is JSON: one decode and one parse, the payload itself is passed on as is. */
function checkedJson(payload: Buffer): Buffer {
  try {
    JSON.parse(utf8.decode(payload));
    return payload;
  } catch (error) {
    // AWS: "Could not parse request body into json: Could not parse payload into json: <parser's
    // message>" (recorded: invoke_function_invalid_payload_*); the parser's words are Node's here.
    throw invalidRequestContent(`Could not parse payload into json: ${(error as Error).message}`);
  }
}

function logTail(log: string): string {
  return Buffer.from(log).subarray(-LOG_TAIL_BYTES).toString('base64');
}

function stateFields(fn: LambdaFunction): Partial<FunctionConfiguration> {
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

function snapshotOf(fn: Omit<LambdaFunction, 'snapshot'>): FunctionSnapshot {
  return {
    functionName: fn.name,
    functionArn: fn.arn,
    version: LATEST,
    runtime: fn.runtime,
    handler: fn.handler,
    memorySize: fn.memorySize,
    timeout: fn.timeout,
    environment: { ...fn.environment },
    region: fn.region,
    codeDirectory: fn.code.codeDirectory,
    revisionId: fn.revisionId,
    logGroupName: `/aws/lambda/${fn.name}`,
  };
}

/** `arn:aws:lambda:<region>::runtime:<sha256>`; here the runtime is this Node.js, so its version names it. */
function runtimeVersionArn(region: string, runtime: string): string {
  const id = createHash('sha256').update(`${runtime}:${process.version}`).digest('hex');
  return `arn:aws:lambda:${region}::runtime:${id}`;
}

/** AWS's format: `2026-11-25T15:00:00.000+0000`. */
function lastModified(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

function isLatest(qualifier: string | undefined): boolean {
  return qualifier === undefined || qualifier === LATEST;
}

function functionNotFound(unqualifiedArn: string, qualifier?: string): AwsError {
  const arn = qualifier === undefined ? unqualifiedArn : `${unqualifiedArn}:${qualifier}`;
  return resourceNotFound(`Function not found: ${arn}`);
}

/** A function is invoked once Active; while Pending, Invoke is refused. */
function checkInvocable(fn: LambdaFunction): void {
  if (fn.state === 'Pending') {
    throw resourceConflict(
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  }
}

/** In the words of IAM's access denied errors (IAM User Guide, troubleshoot_access-denied.html). */
function accessDenied(request: ServiceRequest, resource: string): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${request.service} is not authorized to perform: ${request.action} on resource: ${resource} because no resource-based policy allows the ${request.action} action`,
    403,
  );
}

function alreadyExists(name: string): AwsError {
  return resourceConflict(`Function already exist: ${name}`);
}

function tooManyTags(): AwsError {
  return invalidParameterValue('Number of tags exceeds resource tag limit.');
}

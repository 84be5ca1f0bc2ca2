/**
 * What Lambda does, with no HTTP (./api.ts speaks the wire protocol): a thin facade
 * over the rooms of this folder, one method per API operation, in the member names of
 * the Lambda API reference (https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html).
 * - ./functions.ts: the function store, create/read/change/delete, revisions and states
 *   (./lambda-function.ts is what is stored, ./configuration.ts how the API shows it)
 * - ./versions.ts (PublishVersion), ./aliases.ts, ./concurrency.ts (reserved concurrency
 *   and GetAccountSettings)
 * - ./permissions.ts (with ./policy.ts): resource policies and the service-principal check
 * - ./tags.ts, ./invoke.ts, ./async-invocation/ (the `Event` queue and EventInvokeConfig)
 * - ./function-urls/ (URL configs, and the server of the URLs beside the API), ./recursion.ts
 *   (recursive loops stopped, Get/PutFunctionRecursionConfig)
 * - ./errors.ts, ./quotas.ts; code on disk and execution environments: ./runtime/.
 */
import type { PlainHttpService } from '../../server/plain-http.ts';
import { Aliases, type AliasInput } from './aliases.ts';
import { unqualifiedArn } from './arn.ts';
import { EventInvokeConfigs } from './async-invocation/event-invoke-config.ts';
import {
  configKey,
  EventInvokeConfigOperations,
  type EventInvokeConfigRequest,
} from './async-invocation/event-invoke-config-operations.ts';
import {
  DEFAULT_EVENT_QUEUE_LIMITS,
  type DroppedEvents,
  EventQueue,
  type EventQueueLimits,
  LOCAL_RETRY_DELAYS_MS,
} from './async-invocation/event-queue.ts';
import { Concurrency } from './concurrency.ts';
import {
  type UpdateFunctionCodeInput,
  type UpdateFunctionConfigurationInput,
  updateCode,
  updateConfiguration,
} from './function-updates.ts';
import { FunctionUrls } from './function-urls/url-configs.ts';
import {
  FUNCTION_URL_PATH,
  functionUrlServer,
  type UrlServerOptions,
} from './function-urls/url-server.ts';
import {
  type CreateFunctionInput,
  type FunctionRuntime,
  Functions,
  type ListFunctionsInput,
} from './functions.ts';
import { type InvokeInput, Invoker, type ServiceInvokeInput } from './invoke.ts';
import {
  type AddPermissionInput,
  addPermission,
  getPolicy,
  removePermission,
} from './permissions.ts';
import { DEFAULT_CONCURRENCY_LIMIT, LATEST } from './quotas.ts';
import { type LoopStop, RecursionDetection } from './recursion.ts';
import { DEFAULT_CODE_STORAGE_LIMIT_BYTES } from './runtime/code-store.ts';
import { listTags, tagResource, untagResource } from './tags.ts';
import { type ListVersionsInput, type PublishVersionInput, Versions } from './versions.ts';

export type { FunctionConfiguration } from './configuration.ts';
export type { CreateFunctionInput, FunctionRuntime } from './functions.ts';
export type { InvokeInput, InvokeOutput, ServiceInvokeInput } from './invoke.ts';

export interface LambdaModelOptions {
  readonly runtime: FunctionRuntime;
  readonly accountId: string;
  /** Whether Lambda may assume a role (IAM's trust policy); CreateFunction refuses one it cannot. */
  readonly lambdaCanAssume?: (roleArn: string) => boolean;
  /** Execution environments that may run at once (the runtime's limit, which async invocations keep to); by default `DEFAULT_CONCURRENCY_LIMIT`. */
  readonly concurrencyLimit?: number;
  /** The wait before each retry of a failed `Event` invocation; default 100 ms, then 200 ms (see ./async-invocation/). */
  readonly asyncRetryDelaysMs?: readonly number[];
  /** What the queue of `Event` invocations holds at most; default 10,000 events and 128 MB (see ./async-invocation/). */
  readonly asyncQueueLimits?: Partial<EventQueueLimits>;
  /** The cap on all code on disk (GetAccountSettings' TotalCodeSize limit); by default the runtime's default. */
  readonly codeStorageLimitBytes?: number;
  /** In [0, 1): picks the version of an alias with RoutingConfig (default Math.random; tests pass a seeded one). */
  readonly aliasRoutingRandom?: () => number;
  /** Where function URLs are served, e.g. `http://127.0.0.1:4566/lambda-url/` (./function-urls/). */
  readonly functionUrlBase?: () => string;
  /** Lines to tell whoever runs the local cloud (a recursive loop stopped). */
  readonly onNotice?: (message: string) => void;
  /** Each invocation stopped as a recursive loop (./recursion.ts), for the record of a run. */
  readonly onLoopStopped?: (stop: LoopStop) => void;
}

export class LambdaModel {
  private readonly functions: Functions;
  private readonly versions: Versions;
  private readonly aliases: Aliases;
  private readonly concurrency: Concurrency;
  private readonly eventInvokeConfigs = new EventInvokeConfigs();
  private readonly eventInvokeConfigOperations: EventInvokeConfigOperations;
  private readonly asyncInvocations: EventQueue;
  private readonly invoker: Invoker;
  private readonly recursion: RecursionDetection;
  /** Function URL configs (the API's operations); ./function-urls/url-server.ts serves the URLs. */
  readonly functionUrls: FunctionUrls;

  constructor(options: LambdaModelOptions) {
    const { runtime } = options;
    this.functions = new Functions(runtime, options.accountId, options.lambdaCanAssume);
    this.recursion = new RecursionDetection(this.functions, options);
    this.functionUrls = new FunctionUrls(
      this.functions,
      options.functionUrlBase ?? (() => `http://127.0.0.1:4566${FUNCTION_URL_PATH}`),
    );
    this.versions = new Versions(this.functions);
    this.aliases = new Aliases(this.functions, options.aliasRoutingRandom);
    const concurrencyLimit = options.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT;
    this.concurrency = new Concurrency(this.functions, {
      limit: concurrencyLimit,
      codeStorageLimitBytes: options.codeStorageLimitBytes ?? DEFAULT_CODE_STORAGE_LIMIT_BYTES,
      onSlotFreed: () => this.asyncInvocations.wake(),
    });
    this.eventInvokeConfigOperations = new EventInvokeConfigOperations(
      this.functions,
      this.eventInvokeConfigs,
    );
    this.asyncInvocations = new EventQueue({
      invoke: (request) =>
        this.concurrency.run(request.fn.functionArn, () => runtime.invoke(request)),
      lookup: (arn) => {
        // A function as its queued events run: the version its ARN names now (an alias's
        // routing picks one), with the function's async settings.
        const target = this.functions.resolveArn(arn);
        return (
          target && {
            snapshot: this.aliases.executedVersion(target).snapshot,
            settings: this.eventInvokeConfigs.settings(configKey(target.fn.arn, target.qualifier)),
            atReservedConcurrency: !this.concurrency.hasSlot(target.fn.arn),
          }
        );
      },
      concurrencyLimit,
      retryDelaysMs: options.asyncRetryDelaysMs ?? LOCAL_RETRY_DELAYS_MS,
      limits: {
        events: options.asyncQueueLimits?.events ?? DEFAULT_EVENT_QUEUE_LIMITS.events,
        payloadBytes:
          options.asyncQueueLimits?.payloadBytes ?? DEFAULT_EVENT_QUEUE_LIMITS.payloadBytes,
      },
      chainStep: (functionArn, traceHeader, invocation) =>
        this.recursion.next(functionArn, traceHeader, invocation),
    });
    this.invoker = new Invoker(
      this.functions,
      this.aliases,
      this.concurrency,
      runtime,
      this.asyncInvocations,
      this.recursion,
    );
  }

  async createFunction(region: string, input: CreateFunctionInput) {
    const created = await this.functions.create(region, input);
    return input.Publish ? this.publishLatest(region, created.FunctionArn) : created;
  }

  /** GetFunction's answer, but Code (a URL, the API's to add). */
  getFunction(
    region: string,
    functionName: string,
    qualifier?: string,
  ): ReturnType<Functions['get']> & { Concurrency?: { ReservedConcurrentExecutions: number } } {
    const output = this.functions.get(region, functionName, qualifier);
    const reserved = this.concurrency.reservedOf(unqualifiedArn(output.Configuration.FunctionArn));
    return reserved === undefined
      ? output
      : { ...output, Concurrency: { ReservedConcurrentExecutions: reserved } };
  }

  getFunctionConfiguration(region: string, functionName: string, qualifier?: string) {
    return this.functions.configuration(region, functionName, qualifier);
  }

  /** The deployment package, for the URL in GetFunction's Code.Location. */
  functionZip(unqualifiedArn: string): Buffer {
    return this.functions.zip(unqualifiedArn);
  }

  listFunctions(region: string, input: ListFunctionsInput) {
    return this.functions.list(region, input);
  }

  updateFunctionConfiguration(
    region: string,
    functionName: string,
    input: UpdateFunctionConfigurationInput,
  ) {
    return updateConfiguration(this.functions, region, functionName, input);
  }

  async updateFunctionCode(region: string, functionName: string, input: UpdateFunctionCodeInput) {
    const updated = await updateCode(this.functions, region, functionName, input);
    return input.Publish ? this.publishLatest(region, updated.FunctionArn) : updated;
  }

  deleteFunction(region: string, functionName: string, qualifier?: string): void {
    const deleted = this.functions.delete(region, functionName, qualifier);
    if (deleted.version === LATEST) {
      this.eventInvokeConfigs.removeAll(deleted.arn);
      this.concurrency.forget(deleted.arn);
      this.functionUrls.forget(deleted.arn);
      this.recursion.forget(deleted.arn);
    } else {
      this.eventInvokeConfigs.remove(configKey(deleted.arn, deleted.version));
    }
  }

  publishVersion(region: string, functionName: string, input: PublishVersionInput) {
    return this.versions.publish(region, functionName, input);
  }

  listVersionsByFunction(region: string, functionName: string, input: ListVersionsInput) {
    return this.versions.list(region, functionName, input);
  }

  createAlias(region: string, functionName: string, input: AliasInput) {
    return this.aliases.create(region, functionName, input);
  }

  getAlias(region: string, functionName: string, name: string) {
    return this.aliases.get(region, functionName, name);
  }

  updateAlias(region: string, functionName: string, input: AliasInput) {
    return this.aliases.update(region, functionName, input);
  }

  deleteAlias(region: string, functionName: string, name: string): void {
    const aliasArn = this.aliases.delete(region, functionName, name);
    this.eventInvokeConfigs.remove(aliasArn);
    this.functionUrls.forget(aliasArn);
  }

  listAliases(
    region: string,
    functionName: string,
    input: { FunctionVersion?: string; Marker?: string; MaxItems?: number },
  ) {
    return this.aliases.list(region, functionName, input);
  }

  addPermission(region: string, functionName: string, input: AddPermissionInput) {
    return addPermission(this.functions, region, functionName, input);
  }

  removePermission(
    region: string,
    functionName: string,
    statementId: string,
    options?: { Qualifier?: string; RevisionId?: string },
  ): void {
    removePermission(this.functions, region, functionName, statementId, options);
  }

  getPolicy(region: string, functionName: string, qualifier?: string) {
    return getPolicy(this.functions, region, functionName, qualifier);
  }

  listTags(region: string, resource: string) {
    return listTags(this.functions, region, resource);
  }

  tagResource(region: string, resource: string, tags: Record<string, string> | undefined): void {
    tagResource(this.functions, region, resource, tags);
  }

  untagResource(region: string, resource: string, tagKeys: readonly string[] | undefined): void {
    untagResource(this.functions, region, resource, tagKeys);
  }

  invoke(region: string, input: InvokeInput) {
    return this.invoker.invoke(region, input);
  }

  /** An AWS service's `Event` invoke on the function's resource policy (SNS's, for a topic). */
  invokeAsService(input: ServiceInvokeInput): Promise<void> {
    return this.invoker.invokeAsService(input);
  }

  putFunctionEventInvokeConfig(
    region: string,
    functionName: string,
    input: EventInvokeConfigRequest,
  ) {
    return this.eventInvokeConfigOperations.set('put', region, functionName, input);
  }

  updateFunctionEventInvokeConfig(
    region: string,
    functionName: string,
    input: EventInvokeConfigRequest,
  ) {
    return this.eventInvokeConfigOperations.set('update', region, functionName, input);
  }

  getFunctionEventInvokeConfig(region: string, functionName: string, qualifier?: string) {
    return this.eventInvokeConfigOperations.get(region, functionName, qualifier);
  }

  deleteFunctionEventInvokeConfig(region: string, functionName: string, qualifier?: string): void {
    this.eventInvokeConfigOperations.delete(region, functionName, qualifier);
  }

  listFunctionEventInvokeConfigs(region: string, functionName: string, maxItems?: number) {
    return this.eventInvokeConfigOperations.list(region, functionName, maxItems);
  }

  putFunctionConcurrency(
    region: string,
    functionName: string,
    reservedConcurrentExecutions: number | undefined,
  ) {
    return this.concurrency.put(region, functionName, reservedConcurrentExecutions);
  }

  getFunctionConcurrency(region: string, functionName: string) {
    return this.concurrency.get(region, functionName);
  }

  deleteFunctionConcurrency(region: string, functionName: string): void {
    this.concurrency.delete(region, functionName);
  }

  getAccountSettings(region: string) {
    return this.concurrency.accountSettings(region);
  }

  getFunctionRecursionConfig(region: string, functionName: string) {
    return this.recursion.get(region, functionName);
  }

  putFunctionRecursionConfig(region: string, functionName: string, recursiveLoop?: string) {
    return this.recursion.put(region, functionName, recursiveLoop);
  }

  /** What serves the function URLs, beside the API. */
  /** `mayInvokeUrl`: IAM's decision for AWS_IAM URLs (./function-urls/url-server.ts). */
  functionUrlServer(mayInvokeUrl?: UrlServerOptions['mayInvokeUrl']): PlainHttpService {
    return functionUrlServer({
      urls: this.functionUrls,
      functions: this.functions,
      accountId: this.functions.accountId,
      invoke: (region, input) => this.invoke(region, input),
      ...(mayInvokeUrl && { mayInvokeUrl }),
    });
  }

  /** `Publish: true` of CreateFunction and UpdateFunctionCode: the new version's configuration. */
  private publishLatest(region: string, functionArn: string) {
    const fn = this.functions.lookup(
      region,
      this.functions.reference(region, functionArn, undefined),
    );
    return this.versions.publishLatest(fn);
  }

  /** Ends async invocation: timers cleared, nothing more run; says which events were not done. */
  stopAsyncInvocations(): DroppedEvents {
    return this.asyncInvocations.stop();
  }
}

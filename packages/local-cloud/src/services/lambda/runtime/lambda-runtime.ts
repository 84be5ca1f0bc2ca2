/**
 * The execution environments of all functions: a warm environment of the
 * function version's current revision is reused (each published version and
 * `$LATEST` have environments of their own), otherwise a new one starts (a cold
 * start), up to the concurrency limit shared by all functions, as Lambda's
 * account concurrency is. Over it, Invoke is throttled.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
import { rm } from 'node:fs/promises';
import type { TemporaryCredentials } from '../../../auth/identities.ts';
import { AwsError } from '../../../server/aws-error.ts';
import type { LogsModel } from '../../logs/model.ts';
import { writeBootstrap } from './bootstrap-bundle.ts';
import { CodeStore, DEFAULT_CODE_STORAGE_LIMIT_BYTES, type PreparedCode } from './code-store.ts';
import type { FunctionSnapshot, InvokeRequest, InvokeResult } from './contract.ts';
import { ExecutionEnvironment } from './execution-environment.ts';
import { nodeForRuntime } from './node-binaries.ts';
import { linkRuntimeSdk } from './runtime-sdk.ts';
import { makeTemporaryDirectory, removeStaleDirectories } from './temporary-directory.ts';

export interface LambdaRuntimeOptions {
  readonly logs: LogsModel;
  /** Environments that may exist at once, across all functions (Lambda's concurrency limit). */
  readonly concurrencyLimit: number;
  /** The local cloud's endpoint once it listens, given to functions as `AWS_ENDPOINT_URL`
   * so that the SDK clients in a handler call the local cloud, not AWS. */
  readonly awsEndpointUrl?: () => string | undefined;
  /** The credentials of the function's execution role, which its environments get as Lambda's do. */
  readonly roleCredentials?: (fn: FunctionSnapshot) => TemporaryCredentials;
  /** The cap on all unpacked code at once; default 2 GiB. */
  readonly codeStorageLimitBytes?: number;
  /** Told once per runtime whose Node.js is missing (its functions then run on the host's). */
  readonly onNotice?: (message: string) => void;
}

export class LambdaRuntime {
  private readonly codeStore: CodeStore;
  /** Every live environment, by function name. */
  private readonly environments = new Map<string, ExecutionEnvironment[]>();
  /** How often each function's environments were retired: one that was starting meanwhile
   * retires too, once its invocation is done. */
  private readonly retirements = new Map<string, number>();
  private count = 0;
  private temporaryDirectory: Promise<string> | undefined;
  private bootstrap: Promise<URL> | undefined;
  /** The runtimes whose missing Node.js was told already. */
  private readonly noticed = new Set<string>();
  /** The folders that local clouds which crashed left behind, removed at start. */
  private readonly staleDirectoriesRemoved = removeStaleDirectories().catch(() => {});

  constructor(private readonly options: LambdaRuntimeOptions) {
    this.codeStore = new CodeStore(
      () => this.directory(),
      options.codeStorageLimitBytes ?? DEFAULT_CODE_STORAGE_LIMIT_BYTES,
    );
  }

  /** The zip's code on disk, for one function revision, which gives it back with `releaseCode`. */
  prepareCode(zip: Buffer): Promise<PreparedCode> {
    return this.codeStore.prepare(zip);
  }

  /** One more holder of code already prepared (a published version shares its code with `$LATEST`). */
  retainCode(codeDirectory: string): void {
    this.codeStore.retain(codeDirectory);
  }

  /** A function revision no longer uses this code: it goes once no environment runs it either. */
  releaseCode(codeDirectory: string): void {
    this.codeStore.release(codeDirectory);
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const warm = this.warmEnvironment(request.fn);
    if (warm) return this.run(warm, request);
    if (this.count >= this.options.concurrencyLimit && !this.reclaimIdleEnvironment()) {
      // The answer of Invoke over the account's concurrency (Lambda API reference, Invoke errors).
      throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', 429, {
        Reason: 'ConcurrentInvocationLimitExceeded',
      });
    }
    // The slot is taken while the bootstrap is prepared, so concurrent cold starts keep the limit,
    // and so is the code, which the new environment then holds until it ends.
    const { codeDirectory, functionName } = request.fn;
    const retirements = this.retirements.get(functionName);
    this.count++;
    this.codeStore.retain(codeDirectory);
    let bootstrap: URL;
    try {
      bootstrap = await this.bootstrapUrl();
    } catch (error) {
      this.codeStore.release(codeDirectory);
      throw error;
    } finally {
      this.count--;
    }
    const environment = new ExecutionEnvironment(request.fn, {
      logs: this.options.logs,
      bootstrap,
      nodeBinary: this.nodeBinary(request.fn.runtime),
      awsEndpointUrl: this.options.awsEndpointUrl?.(),
      credentials: this.options.roleCredentials?.(request.fn),
      onEnded: (ended) => {
        this.remove(ended);
        this.codeStore.release(codeDirectory);
      },
    });
    environment.retiring = this.retirements.get(functionName) !== retirements;
    this.add(environment);
    return this.run(environment, request);
  }

  /**
   * Throws away the environments of the function (of one of its versions, if `version` is
   * given); one that is running finishes its invocation first.
   */
  async retire(functionName: string, version?: string): Promise<void> {
    this.retirements.set(functionName, (this.retirements.get(functionName) ?? 0) + 1);
    const discarded: Promise<void>[] = [];
    for (const environment of [...(this.environments.get(functionName) ?? [])]) {
      if (version !== undefined && environment.fn.version !== version) continue;
      environment.retiring = true;
      if (!environment.busy) discarded.push(environment.discard());
    }
    await Promise.all(discarded);
  }

  async stop(): Promise<void> {
    const all = [...this.environments.values()].flat();
    await Promise.all(all.map((environment) => environment.discard()));
    await this.staleDirectoriesRemoved;
    const directory = this.temporaryDirectory;
    this.temporaryDirectory = undefined;
    this.bootstrap = undefined;
    this.codeStore.clear();
    if (directory) await rm(await directory, { recursive: true, force: true });
  }

  private async run(
    environment: ExecutionEnvironment,
    request: InvokeRequest,
  ): Promise<InvokeResult> {
    try {
      return await environment.invoke(request);
    } finally {
      if (environment.retiring) void environment.discard();
    }
  }

  /** The most recently used idle environment of the function version's current revision; idle
   * environments of its older revisions are thrown away on the way (they are never reused). */
  private warmEnvironment(fn: FunctionSnapshot): ExecutionEnvironment | undefined {
    let warm: ExecutionEnvironment | undefined;
    let stale: ExecutionEnvironment[] | undefined;
    for (const environment of this.environments.get(fn.functionName) ?? []) {
      if (environment.busy || environment.retiring || environment.fn.version !== fn.version) {
        continue;
      }
      if (environment.fn.revisionId !== fn.revisionId) {
        stale ??= [];
        stale.push(environment);
      } else if (!warm || environment.lastUsed > warm.lastUsed) {
        warm = environment;
      }
    }
    for (const environment of stale ?? []) void environment.discard();
    return warm;
  }

  /** At the limit, an idle environment (of any function) gives way to the new one. */
  private reclaimIdleEnvironment(): boolean {
    let idlest: ExecutionEnvironment | undefined;
    for (const environments of this.environments.values()) {
      for (const environment of environments) {
        if (!environment.busy && (!idlest || environment.lastUsed < idlest.lastUsed)) {
          idlest = environment;
        }
      }
    }
    if (!idlest) return false;
    void idlest.discard();
    return true;
  }

  private add(environment: ExecutionEnvironment): void {
    const name = environment.fn.functionName;
    const environments = this.environments.get(name);
    if (environments) environments.push(environment);
    else this.environments.set(name, [environment]);
    this.count++;
  }

  private remove(environment: ExecutionEnvironment): void {
    const name = environment.fn.functionName;
    const environments = this.environments.get(name);
    const index = environments?.indexOf(environment) ?? -1;
    if (!environments || index === -1) return;
    environments.splice(index, 1);
    if (environments.length === 0) this.environments.delete(name);
    this.count--;
  }

  private nodeBinary(runtime: string): string | undefined {
    const node = nodeForRuntime(runtime);
    if (node.kind === 'process') return node.binary;
    if (node.notice && !this.noticed.has(runtime)) {
      this.noticed.add(runtime);
      this.options.onNotice?.(node.notice);
    }
    return undefined;
  }

  private directory(): Promise<string> {
    this.temporaryDirectory ??= this.staleDirectoriesRemoved
      .then(makeTemporaryDirectory)
      .then(async (directory) => {
        await linkRuntimeSdk(directory);
        return directory;
      });
    return this.temporaryDirectory;
  }

  private bootstrapUrl(): Promise<URL> {
    this.bootstrap ??= this.directory().then(writeBootstrap);
    return this.bootstrap;
  }
}

/**
 * The embedded local cloud: one loopback endpoint that the unchanged AWS SDK v3
 * clients reach through `AWS_ENDPOINT_URL`, with each service in its own folder
 * under ./services (wire protocol in `api.ts`, state and semantics in `model.ts`).
 */
import { Authorizer, denialOf } from './auth/authorizer.ts';
import { Identities, type LearnerIdentity } from './auth/identities.ts';
import { CallRecorder } from './inspector/call-recorder.ts';
import { LIVE_VIEW_PATH, LiveView } from './inspector/live-view.ts';
import {
  recordCalls,
  recordFunctionUrlCalls,
  recordInvocations,
  recordKinesisBatches,
  recordLoopStops,
  recordSnsDeliveries,
} from './inspector/recording.ts';
import { listen } from './server/http-server.ts';
import { Router } from './server/router.ts';
import { iamService } from './services/iam/api.ts';
import { iamAuthorization } from './services/iam/iam-actions.ts';
import { IamModel } from './services/iam/model.ts';
import { kinesisService } from './services/kinesis/api.ts';
import { kinesisAuthorization } from './services/kinesis/iam-actions.ts';
import { KinesisEngine } from './services/kinesis/kinesis-engine.ts';
import { lambdaService } from './services/lambda/api.ts';
import { parseFunctionArn } from './services/lambda/arn.ts';
import { eventSourceMappingRoutes } from './services/lambda/event-source-mappings/api.ts';
import { EventSourceMappings } from './services/lambda/event-source-mappings/model.ts';
import { FUNCTION_URL_PATH } from './services/lambda/function-urls/url-server.ts';
import { lambdaAuthorization } from './services/lambda/iam-actions.ts';
import { LambdaModel } from './services/lambda/model.ts';
import { DEFAULT_CONCURRENCY_LIMIT } from './services/lambda/quotas.ts';
import { LambdaRuntime } from './services/lambda/runtime/lambda-runtime.ts';
import { logsService } from './services/logs/api.ts';
import { logsAuthorization } from './services/logs/iam-actions.ts';
import { type LogEventListener, LogsModel } from './services/logs/model.ts';
import { snsService } from './services/sns/api.ts';
import { snsAuthorization } from './services/sns/iam-actions.ts';
import { SnsModel } from './services/sns/model.ts';
import { stsService } from './services/sts/api.ts';
import { STS_AUTHORIZATION } from './services/sts/iam-actions.ts';

/** The account every ARN of the local cloud names (as LocalStack does). */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const DEFAULT_PORT = 4566;
export { DEFAULT_CONCURRENCY_LIMIT };

export interface LocalCloudOptions {
  /** Default 4566; 0 picks a free port. The server listens on 127.0.0.1 only. */
  readonly port?: number;
  /**
   * Browser origins whose pages may call the local cloud, e.g. `http://localhost:3000`; by
   * default none but its own. Added to those in LOCAL_CLOUD_ALLOW_ORIGINS (comma-separated).
   */
  readonly allowOrigins?: readonly string[];
  /**
   * Host names served besides 127.0.0.1, localhost and [::1] (with the cloud's port), e.g. a
   * name of this machine. Added to those in LOCAL_CLOUD_ALLOW_HOSTS (comma-separated).
   */
  readonly allowHosts?: readonly string[];
  /** Execution environments that may run at once, across all functions (by default `DEFAULT_CONCURRENCY_LIMIT`). */
  readonly concurrencyLimit?: number;
  /** Called with every log line a function writes, as CloudWatch Logs stores it. */
  readonly onLogEvent?: LogEventListener;
  /**
   * How often a Kinesis event source mapping reads each shard, in ms (at least 1). Lambda polls
   * once per second (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html); the local
   * cloud, by default, every 100 ms.
   */
  readonly kinesisPollIntervalMs?: number;
  /**
   * How long an event source mapping at least stays in a state of change (Creating, Updating,
   * Enabling, Disabling, Deleting), in ms: none by default; on AWS, seconds.
   */
  readonly mappingStateChangeMs?: number;
  /**
   * Start kinesis-mock now, in the background, for a run that will use Kinesis (the
   * walkthrough): its 0.6–0.8 s start then overlaps what comes before instead of adding to the
   * first Kinesis call. By default it starts on first use, as a chapter without Kinesis need not
   * pay for it.
   */
  readonly startKinesisNow?: boolean;
  /**
   * The wait before each retry of an `Event` invocation whose function failed, in ms.
   * Lambda waits about 1 minute before the second attempt and 2 minutes before the third
   * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html);
   * the local cloud, by default, 100 ms and 200 ms.
   */
  readonly asyncRetryDelaysMs?: readonly number[];
  /**
   * What the queue of `Event` invocations holds at most, queued, running or waiting for a
   * retry: default 10,000 events and 128 MB of their payloads. Past either, Invoke answers
   * 429 TooManyRequestsException.
   */
  readonly asyncQueueLimits?: { readonly events?: number; readonly payloadBytes?: number };
  /**
   * The bytes of log events kept in memory, counted as CloudWatch Logs counts them (UTF-8
   * message plus 26 bytes each), default 64 MB. Past it the oldest events are dropped.
   */
  readonly maxLogBytes?: number;
  /** The bytes of unpacked function code on disk, all functions together (default 2 GiB);
   * past it, CreateFunction and UpdateFunctionCode answer CodeStorageExceededException. */
  readonly codeStorageLimitBytes?: number;
  /**
   * In [0, 1): picks which version of an alias with RoutingConfig an invocation runs
   * (default Math.random; tests pass a seeded source).
   */
  readonly aliasRoutingRandom?: () => number;
  /** Called with a line the local cloud has to tell whoever runs it (kinesis-mock stopped, old logs dropped, ...). */
  readonly onNotice?: (message: string) => void;
  /**
   * Learner identities, by access key id: requests signed with one of these keys are allowed
   * only what the identity's policy allows, as for an IAM user with that policy on AWS. Any
   * other key is unrestricted.
   */
  readonly identities?: Readonly<Record<string, LearnerIdentity>>;
}

/**
 * What was still to do when the local cloud stopped, and is now dropped. Everything the
 * local cloud keeps (functions, topics, streams, logs, queued events) lives in memory and
 * goes with it.
 */
export interface StopReport {
  /** `Event` invocations queued that never started. */
  readonly queuedEvents: number;
  /** `Event` invocations whose handler was running, ended by the stop. */
  readonly runningEvents: number;
  /** `Event` invocations that failed and were waiting for a retry. */
  readonly eventsAwaitingRetry: number;
  /** SNS deliveries to functions not yet accepted by Lambda. */
  readonly pendingSnsDeliveries: number;
}

export interface LocalCloud {
  /** For `AWS_ENDPOINT_URL` or a client's `endpoint`, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  readonly port: number;
  /** The record of every call served and made on a function's behalf (src/inspector/). */
  readonly recorder: CallRecorder;
  /** The live view of that record, a page for the learner's browser: `http://127.0.0.1:4566/_local-cloud/live/`. */
  readonly liveViewUrl: string;
  /** Stops the server, every execution environment and every child process; says what was dropped. */
  stop(): Promise<StopReport>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const logs = new LogsModel({
    accountId: LOCAL_ACCOUNT_ID,
    maxBytes: options.maxLogBytes,
    onNotice: options.onNotice,
  });
  if (options.onLogEvent) logs.subscribe(options.onLogEvent);
  let endpoint: string | undefined;
  const recorder = new CallRecorder();
  const concurrencyLimit = options.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT;
  const iam = new IamModel(LOCAL_ACCOUNT_ID);
  const identities = new Identities(LOCAL_ACCOUNT_ID, iam, options.identities);
  const runtime = new LambdaRuntime({
    logs,
    concurrencyLimit,
    codeStorageLimitBytes: options.codeStorageLimitBytes,
    onNotice: options.onNotice,
    // Handlers that call AWS (another Lambda, say) do it with their role's credentials, in a
    // session named after the function, as on Lambda, and reach this local cloud, not AWS.
    roleCredentials: (fn) => identities.roleCredentials(fn.role, fn.functionName),
    awsEndpointUrl: () => endpoint,
  });
  const lambda = new LambdaModel({
    runtime: recordInvocations(runtime, recorder),
    accountId: LOCAL_ACCOUNT_ID,
    lambdaCanAssume: (roleArn) => iam.trusts(roleArn, 'lambda.amazonaws.com'),
    concurrencyLimit,
    asyncRetryDelaysMs: options.asyncRetryDelaysMs,
    asyncQueueLimits: options.asyncQueueLimits,
    aliasRoutingRandom: options.aliasRoutingRandom,
    codeStorageLimitBytes: options.codeStorageLimitBytes,
    functionUrlBase: () => `${endpoint}${FUNCTION_URL_PATH}`,
    onNotice: options.onNotice,
    onLoopStopped: recordLoopStops(recorder),
  });
  // SNS's delivery failures go to CloudWatch Logs, so `pnpm local-cloud` shows why a delivery failed.
  const sns = new SnsModel({
    accountId: LOCAL_ACCOUNT_ID,
    lambda: recordSnsDeliveries(recorder, (input) => lambda.invokeAsService(input)),
    deliveryLog: ({ region, logGroupName, logStreamName, message, timestamp }) =>
      logs.append(region, logGroupName, logStreamName, message, timestamp),
  });
  const kinesisEngine = new KinesisEngine({ onNotice: options.onNotice });
  // A failed start is kept and answered as Kinesis's 503 on the first Kinesis call.
  if (options.startKinesisNow) kinesisEngine.address().catch(() => {});
  const eventSourceMappings = new EventSourceMappings({
    lambda: recordKinesisBatches(recorder, lambda),
    kinesisEngine,
    accountId: LOCAL_ACCOUNT_ID,
    pollIntervalMs: options.kinesisPollIntervalMs ?? 100,
    stateChangeMs: options.mappingStateChangeMs,
    // Lambda reads the stream in a session of the function's role.
    roleAllows: (roleArn, action, resource) =>
      denialOf(identities.roleSession(roleArn, 'awslambda'), { action, resource }) === undefined,
  });
  // Each service with the IAM permissions its operations need (services/*/iam-actions.ts).
  const lambdaApi = lambdaService(lambda, eventSourceMappingRoutes(eventSourceMappings));
  const router = new Router(
    [
      {
        ...lambdaApi,
        authorization: lambdaAuthorization({
          accountId: LOCAL_ACCOUNT_ID,
          describe: (request) => lambdaApi.describe(request),
          resourcePolicy: (region, name, qualifier) =>
            functionPolicy(lambda, region, name, qualifier),
        }),
      },
      { ...logsService(logs), authorization: logsAuthorization(LOCAL_ACCOUNT_ID) },
      { ...iamService(iam), authorization: iamAuthorization(LOCAL_ACCOUNT_ID, iam) },
      { ...stsService(LOCAL_ACCOUNT_ID, identities), authorization: STS_AUTHORIZATION },
      { ...kinesisService(kinesisEngine), authorization: kinesisAuthorization(LOCAL_ACCOUNT_ID) },
      { ...snsService(sns), authorization: snsAuthorization(LOCAL_ACCOUNT_ID) },
    ],
    new Authorizer(identities),
  );
  const server = await listen(router, options.port ?? DEFAULT_PORT, {
    allowOrigins: [
      ...(options.allowOrigins ?? []),
      ...listFromEnvironment('LOCAL_CLOUD_ALLOW_ORIGINS'),
    ],
    allowHosts: [...(options.allowHosts ?? []), ...listFromEnvironment('LOCAL_CLOUD_ALLOW_HOSTS')],
    onCall: recordCalls(recorder, (request, service) => router.describe(request, service)),
    plainHttp: recordFunctionUrlCalls(
      recorder,
      lambda.functionUrlServer((accessKeyId, functionArn) => {
        const caller = identities.caller(accessKeyId);
        if (!caller) return true;
        const { region = '', name, qualifier } = parseFunctionArn(functionArn);
        const permission = {
          action: 'lambda:InvokeFunctionUrl',
          resource: functionArn,
          resourcePolicy: functionPolicy(lambda, region, name, qualifier),
        };
        return denialOf(caller, permission) === undefined;
      }),
    ),
    pages: new LiveView(recorder),
  });
  endpoint = `http://127.0.0.1:${server.port}`;
  let stopping: Promise<StopReport> | undefined;
  return {
    endpoint,
    port: server.port,
    recorder,
    liveViewUrl: `${endpoint}${LIVE_VIEW_PATH}`,
    stop: () => {
      stopping ??= (async () => {
        await server.close();
        await eventSourceMappings.stop();
        const pendingSnsDeliveries = sns.stop();
        await router.stop();
        const dropped = lambda.stopAsyncInvocations();
        await runtime.stop();
        return {
          queuedEvents: dropped.notStarted,
          runningEvents: dropped.running,
          eventsAwaitingRetry: dropped.awaitingRetry,
          pendingSnsDeliveries,
        };
      })();
      return stopping;
    },
  };
}

/** The function's resource-based policy, if it has one. */
function functionPolicy(
  lambda: LambdaModel,
  region: string,
  name: string,
  qualifier: string | undefined,
): unknown {
  try {
    return JSON.parse(lambda.getPolicy(region, name, qualifier).Policy);
  } catch {
    return undefined; // no such function, or no policy
  }
}

/** A comma-separated list in an environment variable, without blanks. */
function listFromEnvironment(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

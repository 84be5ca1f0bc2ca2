/**
 * Event source mappings: Lambda reading a Kinesis stream and invoking a
 * function with its records (the poller is ./kinesis-poller.ts). No HTTP here
 * (./api.ts speaks the wire protocol). Operations, members and messages as in
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 * and its siblings; AWS's answers as recorded in LocalStack's AWS-validated
 * snapshots (tests/aws/services/lambda_/test_lambda_api.snapshot.json and
 * event_source_mapping/test_lambda_integration_kinesis.snapshot.json).
 *
 * States, as AWS reports them: Creating -> Enabled (or Disabled), then Enabling,
 * Disabling or Updating -> Enabled / Disabled, and Deleting until it is gone.
 * Locally each change takes milliseconds: Enabled means the poller has its shard
 * iterators, so a record put from then on reaches the function, even with LATEST.
 * While a change is under way, Update and Delete answer ResourceInUseException, as AWS does.
 * Deleting a function leaves its mappings, as on AWS (recorded:
 * test_event_source_mapping_lifecycle_delete_function); their shards wait until a
 * function of that name exists again.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Constraints } from '../../../protocols/validation.ts';
import { AwsError } from '../../../server/aws-error.ts';
import type { KinesisEngine } from '../../kinesis/kinesis-engine.ts';
import { checkRegion, functionArn, parseFunctionName } from '../arn.ts';
import { invalidParameterValue, resourceConflict, resourceNotFound } from '../errors.ts';
import { KinesisMockClients } from './kinesis-client.ts';
import type { KinesisPoller, MappedFunctions, PolledMapping } from './kinesis-poller.ts';
import {
  type BatchSettings,
  batchSettings,
  type CreateEventSourceMappingInput,
  checkLambdaRules,
  checkNewMapping,
  checkSettings,
  checkSource,
  EVENT_SOURCE_ARN,
  type MappingSettingsInput,
} from './mapping-settings.ts';
import { checkRoleCanRead, type RoleAllows } from './stream-access.ts';

export type MappingState =
  | 'Creating'
  | 'Enabling'
  | 'Enabled'
  | 'Disabling'
  | 'Disabled'
  | 'Updating'
  | 'Deleting';

export interface ListEventSourceMappingsInput {
  EventSourceArn?: string;
  FunctionName?: string;
  Marker?: string;
  MaxItems?: number;
}

/** A mapping as the API returns it (API_EventSourceMappingConfiguration), in AWS's member order. */
export interface EventSourceMappingConfiguration {
  UUID: string;
  StartingPosition: string;
  StartingPositionTimestamp?: number;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  ParallelizationFactor: number;
  EventSourceArn: string;
  FunctionArn: string;
  /** Epoch seconds (restJson1's body timestamps). */
  LastModified: number;
  LastProcessingResult: string;
  State: MappingState;
  StateTransitionReason: string;
  DestinationConfig: { OnFailure: Record<string, never> };
  MaximumRecordAgeInSeconds: number;
  BisectBatchOnFunctionError: boolean;
  MaximumRetryAttempts: number;
  TumblingWindowInSeconds: number;
  FunctionResponseTypes: string[];
  EventSourceMappingArn: string;
}

export interface EventSourceMappingsOptions {
  readonly lambda: MappedFunctions;
  /** The local cloud's Kinesis engine, which the mappings read with the Kinesis API. */
  readonly kinesisEngine: Pick<KinesisEngine, 'address'>;
  readonly accountId: string;
  /** How often each shard is polled, in ms (at least 1); Lambda polls once per second. */
  readonly pollIntervalMs: number;
  /**
   * How long a mapping at least stays Creating, Updating, Enabling, Disabling or Deleting, in
   * ms: none by default, so that a chapter's waiter sees the new state at its first look (on
   * AWS a change takes seconds).
   */
  readonly stateChangeMs?: number;
  /** IAM's decision on what a function's role may do: the role must be able to read the stream. */
  readonly roleAllows?: RoleAllows;
}

interface EventSourceMapping extends PolledMapping {
  readonly uuid: string;
  functionArn: string;
  settings: BatchSettings;
  enabled: boolean;
  state: MappingState;
  /** Milliseconds since the epoch. */
  lastModified: number;
  poller?: KinesisPoller;
  /** The state change under way, if any. */
  change?: Promise<void>;
}

/** "ListEventSourceMappings returns a maximum of 100 items in each response" (API_ListEventSourceMappings, MaxItems). */
const MAX_LIST_PAGE = 100;
/** How long stopping waits for the invocations under way before it lets them go. */
const STOP_GRACE_MS = 2_000;

export class EventSourceMappings {
  private readonly mappings = new Map<string, EventSourceMapping>();
  private readonly kinesis: KinesisMockClients;
  private stopped = false;

  constructor(private readonly options: EventSourceMappingsOptions) {
    if (!(options.pollIntervalMs >= 1)) {
      throw new RangeError(
        `The Kinesis poll interval must be at least 1 ms, not ${options.pollIntervalMs}.`,
      );
    }
    this.kinesis = new KinesisMockClients(options.kinesisEngine, options.accountId);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html */
  async create(
    region: string,
    input: CreateEventSourceMappingInput,
  ): Promise<EventSourceMappingConfiguration> {
    const constraints = new Constraints();
    checkNewMapping(input, constraints);
    constraints.check();
    checkLambdaRules(input);
    const { stream, startingPosition } = checkSource(input);
    const mappedFunctionArn = this.mappedFunctionArn(region, input.FunctionName as string);
    await this.checkStreamExists(stream.arn, stream.region);
    if (this.options.roleAllows) {
      const { Role } = this.options.lambda.getFunctionConfiguration(region, mappedFunctionArn);
      checkRoleCanRead(this.options.roleAllows, Role, stream.arn);
    }
    this.checkNoDuplicate(region, stream.arn, mappedFunctionArn);
    const uuid = randomUUID();
    const mapping: EventSourceMapping = {
      uuid,
      region,
      stream,
      functionArn: mappedFunctionArn,
      settings: batchSettings(input),
      startingPosition,
      startingPositionTimestamp: input.StartingPositionTimestamp,
      positions: new Map(),
      lastProcessingResult: 'No records processed',
      enabled: input.Enabled ?? true,
      state: 'Creating',
      lastModified: Date.now(),
    };
    this.mappings.set(uuid, mapping);
    const configuration = this.configuration(mapping);
    this.change(mapping, () => this.settle(mapping));
    return configuration;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html */
  get(region: string, uuid: string): EventSourceMappingConfiguration {
    return this.configuration(this.lookup(region, uuid));
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html
   * In UUID order; Marker is the UUID the next page starts at.
   */
  list(
    region: string,
    input: ListEventSourceMappingsInput,
  ): { EventSourceMappings: EventSourceMappingConfiguration[]; NextMarker?: string } {
    new Constraints()
      .matches('eventSourceArn', input.EventSourceArn, EVENT_SOURCE_ARN)
      .range('maxItems', input.MaxItems, 1, 10_000)
      .check();
    const mapsFunction =
      input.FunctionName === undefined
        ? undefined
        : this.functionFilter(region, input.FunctionName);
    const marker = input.Marker ?? '';
    const mappings = [...this.mappings.values()]
      .filter(
        (mapping) =>
          mapping.region === region &&
          mapping.uuid >= marker &&
          (input.EventSourceArn === undefined || mapping.stream.arn === input.EventSourceArn) &&
          (!mapsFunction || mapsFunction(mapping.functionArn)),
      )
      .sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
    const pageSize = Math.min(input.MaxItems ?? MAX_LIST_PAGE, MAX_LIST_PAGE);
    const page = mappings.slice(0, pageSize).map((mapping) => this.configuration(mapping));
    const next = mappings[pageSize];
    return next
      ? { EventSourceMappings: page, NextMarker: next.uuid }
      : { EventSourceMappings: page };
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html
   * Enabled: false pauses polling; enabling again resumes where it stopped.
   */
  update(
    region: string,
    uuid: string,
    input: MappingSettingsInput,
  ): EventSourceMappingConfiguration {
    const constraints = new Constraints();
    checkSettings(input, constraints);
    constraints.check();
    checkLambdaRules(input);
    const mapping = this.lookup(region, uuid);
    checkNotBusy(mapping, 'update');
    if (input.FunctionName !== undefined) {
      const mappedFunctionArn = this.mappedFunctionArn(region, input.FunctionName);
      if (mappedFunctionArn !== mapping.functionArn) {
        this.checkNoDuplicate(region, mapping.stream.arn, mappedFunctionArn);
        mapping.functionArn = mappedFunctionArn;
      }
    }
    mapping.settings = batchSettings(input, mapping.settings);
    mapping.lastModified = Date.now();
    const enabled = input.Enabled ?? mapping.enabled;
    mapping.state = enabled === mapping.enabled ? 'Updating' : enabled ? 'Enabling' : 'Disabling';
    mapping.enabled = enabled;
    const configuration = this.configuration(mapping);
    // The poller reads settings and function as they are now: only enabling and disabling start or stop it.
    this.change(mapping, () => this.settle(mapping));
    return configuration;
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteEventSourceMapping.html */
  delete(region: string, uuid: string): EventSourceMappingConfiguration {
    const mapping = this.lookup(region, uuid);
    checkNotBusy(mapping, 'delete');
    mapping.state = 'Deleting';
    const configuration = this.configuration(mapping);
    this.change(mapping, async () => {
      await this.stopPolling(mapping);
      this.mappings.delete(uuid);
    });
    return configuration;
  }

  /** Stops every poller, and waits (briefly) for the invocations under way and the state changes. */
  async stop(): Promise<void> {
    this.stopped = true;
    const stopping = [...this.mappings.values()].map(async (mapping) => {
      await this.stopPolling(mapping);
      // A change under way starts no poller now, and ends once its poller's first reads are aborted.
      await mapping.change;
    });
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS);
    });
    await Promise.race([Promise.all(stopping), grace]);
    clearTimeout(timer);
    this.kinesis.destroy();
  }

  /** Runs a state change in the background; Update and Delete wait until it is done. */
  private change(mapping: EventSourceMapping, step: () => Promise<void>): void {
    const lasting = this.options.stateChangeMs ?? 0;
    mapping.change = (lasting > 0 ? delay(lasting) : Promise.resolve())
      .then(step)
      .catch(() => {})
      .finally(() => {
        mapping.change = undefined;
      });
  }

  /** Polls or not, as the mapping is enabled or not, then says so. */
  private async settle(mapping: EventSourceMapping): Promise<void> {
    try {
      if (mapping.enabled) await this.startPolling(mapping);
      else await this.stopPolling(mapping);
    } finally {
      mapping.state = mapping.enabled ? 'Enabled' : 'Disabled';
    }
  }

  private async startPolling(mapping: EventSourceMapping): Promise<void> {
    if (mapping.poller || this.stopped) return;
    // Loaded with the first mapping, and the Kinesis SDK with it.
    const { KinesisPoller, STREAM_READ_PROBLEM } = await import('./kinesis-poller.ts');
    const kinesis = await this.kinesis.client(mapping.stream.region).catch(() => undefined);
    if (!kinesis) {
      // kinesis-mock is gone for good (it stopped while the local cloud ran): nothing to read.
      mapping.lastProcessingResult = STREAM_READ_PROBLEM;
      return;
    }
    if (mapping.poller || this.stopped) return;
    const poller = new KinesisPoller(mapping, {
      kinesis,
      lambda: this.options.lambda,
      pollIntervalMs: this.options.pollIntervalMs,
    });
    mapping.poller = poller;
    await poller.start();
  }

  private async stopPolling(mapping: EventSourceMapping): Promise<void> {
    const poller = mapping.poller;
    mapping.poller = undefined;
    await poller?.stop().catch(() => {});
  }

  private lookup(region: string, uuid: string): EventSourceMapping {
    const mapping = this.mappings.get(uuid);
    if (!mapping || mapping.region !== region) {
      throw resourceNotFound('The resource you requested does not exist.');
    }
    return mapping;
  }

  /** The ARN of the function a FunctionName names, as the mapping records it (qualified if it was). */
  private mappedFunctionArn(region: string, functionName: string): string {
    try {
      return this.options.lambda.getFunctionConfiguration(region, functionName).FunctionArn;
    } catch (error) {
      if (error instanceof AwsError && error.code === 'ResourceNotFoundException') {
        throw invalidParameterValue('Function does not exist');
      }
      throw error;
    }
  }

  /** Whether a mapping's function is the one a FunctionName names (any of its qualifiers, if unqualified). */
  private functionFilter(region: string, functionName: string): (arn: string) => boolean {
    const reference = parseFunctionName(functionName, 256);
    checkRegion(reference, region);
    const accountId = reference.accountId ?? this.options.accountId;
    const unqualified = functionArn(region, accountId, reference.name);
    const named = functionArn(region, accountId, reference.name, reference.qualifier);
    return reference.qualifier === undefined
      ? (arn) => arn === unqualified || arn.startsWith(`${unqualified}:`)
      : (arn) => arn === named;
  }

  /** As AWS does, with the Kinesis API (recorded: test_esm_with_not_existing_kinesis_stream). */
  private async checkStreamExists(streamArn: string, streamRegion: string): Promise<void> {
    try {
      const kinesis = await this.kinesis.client(streamRegion);
      const { DescribeStreamSummaryCommand } = await import('@aws-sdk/client-kinesis');
      await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: streamArn }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') {
        throw invalidParameterValue(`Stream not found: ${streamArn}`);
      }
      throw new AwsError(
        'ServiceException',
        `The local cloud could not look up the stream with Kinesis: ${(error as Error).message}`,
        500,
      );
    }
  }

  /** One mapping per stream and function (recorded: test_duplicate_event_source_mappings). */
  private checkNoDuplicate(region: string, streamArn: string, mappedFunctionArn: string): void {
    for (const mapping of this.mappings.values()) {
      if (
        mapping.region === region &&
        mapping.stream.arn === streamArn &&
        mapping.functionArn === mappedFunctionArn
      ) {
        const functionName = mappedFunctionArn.split(':')[6];
        throw resourceConflict(
          `The event source arn (" ${streamArn} ") and function (" ${functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${mapping.uuid}`,
        );
      }
    }
  }

  private configuration(mapping: EventSourceMapping): EventSourceMappingConfiguration {
    const { settings } = mapping;
    return {
      UUID: mapping.uuid,
      StartingPosition: mapping.startingPosition,
      ...(mapping.startingPositionTimestamp && {
        StartingPositionTimestamp: mapping.startingPositionTimestamp.getTime() / 1000,
      }),
      BatchSize: settings.batchSize,
      MaximumBatchingWindowInSeconds: settings.maximumBatchingWindowInSeconds,
      ParallelizationFactor: settings.parallelizationFactor,
      EventSourceArn: mapping.stream.arn,
      FunctionArn: mapping.functionArn,
      LastModified: mapping.lastModified / 1000,
      LastProcessingResult: mapping.lastProcessingResult,
      State: mapping.state,
      StateTransitionReason: 'User action',
      DestinationConfig: { OnFailure: {} },
      MaximumRecordAgeInSeconds: settings.maximumRecordAgeInSeconds,
      BisectBatchOnFunctionError: settings.bisectBatchOnFunctionError,
      MaximumRetryAttempts: settings.maximumRetryAttempts,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [...settings.functionResponseTypes],
      EventSourceMappingArn: `arn:aws:lambda:${mapping.region}:${this.options.accountId}:event-source-mapping:${mapping.uuid}`,
    };
  }
}

/** While its state changes, a mapping takes no other change (AWS's ResourceInUseException, 400). */
function checkNotBusy(mapping: EventSourceMapping, operation: 'update' | 'delete'): void {
  if (mapping.state !== 'Enabled' && mapping.state !== 'Disabled') {
    throw new AwsError(
      'ResourceInUseException',
      `Cannot ${operation} the event source mapping because it is in use.`,
      400,
    );
  }
}

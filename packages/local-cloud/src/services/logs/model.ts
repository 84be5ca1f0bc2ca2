/**
 * CloudWatch Logs, as much of it as Lambda's logs need: log groups, their
 * streams, and the events in them, read the way the CloudWatch Logs API reads
 * them (api.ts serves this over awsJson1_1).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
 */
import { AwsError } from '../../server/aws-error.ts';

/** One log event as it is written; `message` ends with '\n' for Lambda's lines, as on AWS. */
export interface LogEvent {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

export type LogEventListener = (event: LogEvent) => void;

export interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  /** Increases with every event of the model: orders events and makes GetLogEvents tokens. */
  readonly sequence: number;
}

export interface LogStream {
  readonly logStreamName: string;
  readonly creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  readonly events: StoredEvent[];
}

export interface LogGroup {
  readonly logGroupName: string;
  readonly creationTime: number;
  readonly streams: Map<string, LogStream>;
}

/**
 * Memory stays bounded: a stream keeps its newest events and a group its most
 * recently written streams (every cold start of a function opens a new stream).
 * CloudWatch keeps everything; a local cloud that runs for days must not.
 */
const MAX_EVENTS_PER_STREAM = 10_000;
const MAX_STREAMS_PER_GROUP = 200;
/** Dropping old events in batches keeps appending O(1) on average. */
const EVENTS_DROPPED_AT_ONCE = 1_000;

export const LOG_GROUP_NOT_FOUND = 'The specified log group does not exist.';
export const LOG_STREAM_NOT_FOUND = 'The specified log stream does not exist.';

export class LogsModel {
  private readonly groups = new Map<string, LogGroup>();
  private readonly listeners = new Set<LogEventListener>();
  private sequence = 0;

  /** Appends one event, creating its group and stream on first use (as Lambda's logging does). */
  append(
    logGroupName: string,
    logStreamName: string,
    message: string,
    timestamp = Date.now(),
  ): void {
    const group = this.groups.get(logGroupName) ?? this.addGroup(logGroupName);
    const stream = group.streams.get(logStreamName) ?? this.addStream(group, logStreamName);
    const ingestionTime = Date.now();
    stream.events.push({ timestamp, message, ingestionTime, sequence: ++this.sequence });
    if (stream.events.length > MAX_EVENTS_PER_STREAM + EVENTS_DROPPED_AT_ONCE) {
      stream.events.splice(0, EVENTS_DROPPED_AT_ONCE);
    }
    stream.firstEventTimestamp ??= timestamp;
    stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? timestamp, timestamp);
    stream.lastIngestionTime = ingestionTime;
    if (this.listeners.size === 0) return;
    const event: LogEvent = { logGroupName, logStreamName, timestamp, message };
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` with every event appended from now on; returns the unsubscribe function. */
  subscribe(listener: LogEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  createLogGroup(logGroupName: string): void {
    if (this.groups.has(logGroupName)) {
      throw new AwsError(
        'ResourceAlreadyExistsException',
        'The specified log group already exists',
      );
    }
    this.addGroup(logGroupName);
  }

  createLogStream(logGroupName: string, logStreamName: string): void {
    const group = this.group(logGroupName);
    if (group.streams.has(logStreamName)) {
      throw new AwsError(
        'ResourceAlreadyExistsException',
        'The specified log stream already exists',
      );
    }
    this.addStream(group, logStreamName);
  }

  deleteLogGroup(logGroupName: string): void {
    if (!this.groups.delete(logGroupName)) {
      throw new AwsError('ResourceNotFoundException', LOG_GROUP_NOT_FOUND);
    }
  }

  deleteLogStream(logGroupName: string, logStreamName: string): void {
    if (!this.group(logGroupName).streams.delete(logStreamName)) {
      throw new AwsError('ResourceNotFoundException', LOG_STREAM_NOT_FOUND);
    }
  }

  /** All groups, sorted by name (DescribeLogGroups lists them in that order). */
  logGroups(): LogGroup[] {
    return [...this.groups.values()].sort((a, b) => compare(a.logGroupName, b.logGroupName));
  }

  group(logGroupName: string): LogGroup {
    const group = this.groups.get(logGroupName);
    if (!group) throw new AwsError('ResourceNotFoundException', LOG_GROUP_NOT_FOUND);
    return group;
  }

  stream(logGroupName: string, logStreamName: string): LogStream {
    const stream = this.group(logGroupName).streams.get(logStreamName);
    if (!stream) throw new AwsError('ResourceNotFoundException', LOG_STREAM_NOT_FOUND);
    return stream;
  }

  private addGroup(logGroupName: string): LogGroup {
    const group: LogGroup = { logGroupName, creationTime: Date.now(), streams: new Map() };
    this.groups.set(logGroupName, group);
    return group;
  }

  private addStream(group: LogGroup, logStreamName: string): LogStream {
    if (group.streams.size >= MAX_STREAMS_PER_GROUP) this.dropLeastRecentStream(group);
    const stream: LogStream = { logStreamName, creationTime: Date.now(), events: [] };
    group.streams.set(logStreamName, stream);
    return stream;
  }

  private dropLeastRecentStream(group: LogGroup): void {
    let oldest: LogStream | undefined;
    for (const stream of group.streams.values()) {
      const last = stream.lastIngestionTime ?? stream.creationTime;
      if (!oldest || last < (oldest.lastIngestionTime ?? oldest.creationTime)) oldest = stream;
    }
    if (oldest) group.streams.delete(oldest.logStreamName);
  }
}

/** Code-point order, as CloudWatch sorts names (not locale order). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

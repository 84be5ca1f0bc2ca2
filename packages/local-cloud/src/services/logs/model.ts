/**
 * CloudWatch Logs, as much of it as Lambda's logs need: log groups, their
 * streams, and the events in them, read the way the CloudWatch Logs API reads
 * them (api.ts serves this over awsJson1_1). Each region has its own log groups,
 * as on AWS: every operation names the region it reads or writes.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
 */
import { AwsError } from '../../server/aws-error.ts';
import { cutToEventSize } from './event-size.ts';
import { DEFAULT_MAX_LOG_BYTES, MemoryBudget } from './memory-budget.ts';

/** One log event as it is written; `message` ends with '\n' for Lambda's lines, as on AWS. */
export interface LogEvent {
  /** The region of the log group. */
  readonly region: string;
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
  /** Increases with every event of the model: orders events, and makes event ids and tokens. */
  readonly sequence: number;
}

export interface LogStream {
  readonly logStreamName: string;
  /** `<the group's logGroupArn>:log-stream:<name>`. */
  readonly arn: string;
  readonly creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
  readonly events: StoredEvent[];
}

export interface LogGroup {
  readonly logGroupName: string;
  /** `arn:aws:logs:<region>:<account>:log-group:<name>`, without the `:*` of the group's `arn`. */
  readonly logGroupArn: string;
  readonly creationTime: number;
  readonly streams: Map<string, LogStream>;
}

/** One page of a listing, and the token of the next page if there is one. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export interface LogEventsPage {
  readonly events: StoredEvent[];
  readonly nextForwardToken: string;
  readonly nextBackwardToken: string;
}

export interface FilteredEvent extends StoredEvent {
  readonly logStreamName: string;
}

export interface TimeRange {
  readonly startTime?: number;
  readonly endTime?: number;
}

/**
 * Memory stays bounded: the events kept have a byte budget (./memory-budget.ts), and a
 * group keeps its most recently written streams (every cold start of a function opens a
 * new stream). CloudWatch keeps everything; a local cloud that runs for days must not.
 */
const MAX_STREAMS_PER_GROUP = 200;

export const LOG_GROUP_NOT_FOUND = 'The specified log group does not exist.';
export const LOG_STREAM_NOT_FOUND = 'The specified log stream does not exist.';

export interface LogsModelOptions {
  /** The account of every log group ARN. */
  readonly accountId: string;
  /** The bytes of events kept in memory, as CloudWatch Logs counts them (default 64 MB). */
  readonly maxBytes?: number;
  /** Told once, when old events are first dropped to keep to `maxBytes`. */
  readonly onNotice?: (message: string) => void;
}

export class LogsModel {
  private readonly accountId: string;
  /** Log groups by region, then by name. */
  private readonly regions = new Map<string, Map<string, LogGroup>>();
  private readonly listeners = new Set<LogEventListener>();
  private readonly budget: MemoryBudget;
  private sequence = 0;

  constructor(options: LogsModelOptions) {
    this.accountId = options.accountId;
    this.budget = new MemoryBudget({
      maxBytes: options.maxBytes ?? DEFAULT_MAX_LOG_BYTES,
      onNotice: options.onNotice,
    });
  }

  /**
   * Appends one event, creating its group and stream on first use (as Lambda's logging does).
   * A message longer than one event holds is cut, as Lambda cuts a long line (./event-size.ts).
   */
  append(
    region: string,
    logGroupName: string,
    logStreamName: string,
    line: string,
    timestamp = Date.now(),
  ): void {
    const group = this.groupsIn(region).get(logGroupName) ?? this.addGroup(region, logGroupName);
    const stream = group.streams.get(logStreamName) ?? this.addStream(group, logStreamName);
    const message = cutToEventSize(line);
    const ingestionTime = Date.now();
    const bytes = Buffer.byteLength(message);
    stream.events.push({ timestamp, message, ingestionTime, sequence: ++this.sequence });
    stream.storedBytes += bytes;
    this.budget.added(stream, bytes);
    stream.firstEventTimestamp ??= timestamp;
    stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? timestamp, timestamp);
    stream.lastIngestionTime = ingestionTime;
    if (this.listeners.size === 0) return;
    const event: LogEvent = { region, logGroupName, logStreamName, timestamp, message };
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` with every event appended from now on; returns the unsubscribe function. */
  subscribe(listener: LogEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  createLogGroup(region: string, logGroupName: string): void {
    if (this.groupsIn(region).has(logGroupName)) {
      throw new AwsError(
        'ResourceAlreadyExistsException',
        'The specified log group already exists',
      );
    }
    this.addGroup(region, logGroupName);
  }

  createLogStream(region: string, logGroupName: string, logStreamName: string): void {
    const group = this.group(region, logGroupName);
    if (group.streams.has(logStreamName)) {
      throw new AwsError(
        'ResourceAlreadyExistsException',
        'The specified log stream already exists',
      );
    }
    this.addStream(group, logStreamName);
  }

  deleteLogGroup(region: string, logGroupName: string): void {
    const group = this.group(region, logGroupName);
    this.regions.get(region)?.delete(logGroupName);
    for (const stream of group.streams.values()) this.budget.removed(stream);
  }

  deleteLogStream(region: string, logGroupName: string, logStreamName: string): void {
    const group = this.group(region, logGroupName);
    const stream = this.stream(region, logGroupName, logStreamName);
    group.streams.delete(logStreamName);
    this.budget.removed(stream);
  }

  /** The region's groups sorted by name, as DescribeLogGroups lists them. */
  describeLogGroups(
    region: string,
    query: {
      readonly prefix?: string;
      /** Case-insensitive substring of the name (`logGroupNamePattern`). */
      readonly pattern?: string;
      readonly limit: number;
      readonly nextToken?: string;
    },
  ): Page<LogGroup> {
    const pattern = query.pattern?.toLowerCase();
    const groups = [...(this.regions.get(region)?.values() ?? [])]
      .filter(
        (group) =>
          (query.prefix === undefined || group.logGroupName.startsWith(query.prefix)) &&
          (pattern === undefined || group.logGroupName.toLowerCase().includes(pattern)),
      )
      .sort((a, b) => compare(a.logGroupName, b.logGroupName));
    return page(groups, query.limit, query.nextToken);
  }

  /** A group's streams by name, or by the time of their last event. */
  describeLogStreams(
    region: string,
    logGroupName: string,
    query: {
      readonly prefix?: string;
      readonly orderBy: 'LogStreamName' | 'LastEventTime';
      readonly descending: boolean;
      readonly limit: number;
      readonly nextToken?: string;
    },
  ): Page<LogStream> {
    const streams = [...this.group(region, logGroupName).streams.values()].filter(
      (stream) => query.prefix === undefined || stream.logStreamName.startsWith(query.prefix),
    );
    streams.sort((a, b) =>
      query.orderBy === 'LogStreamName'
        ? compare(a.logStreamName, b.logStreamName)
        : (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0),
    );
    if (query.descending) streams.reverse();
    return page(streams, query.limit, query.nextToken);
  }

  /**
   * Events of one stream, read forward from its head (`startFromHead`) or backward from its
   * tail (the default), in pages linked by tokens as AWS makes them: `f/<56 digits>` and
   * `b/<56 digits>`. At the end of the stream the forward token comes back unchanged, which
   * is how the SDK's paginator knows to stop.
   */
  getLogEvents(
    region: string,
    logGroupName: string,
    logStreamName: string,
    query: TimeRange & {
      readonly startFromHead: boolean;
      readonly limit: number;
      readonly nextToken?: string;
    },
  ): LogEventsPage {
    const events = this.stream(region, logGroupName, logStreamName).events.filter(
      (event) =>
        (query.startTime === undefined || event.timestamp >= query.startTime) &&
        (query.endTime === undefined || event.timestamp < query.endTime),
    );
    const token = query.nextToken === undefined ? undefined : parseEventsToken(query.nextToken);
    const forward = token ? token.forward : query.startFromHead;
    const boundary = token?.sequence ?? (forward ? 0 : this.sequence + 1);
    const selected = forward
      ? events.filter((event) => event.sequence >= boundary).slice(0, query.limit)
      : events.filter((event) => event.sequence < boundary).slice(-query.limit);
    const first = selected[0];
    const last = selected.at(-1);
    return {
      events: selected,
      nextForwardToken: eventsToken('f', last ? last.sequence + 1 : boundary),
      nextBackwardToken: eventsToken('b', first ? first.sequence : boundary),
    };
  }

  /** Events of a group's streams (all of them, or the ones named), oldest first. */
  filterLogEvents(
    region: string,
    logGroupName: string,
    query: TimeRange & {
      readonly logStreamNames?: readonly string[];
      readonly logStreamNamePrefix?: string;
      readonly filterPattern?: string;
      readonly limit: number;
      readonly nextToken?: string;
    },
  ): Page<FilteredEvent> {
    const matches = filterPattern(query.filterPattern ?? '');
    const found: FilteredEvent[] = [];
    for (const stream of this.group(region, logGroupName).streams.values()) {
      if (query.logStreamNames && !query.logStreamNames.includes(stream.logStreamName)) continue;
      if (
        query.logStreamNamePrefix !== undefined &&
        !stream.logStreamName.startsWith(query.logStreamNamePrefix)
      ) {
        continue;
      }
      for (const event of stream.events) {
        if (query.startTime !== undefined && event.timestamp < query.startTime) continue;
        if (query.endTime !== undefined && event.timestamp > query.endTime) continue;
        if (matches(event.message)) found.push({ ...event, logStreamName: stream.logStreamName });
      }
    }
    found.sort((a, b) => a.timestamp - b.timestamp || a.sequence - b.sequence);
    return page(found, query.limit, query.nextToken);
  }

  group(region: string, logGroupName: string): LogGroup {
    const group = this.regions.get(region)?.get(logGroupName);
    if (!group) throw new AwsError('ResourceNotFoundException', LOG_GROUP_NOT_FOUND);
    return group;
  }

  stream(region: string, logGroupName: string, logStreamName: string): LogStream {
    const stream = this.group(region, logGroupName).streams.get(logStreamName);
    if (!stream) throw new AwsError('ResourceNotFoundException', LOG_STREAM_NOT_FOUND);
    return stream;
  }

  /** The region's groups, an empty map made on the region's first write. */
  private groupsIn(region: string): Map<string, LogGroup> {
    let groups = this.regions.get(region);
    if (!groups) {
      groups = new Map();
      this.regions.set(region, groups);
    }
    return groups;
  }

  private addGroup(region: string, logGroupName: string): LogGroup {
    const group: LogGroup = {
      logGroupName,
      logGroupArn: `arn:aws:logs:${region}:${this.accountId}:log-group:${logGroupName}`,
      creationTime: Date.now(),
      streams: new Map(),
    };
    this.groupsIn(region).set(logGroupName, group);
    return group;
  }

  private addStream(group: LogGroup, logStreamName: string): LogStream {
    if (group.streams.size >= MAX_STREAMS_PER_GROUP) this.dropLeastRecentStream(group);
    const stream: LogStream = {
      logStreamName,
      arn: `${group.logGroupArn}:log-stream:${logStreamName}`,
      creationTime: Date.now(),
      storedBytes: 0,
      events: [],
    };
    group.streams.set(logStreamName, stream);
    return stream;
  }

  private dropLeastRecentStream(group: LogGroup): void {
    let oldest: LogStream | undefined;
    for (const stream of group.streams.values()) {
      const last = stream.lastIngestionTime ?? stream.creationTime;
      if (!oldest || last < (oldest.lastIngestionTime ?? oldest.creationTime)) oldest = stream;
    }
    if (!oldest) return;
    group.streams.delete(oldest.logStreamName);
    this.budget.removed(oldest);
  }
}

/** Code-point order, as CloudWatch sorts names (not locale order). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const INVALID_TOKEN = 'The specified nextToken is invalid.';

/** Listings page by position; the token is opaque to callers, as AWS's are. */
function page<T>(items: T[], limit: number, nextToken: string | undefined): Page<T> {
  let start = 0;
  if (nextToken !== undefined) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!match) throw new AwsError('InvalidParameterException', INVALID_TOKEN);
    start = Number(match[1]);
  }
  const end = Math.min(start + limit, items.length);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString('base64url') : undefined,
  };
}

function eventsToken(direction: 'f' | 'b', sequence: number): string {
  return `${direction}/${String(sequence).padStart(56, '0')}`;
}

function parseEventsToken(token: string): { forward: boolean; sequence: number } {
  const match = /^([fb])\/(\d{1,56})$/.exec(token);
  if (!match?.[2]) throw new AwsError('InvalidParameterException', INVALID_TOKEN);
  return { forward: match[1] === 'f', sequence: Number(match[2]) };
}

/**
 * CloudWatch's filter pattern for unstructured events, in its term-matching form:
 * `ERROR` (contains the term), `ERROR Exception` (all terms), `"Task timed out"` (an exact
 * phrase), `?ERROR ?WARN` (any of them), `ERROR -retry` (without a term). Terms are case
 * sensitive; an empty pattern matches everything. JSON and space-delimited patterns
 * (`{ $.level = ... }`, `[ip, user, ...]`) are not supported.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function filterPattern(pattern: string): (message: string) => boolean {
  const terms = [...pattern.matchAll(/(-|\?)?(?:"([^"]*)"|(\S+))/g)].map((match) => ({
    operator: match[1],
    text: match[2] ?? match[3] ?? '',
  }));
  const anyOf = terms.filter((term) => term.operator === '?').map((term) => term.text);
  const allOf = terms.filter((term) => term.operator === undefined).map((term) => term.text);
  const noneOf = terms.filter((term) => term.operator === '-').map((term) => term.text);
  return (message) =>
    (anyOf.length === 0 || anyOf.some((text) => message.includes(text))) &&
    allOf.every((text) => message.includes(text)) &&
    !noneOf.some((text) => message.includes(text));
}

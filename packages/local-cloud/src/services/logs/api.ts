/**
 * The CloudWatch Logs API over awsJson1_1 (`X-Amz-Target: Logs_20140328.<Operation>`):
 * what `@aws-sdk/client-cloudwatch-logs` needs to read Lambda's logs, plus creating
 * and deleting groups and streams. Request validation and errors as AWS answers them.
 * Every operation works on the log groups of the request's region (its SigV4 scope).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_Operations.html
 */
import {
  awsJsonBody,
  awsJsonError,
  awsJsonOperation,
  awsJsonResponse,
} from '../../protocols/aws-json.ts';
import {
  type MemberStyle,
  type Members,
  readMembers,
  type ShapeValue,
} from '../../protocols/members.ts';
import {
  Constraints,
  type Pattern,
  pattern,
  VALIDATION_EXCEPTION,
  type ValidationStyle,
} from '../../protocols/validation.ts';
import { AwsError } from '../../server/aws-error.ts';
import type { AwsRequest, AwsResponse, Service } from '../../server/aws-request.ts';
import type { LogGroup, LogStream, LogsModel, StoredEvent } from './model.ts';

/** Every operation's `X-Amz-Target` is `Logs_20140328.<Operation>`. */
export const LOGS_TARGET_PREFIX = 'Logs_20140328';

type Body = Record<string, unknown>;
type Operation = (model: LogsModel, body: Body, region: string) => unknown;

// The members each operation reads (those it passes over are not declared).
const GROUP_BY_NAME_OR_ARN = { logGroupName: 'string', logGroupIdentifier: 'string' } as const;
const DESCRIBE_LOG_GROUPS = {
  logGroupNamePrefix: 'string',
  logGroupNamePattern: 'string',
  limit: 'integer',
  nextToken: 'string',
} as const satisfies Members;
const DESCRIBE_LOG_STREAMS = {
  ...GROUP_BY_NAME_OR_ARN,
  logStreamNamePrefix: 'string',
  orderBy: 'string',
  descending: 'boolean',
  limit: 'integer',
  nextToken: 'string',
} as const satisfies Members;
const GET_LOG_EVENTS = {
  ...GROUP_BY_NAME_OR_ARN,
  logStreamName: 'string',
  startTime: 'integer',
  endTime: 'integer',
  startFromHead: 'boolean',
  limit: 'integer',
  nextToken: 'string',
} as const satisfies Members;
const FILTER_LOG_EVENTS = {
  ...GROUP_BY_NAME_OR_ARN,
  logStreamNames: 'stringList',
  logStreamNamePrefix: 'string',
  startTime: 'integer',
  endTime: 'integer',
  filterPattern: 'string',
  limit: 'integer',
  nextToken: 'string',
} as const satisfies Members;
const NAMED_GROUP = { logGroupName: 'string' } as const satisfies Members;
const NAMED_STREAM = { ...NAMED_GROUP, logStreamName: 'string' } as const satisfies Members;

const operations: Record<string, Operation> = {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
  DescribeLogGroups(model, body, region) {
    const input = readMembers(body, DESCRIBE_LOG_GROUPS, 'DescribeLogGroups', LOGS_MEMBERS);
    const { logGroupNamePrefix: prefix, logGroupNamePattern: pattern } = input;
    if (prefix !== undefined && pattern !== undefined) {
      throw invalidParameter(
        'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
      );
    }
    const { items, nextToken } = model.describeLogGroups(region, {
      prefix,
      pattern,
      limit: inRange('limit', input.limit, 1, 50) ?? 50,
      nextToken: input.nextToken,
    });
    return { logGroups: items.map(logGroupShape), nextToken };
  },

  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
  DescribeLogStreams(model, body, region) {
    const input = readMembers(body, DESCRIBE_LOG_STREAMS, 'DescribeLogStreams', LOGS_MEMBERS);
    const prefix = input.logStreamNamePrefix;
    const orderBy = oneOf('orderBy', input.orderBy, ['LogStreamName', 'LastEventTime'] as const);
    if (orderBy === 'LastEventTime' && prefix !== undefined) {
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const { items, nextToken } = model.describeLogStreams(region, logGroupName(input), {
      prefix,
      orderBy: orderBy ?? 'LogStreamName',
      descending: input.descending ?? false,
      limit: inRange('limit', input.limit, 1, 50) ?? 50,
      nextToken: input.nextToken,
    });
    return { logStreams: items.map(logStreamShape), nextToken };
  },

  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
  GetLogEvents(model, body, region) {
    const input = readMembers(body, GET_LOG_EVENTS, 'GetLogEvents', LOGS_MEMBERS);
    const page = model.getLogEvents(
      region,
      logGroupName(input),
      required('logStreamName', input.logStreamName),
      {
        startTime: inRange('startTime', input.startTime, 0),
        endTime: inRange('endTime', input.endTime, 0),
        startFromHead: input.startFromHead ?? false,
        limit: inRange('limit', input.limit, 1, 10_000) ?? 10_000,
        nextToken: input.nextToken,
      },
    );
    return {
      events: page.events.map(outputEvent),
      nextForwardToken: page.nextForwardToken,
      nextBackwardToken: page.nextBackwardToken,
    };
  },

  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
  FilterLogEvents(model, body, region) {
    const input = readMembers(body, FILTER_LOG_EVENTS, 'FilterLogEvents', LOGS_MEMBERS);
    const { logStreamNames, logStreamNamePrefix } = input;
    if (logStreamNames !== undefined && logStreamNamePrefix !== undefined) {
      throw invalidParameter('You cannot specify both LogStreamNames and LogStreamNamePrefix.');
    }
    const { items, nextToken } = model.filterLogEvents(region, logGroupName(input), {
      logStreamNames,
      logStreamNamePrefix,
      startTime: inRange('startTime', input.startTime, 0),
      endTime: inRange('endTime', input.endTime, 0),
      filterPattern: input.filterPattern,
      limit: inRange('limit', input.limit, 1, 10_000) ?? 10_000,
      nextToken: input.nextToken,
    });
    return {
      events: items.map((event) => ({
        logStreamName: event.logStreamName,
        ...outputEvent(event),
        eventId: String(event.sequence).padStart(56, '0'),
      })),
      searchedLogStreams: [],
      nextToken,
    };
  },

  CreateLogGroup(model, body, region) {
    const { logGroupName } = readMembers(body, NAMED_GROUP, 'CreateLogGroup', LOGS_MEMBERS);
    model.createLogGroup(region, validName('logGroupName', logGroupName, LOG_GROUP_NAME));
    return {};
  },

  CreateLogStream(model, body, region) {
    const input = readMembers(body, NAMED_STREAM, 'CreateLogStream', LOGS_MEMBERS);
    model.createLogStream(
      region,
      required('logGroupName', input.logGroupName),
      validName('logStreamName', input.logStreamName, LOG_STREAM_NAME),
    );
    return {};
  },

  DeleteLogGroup(model, body, region) {
    const { logGroupName } = readMembers(body, NAMED_GROUP, 'DeleteLogGroup', LOGS_MEMBERS);
    model.deleteLogGroup(region, required('logGroupName', logGroupName));
    return {};
  },

  DeleteLogStream(model, body, region) {
    const input = readMembers(body, NAMED_STREAM, 'DeleteLogStream', LOGS_MEMBERS);
    model.deleteLogStream(
      region,
      required('logGroupName', input.logGroupName),
      required('logStreamName', input.logStreamName),
    );
    return {};
  },
};

export function logsService(model: LogsModel): Service {
  return {
    signingName: 'logs',
    targetPrefix: LOGS_TARGET_PREFIX,
    async handle(request: AwsRequest): Promise<AwsResponse> {
      const name = awsJsonOperation(request, LOGS_TARGET_PREFIX);
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (!operation) {
        throw new AwsError('UnknownOperationException', `Unknown operation ${name}`);
      }
      return awsJsonResponse(request, operation(model, awsJsonBody(request), request.region));
    },
    errorResponse: awsJsonError,
  };
}

/**
 * A group as DescribeLogGroups returns it: `arn` ends with `:*` (the form IAM policies use),
 * `logGroupArn` does not (the form `logGroupIdentifier` takes).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html
 */
function logGroupShape(group: LogGroup) {
  let storedBytes = 0;
  for (const stream of group.streams.values()) storedBytes += stream.storedBytes;
  return {
    logGroupName: group.logGroupName,
    arn: `${group.logGroupArn}:*`,
    logGroupArn: group.logGroupArn,
    creationTime: group.creationTime,
    metricFilterCount: 0,
    storedBytes,
    logGroupClass: 'STANDARD',
  };
}

/**
 * A stream as DescribeLogStreams returns it, with its `arn`
 * (`arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<stream>`).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogStream.html
 */
function logStreamShape(stream: LogStream) {
  return {
    logStreamName: stream.logStreamName,
    arn: stream.arn,
    creationTime: stream.creationTime,
    firstEventTimestamp: stream.firstEventTimestamp,
    lastEventTimestamp: stream.lastEventTimestamp,
    lastIngestionTime: stream.lastIngestionTime,
    // AWS deprecated per-stream storedBytes and always returns 0.
    storedBytes: 0,
  };
}

function outputEvent(event: StoredEvent) {
  return { timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime };
}

/** CloudWatch Logs reports constraint violations as InvalidParameterException in the common wording. */
const LOGS_VALIDATION: ValidationStyle = {
  ...VALIDATION_EXCEPTION,
  code: 'InvalidParameterException',
};

// Name rules from the API reference (CreateLogGroup, CreateLogStream).
const LOG_GROUP_NAME = { pattern: pattern('[.\\-_/#A-Za-z0-9]+'), max: 512 };
const LOG_STREAM_NAME = { pattern: pattern('[^:*]*'), max: 512 };

/** Most operations name the group by `logGroupName` or by `logGroupIdentifier` (a name or an ARN). */
function logGroupName(input: ShapeValue<typeof GROUP_BY_NAME_OR_ARN>): string {
  const { logGroupName: name, logGroupIdentifier: identifier } = input;
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (identifier !== undefined) {
    return (
      /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(identifier)?.[1] ?? identifier
    );
  }
  if (name === undefined) {
    throw invalidParameter('Should provide either name or identifier for the log group.');
  }
  return name;
}

function validName(
  member: string,
  name: string | undefined,
  rule: { pattern: Pattern; max: number },
): string {
  const value = required(member, name);
  // One failure at a time, in this order, as CloudWatch Logs answers.
  new Constraints(LOGS_VALIDATION).length(member, value, 1, rule.max).check();
  new Constraints(LOGS_VALIDATION).matches(member, value, rule.pattern).check();
  return value;
}

function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/**
 * A member of the wrong JSON type cannot be deserialized at all; CloudWatch Logs
 * passes over members it does not know.
 */
const LOGS_MEMBERS: MemberStyle = {
  wrongType: (member, expected) =>
    new AwsError('SerializationException', `Expected ${expected} for '${member}'`),
};

function required<T>(member: string, value: T | undefined): T {
  new Constraints(LOGS_VALIDATION).required(member, value).check();
  return value as T;
}

function inRange(
  member: string,
  value: number | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  new Constraints(LOGS_VALIDATION).range(member, value, min, max).check();
  return value;
}

function oneOf<T extends string>(
  member: string,
  value: string | undefined,
  values: readonly T[],
): T | undefined {
  new Constraints(LOGS_VALIDATION).oneOf(member, value, values).check();
  return value as T | undefined;
}

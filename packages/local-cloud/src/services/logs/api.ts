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

const operations: Record<string, Operation> = {
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
  DescribeLogGroups(model, body, region) {
    const prefix = optionalString(body, 'logGroupNamePrefix');
    const pattern = optionalString(body, 'logGroupNamePattern');
    if (prefix !== undefined && pattern !== undefined) {
      throw invalidParameter(
        'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
      );
    }
    const { items, nextToken } = model.describeLogGroups(region, {
      prefix,
      pattern,
      limit: optionalInteger(body, 'limit', 1, 50) ?? 50,
      nextToken: optionalString(body, 'nextToken'),
    });
    return { logGroups: items.map(logGroupShape), nextToken };
  },

  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
  DescribeLogStreams(model, body, region) {
    const prefix = optionalString(body, 'logStreamNamePrefix');
    const orderBy = optionalEnum(body, 'orderBy', ['LogStreamName', 'LastEventTime'] as const);
    if (orderBy === 'LastEventTime' && prefix !== undefined) {
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const { items, nextToken } = model.describeLogStreams(region, logGroupName(body), {
      prefix,
      orderBy: orderBy ?? 'LogStreamName',
      descending: optionalBoolean(body, 'descending') ?? false,
      limit: optionalInteger(body, 'limit', 1, 50) ?? 50,
      nextToken: optionalString(body, 'nextToken'),
    });
    return { logStreams: items.map(logStreamShape), nextToken };
  },

  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
  GetLogEvents(model, body, region) {
    const page = model.getLogEvents(
      region,
      logGroupName(body),
      requiredString(body, 'logStreamName'),
      {
        startTime: optionalInteger(body, 'startTime', 0),
        endTime: optionalInteger(body, 'endTime', 0),
        startFromHead: optionalBoolean(body, 'startFromHead') ?? false,
        limit: optionalInteger(body, 'limit', 1, 10_000) ?? 10_000,
        nextToken: optionalString(body, 'nextToken'),
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
    const logStreamNames = optionalStringList(body, 'logStreamNames');
    const logStreamNamePrefix = optionalString(body, 'logStreamNamePrefix');
    if (logStreamNames !== undefined && logStreamNamePrefix !== undefined) {
      throw invalidParameter('You cannot specify both LogStreamNames and LogStreamNamePrefix.');
    }
    const { items, nextToken } = model.filterLogEvents(region, logGroupName(body), {
      logStreamNames,
      logStreamNamePrefix,
      startTime: optionalInteger(body, 'startTime', 0),
      endTime: optionalInteger(body, 'endTime', 0),
      filterPattern: optionalString(body, 'filterPattern'),
      limit: optionalInteger(body, 'limit', 1, 10_000) ?? 10_000,
      nextToken: optionalString(body, 'nextToken'),
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
    model.createLogGroup(region, validName(body, 'logGroupName', LOG_GROUP_NAME));
    return {};
  },

  CreateLogStream(model, body, region) {
    model.createLogStream(
      region,
      requiredString(body, 'logGroupName'),
      validName(body, 'logStreamName', LOG_STREAM_NAME),
    );
    return {};
  },

  DeleteLogGroup(model, body, region) {
    model.deleteLogGroup(region, requiredString(body, 'logGroupName'));
    return {};
  },

  DeleteLogStream(model, body, region) {
    model.deleteLogStream(
      region,
      requiredString(body, 'logGroupName'),
      requiredString(body, 'logStreamName'),
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
function logGroupName(body: Body): string {
  const name = optionalString(body, 'logGroupName');
  const identifier = optionalString(body, 'logGroupIdentifier');
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

function validName(body: Body, member: string, rule: { pattern: Pattern; max: number }): string {
  const value = requiredString(body, member);
  // One failure at a time, in this order, as CloudWatch Logs answers.
  new Constraints(LOGS_VALIDATION).length(member, value, 1, rule.max).check();
  new Constraints(LOGS_VALIDATION).matches(member, value, rule.pattern).check();
  return value;
}

function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** A member of the wrong JSON type cannot be deserialized at all. */
function wrongType(member: string, expected: string): AwsError {
  return new AwsError('SerializationException', `Expected ${expected} for '${member}'`);
}

function optionalString(body: Body, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  return value;
}

function requiredString(body: Body, member: string): string {
  const value = optionalString(body, member);
  new Constraints(LOGS_VALIDATION).required(member, value).check();
  return value as string;
}

function optionalInteger(
  body: Body,
  member: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(member, 'an integer');
  new Constraints(LOGS_VALIDATION).range(member, value, min, max).check();
  return value;
}

function optionalBoolean(body: Body, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(member, 'a boolean');
  return value;
}

function optionalEnum<T extends string>(
  body: Body,
  member: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(body, member);
  if (value === undefined) return undefined;
  new Constraints(LOGS_VALIDATION).oneOf(member, value, values).check();
  return value as T;
}

function optionalStringList(body: Body, member: string): string[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw wrongType(member, 'a list of strings');
  }
  return value as string[];
}

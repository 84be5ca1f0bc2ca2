/**
 * How a served request is named on one short line (`CreateFunction echoTest`,
 * `Publish testSns`), and what its answer says: its error code, and the ids (MessageId,
 * SequenceNumber) through which later hops link to it. The JSON and query protocols name the
 * operation in the request; a REST service names it itself (`Service.describe`).
 */
import type { AwsRequest, AwsResponse, CallName } from '../server/aws-request.ts';

/** A service as the page and the terminal show it. */
export const SERVICE_TITLES: Readonly<Record<string, string>> = {
  lambda: 'Lambda',
  sns: 'SNS',
  kinesis: 'Kinesis',
  logs: 'CloudWatch Logs',
  iam: 'IAM',
  sts: 'STS',
};

/** The members that name a call's main resource, in the order they are looked for. */
const RESOURCE_MEMBERS = [
  'Name',
  'TopicArn',
  'SubscriptionArn',
  'TargetArn',
  'RoleName',
  'PolicyArn',
  'ResourceArn',
  'StreamName',
  'StreamARN',
  'logGroupName',
  'logGroupNamePrefix',
];

/** `describe`: the REST service's own naming, for requests that do not name their operation. */
export function callName(
  request: AwsRequest,
  describe: () => CallName | undefined,
): CallName | undefined {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const body = jsonObject(request.body);
    return {
      operation: target.slice(target.indexOf('.') + 1),
      resource: shortName(firstMember((name) => body?.[name])),
    };
  }
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded') || request.query.has('Action')) {
    const form = new URLSearchParams(request.body.toString('utf8'));
    const operation = form.get('Action') ?? request.query.get('Action');
    if (!operation) return undefined;
    return { operation, resource: shortName(firstMember((name) => form.get(name))) };
  }
  const named = describe();
  return (
    named && { ...named, resource: shortName(named.resource ?? bodyFunctionName(request.body)) }
  );
}

/**
 * The `FunctionName` of a REST call that names its function in the body (CreateFunction,
 * CreateEventSourceMapping), found in the bytes: the body may be a 50 MB zip in base64, which
 * the SDK writes before the name (its members are in alphabetical order).
 */
function bodyFunctionName(body: Buffer): string | undefined {
  const member = '"FunctionName":"';
  const start = body.indexOf(member);
  if (start === -1) return undefined;
  const end = body.indexOf('"', start + member.length);
  return end === -1 ? undefined : body.toString('utf8', start + member.length, end);
}

/** The AWS error code of a failed answer, in whichever protocol it is written. */
export function errorCode(response: AwsResponse): string | undefined {
  if (response.status < 300) return undefined;
  const header = response.headers?.['x-amzn-errortype'];
  if (header) return header.split(':', 1)[0];
  const body = String(response.body ?? '');
  return body.match(/<Code>([^<]+)<\/Code>/)?.[1] ?? jsonObject(body)?.__type?.toString();
}

/** SNS Publish's MessageId, from its answer. */
export function publishedMessageId(response: AwsResponse): string | undefined {
  return String(response.body ?? '').match(/<MessageId>([^<]+)<\/MessageId>/)?.[1];
}

/** The sequence numbers a PutRecord or PutRecords answer gives the records it wrote. */
export function writtenSequenceNumbers(response: AwsResponse): string[] {
  const body = jsonObject(response.body ?? '');
  if (typeof body?.SequenceNumber === 'string') return [body.SequenceNumber];
  const records = Array.isArray(body?.Records) ? body.Records : [];
  return records.flatMap((record: { SequenceNumber?: unknown }) =>
    typeof record?.SequenceNumber === 'string' ? [record.SequenceNumber] : [],
  );
}

/** The id a record of a stream is linked by, from the put that wrote it to the batch that carried it. */
export function recordLinkId(stream: string, sequenceNumber: string): string {
  return `kinesis:${stream}/${sequenceNumber}`;
}

/** An ARN's last part (`arn:aws:sns:us-east-1:000000000000:testSns` -> `testSns`), a name as it is. */
export function shortName(name: string | undefined): string | undefined {
  if (name === undefined || !name.startsWith('arn:')) return name;
  const resource = name.split(':').slice(5).join(':');
  // function:echoTest:live, stream/orders, role/lambda-role, topic-name
  return resource.replace(/^(function:|stream\/|role\/)/, '');
}

function firstMember(read: (name: string) => unknown): string | undefined {
  for (const name of RESOURCE_MEMBERS) {
    const value = read(name);
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: a JSON object of any shape, read member by member
function jsonObject(text: Buffer | string): Record<string, any> | undefined {
  try {
    const parsed: unknown = JSON.parse(text.toString());
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

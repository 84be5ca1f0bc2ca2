/**
 * Step 5.1: the stream as echoTest's trigger.
 *
 * Nothing pushes records to the function: Lambda's event source mapping polls the
 * stream's shards and invokes the function with batches of records. It reads the
 * stream as the function's execution role, so that role needs Kinesis read
 * permissions first.
 */
import {
  DeleteRolePolicyCommand,
  IAMClient,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListEventSourceMappingsCommand,
  paginateListEventSourceMappings,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  type ClientConfig,
  pollUntil,
  WorkshopError,
  waitWithProgress,
  whenRoleReachesLambda,
} from '@l2l/workshop';

/** The name of the role's inline policy that lets it read the stream. */
export const readPolicyName = (streamName: string) => `read-${streamName}`;

// #region read-policy
/**
 * Lets the role read the stream, with an inline policy naming only that stream.
 * The console's way is to attach the AWS managed policy AWSLambdaKinesisExecutionRole
 * instead: the same actions on every stream of the account, plus writing logs.
 */
export async function allowReadingStream(
  clientConfig: ClientConfig,
  roleName: string,
  streamName: string,
  streamArn: string,
): Promise<void> {
  const iam = new IAMClient(clientConfig);
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: readPolicyName(streamName),
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'kinesis:GetRecords',
              'kinesis:GetShardIterator',
              'kinesis:DescribeStream',
              'kinesis:DescribeStreamSummary',
              'kinesis:ListShards',
            ],
            Resource: streamArn,
          },
          // ListStreams lists the account's streams: it names no stream, so its resource is '*'.
          { Effect: 'Allow', Action: 'kinesis:ListStreams', Resource: '*' },
        ],
      }),
    }),
  );
}
// #endregion

// #region trigger
/**
 * What the trigger does with records the function could not process.
 * - `ReportBatchItemFailures`: Lambda reads the function's answer, `{ batchItemFailures:
 *   [{ itemIdentifier: <sequence number> }] }` (step 5.3's callee sends it), and retries the
 *   batch from the first record it names; without it, Lambda ignores the answer and goes on.
 * - `MaximumRetryAttempts: 2`: a record that never decodes is tried three times, then given up
 *   on; by default Lambda retries it until it expires from the stream, a day later, and the
 *   records behind it in the shard wait as long.
 */
const FAILED_RECORDS = {
  FunctionResponseTypes: ['ReportBatchItemFailures'],
  MaximumRetryAttempts: 2,
} satisfies Partial<CreateEventSourceMappingCommandInput>;

function reportsFailedRecords(mapping: EventSourceMappingConfiguration): boolean {
  return (
    (mapping.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures') &&
    mapping.MaximumRetryAttempts === FAILED_RECORDS.MaximumRetryAttempts
  );
}

/**
 * Adds the stream as the function's trigger, reading from the stream's oldest
 * record (TRIM_HORIZON) one record per invocation (batch size 1), retrying from a failed
 * record, or finds the trigger an earlier run added. Returns it once it is Enabled.
 */
export async function addKinesisTrigger(
  clientConfig: ClientConfig,
  functionName: string,
  streamArn: string,
): Promise<EventSourceMappingConfiguration> {
  const lambda = new LambdaClient(clientConfig);
  // A stream can trigger a function once: an earlier run's trigger is the one to use.
  const { EventSourceMappings = [] } = await lambda.send(
    new ListEventSourceMappingsCommand({ EventSourceArn: streamArn, FunctionName: functionName }),
  );
  const existing = EventSourceMappings[0];
  const { UUID } =
    existing ??
    (await createWhenRoleCanRead(lambda, {
      EventSourceArn: streamArn,
      FunctionName: functionName,
      BatchSize: 1,
      StartingPosition: 'TRIM_HORIZON',
      ...FAILED_RECORDS,
    }));
  if (!UUID) throw new WorkshopError('Lambda returned the trigger without its UUID');
  if (existing && !reportsFailedRecords(existing)) {
    // A trigger an earlier version of this step made: give it the same settings.
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID, ...FAILED_RECORDS }));
  }
  // It is Creating at first; Lambda starts polling the stream once it is Enabled.
  return waitWithProgress(
    `Waiting for the trigger ${UUID} to be Enabled`,
    pollUntil(
      `the trigger ${UUID} to be Enabled`,
      async () => {
        const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID }));
        if (mapping.State === 'Disabled' || mapping.State === 'Deleting') {
          throw new WorkshopError(
            `The trigger ${UUID} is ${mapping.State}${mapping.StateTransitionReason ? ` (${mapping.StateTransitionReason})` : ''}: run cleanup, then this step again.`,
          );
        }
        return mapping.State === 'Enabled' ? mapping : undefined;
      },
      180_000,
    ),
  );
}
// #endregion

/**
 * For some seconds after the policy is put, Lambda may still find that the role cannot read the
 * stream, and refuse the trigger with "Cannot access stream <ARN>. Please ensure the role can
 * perform the GetRecords, GetShardIterator, DescribeStream, ListShards, and ListStreams Actions
 * on your stream in IAM." (as reported from AWS, e.g.
 * aws-samples/cross-account-amazon-dynamodb-replication#11), or, as its newer messages put it,
 * "The provided execution role does not have permissions to call ...".
 */
function createWhenRoleCanRead(lambda: LambdaClient, input: CreateEventSourceMappingCommandInput) {
  return whenRoleReachesLambda(
    `the role of ${input.FunctionName} to be allowed to read the stream`,
    () => lambda.send(new CreateEventSourceMappingCommand(input)),
    (error) =>
      error instanceof InvalidParameterValueException &&
      /Cannot access stream|execution role does not have permissions/i.test(error.message),
  );
}

/** Deletes the function's triggers from the stream. Returns their UUIDs. */
export async function removeKinesisTriggers(
  clientConfig: ClientConfig,
  functionName: string,
  streamName: string,
): Promise<string[]> {
  const lambda = new LambdaClient(clientConfig);
  const removed: string[] = [];
  try {
    const pages = paginateListEventSourceMappings(
      { client: lambda },
      { FunctionName: functionName },
    );
    for await (const { EventSourceMappings = [] } of pages) {
      for (const { UUID, EventSourceArn, State } of EventSourceMappings) {
        if (!UUID || !EventSourceArn?.endsWith(`:stream/${streamName}`)) continue;
        if (State === 'Deleting') continue; // an earlier clean-up deleted it already
        await lambda.send(new DeleteEventSourceMappingCommand({ UUID }));
        removed.push(UUID);
      }
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  return removed;
}

/** Deletes the role's inline policy for the stream. Returns whether there was one. */
export async function removeReadPolicy(
  clientConfig: ClientConfig,
  roleName: string,
  streamName: string,
): Promise<boolean> {
  const iam = new IAMClient(clientConfig);
  try {
    await iam.send(
      new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: readPolicyName(streamName) }),
    );
    return true;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return false;
    throw error;
  }
}

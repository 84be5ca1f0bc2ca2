/**
 * IAM is enforced for the calls a function makes: a request signed with a function's role
 * credentials runs only if the role's policies (or the target function's resource policy)
 * allow it, and is refused as each service refuses it on AWS. The learner's own keys stay
 * unrestricted. Over HTTP, with the unchanged SDK.
 */
import {
  CloudWatchLogsClient,
  type CloudWatchLogsServiceException,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  type IAMServiceException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  KinesisClient,
  type KinesisServiceException,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import {
  AddPermissionCommand,
  CreateEventSourceMappingCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient, type SNSServiceException } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemporaryCredentials } from '../src/auth/identities.ts';
import { failure } from './support/failure.ts';
import { createFunction, functionCredentials } from './support/functions.ts';
import { createStream } from './support/kinesis-trigger.ts';
import { clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud();
const ACCOUNT = '000000000000';
const ROLE_NAME = 'caller-role';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/caller`;
const TARGET = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echoTarget`;
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

let learner: { lambda: LambdaClient; iam: IAMClient };
/** The `caller` function's role credentials. */
let credentials: TemporaryCredentials;
/** Clients that sign with the caller function's role credentials, as its SDK would. */
const asCaller = () => ({
  endpoint: cloud().endpoint,
  region: REGION,
  credentials: { ...credentials },
});

beforeAll(async () => {
  learner = {
    lambda: new LambdaClient(clientConfig(cloud())),
    iam: new IAMClient(clientConfig(cloud())),
  };
  await learner.iam.send(
    new CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: TRUST }),
  );
  await learner.iam.send(
    new PutRolePolicyCommand({
      RoleName: ROLE_NAME,
      PolicyName: 'who-am-i',
      PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }),
    }),
  );
  await createFunction(learner.lambda, 'echoTarget', await echoZip());
  credentials = await functionCredentials(learner.lambda, 'caller', ROLE);
});
afterAll(() => {
  learner.lambda.destroy();
  learner.iam.destroy();
});

/** Invokes echoTarget as the caller function would. */
async function invokeAsCaller() {
  const lambda = new LambdaClient(asCaller());
  try {
    return await lambda.send(new InvokeCommand({ FunctionName: 'echoTarget', Payload: '{"n":1}' }));
  } finally {
    lambda.destroy();
  }
}

const notAllowed = (action: string, resource: string) =>
  `User: ${SESSION} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe("a function's calls, with its role's credentials", () => {
  it('are refused what the role does not allow, with AccessDeniedException naming the session, action and resource', async () => {
    const sts = new STSClient(asCaller());
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(SESSION);
    sts.destroy();

    const error = await failure(invokeAsCaller());
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(notAllowed('lambda:InvokeFunction', TARGET));
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('are allowed once an inline policy allows them, and refused again by an explicit Deny', async () => {
    await learner.iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE_NAME,
        PolicyName: 'invoke-echo',
        PolicyDocument: policy({
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: TARGET,
        }),
      }),
    );
    const allowed = await invokeAsCaller();
    expect(allowed.StatusCode).toBe(200);
    expect(JSON.parse(Buffer.from(allowed.Payload ?? []).toString())).toEqual({ n: 1 });

    await learner.iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE_NAME,
        PolicyName: 'no-lambda',
        PolicyDocument: policy({ Effect: 'Deny', Action: 'lambda:*', Resource: '*' }),
      }),
    );
    const denied = await failure(invokeAsCaller());
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: ${SESSION} is not authorized to perform: lambda:InvokeFunction on resource: ${TARGET} with an explicit deny in an identity-based policy`,
    );
    for (const PolicyName of ['no-lambda', 'invoke-echo']) {
      await learner.iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName }));
    }
  });

  it("are allowed by the target function's resource policy when it names the role", async () => {
    await learner.lambda.send(
      new AddPermissionCommand({
        FunctionName: 'echoTarget',
        StatementId: 'caller',
        Action: 'lambda:InvokeFunction',
        Principal: ROLE,
      }),
    );
    expect((await invokeAsCaller()).StatusCode).toBe(200);
    await learner.lambda.send(
      new RemovePermissionCommand({ FunctionName: 'echoTarget', StatementId: 'caller' }),
    );
    expect((await failure(invokeAsCaller())).name).toBe('AccessDeniedException');
  });

  it('are refused by each service in its own words', async () => {
    const sns = new SNSClient(asCaller());
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:testSns`;
    const snsError = await failure<SNSServiceException>(
      sns.send(new PublishCommand({ TopicArn: topic, Message: 'hi' })),
    );
    sns.destroy();
    expect(snsError.name).toBe('AuthorizationErrorException');
    expect(snsError.message).toBe(notAllowed('SNS:Publish', topic));
    expect(snsError.$metadata.httpStatusCode).toBe(403);

    const kinesis = new KinesisClient(asCaller());
    const kinesisError = await failure<KinesisServiceException>(
      kinesis.send(
        new PutRecordCommand({
          StreamName: 'testKinesis',
          PartitionKey: 'k',
          Data: Buffer.from('x'),
        }),
      ),
    );
    kinesis.destroy();
    expect(kinesisError.name).toBe('AccessDeniedException');
    expect(kinesisError.message).toBe(
      notAllowed('kinesis:PutRecord', `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/testKinesis`),
    );
    expect(kinesisError.$metadata.httpStatusCode).toBe(400);

    const iam = new IAMClient(asCaller());
    const iamError = await failure<IAMServiceException>(
      iam.send(new GetRoleCommand({ RoleName: ROLE_NAME })),
    );
    iam.destroy();
    expect(iamError.name).toBe('AccessDenied');
    expect(iamError.message).toBe(notAllowed('iam:GetRole', `role ${ROLE_NAME}`));
    expect(iamError.$metadata.httpStatusCode).toBe(403);

    const logs = new CloudWatchLogsClient(asCaller());
    const logsError = await failure<CloudWatchLogsServiceException>(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/echoTarget' })),
    );
    logs.destroy();
    expect(logsError.name).toBe('AccessDeniedException');
    expect(logsError.message).toBe(
      notAllowed(
        'logs:FilterLogEvents',
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/echoTarget:log-stream:`,
      ),
    );
  });

  it('are allowed what an attached AWS managed policy allows, and nothing by one it has no document of', async () => {
    const logs = new CloudWatchLogsClient(asCaller());
    const createStream = () =>
      logs.send(
        new CreateLogStreamCommand({ logGroupName: '/aws/lambda/caller', logStreamName: 'mine' }),
      );
    const attach = (PolicyArn: string) =>
      learner.iam.send(new AttachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn }));
    await attach('arn:aws:iam::aws:policy/CloudWatchLogsFullAccess');
    expect((await failure(createStream())).name).toBe('AccessDeniedException');
    await attach('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    expect((await createStream()).$metadata.httpStatusCode).toBe(200);
    logs.destroy();
  });
});

describe("Lambda's own use of a function's role", () => {
  it("refuses an event source mapping whose role cannot read the stream, in AWS's words", async () => {
    const kinesis = new KinesisClient(clientConfig(cloud()));
    const stream = await createStream(kinesis, 'readByCaller');
    kinesis.destroy();
    const create = () =>
      learner.lambda.send(
        new CreateEventSourceMappingCommand({
          EventSourceArn: stream,
          FunctionName: 'caller',
          StartingPosition: 'LATEST',
        }),
      );
    const error = await failure(create());
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe(
      `Cannot access stream ${stream}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your stream in IAM.`,
    );
    await learner.iam.send(
      new AttachRolePolicyCommand({
        RoleName: ROLE_NAME,
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
      }),
    );
    expect((await create()).State).toBe('Creating');
  });
});

describe("the learner's own keys", () => {
  it('stay unrestricted', async () => {
    const { Functions = [] } = await learner.lambda.send(new ListFunctionsCommand({}));
    expect(Functions.map((fn) => fn.FunctionName).sort()).toEqual(['caller', 'echoTarget']);
    const invoked = await learner.lambda.send(new InvokeCommand({ FunctionName: 'echoTarget' }));
    expect(invoked.StatusCode).toBe(200);
  });
});

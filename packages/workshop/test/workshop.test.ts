import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_PORT, startLocalCloud } from '@l2l/local-cloud';
import { describe, expect, it } from 'vitest';
import { explain } from '../src/explain.ts';
import { maskOutput } from '../src/testing.ts';
import {
  DEFAULT_LOCAL_ENDPOINT,
  madeByWorkshop,
  notMadeByWorkshop,
  openWorkshop,
  WorkshopError,
} from '../src/workshop.ts';

describe('openWorkshop on the local target', () => {
  it('looks for a running `pnpm local-cloud` on the port it listens on', () => {
    expect(new URL(DEFAULT_LOCAL_ENDPOINT).port).toBe(String(DEFAULT_PORT));
  });

  it('uses what answers at the endpoint, unchanged, and leaves it running', async () => {
    const cloud = await startLocalCloud({ port: 0 });
    try {
      const workshop = await openWorkshop({
        target: 'local',
        endpoint: cloud.endpoint,
        prefix: '',
        yes: false,
      });
      expect(workshop.embedded).toBe(false);
      expect(workshop.clientConfig.endpoint).toBe(cloud.endpoint);
      expect(workshop.accountId).toBe('000000000000');
      await workshop.close();
      // Still there: the workshop did not start it, so it does not stop it.
      const sts = new STSClient(workshop.clientConfig);
      await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
        Account: '000000000000',
      });
      sts.destroy();
    } finally {
      await cloud.stop();
    }
  });

  it('says so when nothing answers at an endpoint the learner named', async () => {
    const cloud = await startLocalCloud({ port: 0 });
    await cloud.stop();
    await expect(
      openWorkshop({ target: 'local', endpoint: cloud.endpoint, prefix: '', yes: false }),
    ).rejects.toThrow(
      new WorkshopError(
        `Nothing answers at ${cloud.endpoint}. Start it (for the workshop's own: pnpm local-cloud), or leave out --endpoint and AWS_ENDPOINT_URL to use an embedded local cloud.`,
      ),
    );
  });

  it('names resources with the prefix and tags them', async () => {
    const cloud = await startLocalCloud({ port: 0 });
    try {
      const workshop = await openWorkshop({
        target: 'local',
        endpoint: cloud.endpoint,
        prefix: 'ana',
        yes: false,
      });
      expect(workshop.name('echoTest')).toBe('ana-echoTest');
      expect(workshop.tags).toEqual({ workshop: 'lambda-to-lambda', 'workshop-prefix': 'ana' });
      await workshop.close();
    } finally {
      await cloud.stop();
    }
  });
});

describe('madeByWorkshop', () => {
  it("reads the workshop's tag from a map (Lambda) and from Key/Value pairs (IAM, SNS, Kinesis)", () => {
    expect(madeByWorkshop({ workshop: 'lambda-to-lambda', 'workshop-prefix': 'ana' })).toBe(true);
    expect(madeByWorkshop([{ Key: 'workshop', Value: 'lambda-to-lambda' }])).toBe(true);
    expect(madeByWorkshop({ workshop: 'other' })).toBe(false);
    expect(madeByWorkshop([{ Key: 'team', Value: 'lambda-to-lambda' }])).toBe(false);
    expect(madeByWorkshop({})).toBe(false);
    expect(madeByWorkshop([])).toBe(false);
    expect(madeByWorkshop(undefined)).toBe(false);
  });

  it('says what was left alone and how to go on', () => {
    const error = notMadeByWorkshop('The Lambda function echoTest');
    expect(error).toBeInstanceOf(WorkshopError);
    expect(explain(error)).toBe(
      "The Lambda function echoTest already exists and the workshop did not make it (it has no tag workshop=lambda-to-lambda), so the workshop leaves it alone.\nRun again with --prefix NAME (or L2L_PREFIX=NAME) to give the workshop's resources names of their own.",
    );
  });
});

describe('explain', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  it.each([
    [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      /No AWS credentials were found/,
    ],
    [
      named('AccessDeniedException', 'not authorized to perform lambda:CreateFunction'),
      /AWS refused the request \(AccessDeniedException\)/,
    ],
    [named('ThrottlingException', 'Rate exceeded'), /AWS is throttling requests/],
    [new WorkshopError('Nothing was created.'), /^Nothing was created\.$/],
    [
      named('ResourceNotFoundException', 'Function not found'),
      /^ResourceNotFoundException: Function not found$/,
    ],
  ])('says plainly what went wrong: %s', (error, expected) => {
    expect(explain(error, {})).toMatch(expected);
  });

  it('names the profile it found no credentials for, which the SDK does not', () => {
    const error = named(
      'CredentialsProviderError',
      'Could not load credentials from any providers',
    );
    expect(explain(error, { AWS_PROFILE: 'workshop' })).toBe(
      'No AWS credentials were found for the profile workshop (AWS_PROFILE=workshop). Is it in ~/.aws/config or ~/.aws/credentials? With IAM Identity Center, run aws sso login --profile workshop first.',
    );
  });

  it('says that AWS cannot be reached when its name does not resolve', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'sts.eu-west-1.amazonaws.com',
    });
    expect(explain(error, {})).toBe(
      'Cannot reach AWS: the name sts.eu-west-1.amazonaws.com does not resolve (ENOTFOUND). Check the network connection (and a proxy, if you need one), and that the region exists.',
    );
  });
});

describe('maskOutput', () => {
  it('masks what changes from run to run, and nothing else', () => {
    const line =
      'REPORT RequestId: 0b5a7c9e-1f1e-4c1a-9d3e-5a0f7e1b2c3d\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB\t';
    expect(maskOutput(line)).toBe(
      'REPORT RequestId: <uuid>\tDuration: <n> ms\tBilled Duration: <n> ms\tMemory Size: 128 MB\tMax Memory Used: <n> MB\t',
    );
    expect(
      maskOutput(
        "{ ShardId: 'shardId-000000000000', SequenceNumber: '49657463283542612451063318419812739834618318519738630146' }",
      ),
    ).toBe("{ ShardId: 'shardId-000000000000', SequenceNumber: '<sequence number>' }");
    expect(
      maskOutput(
        `SignatureVersion: '1',\n        Signature: '${'ab+/'.repeat(85)}Ag==',\n        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/x.pem'`,
      ),
    ).toBe(
      "SignatureVersion: '1',\n        Signature: '<signature>',\n        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/x.pem'",
    );
    expect(
      maskOutput(
        "partitionKey: 'partition',\n        data: 'eyJldmVudF9uYW1lIjoiS2luZXNpcyDsmIjsoJwiLCJldmVudF9jcmVhdGVkX2F0IjoiMjAxNy0wMy0xOVQwNDo0ODo0My4xOTlaIn0=',\n        approximateArrivalTimestamp: 1489898923.642\n",
      ),
    ).toBe(
      "partitionKey: 'partition',\n        data: '<base64>',\n        approximateArrivalTimestamp: <n>\n",
    );
    expect(
      maskOutput(
        'front: http://127.0.0.1:46803/lambda-url/x7txbqv57p1de5qm6xodcutfgbzkx8qs/ (local), https://x7txbqv57p1de5qm6xodcutfgbzkx8qs.lambda-url.eu-west-1.on.aws/ (AWS)',
      ),
    ).toBe('front: <function url> (local), <function url> (AWS)');
  });
});

describe('runCleanup', () => {
  it("runs every chapter's clean-up even when one fails, then reports the failure", async () => {
    const { runCleanup } = await import('../src/steps.ts');
    const ran: string[] = [];
    const chapter = (name: string, cleanup: () => Promise<string[]>) => ({
      packageName: name,
      title: name,
      steps: [],
      cleanup: async () => {
        ran.push(name);
        return cleanup();
      },
    });
    const denied = Object.assign(new Error('not allowed to sns:DeleteTopic'), {
      name: 'AuthorizationErrorException',
    });
    const workshop = {} as Parameters<typeof runCleanup>[0];
    await expect(
      runCleanup(workshop, [
        chapter('sns', () => Promise.reject(denied)),
        chapter('callee', async () => ['Lambda function echoTest']),
      ]),
    ).rejects.toBe(denied);
    expect(ran).toEqual(['sns', 'callee']);
    expect(explain(denied)).toMatch(/^AWS refused the request \(AuthorizationErrorException\)/);
  });
});

/**
 * Versions and aliases through the unchanged SDK v3 client, against a running local cloud
 * with real execution environments: a version runs the code it was published with, an
 * alias (weighted, with a seeded random source) says in ExecutedVersion which version ran,
 * the log stream and START line name the version, and each qualifier has its own policy.
 */
import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../src/index.ts';
import { handlerZip } from './lambda-support.ts';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';

const logEvents: LogEvent[] = [];
/** The draws of the alias routing: each test sets what it needs. */
const draws: number[] = [];
const cloud = useLocalCloud({
  onLogEvent: (event) => logEvents.push(event),
  aliasRoutingRandom: () => draws.shift() ?? 0.5,
});
let lambda: LambdaClient;
const ARN = `arn:aws:lambda:${REGION}:000000000000:function`;

beforeAll(() => {
  lambda = new LambdaClient(clientConfig(cloud()));
});
afterAll(() => lambda.destroy());

/** A handler that answers with `answer`. */
function answering(answer: string) {
  return handlerZip(`export const handler = async () => ${JSON.stringify(answer)};`);
}

async function invoke(FunctionName: string, Qualifier?: string) {
  const output = await lambda.send(new InvokeCommand({ FunctionName, Qualifier }));
  return {
    answer: JSON.parse(Buffer.from(output.Payload ?? []).toString()),
    executed: output.ExecutedVersion,
  };
}

/** `name` created with code answering 'one', published as 1, then updated to answer 'two'. */
async function publishedThenChanged(name: string) {
  await createFunction(lambda, name, await answering('one'));
  const published = await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  await lambda.send(
    new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await answering('two') }),
  );
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: name });
  return published;
}

describe('versions', () => {
  it('PublishVersion twice without a change gives the same version', async () => {
    await createFunction(lambda, 'same', await answering('one'));
    const first = await lambda.send(
      new PublishVersionCommand({ FunctionName: 'same', Description: 'first' }),
    );
    expect(first).toMatchObject({
      FunctionArn: `${ARN}:same:1`,
      Version: '1',
      Description: 'first',
    });
    const again = await lambda.send(new PublishVersionCommand({ FunctionName: 'same' }));
    expect(again.Version).toBe('1');
    const listed = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'same' }));
    expect(listed.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1']);
  });

  it('a version keeps its code after UpdateFunctionCode, and its log stream says [1]', async () => {
    const published = await publishedThenChanged('frozen');
    expect(await invoke('frozen')).toEqual({ answer: 'two', executed: '$LATEST' });
    expect(await invoke('frozen', '1')).toEqual({ answer: 'one', executed: '1' });
    expect(await invoke('frozen:1')).toEqual({ answer: 'one', executed: '1' });
    expect(await invoke(`${ARN}:frozen:1`)).toEqual({ answer: 'one', executed: '1' });

    const got = await lambda.send(
      new GetFunctionCommand({ FunctionName: 'frozen', Qualifier: '1' }),
    );
    expect(got.Configuration).toMatchObject({
      FunctionArn: `${ARN}:frozen:1`,
      CodeSha256: published.CodeSha256,
    });
    const starts = logEvents.filter(
      (e) => e.logGroupName === '/aws/lambda/frozen' && e.message.startsWith('START'),
    );
    const ofVersion = starts.filter((e) =>
      /^\d{4}\/\d\d\/\d\d\/\[1\][0-9a-f]{32}$/.test(e.logStreamName),
    );
    expect(ofVersion.length).toBeGreaterThan(0);
    for (const event of ofVersion) expect(event.message).toMatch(/ Version: 1\n?$/);
    expect(starts.some((e) => e.logStreamName.includes('[$LATEST]'))).toBe(true);
  });

  it('DeleteFunction with a Qualifier: a version, not $LATEST, not one an alias points to', async () => {
    await publishedThenChanged('deleted');
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'deleted', Name: 'live', FunctionVersion: '1' }),
    );
    const referenced = await failure(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'deleted', Qualifier: '1' })),
    );
    expect(referenced.name).toBe('ResourceConflictException');
    expect(referenced.message).toBe(
      'Unable to delete version because the following aliases reference it: [live]',
    );
    const latest = await failure(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'deleted', Qualifier: '$LATEST' })),
    );
    expect(latest.name).toBe('InvalidParameterValueException');
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'deleted', Name: 'live' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'deleted', Qualifier: '1' }));
    const gone = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'deleted:1' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect((await invoke('deleted')).answer).toBe('two');
  });
});

describe('aliases', () => {
  it('an alias runs its version; a weighted one runs both, as ExecutedVersion says', async () => {
    await publishedThenChanged('aliased');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    const created = await lambda.send(
      new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }),
    );
    expect(created).toMatchObject({ AliasArn: `${ARN}:aliased:live`, FunctionVersion: '1' });
    expect(await invoke('aliased:live')).toEqual({ answer: 'one', executed: '1' });

    await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'aliased',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } },
      }),
    );
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'aliased', Name: 'live' }));
    expect(alias.RoutingConfig).toEqual({ AdditionalVersionWeights: { '2': 0.25 } });
    draws.push(0.1, 0.8, 0.24, 0.25);
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await invoke('aliased', 'live'));
    expect(runs).toEqual([
      { answer: 'two', executed: '2' },
      { answer: 'one', executed: '1' },
      { answer: 'two', executed: '2' },
      { answer: 'one', executed: '1' },
    ]);
    const listed = await lambda.send(new ListAliasesCommand({ FunctionName: 'aliased' }));
    expect(listed.Aliases?.map((a) => a.Name)).toEqual(['live']);
  });

  // "The Amazon Resource Name (ARN) that's used to invoke the function. Indicates if the
  // invoker specified a version number or alias."
  // https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
  it('gives the handler the ARN it was invoked by as context.invokedFunctionArn, sync and Event', async () => {
    const handler = `export const handler = async (event, context) => {
      console.log('INVOKED ' + context.invokedFunctionArn);
      return context.invokedFunctionArn;
    };`;
    await createFunction(lambda, 'named', await handlerZip(handler));
    await lambda.send(new PublishVersionCommand({ FunctionName: 'named' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'named', Name: 'live', FunctionVersion: '1' }),
    );
    expect((await invoke('named')).answer).toBe(`${ARN}:named`);
    expect((await invoke('named', '1')).answer).toBe(`${ARN}:named:1`);
    expect((await invoke('named', 'live')).answer).toBe(`${ARN}:named:live`);
    expect((await invoke(`${ARN}:named:live`)).answer).toBe(`${ARN}:named:live`);

    await lambda.send(
      new InvokeCommand({ FunctionName: 'named', Qualifier: 'live', InvocationType: 'Event' }),
    );
    await vi.waitFor(
      () => {
        const invoked = logEvents.flatMap(
          (event) => /\tINVOKED (\S+)/.exec(event.message)?.[1] ?? [],
        );
        expect(invoked).toHaveLength(5);
        expect(invoked.at(-1)).toBe(`${ARN}:named:live`);
      },
      { timeout: 10_000 },
    );
  });

  it('refuses an alias on $LATEST with a second version', async () => {
    await publishedThenChanged('latestAlias');
    const error = await failure(
      lambda.send(
        new CreateAliasCommand({
          FunctionName: 'latestAlias',
          Name: 'live',
          FunctionVersion: '$LATEST',
          RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } },
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe(
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
  });

  it('a permission on the alias is not one on $LATEST, and the other way round', async () => {
    await publishedThenChanged('guarded');
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'guarded', Name: 'live', FunctionVersion: '1' }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'guarded',
        Qualifier: 'live',
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
      }),
    );
    const onAlias = await lambda.send(
      new GetPolicyCommand({ FunctionName: 'guarded', Qualifier: 'live' }),
    );
    expect(JSON.parse(onAlias.Policy ?? '').Statement[0].Resource).toBe(`${ARN}:guarded:live`);
    const onLatest = await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'guarded' })));
    expect(onLatest.name).toBe('ResourceNotFoundException');
    const onVersion = await failure(
      lambda.send(new GetPolicyCommand({ FunctionName: 'guarded:1' })),
    );
    expect(onVersion.name).toBe('ResourceNotFoundException');
  });
});

describe('SNS subscribed to an alias', () => {
  /** Code that logs which version got the message. */
  function logging(label: string) {
    return handlerZip(
      `export const handler = async (event) => { console.log('${label} got', event.Records[0].Sns.Message); };`,
    );
  }

  it('delivers to the version of the alias whose policy lets SNS in, not to $LATEST without one', async () => {
    const sns = new SNSClient(clientConfig(cloud()));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'versioned' }));
    await createFunction(lambda, 'echoTest', await logging('v1'));
    await lambda.send(new PublishVersionCommand({ FunctionName: 'echoTest' }));
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'echoTest', ZipFile: await logging('v2') }),
    );
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'echoTest', Name: 'live', FunctionVersion: '1' }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'echoTest:live',
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: TopicArn,
      }),
    );
    for (const Endpoint of [`${ARN}:echoTest:live`, `${ARN}:echoTest`]) {
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint }));
    }
    await sns.send(new PublishCommand({ TopicArn, Message: 'hello' }));

    const failures = () =>
      logEvents.filter(
        (e) => e.logGroupName.startsWith('sns/') && e.logGroupName.endsWith('/versioned/Failure'),
      );
    await vi.waitFor(() => {
      expect(logEvents.some((e) => e.message.includes('v1 got hello'))).toBe(true);
      expect(failures()).toHaveLength(1);
    }, 5_000);
    const delivered = logEvents.find((e) => e.message.includes('v1 got hello'));
    expect(delivered?.logStreamName).toMatch(/\/\[1\][0-9a-f]{32}$/);
    expect(failures()[0]?.message).toContain('AccessDeniedException');
    expect(logEvents.some((e) => e.message.includes('v2 got'))).toBe(false);
    sns.destroy();
  });
});

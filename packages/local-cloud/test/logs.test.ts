/**
 * The CloudWatch Logs API through the unchanged SDK client: its semantics
 * against a LogsModel the test fills, and Lambda's own logs end to end.
 * Log groups are per region, as on AWS.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  paginateDescribeLogGroups,
  paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID, type LogEvent } from '../src/index.ts';
import { listen, type RunningServer } from '../src/server/http-server.ts';
import { Router } from '../src/server/router.ts';
import { logsService } from '../src/services/logs/api.ts';
import { LogsModel } from '../src/services/logs/model.ts';
import { createFunction } from './support/functions.ts';
import { CREDENTIALS, clientConfig, REGION, useLocalCloud } from './support/local-cloud.ts';
import { signedFetch } from './support/signed-fetch.ts';
import { echoZip } from './support/zip.ts';

const OTHER_REGION = 'eu-west-1';

describe('the CloudWatch Logs API', () => {
  const model = new LogsModel({ accountId: LOCAL_ACCOUNT_ID });
  let server: RunningServer;
  let logs: CloudWatchLogsClient;
  let endpoint: string;

  beforeAll(async () => {
    server = await listen(new Router([logsService(model)]), 0);
    endpoint = `http://127.0.0.1:${server.port}`;
    logs = new CloudWatchLogsClient({ endpoint, region: REGION, credentials: CREDENTIALS });
    for (let i = 1; i <= 5; i++) {
      model.append(REGION, '/app/a', 'one', `event ${i}\n`, 1_000 * i);
    }
    model.append(REGION, '/app/a', 'two', 'ERROR something broke\n', 2_500);
    model.append(REGION, '/app/a', 'two', 'WARN slow "query"\n', 6_000);
    model.append(REGION, '/app/b', 'only', 'b\n', 1_000);
    model.append(REGION, '/other', 'only', 'other\n', 1_000);
    // Another region's groups, one of them of the same name: never seen from REGION.
    model.append(OTHER_REGION, '/app/a', 'one', 'in eu-west-1\n', 1_000);
    model.append(OTHER_REGION, '/eu/only', 'only', 'eu\n', 1_000);
  });
  afterAll(async () => {
    logs.destroy();
    await server.close();
  });

  it('describes log groups by prefix, sorted by name, in pages', async () => {
    const all = await logs.send(new DescribeLogGroupsCommand({}));
    expect(all.logGroups?.map((group) => group.logGroupName)).toEqual([
      '/app/a',
      '/app/b',
      '/other',
    ]);
    expect(all.logGroups?.[0]).toMatchObject({
      creationTime: expect.any(Number),
      metricFilterCount: 0,
      storedBytes: expect.any(Number),
    });
    const app = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/' }));
    expect(app.logGroups?.map((group) => group.logGroupName)).toEqual(['/app/a', '/app/b']);

    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 1 }, {})) {
      expect(page.logGroups).toHaveLength(1);
      names.push(...(page.logGroups ?? []).map((group) => group.logGroupName ?? ''));
    }
    expect(names).toEqual(['/app/a', '/app/b', '/other']);
  });

  it('describes log streams by name or by last event time', async () => {
    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/app/a' }));
    expect(byName.logStreams).toEqual([
      expect.objectContaining({
        logStreamName: 'one',
        firstEventTimestamp: 1_000,
        lastEventTimestamp: 5_000,
        lastIngestionTime: expect.any(Number),
        creationTime: expect.any(Number),
      }),
      expect.objectContaining({ logStreamName: 'two', lastEventTimestamp: 6_000 }),
    ]);
    const latestFirst = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: '/app/a',
        orderBy: 'LastEventTime',
        descending: true,
        limit: 1,
      }),
    );
    expect(latestFirst.logStreams?.map((stream) => stream.logStreamName)).toEqual(['two']);
    expect(latestFirst.nextToken).toEqual(expect.any(String));
    const prefixed = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: '/app/a', logStreamNamePrefix: 'o' }),
    );
    expect(prefixed.logStreams?.map((stream) => stream.logStreamName)).toEqual(['one']);
  });

  it('gets the newest events by default, older ones backward, newer ones forward', async () => {
    const input = { logGroupName: '/app/a', logStreamName: 'one', limit: 2 };
    const tail = await logs.send(new GetLogEventsCommand(input));
    expect(tail.events?.map((event) => event.message)).toEqual(['event 4\n', 'event 5\n']);
    expect(tail.events?.[0]).toEqual({
      timestamp: 4_000,
      message: 'event 4\n',
      ingestionTime: expect.any(Number),
    });
    expect(tail.nextForwardToken).toMatch(/^f\/\d{56}$/);
    expect(tail.nextBackwardToken).toMatch(/^b\/\d{56}$/);

    const before = await logs.send(
      new GetLogEventsCommand({ ...input, nextToken: tail.nextBackwardToken }),
    );
    expect(before.events?.map((event) => event.message)).toEqual(['event 2\n', 'event 3\n']);

    // At the end, the forward token comes back unchanged.
    const after = await logs.send(
      new GetLogEventsCommand({ ...input, nextToken: tail.nextForwardToken }),
    );
    expect(after.events).toEqual([]);
    expect(after.nextForwardToken).toBe(tail.nextForwardToken);

    const fromHead = await logs.send(new GetLogEventsCommand({ ...input, startFromHead: true }));
    expect(fromHead.events?.map((event) => event.message)).toEqual(['event 1\n', 'event 2\n']);

    const all: string[] = [];
    for await (const page of paginateGetLogEvents(
      { client: logs, pageSize: 2, stopOnSameToken: true },
      { logGroupName: '/app/a', logStreamName: 'one', startFromHead: true },
    )) {
      all.push(...(page.events ?? []).map((event) => event.message ?? ''));
    }
    expect(all).toEqual(['event 1\n', 'event 2\n', 'event 3\n', 'event 4\n', 'event 5\n']);

    const window = await logs.send(
      new GetLogEventsCommand({ ...input, limit: 10, startTime: 2_000, endTime: 4_000 }),
    );
    expect(window.events?.map((event) => event.timestamp)).toEqual([2_000, 3_000]);
  });

  it('filters events across streams by time and by terms', async () => {
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/a' }));
    expect(all.events?.map((event) => event.timestamp)).toEqual([
      1_000, 2_000, 2_500, 3_000, 4_000, 5_000, 6_000,
    ]);
    expect(all.events?.[2]).toEqual({
      logStreamName: 'two',
      timestamp: 2_500,
      message: 'ERROR something broke\n',
      ingestionTime: expect.any(Number),
      eventId: expect.stringMatching(/^\d{56}$/),
    });
    const messages = async (input: object) =>
      (
        await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/a', ...input }))
      ).events?.map((event) => event.message);
    expect(await messages({ filterPattern: 'ERROR' })).toEqual(['ERROR something broke\n']);
    expect(await messages({ filterPattern: '?ERROR ?WARN' })).toHaveLength(2);
    expect(await messages({ filterPattern: 'event -3' })).toHaveLength(4);
    expect(await messages({ filterPattern: '"something broke"' })).toHaveLength(1);
    expect(await messages({ logStreamNames: ['two'] })).toHaveLength(2);
    expect(await messages({ startTime: 2_000, endTime: 3_000 })).toEqual([
      'event 2\n',
      'ERROR something broke\n',
      'event 3\n',
    ]);

    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: '/app/a', limit: 4 }));
    expect(first.events).toHaveLength(4);
    const rest = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/app/a', limit: 4, nextToken: first.nextToken }),
    );
    expect(rest.events?.map((event) => event.timestamp)).toEqual([4_000, 5_000, 6_000]);
    expect(rest.nextToken).toBeUndefined();
  });

  it('gives groups and streams their ARNs, as DescribeLogGroups and DescribeLogStreams do', async () => {
    const group = `arn:aws:logs:${REGION}:${LOCAL_ACCOUNT_ID}:log-group:/app/a`;
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/a' }));
    expect(groups.logGroups?.[0]).toMatchObject({ arn: `${group}:*`, logGroupArn: group });
    // logGroupArn is the form that logGroupIdentifier takes.
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: group }));
    expect(streams.logStreams?.map((stream) => stream.arn)).toEqual([
      `${group}:log-stream:one`,
      `${group}:log-stream:two`,
    ]);
  });

  it("keeps each region's log groups apart", async () => {
    const other = new CloudWatchLogsClient({
      endpoint,
      region: OTHER_REGION,
      credentials: CREDENTIALS,
    });
    try {
      const groups = await other.send(new DescribeLogGroupsCommand({}));
      expect(groups.logGroups?.map((group) => [group.logGroupName, group.logGroupArn])).toEqual([
        ['/app/a', `arn:aws:logs:${OTHER_REGION}:${LOCAL_ACCOUNT_ID}:log-group:/app/a`],
        ['/eu/only', `arn:aws:logs:${OTHER_REGION}:${LOCAL_ACCOUNT_ID}:log-group:/eu/only`],
      ]);
      const events = await other.send(new FilterLogEventsCommand({ logGroupName: '/app/a' }));
      expect(events.events?.map((event) => event.message)).toEqual(['in eu-west-1\n']);
      await expect(
        other.send(new GetLogEventsCommand({ logGroupName: '/other', logStreamName: 'only' })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

      // The same name can be made in both regions; deleting one leaves the other.
      await other.send(new CreateLogGroupCommand({ logGroupName: '/app/b' }));
      await other.send(new DeleteLogGroupCommand({ logGroupName: '/app/b' }));
      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/app/b' }));
      expect(streams.logStreams?.map((stream) => stream.logStreamName)).toEqual(['only']);
    } finally {
      other.destroy();
    }
  });

  it('creates and deletes groups and streams', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/made/here' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/made/here', logStreamName: 's' }));
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/made/here' }));
    expect(streams.logStreams?.map((stream) => stream.logStreamName)).toEqual(['s']);
    await expect(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/made/here' })),
    ).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    await logs.send(new DeleteLogStreamCommand({ logGroupName: '/made/here', logStreamName: 's' }));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/made/here' }));
    await expect(
      logs.send(new DeleteLogGroupCommand({ logGroupName: '/made/here' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("answers unknown groups, streams and bad parameters with AWS's errors", async () => {
    await expect(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/nope' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: '/app/a', logStreamName: 'nope' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    });
    await expect(logs.send(new DescribeLogGroupsCommand({ limit: 51 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    });
    await expect(
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: '/app/a',
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'o',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot order by LastEventTime with a logStreamNamePrefix.',
    });
    await expect(
      logs.send(
        new GetLogEventsCommand({ logGroupName: '/app/a', logStreamName: 'one', nextToken: 'x' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers an unknown operation and a malformed body as awsJson1_1 does', async () => {
    const post = (target: string, body: string) =>
      signedFetch(endpoint, {
        service: 'logs',
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
    const unknown = await post('Logs_20140328.PutNothing', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const inherited = await post('Logs_20140328.constructor', '{}');
    expect(await inherited.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const wrongType = await post('Logs_20140328.DescribeLogGroups', '{"limit":"ten"}');
    expect(await wrongType.json()).toMatchObject({ __type: 'SerializationException' });
    const notJson = await post('Logs_20140328.DescribeLogGroups', '{not json');
    expect(await notJson.json()).toMatchObject({ __type: 'SerializationException' });
  });
});

describe("a Lambda function's logs", () => {
  const cloud = useLocalCloud();

  it('reads the log lines of an invocation as CloudWatch Logs stores them', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    const logs = new CloudWatchLogsClient(clientConfig(cloud()));
    try {
      await createFunction(lambda, 'echoTest', await echoZip());
      const invoked = await lambda.send(
        new InvokeCommand({
          FunctionName: 'echoTest',
          Payload: JSON.stringify({ hello: 'logs' }),
          LogType: 'Tail',
        }),
      );
      const requestId = invoked.$metadata.requestId;

      const groups = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }),
      );
      expect(groups.logGroups?.map((group) => group.logGroupName)).toEqual([
        '/aws/lambda/echoTest',
      ]);
      const streams = await logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: '/aws/lambda/echoTest',
          orderBy: 'LastEventTime',
          descending: true,
        }),
      );
      const logStreamName = streams.logStreams?.[0]?.logStreamName;
      expect(logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
      const events = await logs.send(
        new GetLogEventsCommand({
          logGroupName: '/aws/lambda/echoTest',
          logStreamName,
          startFromHead: true,
        }),
      );
      const messages = events.events?.map((event) => event.message) ?? [];
      expect(messages).toHaveLength(4);
      expect(messages[0]).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n$/);
      expect(messages[1]).toMatch(/^\S+Z\t[0-9a-f-]{36}\tINFO\t\{ hello: 'logs' \}\n$/);
      expect(messages[2]).toMatch(/^END RequestId: /);
      expect(messages[3]).toMatch(/^REPORT RequestId: .*\tInit Duration: [\d.]+ ms\t\n$/);
      expect(messages.join('')).toContain(requestId ?? 'no request id');

      // The same lines, base64, in the Invoke response's X-Amz-Log-Result.
      expect(Buffer.from(invoked.LogResult ?? '', 'base64').toString('utf8')).toBe(
        messages.join(''),
      );

      const reports = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: '/aws/lambda/echoTest',
          filterPattern: 'REPORT',
        }),
      );
      expect(reports.events).toHaveLength(1);
    } finally {
      lambda.destroy();
      logs.destroy();
    }
  });
});

describe('functions of the same name in two regions', () => {
  const logEvents: LogEvent[] = [];
  const cloud = useLocalCloud({ onLogEvent: (event) => logEvents.push(event) });

  it("write to two log groups, each in its function's region", async () => {
    for (const region of [REGION, OTHER_REGION]) {
      const lambda = new LambdaClient({ ...clientConfig(cloud()), region });
      try {
        await createFunction(lambda, 'f', await echoZip());
        await lambda.send(
          new InvokeCommand({ FunctionName: 'f', Payload: JSON.stringify({ region }) }),
        );
      } finally {
        lambda.destroy();
      }
    }
    for (const region of [REGION, OTHER_REGION]) {
      const logs = new CloudWatchLogsClient({ ...clientConfig(cloud()), region });
      try {
        const { events = [] } = await logs.send(
          new FilterLogEventsCommand({ logGroupName: '/aws/lambda/f', filterPattern: 'INFO' }),
        );
        expect(events.map((event) => event.message)).toEqual([
          expect.stringContaining(`\tINFO\t{ region: '${region}' }\n`),
        ]);
      } finally {
        logs.destroy();
      }
    }
    // Listeners are told each event's region.
    const infos = logEvents.filter((event) => event.message.includes('\tINFO\t'));
    expect(infos.map((event) => [event.region, event.logGroupName])).toEqual([
      [REGION, '/aws/lambda/f'],
      [OTHER_REGION, '/aws/lambda/f'],
    ]);
  });
});

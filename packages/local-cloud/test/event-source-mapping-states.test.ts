/**
 * While an event source mapping changes state, it takes no other change, as AWS answers:
 * on a local cloud whose changes last 2 s (`mappingStateChangeMs`), so that the second call
 * meets the change under way however busy the machine is.
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from './support/failure.ts';
import { createFunction } from './support/functions.ts';
import {
  createStream,
  createStreamReadingRole,
  streamArn,
  waitForState,
} from './support/kinesis-trigger.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const cloud = useLocalCloud({ mappingStateChangeMs: 2_000 });
let lambda: LambdaClient;
let kinesis: KinesisClient;

beforeAll(async () => {
  lambda = new LambdaClient(clientConfig(cloud()));
  kinesis = new KinesisClient(clientConfig(cloud()));
  await createStreamReadingRole(cloud());
  await createStream(kinesis, 'changingStream');
  await createFunction(lambda, 'changing', await echoZip());
});
afterAll(() => {
  lambda.destroy();
  kinesis.destroy();
});

describe('a mapping whose state is changing', () => {
  it('takes no update and no delete (ResourceInUseException), then takes them', async () => {
    const { UUID, State } = await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: streamArn('changingStream'),
        FunctionName: 'changing',
        StartingPosition: 'TRIM_HORIZON',
      }),
    );
    expect(State).toBe('Creating');
    const busy = await failure(
      lambda.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 2 })),
    );
    expect(busy).toMatchObject({
      name: 'ResourceInUseException',
      message: 'Cannot update the event source mapping because it is in use.',
      $metadata: { httpStatusCode: 400 },
    });
    const deleting = await failure(lambda.send(new DeleteEventSourceMappingCommand({ UUID })));
    expect(deleting).toMatchObject({
      name: 'ResourceInUseException',
      message: 'Cannot delete the event source mapping because it is in use.',
    });

    await waitForState(lambda, UUID, 'Enabled');
    const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 2 }));
    expect(updated).toMatchObject({ State: 'Updating', BatchSize: 2 });
    await waitForState(lambda, UUID, 'Enabled');
    expect(await lambda.send(new DeleteEventSourceMappingCommand({ UUID }))).toMatchObject({
      State: 'Deleting',
    });
  });
});

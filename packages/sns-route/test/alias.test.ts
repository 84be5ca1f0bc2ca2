import {
  CreateAliasCommand,
  GetAliasCommand,
  LambdaClient,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { ACCOUNT_ID, TARGETS } from '@l2l/workshop/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureAlias, moveAlias } from '../src/alias.ts';
import { sentCommands } from './sent-commands.ts';

const lambda = mockClient(LambdaClient);
const config = TARGETS.aws;
const aliasArn = `arn:aws:lambda:${config.region}:${ACCOUNT_ID}:function:echoTest:live`;
const noAlias = () =>
  new ResourceNotFoundException({ message: `Alias not found: ${aliasArn}`, $metadata: {} });
const getAlias = ['GetAliasCommand', { FunctionName: 'echoTest', Name: 'live' }];
const publish = ['PublishVersionCommand', { FunctionName: 'echoTest' }];

beforeEach(() => lambda.reset());

describe('ensureAlias', () => {
  it('publishes $LATEST and points a new alias live at that version', async () => {
    lambda
      .on(GetAliasCommand)
      .rejects(noAlias())
      .on(PublishVersionCommand)
      .resolves({ Version: '1' })
      .on(CreateAliasCommand)
      .resolves({ AliasArn: aliasArn, FunctionVersion: '1' });
    await expect(ensureAlias(config, 'echoTest')).resolves.toEqual({ aliasArn, version: '1' });
    expect(sentCommands(lambda)).toEqual([
      getAlias,
      publish,
      ['CreateAliasCommand', { FunctionName: 'echoTest', Name: 'live', FunctionVersion: '1' }],
    ]);
  });

  it('leaves an alias that exists where it points, publishing nothing', async () => {
    lambda.on(GetAliasCommand).resolves({ AliasArn: aliasArn, FunctionVersion: '3' });
    await expect(ensureAlias(config, 'echoTest')).resolves.toEqual({ aliasArn, version: '3' });
    expect(sentCommands(lambda)).toEqual([getAlias]);
  });

  it('uses the alias another run created meanwhile', async () => {
    lambda
      .on(GetAliasCommand)
      .rejectsOnce(noAlias())
      .resolves({ AliasArn: aliasArn, FunctionVersion: '1' })
      .on(PublishVersionCommand)
      .resolves({ Version: '1' })
      .on(CreateAliasCommand)
      .rejects(
        new ResourceConflictException({
          message: `Alias already exists: ${aliasArn}`,
          $metadata: {},
        }),
      );
    await expect(ensureAlias(config, 'echoTest')).resolves.toEqual({ aliasArn, version: '1' });
  });
});

describe('moveAlias', () => {
  it('points live at the version $LATEST is published as', async () => {
    lambda
      .on(GetAliasCommand)
      .resolves({ AliasArn: aliasArn, FunctionVersion: '1' })
      .on(PublishVersionCommand)
      .resolves({ Version: '2' });
    await expect(moveAlias(config, 'echoTest')).resolves.toEqual({
      from: '1',
      to: { aliasArn, version: '2' },
    });
    expect(sentCommands(lambda)).toEqual([
      getAlias,
      publish,
      ['UpdateAliasCommand', { FunctionName: 'echoTest', Name: 'live', FunctionVersion: '2' }],
    ]);
  });

  it('leaves live where it is when PublishVersion answers its version ($LATEST unchanged)', async () => {
    lambda
      .on(GetAliasCommand)
      .resolves({ AliasArn: aliasArn, FunctionVersion: '1' })
      .on(PublishVersionCommand)
      .resolves({ Version: '1' });
    await expect(moveAlias(config, 'echoTest')).resolves.toEqual({
      from: '1',
      to: { aliasArn, version: '1' },
    });
    expect(lambda).not.toHaveReceivedCommand(UpdateAliasCommand);
  });
});

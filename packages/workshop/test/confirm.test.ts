import { afterEach, describe, expect, it, vi } from 'vitest';
import { confirmCreation } from '../src/confirm.ts';
import { type Workshop, WorkshopError } from '../src/workshop.ts';

function workshopOn(target: 'local' | 'aws', yes: boolean): Workshop {
  return {
    options: { target, prefix: '', yes },
    clientConfig: { region: 'eu-west-1' },
    region: 'eu-west-1',
    accountId: '123456789012',
    endpoint: undefined,
    embedded: false,
    name: (base) => base,
    tags: { workshop: 'lambda-to-lambda' },
    close: async () => {},
  };
}

const RESOURCES = ['Kinesis stream testKinesis (1 shard; billed per shard-hour until cleanup)'];

afterEach(() => vi.restoreAllMocks());

describe('confirmCreation', () => {
  it('asks nothing on the local target', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await confirmCreation(workshopOn('local', false), RESOURCES);
    expect(error).not.toHaveBeenCalled();
  });

  it('shows the account, region and resources on AWS, and goes on with --yes', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await confirmCreation(workshopOn('aws', true), RESOURCES);
    expect(error).toHaveBeenCalledWith(
      [
        'This creates resources in AWS account 123456789012, region eu-west-1:',
        '  - Kinesis stream testKinesis (1 shard; billed per shard-hour until cleanup)',
        'Each is tagged workshop=lambda-to-lambda; `pnpm cleanup` removes them all.',
      ].join('\n'),
    );
  });

  it('creates nothing on AWS without --yes when it cannot ask', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const isTTY = process.stdin.isTTY;
    process.stdin.isTTY = false;
    try {
      await expect(confirmCreation(workshopOn('aws', false), RESOURCES)).rejects.toThrow(
        new WorkshopError('Nothing was created: run again with --yes to create them.'),
      );
    } finally {
      process.stdin.isTTY = isTTY;
    }
  });
});

import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it, vi } from 'vitest';
import {
  expectClientConfig,
  TARGET_ENTRIES,
  TARGETS,
  withLocalWorkshop,
  workshopOn,
} from '../src/testing.ts';

describe('workshopOn', () => {
  it('makes the workshop openWorkshop makes, but for where the cloud is', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    try {
      await withLocalWorkshop(async (opened) => {
        const made = workshopOn('local', {
          prefix: 'ana',
          accountId: opened.accountId,
          yes: false,
        });
        const { close: _openedClose, name: openedName, ...openedFields } = opened;
        const { close: _madeClose, name: madeName, ...madeFields } = made;
        expect(madeFields).toEqual({
          ...openedFields,
          options: { target: 'local', prefix: 'ana', yes: false },
          clientConfig: TARGETS.local,
          endpoint: TARGETS.local.endpoint,
        });
        expect(madeName('echoTest')).toBe(openedName('echoTest'));
      }, 'ana');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each(TARGET_ENTRIES)(
    'on %s: the target configuration, no prefix, the test account, no questions',
    (target, config) => {
      const workshop = workshopOn(target);
      expect(workshop.options).toEqual({ target, prefix: '', yes: true });
      expect(workshop.clientConfig).toBe(config);
      expect(workshop.region).toBe(config.region);
      expect(workshop.endpoint).toBe(config.endpoint);
      expect(workshop.accountId).toBe('123456789012');
      expect(workshop.name('echoTest')).toBe('echoTest');
      expect(workshop.tags).toEqual({ workshop: 'lambda-to-lambda' });
    },
  );
});

describe('expectClientConfig', () => {
  it.each(TARGET_ENTRIES)(
    'passes for a client made from the %s configuration',
    async (_target, config) => {
      const sts = new STSClient(config);
      await expectClientConfig(sts, config);
      sts.destroy();
    },
  );

  it('fails for a client made from another configuration', async () => {
    const sts = new STSClient({ ...TARGETS.local, region: 'eu-central-1' });
    await expect(expectClientConfig(sts, TARGETS.local)).rejects.toThrow();
    sts.destroy();
  });
});

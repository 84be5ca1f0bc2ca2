/** The two targets' client configurations, and a workshop on each, for the unit tests. */
import type { ClientConfig, TargetKind, Workshop } from '@l2l/workshop';

export const targets: Record<TargetKind, ClientConfig> = {
  local: {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  },
  aws: { region: 'eu-west-1' },
};

export const accounts: Record<TargetKind, string> = { local: '000000000000', aws: '123456789012' };

/** What chapter code reads of a workshop, without opening one (no STS call, no local cloud). */
export function workshopOn(target: TargetKind, prefix = ''): Workshop {
  const clientConfig = targets[target];
  const tags: Record<string, string> = { workshop: 'lambda-to-lambda' };
  if (prefix) tags['workshop-prefix'] = prefix;
  return {
    options: { target, prefix, yes: true },
    clientConfig,
    region: clientConfig.region,
    accountId: accounts[target],
    endpoint: clientConfig.endpoint,
    embedded: false,
    name: (base) => (prefix ? `${prefix}-${base}` : base),
    tags,
    close: async () => {},
  };
}

/** Every command a mocked client sent, in order, as `[command name, exact input]`. */
export function sentCommands(mock: {
  calls(): readonly {
    args: readonly [{ constructor: { name: string }; input: unknown }, ...unknown[]];
  }[];
}): [string, unknown][] {
  return mock.calls().map(({ args: [command] }) => [command.constructor.name, command.input]);
}

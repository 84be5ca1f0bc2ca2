/** The two targets the unit tests run every step on: they differ only in the client configuration. */
import type { ClientConfig, Workshop } from '@l2l/workshop';

export const targets = {
  local: {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  },
  aws: { region: 'ap-northeast-1' },
} satisfies Record<string, ClientConfig>;

export type TargetName = keyof typeof targets;
export const targetEntries = Object.entries(targets) as [TargetName, ClientConfig][];

export const ACCOUNT = '123456789012';

/** A workshop on the target, as openWorkshop makes it, without a cloud behind it. */
export function workshopOn(target: TargetName, prefix = ''): Workshop {
  const clientConfig: ClientConfig = targets[target];
  return {
    options: { target, prefix, yes: true },
    clientConfig,
    region: clientConfig.region,
    accountId: ACCOUNT,
    endpoint: clientConfig.endpoint,
    embedded: false,
    name: (base) => (prefix ? `${prefix}-${base}` : base),
    tags: { workshop: 'lambda-to-lambda', ...(prefix ? { 'workshop-prefix': prefix } : {}) },
    close: async () => {},
  };
}

export const streamArn = (config: ClientConfig, name = 'testKinesis') =>
  `arn:aws:kinesis:${config.region}:${ACCOUNT}:stream/${name}`;
export const functionArn = (config: ClientConfig, name = 'echoTest') =>
  `arn:aws:lambda:${config.region}:${ACCOUNT}:function:${name}`;

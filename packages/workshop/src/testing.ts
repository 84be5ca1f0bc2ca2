/**
 * For the chapters' tests: the two targets' client configurations and a workshop
 * on each without a cloud behind it, a workshop on a fresh local cloud, a step's
 * printed output, and that output with what changes from run to run masked.
 */
import { format } from 'node:util';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '@l2l/local-cloud';

/** For a test that makes the workshop's key a learner with a policy (`withLocalWorkshop`). */
export type { PolicyDocument, PolicyStatement } from '@l2l/local-cloud';

import { expect } from 'vitest';
import type { TargetKind } from './options.ts';
import { heading, type Step } from './steps.ts';
import { type ClientConfig, openWorkshop, WORKSHOP_TAG, type Workshop } from './workshop.ts';

/** The client configuration of each target, as `openWorkshop` makes it. */
export const TARGETS = {
  local: {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  },
  aws: { region: 'eu-west-1' },
} satisfies Record<TargetKind, ClientConfig>;

/** `[target, client configuration]` for each target, for `describe.each`. */
export const TARGET_ENTRIES = Object.entries(TARGETS) as [TargetKind, ClientConfig][];

/** The account a workshop from `workshopOn` is in, unless it is given another. */
export const ACCOUNT_ID = '123456789012';

/**
 * A workshop on the target, as `openWorkshop` makes it, but without a cloud behind it:
 * no STS call, no local cloud; `close()` does nothing.
 */
export function workshopOn(
  target: TargetKind,
  {
    prefix = '',
    accountId = ACCOUNT_ID,
    yes = true,
  }: { prefix?: string; accountId?: string; yes?: boolean } = {},
): Workshop {
  const clientConfig: ClientConfig = TARGETS[target];
  const tags: Record<string, string> = { [WORKSHOP_TAG.key]: WORKSHOP_TAG.value };
  if (prefix) tags['workshop-prefix'] = prefix;
  return {
    options: { target, prefix, yes },
    clientConfig,
    region: clientConfig.region,
    accountId,
    endpoint: clientConfig.endpoint,
    embedded: false,
    name: (base) => (prefix ? `${prefix}-${base}` : base),
    tags,
    close: async () => {},
  };
}

/** What `expectClientConfig` reads of an SDK client: its resolved configuration. */
interface ConfiguredClient {
  readonly config: {
    region(): Promise<string>;
    endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number }>;
    credentials(): Promise<object>;
  };
}

/** The SDK client was made from `config`: its region, endpoint (none on AWS) and credentials. */
export async function expectClientConfig(
  client: ConfiguredClient,
  config: ClientConfig,
): Promise<void> {
  expect(await client.config.region()).toBe(config.region);
  const endpoint = await client.config.endpoint?.();
  expect(endpoint && `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe(
    config.endpoint,
  );
  if (config.credentials) {
    expect(await client.config.credentials()).toMatchObject(config.credentials);
  }
}

/**
 * A workshop on its own local cloud (on a free port), closed after `use`; `use` is given the
 * cloud too (its `recorder`, say). `cloudOptions` are the cloud's, e.g. `identities` to make the
 * workshop's key (`test`) a learner with a policy.
 */
export async function withLocalWorkshop<T>(
  use: (workshop: Workshop, cloud: LocalCloud) => Promise<T>,
  prefix = '',
  cloudOptions: Omit<LocalCloudOptions, 'port'> = {},
): Promise<T> {
  const cloud = await startLocalCloud({ ...cloudOptions, port: 0 });
  try {
    const workshop = await openWorkshop({
      target: 'local',
      endpoint: cloud.endpoint,
      prefix,
      yes: false,
    });
    try {
      return await use(workshop, cloud);
    } finally {
      await workshop.close();
    }
  } finally {
    await cloud.stop();
  }
}

/** What `run` printed with console.log, as text. */
export async function printedBy(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    lines.push(format(...args));
  };
  try {
    await run();
  } finally {
    console.log = log;
  }
  return `${lines.join('\n')}\n`;
}

/** A step's output under its heading, as `runSteps` prints it. */
export function stepOutput(workshop: Workshop, step: Step): Promise<string> {
  return printedBy(async () => {
    console.log(heading(step, workshop));
    await step.run(workshop);
  });
}

/**
 * Masks what differs between runs (request ids, timestamps, durations, sequence
 * numbers, an SNS notification's Signature, a Kinesis record's base64 data and
 * arrival time, a Function URL, ...), so a real run compares equal to the output the docs show.
 */
export function maskOutput(text: string): string {
  return (
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/\b\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}\b/g, '<log stream>')
      .replace(/\b\d{40,}\b/g, '<sequence number>')
      .replace(
        /(Duration|Billed Duration|Init Duration|Max Memory Used): \d+(\.\d+)? (ms|MB)/g,
        '$1: <n> $3',
      )
      .replace(/\b\d+(\.\d+)? s\b/g, '<n> s')
      .replace(/\bSignature: '[A-Za-z0-9+/]+={0,2}'/g, "Signature: '<signature>'")
      // A Kinesis record's data holds the time it was put, so its base64 differs every run.
      .replace(/\bdata: '[A-Za-z0-9+/]+={0,2}'/g, "data: '<base64>'")
      .replace(/\bapproximateArrivalTimestamp: \d+(\.\d+)?/g, 'approximateArrivalTimestamp: <n>')
      // A Function URL holds a random id (and, on a local cloud, its port).
      .replace(/\bhttps?:\/\/\S*lambda-url\S*\//g, '<function url>')
  );
}

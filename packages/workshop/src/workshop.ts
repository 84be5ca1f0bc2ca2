/**
 * A workshop session: which cloud the steps talk to, and the one client
 * configuration every chapter hands to its SDK clients. Chapter code never asks
 * "am I local?": it only ever sees `workshop.clientConfig`.
 */
import net from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { LocalCloud, LocalCloudOptions } from '@l2l/local-cloud';
import type { WorkshopOptions } from './options.ts';

/** What an SDK v3 client constructor takes, as far as the workshop sets it. */
export interface ClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Every resource the workshop creates carries this tag; clean-up removes only what has it. */
export const WORKSHOP_TAG = { key: 'workshop', value: 'lambda-to-lambda' } as const;

/** A resource's tags as AWS lists them: a map (Lambda) or Key/Value pairs (IAM, SNS, Kinesis). */
export type ResourceTags =
  | Readonly<Record<string, string>>
  | readonly { readonly Key?: string; readonly Value?: string }[];

/** Whether the workshop made the resource: it carries WORKSHOP_TAG. */
export function madeByWorkshop(tags: ResourceTags | undefined): boolean {
  if (tags === undefined) return false;
  if (Array.isArray(tags)) {
    return tags.some(({ Key, Value }) => Key === WORKSHOP_TAG.key && Value === WORKSHOP_TAG.value);
  }
  return (tags as Readonly<Record<string, string>>)[WORKSHOP_TAG.key] === WORKSHOP_TAG.value;
}

/**
 * Stops a step that would use or change a resource of the same name that the workshop did not
 * make (a function of your own called echoTest, say): the workshop leaves it as it is.
 */
export function notMadeByWorkshop(resource: string): WorkshopError {
  return new WorkshopError(
    `${resource} already exists and the workshop did not make it (it has no tag ${WORKSHOP_TAG.key}=${WORKSHOP_TAG.value}), so the workshop leaves it alone.\nRun again with --prefix NAME (or L2L_PREFIX=NAME) to give the workshop's resources names of their own.`,
  );
}

export interface Workshop {
  readonly options: WorkshopOptions;
  readonly clientConfig: ClientConfig;
  readonly region: string;
  readonly accountId: string;
  /** Where requests go; undefined on AWS. */
  readonly endpoint: string | undefined;
  /** True when this process started its own local cloud, which `close()` stops. */
  readonly embedded: boolean;
  /** The name of a workshop resource: `echoTest`, or `ana-echoTest` with `--prefix ana`. */
  name(base: string): string;
  /** The tags to put on everything the workshop creates. */
  readonly tags: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** The local target's credentials: never the learner's real ones, which stay for AWS. */
const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
/**
 * Where `pnpm local-cloud` listens (`DEFAULT_PORT` of @l2l/local-cloud; a test keeps the two
 * equal). Said here rather than imported, so that only a step that starts a local cloud loads it.
 */
export const DEFAULT_LOCAL_ENDPOINT = 'http://127.0.0.1:4566';

export class WorkshopError extends Error {
  override name = 'WorkshopError';
}

/** `embedded`: options of the local cloud started when none answers (e.g. `startKinesisNow`). */
export async function openWorkshop(
  options: WorkshopOptions,
  embedded: LocalCloudOptions = {},
): Promise<Workshop> {
  let cloud: LocalCloud | undefined;
  let clientConfig: ClientConfig;
  if (options.target === 'aws') {
    clientConfig = { region: await awsRegion() };
  } else {
    const wanted = options.endpoint ?? DEFAULT_LOCAL_ENDPOINT;
    let endpoint = wanted;
    if (!(await answers(wanted))) {
      if (options.endpoint !== undefined) {
        throw new WorkshopError(
          `Nothing answers at ${wanted}. Start it (for the workshop's own: pnpm local-cloud), or leave out --endpoint and AWS_ENDPOINT_URL to use an embedded local cloud.`,
        );
      }
      // Loaded only here: on AWS, or with a cloud already running, the emulator is not needed.
      const { startLocalCloud } = await import('@l2l/local-cloud');
      cloud = await startLocalCloud({ ...embedded, port: 0 });
      endpoint = cloud.endpoint;
    }
    clientConfig = {
      region: process.env.AWS_REGION ?? 'us-east-1',
      endpoint,
      credentials: LOCAL_CREDENTIALS,
    };
  }

  let accountId: string;
  try {
    accountId = await callerAccount(clientConfig);
  } catch (error) {
    await cloud?.stop();
    throw error;
  }
  const tags: Record<string, string> = { [WORKSHOP_TAG.key]: WORKSHOP_TAG.value };
  if (options.prefix) tags['workshop-prefix'] = options.prefix;

  return {
    options,
    clientConfig,
    region: clientConfig.region,
    accountId,
    endpoint: clientConfig.endpoint,
    embedded: cloud !== undefined,
    name: (base) => (options.prefix ? `${options.prefix}-${base}` : base),
    tags,
    close: async () => {
      await cloud?.stop();
    },
  };
}

/** The region the standard AWS configuration gives (AWS_REGION, the profile, ...). */
async function awsRegion(): Promise<string> {
  const sts = new STSClient({});
  try {
    return await sts.config.region();
  } catch {
    const profile = process.env.AWS_PROFILE;
    throw new WorkshopError(
      profile
        ? `No AWS region is configured for the profile ${profile} (AWS_PROFILE=${profile}). Is the profile in ~/.aws/config, with a region? Or set one: export AWS_REGION=eu-west-1.`
        : 'No AWS region is configured. Set one, for example: export AWS_REGION=eu-west-1 (or add region to your AWS profile).',
    );
  } finally {
    sts.destroy();
  }
}

async function callerAccount(config: ClientConfig): Promise<string> {
  const sts = new STSClient(config);
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new WorkshopError('STS GetCallerIdentity returned no account.');
    return identity.Account;
  } finally {
    sts.destroy();
  }
}

/** Whether something accepts connections at the endpoint (a running local cloud, LocalStack, ...). */
function answers(endpoint: string, timeoutMs = 300): Promise<boolean> {
  const url = new URL(endpoint);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port, timeout: timeoutMs });
    const settle = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => settle(true));
    socket.once('timeout', () => settle(false));
    socket.once('error', () => settle(false));
  });
}

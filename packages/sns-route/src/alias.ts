/**
 * The alias `live` that SNS invokes, as the walkthrough advises for a real service: "leave
 * Version or alias at the default for now", but subscribe an alias, because `$LATEST` runs
 * whatever code was deployed last. A version is a snapshot of `$LATEST`'s code and settings
 * that never changes; an alias is a name that points at one version and can be moved.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
 */
import {
  CreateAliasCommand,
  GetAliasCommand,
  LambdaClient,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import type { ClientConfig } from '@l2l/workshop';

export const ALIAS_NAME = 'live';

export interface Alias {
  /** The alias's ARN: the function's ARN and `:live`, what SNS is subscribed to. */
  readonly aliasArn: string;
  /** The version it points at. */
  readonly version: string;
}

/** The version `$LATEST`'s code and settings are published as (the last one if nothing changed). */
async function publishVersion(lambda: LambdaClient, FunctionName: string): Promise<string> {
  // PublishVersion publishes nothing new when $LATEST is unchanged since the last version:
  // it answers with that version.
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName }));
  if (!Version) throw new Error(`Lambda published a version of ${FunctionName} but named none`);
  return Version;
}

async function getAlias(lambda: LambdaClient, FunctionName: string): Promise<Alias | undefined> {
  try {
    const alias = await lambda.send(new GetAliasCommand({ FunctionName, Name: ALIAS_NAME }));
    if (alias.AliasArn && alias.FunctionVersion) {
      return { aliasArn: alias.AliasArn, version: alias.FunctionVersion };
    }
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  return undefined;
}

/**
 * The alias `live`, as it is; when there is none yet, `$LATEST` is published as a version and
 * the alias made to point at it. An alias that exists is never moved here: that is
 * `moveAlias`'s, once the new code has been tried.
 */
export async function ensureAlias(
  clientConfig: ClientConfig,
  functionName: string,
): Promise<Alias> {
  const lambda = new LambdaClient(clientConfig);
  const existing = await getAlias(lambda, functionName);
  if (existing) return existing;
  const version = await publishVersion(lambda, functionName);
  try {
    const { AliasArn } = await lambda.send(
      new CreateAliasCommand({
        FunctionName: functionName,
        Name: ALIAS_NAME,
        FunctionVersion: version,
      }),
    );
    if (!AliasArn) throw new Error(`Lambda created ${ALIAS_NAME} but returned no ARN`);
    return { aliasArn: AliasArn, version };
  } catch (error) {
    // Another run (a second terminal) created it meanwhile: use it as it is.
    if (!(error instanceof ResourceConflictException)) throw error;
    const created = await getAlias(lambda, functionName);
    if (!created) throw error;
    return created;
  }
}

/**
 * Publishes `$LATEST` as a version and points `live` at it: from then on, SNS's deliveries run
 * that code. Returns the version `live` pointed at before and the one it points at now (the
 * same when `$LATEST` has not changed since).
 */
export async function moveAlias(
  clientConfig: ClientConfig,
  functionName: string,
): Promise<{ readonly from: string; readonly to: Alias }> {
  const lambda = new LambdaClient(clientConfig);
  const before = await ensureAlias(clientConfig, functionName);
  const version = await publishVersion(lambda, functionName);
  if (version === before.version) return { from: before.version, to: before };
  await lambda.send(
    new UpdateAliasCommand({
      FunctionName: functionName,
      Name: ALIAS_NAME,
      FunctionVersion: version,
    }),
  );
  return { from: before.version, to: { aliasArn: before.aliasArn, version } };
}

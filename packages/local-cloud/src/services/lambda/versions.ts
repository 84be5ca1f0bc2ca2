/**
 * Published versions: PublishVersion and ListVersionsByFunction. A version is a frozen
 * copy of `$LATEST`'s code and configuration at publish time, with its own number, ARN,
 * resource policy and execution environments; later changes to `$LATEST` do not touch it.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
import { randomUUID } from 'node:crypto';
import { Constraints } from '../../protocols/validation.ts';
import { configurationOf, type FunctionConfiguration } from './configuration.ts';
import { functionNotFound, invalidParameterValue, resourceConflict } from './errors.ts';
import type { Functions } from './functions.ts';
import {
  type FunctionVersion,
  isVersionNumber,
  type LambdaFunction,
  lastModified,
} from './lambda-function.ts';
import { MAX_FUNCTION_NAME_TO_CHANGE, MAX_LIST_PAGE } from './quotas.ts';

export interface PublishVersionInput {
  /** Only publish if `$LATEST`'s code has this hash. */
  CodeSha256?: string;
  /** The version's description instead of `$LATEST`'s. */
  Description?: string;
  /** Only publish if `$LATEST`'s RevisionId is this one. */
  RevisionId?: string;
}

export interface ListVersionsInput {
  Marker?: string;
  MaxItems?: number;
}

export class Versions {
  constructor(private readonly functions: Functions) {}

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html: "Lambda doesn't
   * publish a version if the function's configuration and code haven't changed since the last
   * version": it answers with that last version instead.
   */
  publish(region: string, functionName: string, input: PublishVersionInput): FunctionConfiguration {
    new Constraints().length('description', input.Description, 0, 256).check();
    const reference = this.functions.reference(
      region,
      functionName,
      undefined,
      MAX_FUNCTION_NAME_TO_CHANGE,
    );
    const fn = this.functions.lookup(region, reference);
    this.functions.checkNoChangeInProgress(fn);
    if (input.CodeSha256 !== undefined && input.CodeSha256 !== fn.code.codeSha256) {
      // AWS's words (recorded in LocalStack's AWS-validated snapshot, test_publish_version_with_sha256).
      throw invalidParameterValue(
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.code.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    }
    this.functions.checkRevision(fn, input.RevisionId, 'GetFunction/GetAlias');
    return this.publishLatest(fn, input.Description);
  }

  /** Publishes `$LATEST` as it is now, unless the last version already is it (then that one). */
  publishLatest(fn: LambdaFunction, description?: string): FunctionConfiguration {
    const last = fn.versions.get(String(fn.lastVersion));
    if (last && fn.lastPublishedFrom === fn.snapshot.revisionId) {
      return configurationOf(last, { qualifier: last.version });
    }
    fn.lastVersion += 1;
    const number = String(fn.lastVersion);
    const revisionId = randomUUID();
    const version: FunctionVersion = {
      name: fn.name,
      arn: fn.arn,
      region: fn.region,
      version: number,
      runtime: fn.runtime,
      role: fn.role,
      handler: fn.handler,
      description: description ?? fn.description,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      ...(fn.environment && { environment: { ...fn.environment } }),
      architectures: [...fn.architectures],
      code: fn.code,
      policy: [],
      state: 'Active',
      lastUpdateStatus: 'Successful',
      revisionId,
      lastModified: lastModified(),
      snapshot: { ...fn.snapshot, version: number, revisionId },
    };
    // The version holds the code as long as it exists, whatever $LATEST runs later.
    this.functions.runtime.retainCode(fn.code.codeDirectory);
    fn.versions.set(number, version);
    fn.lastPublishedFrom = fn.snapshot.revisionId;
    return configurationOf(version, { qualifier: number });
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListVersionsByFunction.html:
   * `$LATEST` first, then the published versions in order; Marker is where the next page starts.
   */
  list(
    region: string,
    functionName: string,
    input: ListVersionsInput,
  ): { Versions: FunctionConfiguration[]; NextMarker?: string } {
    new Constraints().range('maxItems', input.MaxItems, 1, 10_000).check();
    const fn = this.functions.lookup(
      region,
      this.functions.reference(region, functionName, undefined),
    );
    const all = [fn, ...fn.versions.values()];
    const start = input.Marker === undefined ? 0 : all.findIndex((v) => v.version === input.Marker);
    if (start === -1) throw invalidParameterValue(`Invalid marker: ${input.Marker}`);
    const pageSize = Math.min(input.MaxItems ?? MAX_LIST_PAGE, MAX_LIST_PAGE);
    const page = all
      .slice(start, start + pageSize)
      .map((version) => configurationOf(version, { qualifier: version.version, listed: true }));
    const next = all[start + pageSize];
    return next ? { Versions: page, NextMarker: next.version } : { Versions: page };
  }
}

/** DeleteFunction with a version's number: no alias may point to it (API_DeleteFunction). */
export function deleteVersion(
  functions: Functions,
  fn: LambdaFunction,
  qualifier: string,
): FunctionVersion {
  const version = isVersionNumber(qualifier) ? fn.versions.get(qualifier) : undefined;
  if (!version) throw functionNotFound(fn.arn, qualifier);
  const aliases = [...fn.aliases.values()]
    .filter(
      (alias) =>
        alias.functionVersion === qualifier ||
        Object.hasOwn(alias.additionalVersionWeights ?? {}, qualifier),
    )
    .map((alias) => alias.name);
  if (aliases.length > 0) {
    // As AWS refuses it (quoted, e.g., in the tests of several Lambda emulators).
    throw resourceConflict(
      `Unable to delete version because the following aliases reference it: [${aliases.join(', ')}]`,
    );
  }
  fn.versions.delete(qualifier);
  functions.runtime.retire(fn.name, qualifier).catch(() => {});
  functions.runtime.releaseCode(version.code.codeDirectory);
  return version;
}

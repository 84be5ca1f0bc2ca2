/**
 * Aliases: CreateAlias, GetAlias, UpdateAlias, DeleteAlias and ListAliases, and where an
 * invocation of an alias goes. An alias names one version, or two with RoutingConfig: the
 * additional version gets its weight's share of invocations, the alias's own version the rest,
 * and Invoke's ExecutedVersion says which ran.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_AliasRoutingConfiguration.html
 * Messages as AWS words them, recorded in LocalStack's AWS-validated snapshots (test_alias_lifecycle,
 * test_alias_routingconfig, and the checks of its provider's _create_routing_config_model).
 */
import { randomUUID } from 'node:crypto';
import { Constraints, pattern } from '../../protocols/validation.ts';
import {
  functionNotFound,
  invalidParameterValue,
  resourceConflict,
  resourceNotFound,
  validationException,
} from './errors.ts';
import type { Functions, QualifiedFunction } from './functions.ts';
import type { FunctionAlias, FunctionVersion, LambdaFunction } from './lambda-function.ts';
import { LATEST, MAX_FUNCTION_NAME_TO_CHANGE, MAX_LIST_PAGE } from './quotas.ts';

/** Name: not a number (that would be a version), API_CreateAlias "Pattern". */
const ALIAS_NAME = pattern('(?!^[0-9]+$)([a-zA-Z0-9-_]+)');
const FUNCTION_VERSION = pattern(String.raw`(\$LATEST|[0-9]+)`);

export interface AliasInput {
  Name?: string;
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  RevisionId?: string;
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_AliasConfiguration.html */
export interface AliasConfiguration {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
  RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
  RevisionId: string;
}

export class Aliases {
  constructor(
    private readonly functions: Functions,
    /** In [0, 1): which version of a weighted alias runs (tests pass a seeded one). */
    private readonly random: () => number = Math.random,
  ) {}

  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html */
  create(region: string, functionName: string, input: AliasInput): AliasConfiguration {
    new Constraints()
      .required('name', input.Name)
      .required('functionVersion', input.FunctionVersion)
      .check();
    this.checkMembers(input);
    const fn = this.function(region, functionName);
    const name = input.Name as string;
    const functionVersion = input.FunctionVersion as string;
    this.checkVersion(fn, functionVersion);
    const existing = fn.aliases.get(name);
    if (existing) throw resourceConflict(`Alias already exists: ${aliasArn(fn, existing.name)}`);
    const weights = this.checkedWeights(fn, functionVersion, input.RoutingConfig);
    const alias: FunctionAlias = {
      name,
      functionVersion,
      description: input.Description ?? '',
      ...(weights && { additionalVersionWeights: weights }),
      revisionId: randomUUID(),
      policy: [],
    };
    fn.aliases.set(name, alias);
    return aliasConfiguration(fn, alias);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetAlias.html */
  get(region: string, functionName: string, name: string): AliasConfiguration {
    this.checkMembers({ Name: name });
    const fn = this.function(region, functionName);
    return aliasConfiguration(fn, this.alias(fn, name));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html */
  update(region: string, functionName: string, input: AliasInput): AliasConfiguration {
    this.checkMembers(input);
    const fn = this.function(region, functionName);
    const alias = this.alias(fn, input.Name as string);
    this.functions.checkRevision(alias, input.RevisionId, 'GetFunction/GetAlias');
    const functionVersion = input.FunctionVersion ?? alias.functionVersion;
    if (input.FunctionVersion !== undefined) this.checkVersion(fn, functionVersion);
    if (input.RoutingConfig !== undefined) {
      const weights = this.checkedWeights(fn, functionVersion, input.RoutingConfig);
      alias.additionalVersionWeights = weights;
    } else if (alias.additionalVersionWeights) {
      this.checkedWeights(fn, functionVersion, {
        AdditionalVersionWeights: alias.additionalVersionWeights,
      });
    }
    alias.functionVersion = functionVersion;
    if (input.Description !== undefined) alias.description = input.Description;
    alias.revisionId = randomUUID();
    return aliasConfiguration(fn, alias);
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteAlias.html; returns the alias's ARN. */
  delete(region: string, functionName: string, name: string): string {
    this.checkMembers({ Name: name });
    const fn = this.function(region, functionName);
    fn.aliases.delete(this.alias(fn, name).name);
    return aliasArn(fn, name);
  }

  /**
   * https://docs.aws.amazon.com/lambda/latest/api/API_ListAliases.html: in the order they were
   * created, optionally only those of one FunctionVersion; Marker is the name the next page starts at.
   */
  list(
    region: string,
    functionName: string,
    input: { FunctionVersion?: string; Marker?: string; MaxItems?: number },
  ): { Aliases: AliasConfiguration[]; NextMarker?: string } {
    new Constraints()
      .length('functionVersion', input.FunctionVersion, 1, 1024)
      .matches('functionVersion', input.FunctionVersion, FUNCTION_VERSION)
      .range('maxItems', input.MaxItems, 1, 10_000)
      .check();
    const fn = this.function(region, functionName);
    const aliases = [...fn.aliases.values()].filter(
      (alias) =>
        input.FunctionVersion === undefined || alias.functionVersion === input.FunctionVersion,
    );
    const start =
      input.Marker === undefined ? 0 : aliases.findIndex((a) => a.name === input.Marker);
    if (start === -1) throw invalidParameterValue(`Invalid marker: ${input.Marker}`);
    const pageSize = Math.min(input.MaxItems ?? MAX_LIST_PAGE, MAX_LIST_PAGE);
    const page = aliases.slice(start, start + pageSize).map((a) => aliasConfiguration(fn, a));
    const next = aliases[start + pageSize];
    return next ? { Aliases: page, NextMarker: next.name } : { Aliases: page };
  }

  /**
   * The version an invocation runs: for an alias with RoutingConfig, the additional version
   * with its weight's probability, else the alias's version; for a version or `$LATEST`, itself.
   */
  executedVersion(target: QualifiedFunction): FunctionVersion {
    const { fn, alias, version } = target;
    const [additional, weight] = Object.entries(alias?.additionalVersionWeights ?? {})[0] ?? [];
    if (additional === undefined || weight === undefined || this.random() >= weight) return version;
    return this.functions.version(fn, additional) ?? version;
  }

  private function(region: string, functionName: string): LambdaFunction {
    const reference = this.functions.reference(
      region,
      functionName,
      undefined,
      MAX_FUNCTION_NAME_TO_CHANGE,
    );
    return this.functions.lookup(region, reference);
  }

  private alias(fn: LambdaFunction, name: string): FunctionAlias {
    const alias = fn.aliases.get(name);
    if (!alias) throw resourceNotFound(`Cannot find alias arn: ${aliasArn(fn, name)}`);
    return alias;
  }

  private checkMembers(input: AliasInput): void {
    new Constraints()
      .length('name', input.Name, 1, 128)
      .matches('name', input.Name, ALIAS_NAME)
      .length('functionVersion', input.FunctionVersion, 1, 1024)
      .matches('functionVersion', input.FunctionVersion, FUNCTION_VERSION)
      .length('description', input.Description, 0, 256)
      .check();
  }

  /** The version an alias points to must exist. */
  private checkVersion(fn: LambdaFunction, version: string): void {
    if (!this.functions.version(fn, version)) throw functionNotFound(fn.arn, version);
  }

  /** RoutingConfig's rules; an empty one (or no AdditionalVersionWeights) means one version. */
  private checkedWeights(
    fn: LambdaFunction,
    functionVersion: string,
    routing: AliasInput['RoutingConfig'],
  ): Record<string, number> | undefined {
    const weights = routing?.AdditionalVersionWeights ?? {};
    const entries = Object.entries(weights);
    if (entries.length === 0) return undefined;
    if (entries.length > 1) {
      throw invalidParameterValue(
        'Number of items in AdditionalVersionWeights cannot be greater than 1',
      );
    }
    const [[version, weight]] = entries as [[string, number]];
    if (weight < 0 || weight > 1) {
      throw validationException(
        `1 validation error detected: Value '{${version}=${weight}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]`,
      );
    }
    if (version === functionVersion) {
      throw invalidParameterValue(
        `Invalid function version ${functionVersion}. Function version ${functionVersion} is already included in routing configuration.`,
      );
    }
    if (functionVersion === LATEST) {
      throw invalidParameterValue(
        '$LATEST is not supported for an alias pointing to more than 1 version',
      );
    }
    if (!/^[0-9]+$/.test(version)) {
      throw validationException(
        `1 validation error detected: Value '{${version}=${weight}}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]`,
      );
    }
    this.checkVersion(fn, version);
    return { [version]: weight };
  }
}

function aliasArn(fn: LambdaFunction, name: string): string {
  return `${fn.arn}:${name}`;
}

function aliasConfiguration(fn: LambdaFunction, alias: FunctionAlias): AliasConfiguration {
  return {
    AliasArn: aliasArn(fn, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    ...(alias.additionalVersionWeights && {
      RoutingConfig: { AdditionalVersionWeights: { ...alias.additionalVersionWeights } },
    }),
    RevisionId: alias.revisionId,
  };
}

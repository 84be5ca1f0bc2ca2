/**
 * Function URL configurations: Create/Get/Update/Delete/ListFunctionUrlConfig(s), one per
 * function (unqualified) and one per alias, as AWS allows (a version or `$LATEST` cannot
 * have one). What serves a URL's requests is ./url-server.ts.
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html
 * Messages are AWS's as recorded in LocalStack's AWS-validated snapshots
 * (tests/aws/services/lambda_/test_lambda_api.snapshot.json, TestLambdaUrl).
 */
import { randomInt } from 'node:crypto';
import { Constraints, pattern } from '../../../protocols/validation.ts';
import { unqualifiedArn } from '../arn.ts';
import { invalidParameterValue, resourceConflict, resourceNotFound } from '../errors.ts';
import type { Functions, QualifiedFunction } from '../functions.ts';
import { lastModified } from '../lambda-function.ts';
import { FUNCTION_URL_AUTH_TYPES, MAX_FUNCTION_NAME_TO_CHANGE } from '../quotas.ts';
import { type Cors, checkCors } from './cors.ts';

/**
 * The Qualifier of the function URL operations: an alias only. AWS refuses `$LATEST` and
 * version numbers with this pattern (recorded: create_function_url_config_qualifier_latest).
 */
const URL_QUALIFIER = pattern(String.raw`((?!^\d+$)^[0-9a-zA-Z-_]+$)`);
const INVOKE_MODES = ['BUFFERED', 'RESPONSE_STREAM'];
/** AWS's url-id: 32 lower-case letters and digits. */
const URL_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const URL_ID_LENGTH = 32;
/** ListFunctionUrlConfigs' MaxItems (API reference: 1 to 50). */
const MAX_LIST_PAGE = 50;

export interface FunctionUrlInput {
  AuthType?: string;
  Cors?: Cors;
  InvokeMode?: string;
  Qualifier?: string;
}

/** One function URL, as the local cloud keeps it. */
export interface FunctionUrlConfig {
  readonly urlId: string;
  readonly region: string;
  /** The function's ARN, with the alias when the URL is an alias's. */
  readonly functionArn: string;
  readonly qualifier?: string;
  authType: string;
  cors?: Cors;
  /** As it was given; GetFunctionUrlConfig shows BUFFERED when it was not. */
  invokeMode?: string;
  readonly creationTime: string;
  lastModifiedTime: string;
}

const NO_SUCH_CONFIG = 'The resource you requested does not exist.';
const NO_SUCH_FUNCTION = 'Function does not exist';

export class FunctionUrls {
  /** By the ARN the URL invokes (qualified for an alias). */
  private readonly byArn = new Map<string, FunctionUrlConfig>();
  private readonly byUrlId = new Map<string, FunctionUrlConfig>();

  constructor(
    private readonly functions: Functions,
    /** Where the local cloud serves function URLs, e.g. `http://127.0.0.1:4566/lambda-url/`. */
    private readonly urlBase: () => string,
  ) {}

  /** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html */
  create(region: string, functionName: string, input: FunctionUrlInput) {
    new Constraints().required('authType', input.AuthType).check();
    checkSettings(input);
    const target = this.target(region, functionName, input.Qualifier, NO_SUCH_FUNCTION);
    const arn = urlArn(target);
    const existing = this.byArn.get(arn);
    if (existing) {
      throw resourceConflict(
        `Failed to create function url config for [functionArn = ${existing.functionArn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      );
    }
    const now = lastModified();
    const config: FunctionUrlConfig = {
      urlId: this.newUrlId(),
      region,
      functionArn: arn,
      qualifier: target.qualifier,
      authType: input.AuthType as string,
      cors: input.Cors,
      invokeMode: input.InvokeMode,
      creationTime: now,
      lastModifiedTime: now,
    };
    this.byArn.set(arn, config);
    this.byUrlId.set(config.urlId, config);
    const { LastModifiedTime: _, InvokeMode, ...created } = this.show(config);
    return { ...created, ...(input.InvokeMode && { InvokeMode }) };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionUrlConfig.html */
  get(region: string, functionName: string, qualifier?: string) {
    return this.show(this.config(region, functionName, qualifier, NO_SUCH_CONFIG, 256));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionUrlConfig.html */
  update(region: string, functionName: string, input: FunctionUrlInput) {
    checkSettings(input);
    const config = this.config(region, functionName, input.Qualifier, NO_SUCH_FUNCTION);
    if (input.AuthType !== undefined) config.authType = input.AuthType;
    if (input.Cors !== undefined) config.cors = input.Cors;
    if (input.InvokeMode !== undefined) config.invokeMode = input.InvokeMode;
    config.lastModifiedTime = lastModified();
    const { InvokeMode, ...updated } = this.show(config);
    return { ...updated, ...(input.InvokeMode && { InvokeMode }) };
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunctionUrlConfig.html */
  delete(region: string, functionName: string, qualifier?: string): void {
    this.remove(this.config(region, functionName, qualifier, NO_SUCH_CONFIG));
  }

  /** https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctionUrlConfigs.html */
  list(region: string, functionName: string, input: { Marker?: string; MaxItems?: number }) {
    new Constraints().range('maxItems', input.MaxItems, 1, MAX_LIST_PAGE).check();
    const reference = this.functions.reference(region, functionName, undefined);
    const fn = this.functions.find(region, reference);
    if (!fn) throw resourceNotFound(NO_SUCH_FUNCTION);
    const all = [...this.byArn.values()].filter((config) => unqualifiedArnOf(config) === fn.arn);
    const start = input.Marker === undefined ? 0 : Number(input.Marker);
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      throw invalidParameterValue(`Invalid Marker: ${input.Marker}`);
    }
    const end = start + (input.MaxItems ?? MAX_LIST_PAGE);
    return {
      FunctionUrlConfigs: all.slice(start, end).map((config) => this.show(config)),
      ...(end < all.length && { NextMarker: String(end) }),
    };
  }

  /** The URL a request names by its url-id, if it exists. */
  byId(urlId: string): FunctionUrlConfig | undefined {
    return this.byUrlId.get(urlId.toLowerCase());
  }

  /** A function (unqualified ARN) or an alias (qualified) is deleted: so are its URLs. */
  forget(arn: string): void {
    for (const config of [...this.byArn.values()]) {
      if (config.functionArn === arn || unqualifiedArnOf(config) === arn) this.remove(config);
    }
  }

  /** The URL every request for this config goes to. */
  url(config: FunctionUrlConfig): string {
    return `${this.urlBase()}${config.urlId}/`;
  }

  private show(config: FunctionUrlConfig) {
    return {
      FunctionUrl: this.url(config),
      FunctionArn: config.functionArn,
      AuthType: config.authType,
      ...(config.cors && { Cors: config.cors }),
      CreationTime: config.creationTime,
      LastModifiedTime: config.lastModifiedTime,
      InvokeMode: config.invokeMode ?? 'BUFFERED',
    };
  }

  private remove(config: FunctionUrlConfig): void {
    this.byArn.delete(config.functionArn);
    this.byUrlId.delete(config.urlId);
  }

  /** The function (and alias) a request names; `missing` is the operation's message for neither. */
  private target(
    region: string,
    functionName: string,
    qualifier: string | undefined,
    missing: string,
    maxLength = MAX_FUNCTION_NAME_TO_CHANGE,
  ): QualifiedFunction {
    const reference = this.functions.reference(region, functionName, qualifier, maxLength);
    new Constraints()
      .length('qualifier', reference.qualifier, 1, 128)
      .matches('qualifier', reference.qualifier, URL_QUALIFIER)
      .check();
    if (!this.functions.find(region, reference)) throw resourceNotFound(missing);
    try {
      return this.functions.resolve(region, reference);
    } catch {
      throw resourceNotFound(missing);
    }
  }

  private config(
    region: string,
    functionName: string,
    qualifier: string | undefined,
    missing: string,
    maxLength?: number,
  ): FunctionUrlConfig {
    const config = this.byArn.get(
      urlArn(this.target(region, functionName, qualifier, missing, maxLength)),
    );
    if (!config) throw resourceNotFound(NO_SUCH_CONFIG);
    return config;
  }

  private newUrlId(): string {
    for (;;) {
      const id = Array.from(
        { length: URL_ID_LENGTH },
        () => URL_ID_ALPHABET[randomInt(URL_ID_ALPHABET.length)],
      ).join('');
      if (!this.byUrlId.has(id)) return id;
    }
  }
}

/** The ARN a function URL invokes: the function's, or its alias's. */
function urlArn({ fn, qualifier }: QualifiedFunction): string {
  return qualifier === undefined ? fn.arn : `${fn.arn}:${qualifier}`;
}

function unqualifiedArnOf(config: FunctionUrlConfig): string {
  return unqualifiedArn(config.functionArn);
}

function checkSettings(input: FunctionUrlInput): void {
  const constraints = new Constraints()
    .oneOf('authType', input.AuthType, FUNCTION_URL_AUTH_TYPES)
    .oneOf('invokeMode', input.InvokeMode, INVOKE_MODES);
  checkCors(input.Cors, constraints);
  constraints.check();
  if (input.InvokeMode === 'RESPONSE_STREAM') {
    throw invalidParameterValue(
      "The local cloud answers function URLs in BUFFERED mode only; it does not stream responses (InvokeMode 'RESPONSE_STREAM').",
    );
  }
}

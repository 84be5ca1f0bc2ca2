/**
 * A function's tags: ListTags, TagResource and UntagResource, whose Resource is the
 * function's unqualified ARN (https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html).
 */

import { Constraints } from '../../protocols/validation.ts';
import { checkRegion, parseFunctionArn } from './arn.ts';
import { invalidParameterValue, tooManyTags } from './errors.ts';
import type { Functions } from './functions.ts';
import type { LambdaFunction } from './lambda-function.ts';
import { MAX_TAGS } from './quotas.ts';

/** https://docs.aws.amazon.com/lambda/latest/api/API_ListTags.html */
export function listTags(
  functions: Functions,
  region: string,
  resource: string,
): { Tags: Record<string, string> } {
  return { Tags: { ...taggedFunction(functions, region, resource).tags } };
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html */
export function tagResource(
  functions: Functions,
  region: string,
  resource: string,
  tags: Record<string, string> | undefined,
): void {
  new Constraints().required('tags', tags).check();
  const fn = taggedFunction(functions, region, resource);
  if (Object.keys(tags ?? {}).length === 0) {
    // AWS's answer to an empty Tags map (recorded: tag_empty_tags).
    throw invalidParameterValue('An error occurred and the request cannot be processed.');
  }
  const merged = { ...fn.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags();
  fn.tags = merged;
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_UntagResource.html */
export function untagResource(
  functions: Functions,
  region: string,
  resource: string,
  tagKeys: readonly string[] | undefined,
): void {
  new Constraints().required('tagKeys', tagKeys).check();
  const fn = taggedFunction(functions, region, resource);
  const tags = { ...fn.tags };
  for (const key of tagKeys ?? []) delete tags[key];
  fn.tags = tags;
}

/** The function a tag operation's Resource names: its unqualified ARN. */
function taggedFunction(functions: Functions, region: string, resource: string): LambdaFunction {
  const reference = parseFunctionArn(resource);
  checkRegion(reference, region);
  if (reference.qualifier !== undefined) {
    throw invalidParameterValue(
      'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    );
  }
  return functions.lookup(region, reference);
}

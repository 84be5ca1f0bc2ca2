/**
 * A function as the runtime gets it (`FunctionSnapshot`), for tests and benches that drive
 * the runtime directly, without the Lambda API: `$LATEST` of `functionName` in eu-west-1,
 * nodejs22.x, 128 MB, 3 s, unless `overrides` say otherwise.
 */
import type { FunctionSnapshot } from '../../src/services/lambda/runtime/contract.ts';

export function functionSnapshot(
  codeDirectory: string,
  overrides: Partial<FunctionSnapshot> & { readonly functionName: string },
): FunctionSnapshot {
  const { functionName } = overrides;
  const region = overrides.region ?? 'eu-west-1';
  return {
    functionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    version: '$LATEST',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    memorySize: 128,
    timeout: 3,
    environment: {},
    region,
    codeDirectory,
    revisionId: 'revision-1',
    role: 'arn:aws:iam::000000000000:role/test-role',
    logGroupName: `/aws/lambda/${functionName}`,
    ...overrides,
  };
}

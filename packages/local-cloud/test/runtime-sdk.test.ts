/**
 * The AWS SDK is in the runtime: a handler imports an SDK v3 client it did not bundle, from
 * an ES module or CommonJS, and gets the local cloud's copy, whose unconfigured client reaches
 * the local cloud (AWS_ENDPOINT_URL); a copy in the function's own node_modules wins.
 */
import { InvokeCommand, LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { createFunction } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { zipOf } from './support/zip.ts';

const cloud = useLocalCloud();

const ESM_CALLER = `import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export const handler = async () => {
  const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  return { account: identity.Account, status: identity.$metadata.httpStatusCode };
};`;

const CJS_CALLER = `const { GetCallerIdentityCommand, STSClient } = require('@aws-sdk/client-sts');
exports.handler = async () => {
  const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  return { account: identity.Account, status: identity.$metadata.httpStatusCode };
};`;

/** A bundled "@aws-sdk/client-sts" of the function's own, which the runtime's must not shadow. */
const BUNDLED_FAKE = {
  'node_modules/@aws-sdk/client-sts/package.json': JSON.stringify({
    name: '@aws-sdk/client-sts',
    version: '0.0.0-bundled',
    main: 'index.js',
  }),
  'node_modules/@aws-sdk/client-sts/index.js': `exports.GetCallerIdentityCommand = class {};
exports.STSClient = class { async send() { return { Account: 'bundled', $metadata: { httpStatusCode: 0 } }; } };`,
};

let functions = 0;

async function invokeNew(files: Record<string, string>, runtime: Runtime): Promise<unknown> {
  const lambda = new LambdaClient(clientConfig(cloud()));
  const name = `sdk-caller-${++functions}`;
  try {
    await createFunction(lambda, name, await zipOf(files), undefined, {
      Runtime: runtime,
      Handler: 'index.handler',
    });
    const output = await lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(output.FunctionError).toBeUndefined();
    return JSON.parse(new TextDecoder().decode(output.Payload));
  } finally {
    lambda.destroy();
  }
}

describe.each<Runtime>(['nodejs22.x', 'nodejs24.x'])('the SDK in the %s runtime', (runtime) => {
  it('is imported by an ES module handler that did not bundle it, and calls the local cloud', async () => {
    expect(await invokeNew({ 'index.mjs': ESM_CALLER }, runtime)).toEqual({
      account: '000000000000',
      status: 200,
    });
  });

  it('is required by a CommonJS handler that did not bundle it, and calls the local cloud', async () => {
    expect(await invokeNew({ 'index.js': CJS_CALLER }, runtime)).toEqual({
      account: '000000000000',
      status: 200,
    });
  });

  it('gives way to a copy the function bundles, from import and require alike', async () => {
    const bundled = { account: 'bundled', status: 0 };
    expect(await invokeNew({ 'index.mjs': ESM_CALLER, ...BUNDLED_FAKE }, runtime)).toEqual(bundled);
    expect(await invokeNew({ 'index.js': CJS_CALLER, ...BUNDLED_FAKE }, runtime)).toEqual(bundled);
  });
});

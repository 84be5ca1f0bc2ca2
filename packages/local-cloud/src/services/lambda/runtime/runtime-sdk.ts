/**
 * The AWS SDK in the runtime: Lambda's Node.js runtimes ship the AWS SDK for JavaScript v3,
 * so a handler imports `@aws-sdk/client-lambda` without bundling it, and a copy in the
 * function's own node_modules wins (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html#nodejs-sdk-included).
 * Lambda puts /var/runtime/node_modules on NODE_PATH for `require`, and from nodejs18.x on
 * resolves ES module imports through NODE_PATH too; Node.js itself ignores NODE_PATH for
 * `import`. Here the local cloud's own clients (the `@aws-sdk/client-*` dependencies of
 * @l2l/local-cloud) are linked into a node_modules folder beside the unpacked code, in the
 * folder that holds it: Node.js looks there after the code's own node_modules, for `import`
 * and `require` alike, on every Node.js a function runs on.
 */
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The SDK clients the runtime provides: local-cloud's own `@aws-sdk/client-*` dependencies. */
export async function runtimeSdkPackages(): Promise<string[]> {
  const manifest = JSON.parse(
    await readFile(new URL('../../../../package.json', import.meta.url), 'utf8'),
  ) as { dependencies: Record<string, string> };
  return Object.keys(manifest.dependencies).filter((name) => name.startsWith('@aws-sdk/client-'));
}

/** Links each client into `<directory>/node_modules`, the folder above every function's code. */
export async function linkRuntimeSdk(directory: string): Promise<void> {
  const scope = path.join(directory, 'node_modules', '@aws-sdk');
  await mkdir(scope, { recursive: true });
  for (const name of await runtimeSdkPackages()) {
    const target = path.dirname(require.resolve(`${name}/package.json`));
    // A junction on Windows, which needs no administrator; ignored elsewhere.
    await symlink(target, path.join(scope, name.slice('@aws-sdk/'.length)), 'junction');
  }
}

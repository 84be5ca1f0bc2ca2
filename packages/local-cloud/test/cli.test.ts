/**
 * `pnpm local-cloud`'s flags for the front door: `--allow-origin` lets a page of the
 * user's call it, and a flag that is not an origin stops it with the usage. And what it
 * prints as it runs: each API call on a line (or, with --quiet, only the log lines).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunction } from './support/functions.ts';
import {
  CREDENTIALS,
  LAMBDA_ROLE_NAME,
  LAMBDA_TRUST_POLICY,
  REGION,
} from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const BIN = fileURLToPath(new URL('../bin/local-cloud.mjs', import.meta.url));
const PAGE = 'http://localhost:3000';

function start(...args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: 'pipe' });
}

/** The first line that matches, of what the process prints. */
async function printed(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  let text = '';
  for await (const chunk of child.stdout ?? []) {
    text += String(chunk);
    const match = text.match(pattern);
    if (match) return match;
  }
  throw new Error(`the local cloud ended without printing ${pattern}: ${text}`);
}

describe('pnpm local-cloud', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('lets the pages named by --allow-origin call it, and no other', async () => {
    child = start('--allow-origin', PAGE, '--allow-host', 'my-laptop.local');
    const [, endpoint] = await printed(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const preflight = (origin: string) =>
      fetch(`${endpoint}/2015-03-31/functions`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight(PAGE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect((await preflight('http://localhost:3001')).status).toBe(403);
  }, 30_000);

  it('stops with the usage for an origin that is not one', async () => {
    child = start('--allow-origin', 'localhost:3000 and more');
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += String(chunk);
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toContain("'localhost:3000 and more' is not an origin");
    expect(errors).toContain('--allow-origin URL');
  }, 30_000);
});

describe('pnpm local-cloud, as it runs', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  /** Everything printed so far, and a wait for a line that matches. */
  function output(process: ChildProcess) {
    let text = '';
    const waiting: { pattern: RegExp; resolve: () => void }[] = [];
    process.stdout?.on('data', (chunk) => {
      text += String(chunk);
      for (const wait of waiting.filter(({ pattern }) => pattern.test(text))) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve();
      }
    });
    return {
      text: () => text,
      until: (pattern: RegExp) =>
        pattern.test(text)
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiting.push({ pattern, resolve })),
    };
  }

  async function lambdaOf(printed: ReturnType<typeof output>) {
    await printed.until(/AWS_ENDPOINT_URL=http.*\n/); // the banner's last line
    const endpoint = printed.text().match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    const config = { endpoint, region: REGION, credentials: CREDENTIALS };
    // The test functions' execution role (./support/functions.ts), as test clouds have it.
    const iam = new IAMClient(config);
    await iam.send(
      new CreateRoleCommand({
        RoleName: LAMBDA_ROLE_NAME,
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
      }),
    );
    iam.destroy();
    return new LambdaClient(config);
  }

  it('prints each API call on one short line, with the status of a failed one', async () => {
    child = start();
    const printed = output(child);
    const lambda = await lambdaOf(printed);
    expect(printed.text()).toMatch(
      /Other tools \(the AWS CLI, your scripts\): AWS_ENDPOINT_URL=http/,
    );
    expect(printed.text()).toContain(
      'The chapters look for it on port 4566: run them with --endpoint',
    );
    expect(printed.text()).toMatch(
      /Watch each call live in your browser: http:\/\/127\.0\.0\.1:\d+\/_local-cloud\/live\/\n/,
    );
    await createFunction(lambda, 'echoTest', await echoZip());
    await printed.until(/Z CreateFunction echoTest\n/);
    await lambda.send(new InvokeCommand({ FunctionName: 'missing' })).catch(() => {});
    await printed.until(/Z Invoke missing: 404 ResourceNotFoundException\n/);
  }, 30_000);

  it("prints only the functions' log lines with --quiet", async () => {
    child = start('--quiet');
    const printed = output(child);
    const lambda = await lambdaOf(printed);
    await createFunction(lambda, 'echoTest', await echoZip());
    await lambda.send(new InvokeCommand({ FunctionName: 'echoTest', Payload: '{}' }));
    await printed.until(/REPORT RequestId/);
    expect(printed.text()).toMatch(/\/aws\/lambda\/echoTest START RequestId/);
    expect(printed.text()).not.toContain('CreateFunction');
    expect(printed.text()).not.toContain('Invoke echoTest');
  }, 30_000);
});

/**
 * The AWS CLI v2 against a local cloud: Debian's package `awscli` (installed by .ci/run when
 * missing), run by its full path because a pyenv shim on PATH may answer with a v1 CLI. Its
 * parsers (botocore's) are strict where the SDK v3 forgives: a missing result wrapper or an
 * error in the wrong protocol fails the command.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { LocalCloud } from '../../src/index.ts';

export const AWS_CLI = '/usr/bin/aws';
const run = promisify(execFile);

/** Runs the CLI against the cloud and returns what it printed; throws unless it exits 0. */
export async function cli(cloud: LocalCloud, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    AWS_CLI,
    [...args, '--endpoint-url', cloud.endpoint, '--output', 'json'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        // Nothing of the machine's own AWS setup, and no pager waiting for a terminal.
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
      },
      timeout: 60_000,
    },
  );
  return stdout;
}

/** The CLI's JSON answer; `{}` for a command that prints nothing (an operation with no output). */
export async function aws(cloud: LocalCloud, ...args: string[]): Promise<Record<string, unknown>> {
  const printed = await cli(cloud, ...args);
  return printed.trim() === '' ? {} : (JSON.parse(printed) as Record<string, unknown>);
}

/** Waits until `functionName` has logged `text` (a message id, a sequence number), as the CLI reads its log. */
export async function loggedBy(cloud: LocalCloud, functionName: string, text: string) {
  const search = [
    '--log-group-name',
    `/aws/lambda/${functionName}`,
    '--filter-pattern',
    `"${text}"`,
  ];
  await expect
    .poll(async () => cli(cloud, 'logs', 'filter-log-events', ...search), {
      timeout: 20_000,
      interval: 200,
    })
    .toContain(text);
}

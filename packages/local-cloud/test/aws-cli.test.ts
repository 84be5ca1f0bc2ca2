/**
 * The AWS CLI v2, which signs every call as the SDKs do, drives the local cloud: a few
 * calls of each service through `--endpoint-url`, each exiting 0 with JSON. Debian's
 * package `awscli` (installed by .ci/run when missing) is run by its full path: a
 * pyenv shim on PATH may answer with a v1 CLI.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AWS_CLI, aws as awsOn, cli as cliOn } from './support/aws-cli.ts';
import { ROLE } from './support/functions.ts';
import { useLocalCloud } from './support/local-cloud.ts';
import { echoZip, HANDLER, RUNTIME } from './support/zip.ts';

const cloud = useLocalCloud();
const run = promisify(execFile);
const cli = (...args: string[]) => cliOn(cloud(), ...args);
const aws = (...args: string[]) => awsOn(cloud(), ...args);

describe('the AWS CLI v2', () => {
  it('is version 2', async () => {
    const { stdout } = await run(AWS_CLI, ['--version']);
    expect(stdout).toMatch(/^aws-cli\/2\./);
  });

  it('reads why a service the local cloud does not serve failed, in that service protocol', async () => {
    for (const args of [
      ['s3', 'ls'],
      ['sqs', 'list-queues'],
    ]) {
      const failed = await cli(...args).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).not.toBe(0);
      // Parsed: the CLI names the code and message, not an unreadable body.
      expect(failed?.stderr).toContain('(UnknownServiceException)');
      expect(failed?.stderr).toContain(`The local cloud does not serve '${args[0]}'`);
    }
  });

  it('lists functions, topics, log groups and roles, and names the caller', async () => {
    expect(await aws('lambda', 'list-functions')).toEqual({ Functions: [] });
    expect(await aws('sts', 'get-caller-identity')).toMatchObject({ Account: '000000000000' });
    const topic = await aws('sns', 'create-topic', '--name', 'from-cli');
    expect(topic).toEqual({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:from-cli' });
    expect(await aws('sns', 'list-topics')).toEqual({ Topics: [topic] });
    expect(await aws('logs', 'describe-log-groups')).toEqual({ logGroups: [] });
    expect(await aws('iam', 'list-roles')).toMatchObject({ Roles: [] });
  }, 120_000);

  it('creates a function and invokes it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'l2l-aws-cli-'));
    const zip = path.join(folder, 'echo.zip');
    writeFileSync(zip, await echoZip());
    const created = await aws(
      'lambda',
      'create-function',
      '--function-name',
      'fromCli',
      '--runtime',
      RUNTIME,
      '--role',
      ROLE,
      '--handler',
      HANDLER,
      '--zip-file',
      `fileb://${zip}`,
    );
    expect(created).toMatchObject({ FunctionName: 'fromCli', State: 'Pending' });
    await cli('lambda', 'wait', 'function-active-v2', '--function-name', 'fromCli');
    const answer = path.join(folder, 'answer.json');
    const invoked = await aws(
      'lambda',
      'invoke',
      '--function-name',
      'fromCli',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--payload',
      '{"name":"Luna"}',
      answer,
    );
    expect(invoked).toMatchObject({ StatusCode: 200 });
    expect(JSON.parse(readFileSync(answer, 'utf8'))).toEqual({ name: 'Luna' });
  }, 120_000);
});

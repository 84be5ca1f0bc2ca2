/**
 * The AWS CLI v2, which signs every call as the SDKs do: that it is version 2, who it is
 * signed as, and that it can read why a service the local cloud does not serve failed. The
 * workshop's flow through it is in the aws-cli-{iam,functions,versions,events}.test.ts files.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AWS_CLI, aws as awsOn, cli as cliOn } from './support/aws-cli.ts';
import { useLocalCloud } from './support/local-cloud.ts';

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

  it('names the caller', async () => {
    expect(await aws('sts', 'get-caller-identity')).toMatchObject({
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    });
  }, 60_000);
});

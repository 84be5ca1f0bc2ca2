/**
 * Chapter 7 on a real local cloud: the caller runs in Lambda with its role's credentials and
 * the runtime's SDK, each route reaches its target, the caller is billed its wait, and IAM
 * refuses the Invoke once the role lost its permission (the full output is docs/07's, which
 * `pnpm docs:check` compares with a real run).
 */
import { stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import {
  allowInvokeStep,
  billedWaitStep,
  callRoutesStep,
  chapter,
  denyInvokeStep,
  deployCallerStep,
} from '../src/chapter.ts';
import { runFigures } from '../src/report-line.ts';

const reports = (output: string, functionName: string) =>
  [...output.matchAll(new RegExp(`^ {2}${functionName} +(REPORT .*)$`, 'gm'))].map((match) =>
    runFigures(match[1] ?? ''),
  );

describe('chapter 7 on the local cloud', () => {
  it('makes every route from inside Lambda, is billed its wait, and obeys its role', async () => {
    await withLocalWorkshop(async (workshop) => {
      const deployed = await stepOutput(workshop, deployCallerStep);
      expect(deployed).toContain(`Deployed arn:aws:lambda:us-east-1:000000000000:function:caller`);

      const routes = await stepOutput(workshop, callRoutesStep);
      expect(routes).toMatch(
        /^sync {5}\{\n {2}StatusCode: 200,\n {2}Payload: '\{"id":"1","name":"Luna"\}'/m,
      );
      expect(routes).toMatch(/^async {4}\{ StatusCode: 202, requestId: '[0-9a-f-]{36}' \}$/m);
      expect(routes).toMatch(/^ {9}echoTest ran it: REPORT RequestId: /m);
      expect(routes).toContain('echoTest got it from testSns: its log holds the MessageId');
      expect(routes).toMatch(/^put {6}\{\n {2}ShardId: 'shardId-000000000000',/m);

      const billed = await stepOutput(workshop, billedWaitStep);
      const [coldCaller, warmCaller] = reports(billed, 'caller');
      const [coldCallee, warmCallee] = reports(billed, 'echoTest');
      if (!coldCaller || !warmCaller || !coldCallee || !warmCallee) {
        throw new Error(`expected two REPORT lines of each:\n${billed}`);
      }
      // The first call started echoTest cold, the second found it warm; the caller was warm.
      expect(coldCallee.initMs).toBeGreaterThan(0);
      expect(warmCallee.initMs).toBeUndefined();
      expect(coldCaller.initMs).toBeUndefined();
      // The caller's run holds the callee's: its start, when cold, and its work.
      expect(coldCaller.durationMs).toBeGreaterThan(
        coldCallee.durationMs + (coldCallee.initMs ?? 0),
      );
      expect(warmCaller.durationMs).toBeGreaterThan(warmCallee.durationMs);
      expect(billed).toMatch(
        /^pnpm --filter @l2l\/cost start -- --memory 128 --durations \d+,\d+ --sync --cold-start \d+$/m,
      );

      const denied = await stepOutput(workshop, denyInvokeStep);
      expect(denied).toContain('caller-routes now allows only: sns:Publish, kinesis:PutRecord');
      expect(denied).toContain(
        'AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/caller-role/caller is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:echoTest because no identity-based policy allows the lambda:InvokeFunction action',
      );
      // call-routes now stops at its first route, sync.
      expect(
        await stepOutput(workshop, callRoutesStep).catch((error: Error) => error.message),
      ).toContain('caller failed: AccessDeniedException');

      const allowed = await stepOutput(workshop, allowInvokeStep);
      expect(allowed).toMatch(/caller answered: \{\n {2}StatusCode: 200,/);

      const removed = await chapter.cleanup(workshop);
      expect(removed).toEqual(
        expect.arrayContaining([
          'Lambda function caller',
          'IAM role caller-role',
          'Kinesis stream testKinesis',
          'Lambda function echoTest',
          'IAM role echoTest-role',
        ]),
      );
      expect(await chapter.cleanup(workshop)).toEqual([]);
    });
  });

  it('with a prefix, the caller calls the prefixed echoTest and nothing else', async () => {
    await withLocalWorkshop(async (workshop) => {
      const output = await stepOutput(workshop, denyInvokeStep);
      expect(output).toContain(
        'assumed-role/ana-caller-role/ana-caller is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:ana-echoTest',
      );
    }, 'ana');
  });
});

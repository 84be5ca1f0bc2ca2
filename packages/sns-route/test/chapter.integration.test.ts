import { deployCallee } from '@l2l/echo-callee';
import { maskOutput, stepOutput, withLocalWorkshop } from '@l2l/workshop/testing';
import { describe, expect, it } from 'vitest';
import {
  chapter,
  latestStep,
  moveAliasStep,
  publishStep,
  publishTestStep,
  setupStep,
} from '../src/chapter.ts';

/**
 * The SNS event echoTest logged holds the message the step published (the full output is
 * docs/04's, which `pnpm docs:check` compares with a real run).
 */
function expectReceived(output: string, message: string, version = '1'): void {
  const heading = `echoTest logged (version ${version}, through live):`;
  expect(output).toContain(heading);
  const logged = output.slice(output.indexOf(heading));
  expect(logged).toContain("EventSource: 'aws:sns'");
  expect(logged).toContain(`Message: '${message}'`);
}

const PUBLISH_TEST_MESSAGE = '지켜보고 있다.';
const PUBLISH_MESSAGE = '{"id":"snsFromNodeJS", "name":"Luna"}}';
/** Step 4.3 reads as JSON the message echoTest received, stray brace and all. */
const READ_AS_JSON =
  /Read as JSON with parseSnsMessage \(@l2l\/decoding\):\nDecodingError: SNS message [0-9a-f-]{36}: Invalid JSON/;

describe('chapter 4 on the local cloud', () => {
  it('delivers each message to echoTest, and the same again on a second run that makes nothing new', async () => {
    await withLocalWorkshop(async (workshop) => {
      const setup = await stepOutput(workshop, setupStep);
      expect(setup).toMatch(/^Subscription: arn:aws:sns:.*:testSns:[0-9a-f-]{36}$/m);
      expect(setup).toContain(
        'Endpoint:     arn:aws:lambda:us-east-1:000000000000:function:echoTest:live',
      );
      for (let run = 1; run <= 2; run++) {
        if (run === 2)
          expect(await stepOutput(workshop, setupStep), 'the same topic and subscription').toBe(
            setup,
          );
        expectReceived(await stepOutput(workshop, publishTestStep), PUBLISH_TEST_MESSAGE);
        const published = await stepOutput(workshop, publishStep);
        expectReceived(published, PUBLISH_MESSAGE);
        expect(published).toMatch(READ_AS_JSON);
      }
    });
  });

  it('cleans up what it made, then finds nothing to remove; each step then runs on its own', async () => {
    await withLocalWorkshop(async (workshop) => {
      for (const step of chapter.steps) await stepOutput(workshop, step);
      expect(maskOutput((await chapter.cleanup(workshop)).join('\n'))).toBe(
        [
          'SNS subscription arn:aws:sns:us-east-1:000000000000:testSns:<uuid>',
          'SNS topic testSns',
          'Lambda permission sns-testSns of echoTest:live',
          'Lambda alias echoTest:live',
          'Lambda function echoTest',
          'log group /aws/lambda/echoTest',
          'IAM role echoTest-role',
        ].join('\n'),
      );
      expect(await chapter.cleanup(workshop)).toEqual([]);
      expectReceived(await stepOutput(workshop, publishTestStep), PUBLISH_TEST_MESSAGE);
      await chapter.cleanup(workshop);
      expectReceived(await stepOutput(workshop, publishStep), PUBLISH_MESSAGE);
    });
  });

  it("refuses the delivery to $LATEST, which the alias's permission does not cover, and logs why", async () => {
    await withLocalWorkshop(async (workshop) => {
      const output = await stepOutput(workshop, latestStep);
      expect(output).toContain('Delivered to live: echoTest version 1 logged it');
      expect(output).toMatch(
        /Refused for \$LATEST, as sns\/us-east-1\/000000000000\/testSns\/Failure shows:\n {2}status 403, \{"ErrorCode":"AccessDeniedException","ErrorMessage":"User: sns.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:echoTest because/,
      );
      // The $LATEST subscription is gone again: the next delivery reaches live only.
      const [, latest] = /^Subscription: (\S+)$/m.exec(output) ?? [];
      expect(output).toContain(`Unsubscribed ${latest}`);
      expect(maskOutput((await chapter.cleanup(workshop)).join('\n'))).not.toContain(latest);
    });
  });

  it('keeps delivering to the old version after a new deploy, until the alias moves', async () => {
    await withLocalWorkshop(async (workshop) => {
      await stepOutput(workshop, setupStep);
      expect(await stepOutput(workshop, moveAliasStep)).toContain(
        "live stays at version 1: $LATEST's code and settings are that version's",
      );
      // New code as $LATEST (the step deploys echo's code again, as the exercise's edit would).
      await deployCallee(workshop, 'kinesis-decode');
      expectReceived(await stepOutput(workshop, publishTestStep), PUBLISH_TEST_MESSAGE, '1');
      expect(await stepOutput(workshop, moveAliasStep)).toContain(
        "live: version 1 → version 2; SNS's deliveries run version 2 now",
      );
      expectReceived(await stepOutput(workshop, publishTestStep), PUBLISH_TEST_MESSAGE, '2');
    });
  });
});

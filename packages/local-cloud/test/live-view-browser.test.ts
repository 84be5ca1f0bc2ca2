/**
 * The live view in a real browser (Debian's Chromium through playwright-core): the page is
 * open while the SDK runs a sync Invoke and an SNS Publish; each chain appears with its hops,
 * drawn by Mermaid; clicking a hop in the diagram shows its payload and log lines; the route
 * filter keeps only the SNS chain; the keyboard moves through the list; a recursive loop Lambda
 * stopped shows as a step of its own. A record of a run
 * (src/inspector/run-trace.ts) opens from its file, offline, with the same hops and payloads.
 * Screenshots, light and dark, go to test-results/live-view/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AddPermissionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceRun } from '../src/inspector/run-trace.ts';
import { handlerZip } from './lambda-support.ts';
import { type Chromium, launchChromium } from './support/chromium.ts';
import { createFunction } from './support/functions.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';
import { echoZip } from './support/zip.ts';

const OUTPUT = fileURLToPath(new URL('../test-results/live-view/', import.meta.url));
const cloud = useLocalCloud();

/** The hops of the chain shown, as the list under its diagram says them. */
function hopLines(page: Page): Promise<string[]> {
  return page.locator('#hops button').allInnerTexts();
}

describe('the live view in Chromium', () => {
  let chromium: Chromium;
  let page: Page;
  beforeAll(async () => {
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(cloud().liveViewUrl);
    await page.locator('#live', { hasText: 'live' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
  });

  it('shows a sync Invoke as it happens, and a hop clicked in the diagram shows its payload', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(lambda, 'echoTest', await echoZip());
    await lambda.send(
      new InvokeCommand({ FunctionName: 'echoTest', Payload: '{"id":"1","name":"Luna"}' }),
    );
    lambda.destroy();

    await page.locator('#chains button', { hasText: 'Invoke echoTest' }).click();
    // Drawn as the events come: until both hops have ended.
    await expect
      .poll(() => hopLines(page))
      .toEqual([
        expect.stringMatching(/^1\. You → Lambda: ok Invoke echoTest/),
        expect.stringMatching(/^2\. Lambda → echoTest: ok Invoke \(sync\), cold/),
      ]);
    const messages = page.locator('#diagram text.messageText');
    await expect
      .poll(() => messages.allTextContents())
      .toEqual([
        'Invoke echoTest',
        'run (sync)',
        expect.stringMatching(/^ok, cold, \d+ ms$/),
        expect.stringMatching(/^200, \d+ ms$/),
      ]);

    await messages.filter({ hasText: 'run (sync)' }).click();
    await expect
      .poll(() => page.locator('#hop pre.detail-payload').textContent())
      .toBe('{"id":"1","name":"Luna"}');
    expect(await page.locator('#hop pre.detail-response').textContent()).toBe(
      '{"id":"1","name":"Luna"}',
    );
    expect(await page.locator('#hop pre.detail-log').textContent()).toMatch(/^START RequestId/);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}sync-invoke-light.png`, fullPage: true });
  });

  it('shows an SNS Publish with its delivery and invocation, and filters by route', async () => {
    const config = clientConfig(cloud());
    const sns = new SNSClient(config);
    const lambda = new LambdaClient(config);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'testSns' }));
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'echoTest',
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: TopicArn,
      }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'lambda',
        Endpoint: `arn:aws:lambda:us-east-1:000000000000:function:echoTest`,
      }),
    );
    await sns.send(new PublishCommand({ TopicArn, Message: 'hello from SNS' }));
    sns.destroy();
    lambda.destroy();

    await page.locator('#route-filter').selectOption('SNS');
    const chains = page.locator('#chains button');
    await chains.filter({ hasText: 'Publish testSns' }).click();
    await expect
      .poll(() => hopLines(page))
      .toEqual([
        expect.stringMatching(/^1\. You → SNS: ok Publish testSns/),
        expect.stringMatching(/^2\. SNS → Lambda: ok Deliver to echoTest/),
        expect.stringMatching(/^3\. Lambda → echoTest: ok Invoke \(SNS\), warm/),
      ]);
    expect(await chains.allInnerTexts()).toHaveLength(1);

    // With the keyboard: the hop list's buttons, Enter opens one, Escape closes it.
    await page.locator('#hops button').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#hop pre.detail-payload').textContent())
      .toContain('hello from SNS');
    await page.keyboard.press('Escape');
    expect(await page.locator('#hop').isHidden()).toBe(true);

    await page.locator('#theme').click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.locator('#diagram').waitFor();
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}sns-publish-dark.png`, fullPage: true });
  });

  it('shows an invocation Lambda stopped as a recursive loop as a step of its own', async () => {
    const lambda = new LambdaClient(clientConfig(cloud()));
    await createFunction(
      lambda,
      'traced',
      await handlerZip('export const handler = async () => process.env._X_AMZN_TRACE_ID;'),
    );
    const first = await lambda.send(new InvokeCommand({ FunctionName: 'traced' }));
    const header = JSON.parse(Buffer.from(first.Payload ?? []).toString()) as string;
    // Its trace header, as if the function had run 16 times in the chain and called itself again.
    const sixteenth = header.replace(/Lineage=([0-9a-f]{8}):1$/, 'Lineage=$1:16');
    lambda.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amzn-trace-id'] =
          sixteenth;
        return next(args);
      },
      { step: 'build' },
    );
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'traced', Payload: '{"n":17}' })),
    ).rejects.toMatchObject({ name: 'RecursiveInvocationException' });
    lambda.destroy();

    await page.locator('#route-filter').selectOption('');
    await page
      .locator('#chains button', { hasText: 'Invoke traced' })
      .filter({ hasText: 'error' })
      .click();
    await expect
      .poll(() => hopLines(page))
      .toEqual([
        expect.stringMatching(/^1\. You → Lambda: ok Invoke traced/),
        expect.stringMatching(/^2\. Lambda → traced: ok Invoke \(sync\), cold/),
        expect.stringMatching(
          /^3\. traced → Lambda: error Invoke traced: 400 RecursiveInvocationException/,
        ),
        expect.stringMatching(/^4\. Lambda → Lambda: error Recursive loop stopped: traced not run/),
      ]);
    const messages = page.locator('#diagram text.messageText');
    await expect
      .poll(() => messages.allTextContents())
      .toEqual([
        'Invoke traced',
        'run (sync)',
        expect.stringMatching(/^ok, cold, \d+ ms$/),
        expect.stringMatching(/^200, \d+ ms$/),
        'Invoke traced',
        'loop stopped: traced not run',
        'the caller gets RecursiveInvocationException',
        expect.stringMatching(/^400 RecursiveInvocationException, \d+ ms$/),
      ]);
    await messages.filter({ hasText: 'loop stopped' }).click();
    await expect
      .poll(() => page.locator('#hop pre.detail-response').textContent())
      .toBe(
        'traced ran 16 times in this chain of requests: Lambda stopped its next invocation (RecursiveInvocationsDropped), and the caller gets RecursiveInvocationException.',
      );
    expect(await page.locator('#hop pre.detail-payload').textContent()).toBe('{"n":17}');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: `${OUTPUT}loop-stopped.png`, fullPage: true });
  });

  it('writes a record of a run that opens offline, and its Mermaid for the docs', async () => {
    const trace = await traceRun(cloud().endpoint);
    const lambda = new LambdaClient(clientConfig(cloud()));
    await lambda.send(
      new InvokeCommand({ FunctionName: 'echoTest', Payload: '{"run":"recorded"}' }),
    );
    lambda.destroy();
    mkdirSync(OUTPUT, { recursive: true });
    const written = await trace.finish(`${OUTPUT}run.html`);
    expect(written.markdownFile).toBe(`${OUTPUT}run.md`);
    const markdown = readFileSync(written.markdownFile, 'utf8');
    expect(markdown).toContain(
      '## 1. Invoke echoTest\n\n```mermaid\nsequenceDiagram\n  participant p0 as You\n  participant p1 as Lambda\n  participant p2 as echoTest\n  p0->>p1: Invoke echoTest\n  p1->>p2: run (sync)\n',
    );
    // Only what the run did: the calls of the tests before are not in it.
    expect(markdown).not.toContain('Publish testSns');

    const offline = await chromium.browser.newPage();
    await offline.route(/^(?!file:)/, (route) => route.abort());
    await offline.goto(pathToFileURL(written.htmlFile).href);
    expect(await offline.locator('#live').textContent()).toMatch(/^recorded /);
    await offline.locator('#chains button', { hasText: 'Invoke echoTest' }).click();
    await offline.locator('#diagram text.messageText', { hasText: 'run (sync)' }).click();
    await expect
      .poll(() => offline.locator('#hop pre.detail-payload').textContent())
      .toBe('{"run":"recorded"}');
    await offline.screenshot({ path: `${OUTPUT}recorded-run.png`, fullPage: true });
    await offline.close();
  });
});

/**
 * Issue 10 in a real browser: Debian's Chromium, driven by playwright-core (no browser of
 * its own is downloaded), opens a page served on another loopback port. The page tries
 * what any site the learner visits could: a `no-cors` fetch of a CreateFunction whose
 * code writes a marker file, then its Invoke, then the same through a
 * `<form enctype="text/plain">`. The requests reach the local cloud and are refused:
 * no function exists afterwards, and no code ran.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTextPlainForm, createFunctionBody, marker } from './support/attack.ts';
import { type Chromium, launchChromium } from './support/chromium.ts';
import { clientConfig, useLocalCloud } from './support/local-cloud.ts';

const cloud = useLocalCloud();

/** An attacker's site: one page, whose HTML the test writes. */
async function servePage(html: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

describe('a page in Chromium, on another port', () => {
  let chromium: Chromium;
  beforeAll(async () => {
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
  });

  it('can neither create a function nor run one, by fetch or by form', async () => {
    const functions = `${cloud().endpoint}/2015-03-31/functions`;
    const ran = marker();
    const fetched = await createFunctionBody('fetched', ran.file);
    const form = asTextPlainForm(await createFunctionBody('formed', ran.file));
    const site = await servePage(`<!doctype html>
<title>a page the learner visits</title>
<iframe name="sink"></iframe>
<form method="POST" enctype="text/plain" action="${functions}" target="sink">
  <input type="hidden" name="${escapeHtml(form.name)}" value="${escapeHtml(form.value)}">
</form>
<script>
  async function attack() {
    await fetch(${JSON.stringify(functions)}, {
      method: 'POST', mode: 'no-cors', body: ${JSON.stringify(fetched)},
    });
    await fetch(${JSON.stringify(`${functions}/fetched/invocations`)}, {
      method: 'POST', mode: 'no-cors', body: '{}',
    });
    return 'sent';
  }
</script>`);
    try {
      const page = await chromium.browser.newPage();
      await page.goto(site.url);
      // What reached the local cloud, as the browser saw it (the page itself cannot read it).
      const statuses: number[] = [];
      page.on('response', (response) => {
        if (response.url().startsWith(cloud().endpoint)) statuses.push(response.status());
      });

      expect(await page.evaluate('attack()')).toBe('sent');
      const formAnswer = page.waitForResponse((response) => response.url() === functions);
      await page.evaluate('document.forms[0].submit()');
      await formAnswer;

      expect(statuses).toEqual([403, 403, 403]);
      const lambda = new LambdaClient(clientConfig(cloud()));
      const { Functions = [] } = await lambda.send(new ListFunctionsCommand({}));
      lambda.destroy();
      expect(Functions.map((fn) => fn.FunctionName)).toEqual([]);
      expect(ran.written()).toBe(false);
    } finally {
      site.close();
    }
  }, 60_000);
});

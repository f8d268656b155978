/**
 * /docs in a real browser (Debian's Chromium driven by playwright-core),
 * against the real app on a test database: a developer pastes an access
 * token once under "Authorize", then "Try it out" works for the push (the
 * spec's own example body), the list, the lookup (its examples are the
 * quick start's demo invoice) and the export, each answered by the server
 * and stored or read in the database. Any error in the browser console
 * fails the test (a CSP violation is one).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { CHROMIUM, haveChromium, launchChromium } from './helpers/browser.ts';
import { buildDetail, buildInvoice, buildPush } from './helpers/builders.ts';

if (!haveChromium()) {
  test(`skipped: no Chromium at ${CHROMIUM} (CI installs it with apt-get install chromium fonts-noto-cjk)`, { skip: true }, () => {});
} else {
  docsTests();
}

function docsTests(): void {
  let app: TestApp;
  let browser: Browser;
  let token: TestToken;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    app = await startTestApp();
    token = await app.token({ scopes: ['push', 'read'] });
    // The quick start's demo invoice (what the first start's curl pushes).
    const demo = buildPush({
      channelCode: 'jcsk',
      serialNo: 'demo-1',
      data: [
        buildInvoice({
          sellerName: '示例销售有限公司',
          sellerTaxNo: '91110105MA01G6XXX5',
          buyerTaxNo: undefined,
          invoiceCode: '011002100111',
          invoiceNumber: '00000001',
          invoiceDate: Date.UTC(2026, 0, 1),
          details: [buildDetail({ goodsName: '*信息技术服务*技术服务费' })],
        }),
      ],
    });
    const response = await app.push(demo, token.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/docs`);
    await page.locator('.information-container').waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens an operation, presses "Try it out" and "Execute"; returns the status and body Swagger UI shows. */
  async function tryItOut(operation: string): Promise<{ status: string; body: string; url: string }> {
    const block = page.locator(`#operations-${operation}`);
    await block.locator('.opblock-summary').first().click();
    await block.locator('.try-out__btn').click();
    await block.locator('button.execute').click();
    const status = block.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor();
    const url = (await block.locator('.request-url pre').first().textContent()) ?? '';
    const body = (await block.locator('.live-responses-table tr.response .response-col_description').first().textContent()) ?? '';
    return { status: ((await status.textContent()) ?? '').trim(), body, url };
  }

  test('when a token is pasted under Authorize, then Try it out pushes the spec example, lists, looks up and exports', async () => {
    // The token, once.
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(token.accessToken);
    await dialog.locator('button.authorize').first().click();
    await dialog.locator('button.btn-done').first().click();

    // The push's example is the spec's own body: it is stored.
    const push = await tryItOut('push-pushInvoicingResult');
    assert.equal(push.status, '200', push.body);
    assert.match(push.body, /"value": true/);
    assert.match(push.url, new RegExp(`accessToken=${token.accessToken}`));
    const stored = await app.db
      .selectFrom('invoices')
      .select(['invoice_code', 'channel_code'])
      .where('invoice_number', '=', '89429424')
      .execute();
    assert.deepEqual(stored, [{ invoice_code: '0120020004xxx', channel_code: 'jcsk' }]);

    // The list: no filter is sent unless chosen; both invoices come.
    const list = await tryItOut('invoices-listInvoices');
    assert.equal(list.status, '200', list.body);
    assert.equal(new URL(list.url).searchParams.size, 2, `only accessToken and the default limit: ${list.url}`);
    assert.match(list.body, /"invoiceNumber": "89429424"/);
    assert.match(list.body, /"invoiceNumber": "00000001"/);

    // The lookup's examples are the demo invoice.
    const lookup = await tryItOut('invoices-lookupInvoice');
    assert.equal(lookup.status, '200', lookup.body);
    assert.match(lookup.body, /"invoiceNumber": "00000001"/);

    // The export.
    const exported = await tryItOut('invoices-exportInvoices');
    assert.equal(exported.status, '200', exported.body);

    assert.deepEqual(errors, [], 'no error in the browser console');
  });
}

/**
 * The console's 推送记录 in a real browser (Debian's Chromium through
 * playwright-core), against the real app on a test database, at 1366×768:
 * a viewer sees today's rejected and in-progress batches first (not the
 * ones that succeeded), filters the pushes by batch (kept in the URL),
 * opens a push and reads its body exactly as stored, formatted on request,
 * opens its batch, and reaches a push's body from 发票详情.
 *
 * An error in the browser console fails a test. Each page is saved as a
 * PNG under test-output/screenshots/<database>-pushes/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { haveChromium, launchChromium, openPerson, screenshot, signInAt } from './helpers/browser.ts';
import { buildInvoice, buildPush, type PushRequest, uniqueNumber } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';

const SCREENSHOTS = path.resolve('test-output', 'screenshots', `${process.env.DATABASE_URL ? 'postgres' : 'embedded'}-pushes`);

if (!haveChromium()) {
  test('skipped: no Chromium at /usr/bin/chromium (CI installs it with apt-get install chromium fonts-noto-cjk)', { skip: true }, () => {});
} else {
  browserTests();
}

function browserTests(): void {
  let app: TestApp;
  let browser: Browser;
  let pusher: TestToken;
  let viewer: { name: string; password: string };
  const run = uniqueNumber();
  const done = `DONE-${run}`;
  const rejected = `REJ-${run}`;
  const open = `OPEN-${run}`;
  const invoice = buildInvoice({ buyerName: '嘉兴推送记录有限公司' });

  async function push(body: PushRequest): Promise<void> {
    const response = await app.push(body, pusher.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }

  before(async () => {
    execFileSync(process.execPath, ['console/build.ts', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    pusher = await app.token({ scopes: ['push'] });
    await push(buildPush({ serialNo: done, result: 2, data: [] }));
    await push(buildPush({ serialNo: done, result: 0, data: [invoice] }));
    await push(buildPush({ serialNo: rejected, result: 1, rejectMsg: '购方税号有误', data: [] }));
    await push(buildPush({ serialNo: open, result: 2, data: [] }));
    viewer = await signedInAs(app, 'viewer');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    process.stdout.write(`console screenshots: ${SCREENSHOTS}\n`);
  });

  test('when a viewer opens 推送记录, then today’s rejected and in-progress batches come first, and a push’s body is shown as received', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    const shot = (name: string) => screenshot(page, SCREENSHOTS, name);
    try {
      await signInAt(page, app.url, viewer.name, viewer.password);
      await page.getByRole('menuitem', { name: '推送记录' }).click();
      await page.waitForURL(/\/console\/pushes$/);
      const batches = page.getByTestId('open-batches');
      await batches.getByText('已加载 2 个').waitFor();
      const batchText = await batches.innerText();
      assert.match(batchText, new RegExp(`${open}[\\s\\S]*开票中`));
      assert.match(batchText, new RegExp(`${rejected}[\\s\\S]*开票驳回[\\s\\S]*购方税号有误`));
      assert.ok(!batchText.includes(done), 'a batch that succeeded is not among them');
      const pushes = page.getByTestId('pushes');
      await pushes.getByText('已加载 4 次').waitFor();
      await shot('40-pushes');

      // Filtered by batch: in the URL, two pushes, newest first.
      await page.getByLabel('批次号').fill(done);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(new RegExp(`serialNo=${done}`));
      await pushes.getByText('已加载 2 次').waitFor();
      const rows = pushes.locator('.ant-table-row');
      assert.match(await rows.nth(0).innerText(), /开票成功[\s\S]*新增 1 张；批次状态 开票中 → 开票成功/);
      assert.match(await rows.nth(1).innerText(), /开票中[\s\S]*批次新建：开票中/);

      // One push: what it did, its body exactly as stored, formatted on request.
      await rows.nth(0).getByRole('link', { name: '查看报文' }).click();
      await page.waitForURL(/\/console\/pushes\/\d+$/);
      const id = page.url().split('/').at(-1) as string;
      const stored = await app.db.selectFrom('pushes').select(['body', 'serial_no']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(stored.serial_no, done);
      const body = page.getByTestId('push-body');
      await body.waitFor();
      assert.equal(await body.textContent(), stored.body);
      assert.match(await page.locator('main').innerText(), new RegExp(`${invoice.invoiceNumber}[\\s\\S]*首次接收`));
      await page.getByText('格式化').click();
      assert.equal(await body.textContent(), JSON.stringify(JSON.parse(stored.body), null, 2));
      await shot('41-push-detail');

      // Its batch: the pushes oldest first, the invoice it carried.
      await page.locator('main').getByRole('link', { name: done }).click();
      await page.waitForURL(/\/console\/pushes\/batch\?/);
      await page.getByText('推送（2 次，按时间先后）').waitFor();
      assert.match(await page.locator('main').innerText(), new RegExp(`开票成功[\\s\\S]*${invoice.invoiceNumber}`));
      await shot('42-batch');

      // From the invoice: each receipt links to its push's body.
      await page
        .locator('main')
        .getByRole('link', { name: String(invoice.invoiceNumber) })
        .click();
      await page.waitForURL(/\/console\/invoices\/\d+$/);
      await page.getByTestId('push-link').first().click();
      await page.waitForURL(new RegExp(`/console/pushes/${id}$`));
      await page.getByTestId('push-body').waitFor();

      await page.goto(`${app.url}/console/pushes?serialNo=NONE-${run}`);
      await page.getByText('没有符合条件的推送').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });
}

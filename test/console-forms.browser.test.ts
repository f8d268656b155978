/**
 * The console's 红字确认单 pages in a real browser (Debian's Chromium
 * through playwright-core), against the real app and the Nuonuo channel
 * simulator (real HTTP on loopback ports, the red-flush and form jobs
 * running), at 1366×768:
 *
 * - a 数电 invoice whose buyer must confirm is red-flushed; from the
 *   request's page an operator opens its form: 销方录入待购方确认, the
 *   countdown to its deadline (red: the test's window is 10 hours), its
 *   history and the actions it allows (撤销, 刷新); 刷新 behind a
 *   confirmation; the list filtered by state in the URL;
 * - a buyer enters a form against another of our invoices; an admin runs
 *   the sync (立即同步), finds it and rejects it with a reason in the
 *   dialog; it ends 06, recorded with who did it (the form's event, the
 *   audit log, shown in 审计日志).
 *
 * An error in the browser console fails a test. Each page is saved as a
 * PNG under test-output/screenshots/<database>-forms/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { haveChromium, launchChromium, openPerson, screenshot, signInAt } from './helpers/browser.ts';
import { signedInAs } from './helpers/console.ts';
import { CONFIRMING_BUYER, type Loop, redFlushBody, startLoop } from './helpers/red-flush-loop.ts';

const SCREENSHOTS = path.resolve('test-output', 'screenshots', `${process.env.DATABASE_URL ? 'postgres' : 'embedded'}-forms`);
const FORMS = '/api/openapi/v2/red-confirm-forms';

if (!haveChromium()) {
  test('skipped: no Chromium at /usr/bin/chromium (CI installs it with apt-get install chromium fonts-noto-cjk)', { skip: true }, () => {});
} else {
  browserTests();
}

type Form = { id: string; billId: string | null; state: string; redFlushId: string | null };

function browserTests(): void {
  let loop: Loop;
  let browser: Browser;

  before(async () => {
    execFileSync(process.execPath, ['console/build.ts', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Ten hours to confirm (the bureau's is 72): the countdown is under twelve, so red.
    loop = await startLoop({ forms: { confirmWindowMs: 10 * 3600_000 } });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await loop?.close();
    process.stdout.write(`console screenshots: ${SCREENSHOTS}\n`);
  });

  async function forms(query: string): Promise<Form[]> {
    const response = await loop.app.http().get(`${FORMS}?${query}`).set('accessToken', loop.token.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.value.items as Form[];
  }

  test('when a 数电 invoice whose buyer must confirm is red-flushed, then its form is shown waiting, with a countdown, its history and the actions it allows', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    const shot = (name: string) => screenshot(page, SCREENSHOTS, name);
    try {
      const operator = await signedInAs(loop.app, 'operator');
      const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER, buyerName: '广州确认购方有限公司' });
      const answer = await loop.redFlush(redFlushBody(loop, blue));
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const requestId = answer.body.data.redFlushId as string;
      let form: Form | undefined;
      await loop.waitFor('the request’s form waits for the buyer (02)', async () => {
        form = (await forms(`redFlushId=${requestId}`))[0];
        return form?.state === '02';
      });

      await signInAt(page, loop.app.url, operator.name, operator.password);
      await page.goto(`${loop.app.url}/console/red-flush-requests/${requestId}`);
      await page.getByTestId('request-form-link').click();
      await page.waitForURL(new RegExp(`/console/red-confirm-forms/${form?.id}$`));
      await page.getByTestId('form-total').getByText('106.00').waitFor();
      const main = page.locator('main');
      const text = await main.innerText();
      for (const expected of [
        '销方录入待购方确认',
        '我方申请（销方录入）',
        '广州确认购方有限公司',
        CONFIRMING_BUYER,
        String(blue.invoiceNumber),
        '开票有误',
      ]) {
        assert.ok(text.includes(expected), `the form's page shows ${expected}`);
      }
      const countdown = page.getByTestId('countdown');
      assert.match(await countdown.innerText(), /^剩余 (9 小时 \d{1,2}|10 小时 0) 分$/);
      assert.ok(await countdown.evaluate((element) => element.classList.contains('ant-typography-danger')), 'under 12 hours: red');
      assert.equal(await page.getByTestId('form-confirm').count(), 0, 'our own form is confirmed by the buyer, not by us');
      await page.getByTestId('form-events').getByText('销方录入待购方确认').first().waitFor();
      await shot('50-form-detail');

      // 刷新: asked first, then done, and recorded with who asked.
      await page.getByTestId('form-refresh').click();
      await page.locator('.ant-modal-confirm-title').getByText('向渠道查询红字确认单').waitFor();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /刷\s*新/ })
        .click();
      await page.locator('.ant-message').getByText('已刷新：红字确认单现为「销方录入待购方确认」').waitFor();
      await page.getByTestId('form-events').getByText(`用户 ${operator.name}`).first().waitFor();
      const refreshed = await sql<{ action: string; name: string }>`
        select e.action, u.name from red_confirm_form_events e join console_users u on u.id = e.actor_user_id
        where e.form_id = ${form?.id}::bigint and e.source = 'action'`.execute(loop.app.db);
      assert.deepEqual(refreshed.rows, [{ action: 'refresh', name: operator.name }]);

      // The list: waiting forms, in the URL; the state in Chinese, the countdown, the actions.
      await page.getByRole('menuitem', { name: '红字确认单' }).click();
      await page.waitForURL(/\/console\/red-confirm-forms$/);
      await page.getByLabel('状态').click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '待确认' }).click();
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/state=waiting/);
      const row = page.locator('.ant-table-row', { hasText: String(blue.invoiceNumber) });
      const rowText = await row.innerText();
      assert.match(rowText, /销方录入待购方确认[\s\S]*我方申请 · 销方录入[\s\S]*剩余 \d+ 小时 \d+ 分/);
      assert.match(rowText, /106\.00/);
      assert.match(rowText, /撤销[\s\S]*刷新/);
      await shot('51-forms-waiting');
      await page.goto(`${loop.app.url}/console/red-confirm-forms?state=09`);
      await page.getByText('没有符合条件的红字确认单').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when an admin syncs the buyers’ forms and rejects one waiting for us with a reason, then it ends 06, recorded with who did it and shown in the audit log', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      const admin = await signedInAs(loop.app, 'admin');
      const blue = await loop.pushBlue();
      const entered = await loop.sim.state.enterBuyerForm({ blueInvoiceNumber: blue.invoiceNumber });

      // 立即同步: the sync job runs now and records the buyer's form.
      await signInAt(page, loop.app.url, admin.name, admin.password);
      await page.goto(`${loop.app.url}/console/red-confirm-forms?origin=counterparty`);
      await page.getByRole('button', { name: /立即同步/ }).click();
      await page.locator('.ant-message').getByText('已开始向渠道同步购方录入的红字确认单').waitFor();
      let form: Form | undefined;
      await loop.waitFor('the sync recorded the buyer’s form', async () => {
        form = (await forms('origin=counterparty&limit=100')).find((found) => found.billId === entered.billId);
        return form?.state === '03';
      });
      await page.reload();
      const row = page.locator('.ant-table-row', { hasText: String(blue.invoiceNumber) });
      assert.match(await row.innerText(), /购方录入待销方确认[\s\S]*对方录入 · 购方录入[\s\S]*确认[\s\S]*拒绝[\s\S]*刷新/);
      await row.getByTestId('form-reject').click();
      const dialog = page.locator('.ant-modal', { hasText: '拒绝理由' });
      await dialog.getByRole('button', { name: /拒\s*绝/ }).click();
      await dialog.getByText('请填写拒绝理由').waitFor();
      await dialog.getByLabel('拒绝理由').fill('金额与合同不符');
      await screenshot(page, SCREENSHOTS, '52-form-reject');
      // A double click: one rejection is sent, and the clerk sees only that it was done.
      const rejections: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/red-confirm-forms\/\d+\/reject$/.test(request.url())) rejections.push(request.url());
      });
      await dialog.getByRole('button', { name: /拒\s*绝/ }).dblclick();
      await page.locator('.ant-message').getByText('已拒绝：红字确认单现为「作废（购方录入销方否认）」').waitFor();
      assert.equal(rejections.length, 1, 'one request');
      assert.equal(await page.locator('.ant-message-error').count(), 0, 'no conflict shown');
      await row.getByText('作废（购方录入销方否认）').waitFor();
      assert.equal(await row.getByTestId('form-reject').count(), 0, 'nothing more to do');

      const stored = await sql<{ state: string }>`select state from red_confirm_forms where id = ${form?.id}::bigint`.execute(loop.app.db);
      assert.deepEqual(stored.rows, [{ state: '06' }]);
      const audit = await sql<{ action: string; actor_type: string; actor_name: string }>`
        select action, actor_type, actor_name from audit_log where target = ${`red_confirm_form:${form?.id}`}`.execute(loop.app.db);
      assert.deepEqual(audit.rows, [{ action: 'red_confirm_form.reject', actor_type: 'user', actor_name: admin.name }]);
      const sent = loop.sim.state.callsOf('confirm').at(-1)?.body as Record<string, unknown>;
      assert.deepEqual([sent.confirmAgreement, sent.confirmReason ?? sent.reason], ['0', '金额与合同不符']);

      await row.getByRole('link', { name: '详情' }).click();
      await page.getByTestId('form-events').getByText('金额与合同不符').waitFor();
      await screenshot(page, SCREENSHOTS, '53-form-rejected');

      await page.goto(`${loop.app.url}/console/settings/audit`);
      const rejected = page.locator('.ant-table-row', { hasText: '拒绝红字确认单' });
      assert.match(await rejected.innerText(), new RegExp(`${admin.name}[\\s\\S]*确认单 ${entered.billNo}[\\s\\S]*理由：金额与合同不符`));
      await page.locator('.ant-table-row', { hasText: '同步红字确认单' }).getByText('已开始同步').waitFor();
      await screenshot(page, SCREENSHOTS, '54-audit-forms');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });
}

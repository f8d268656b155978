/**
 * The request's page and the result of 发票红冲 where the channel decides,
 * in a real browser (Debian's Chromium through playwright-core) against the
 * real app and the Nuonuo channel simulator (real HTTP on loopback ports,
 * the red-flush and form jobs running), at 1366×768:
 *
 * - a 税控专用发票 (004) is red-flushed from the console: its request waits
 *   for the 红字信息表编号, which the operator types on the request's page
 *   (checked for 16 digits there, confirmed), and the channel then issues
 *   the red invoice; a number given meanwhile by someone else is refused
 *   with the API's 409, in Chinese, without the API's names;
 * - the channel refuses the 红字确认单: the result says the request was
 *   stored and refused, with the channel's words and a link to it, and
 *   nothing of 剩余可红冲金额不足;
 * - the request's 红字确认单 becomes a link once recorded, and follows the
 *   form's state while the page stays open.
 *
 * An error in the browser console fails a test (but for the 409 the test
 * provokes). Each page is saved as a PNG under
 * test-output/screenshots/<database>-red-flush-channel/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import { choose, haveChromium, launchChromium, openPerson, screenshot, signInAt } from './helpers/browser.ts';
import { uniqueNumber } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';
import { CONFIRMING_BUYER, type Loop, redFlushBody, startLoop } from './helpers/red-flush-loop.ts';

const SCREENSHOTS = path.resolve('test-output', 'screenshots', `${process.env.DATABASE_URL ? 'postgres' : 'embedded'}-red-flush-channel`);

if (!haveChromium()) {
  test('skipped: no Chromium at /usr/bin/chromium (CI installs it with apt-get install chromium fonts-noto-cjk)', { skip: true }, () => {});
} else {
  browserTests();
}

function browserTests(): void {
  let loop: Loop;
  let browser: Browser;
  let operator: { name: string; password: string };

  before(async () => {
    execFileSync(process.execPath, ['console/build.ts', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    loop = await startLoop();
    operator = await signedInAs(loop.app, 'operator');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await loop?.close();
    process.stdout.write(`console screenshots: ${SCREENSHOTS}\n`);
  });

  /** 发票红冲 of one invoice as a clerk does it: the row's 红冲, a reason, the server's total, 提交红冲, 确认红冲. */
  async function redFlushInConsole(page: Page, number: string, reason: string, total: string): Promise<void> {
    await page.goto(`${loop.app.url}/console/red-flush?invoiceNumber=${number}`);
    await page.getByText('已加载 1 张').waitFor();
    await page
      .locator('.ant-table-row', { hasText: number })
      .getByRole('button', { name: /红\s*冲/ })
      .click();
    await choose(page, page.getByLabel(`${number} 红冲原因`), reason);
    await page.getByTestId(`confirm-${number}`).getByTestId('preview-total').getByText(total).waitFor();
    await page.getByRole('button', { name: /提交红冲（1 张）/ }).click();
    await page.getByRole('button', { name: '确认红冲' }).click();
  }

  const storedRequest = (id: string) =>
    loop.app.db
      .selectFrom('red_flush_requests')
      .select(['state', 'info_sheet_no', 'user_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  test('when an operator red-flushes a 税控专用发票 (004), then its page asks for the 红字信息表编号, checks it, gives it, and the channel issues the red invoice', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    const shot = (name: string) => screenshot(page, SCREENSHOTS, name);
    try {
      const blue = await loop.pushBlue({ invoiceTypeCode: '004', invoiceCode: '3100261130', invoiceNumber: uniqueNumber() });
      const number = String(blue.invoiceNumber);
      await signInAt(page, loop.app.url, operator.name, operator.password);
      await page.goto(`${loop.app.url}/console/red-flush?invoiceNumber=${number}`);
      await page.getByText('已加载 1 张').waitFor();
      await page
        .locator('.ant-table-row', { hasText: number })
        .getByRole('button', { name: /红\s*冲/ })
        .click();
      await choose(page, page.getByLabel(`${number} 红冲原因`), '2 开票有误');
      const card = page.getByTestId(`confirm-${number}`);
      await card.getByTestId('preview-total').getByText('-106.00').waitFor();
      assert.match(await card.innerText(), /需先取得红字信息表编号（税控专用发票）/);
      await page.getByRole('button', { name: /提交红冲（1 张）/ }).click();
      await page.getByRole('button', { name: '确认红冲' }).click();
      await page.getByText('受理 1 张，不能红冲 0 张').waitFor();
      assert.match(await page.getByTestId('red-flush-result').innerText(), /已受理[\s\S]*待填红字信息表[\s\S]*106\.00/);
      await page.getByTestId('red-flush-result').getByRole('link', { name: '查看申请' }).click();
      await page.waitForURL(/\/console\/red-flush-requests\/[0-9a-f]{32}$/);
      const id = page.url().split('/').at(-1) as string;

      // The request waits: the page offers the field, checked as the API checks it (16 digits).
      const sheet = page.getByTestId('info-sheet');
      await sheet.waitFor();
      assert.equal((await page.getByTestId('request-info-sheet').innerText()).trim(), '—');
      const field = sheet.getByLabel('红字信息表编号');
      const give = sheet.getByRole('button', { name: '提交编号' });
      await give.click();
      await sheet.getByText('请输入红字信息表编号').waitFor();
      for (const wrong of ['12345', '440301261200012X', '44030126120001234']) {
        await field.fill(wrong);
        await give.click();
        await sheet.getByText('应为 16 位数字（税局出具的红字信息表编号）').waitFor();
      }
      assert.equal((await storedRequest(id)).info_sheet_no, null, 'nothing was sent');
      await shot('60-info-sheet-wrong');

      // Typed with a Chinese IME in full-width mode, in groups of four: the same 16 digits.
      await field.fill('４４０３ ０１２６ １２００ ０１２３');
      await give.click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.locator('.ant-modal-confirm-title').getByText('确认红字信息表编号 4403012612000123？').waitFor();
      await shot('61-info-sheet-confirm');
      await confirm.getByRole('button', { name: /提\s*交/ }).click();
      await page
        .locator('.ant-message')
        .getByText(/已填写红字信息表编号，红冲申请现为「/)
        .waitFor();
      await page.getByTestId('request-info-sheet').getByText('4403012612000123').waitFor();
      assert.equal(await sheet.count(), 0, 'no longer asked for');

      // The page follows the request: the channel issues the red invoice with the number.
      await page.getByTestId('red-invoice-link').waitFor({ timeout: 60_000 });
      const text = await page.locator('main').innerText();
      for (const expected of ['已开具', '填写红字信息表编号', `用户 ${operator.name} 在控制台发起`, '开具红字发票']) {
        assert.ok(text.includes(expected), `the request page shows ${expected}`);
      }
      await shot('62-info-sheet-issued');
      const stored = await storedRequest(id);
      assert.deepEqual([stored.state, stored.info_sheet_no], ['issued', '4403012612000123']);
      const calls = loop.sim.state.callsOf('fastInvoiceRed').map((call) => (call.body as { billInfoNo?: string }).billInfoNo);
      assert.ok(calls.includes('4403012612000123'), 'the channel was asked with the number');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when the 红字信息表编号 was given meanwhile by someone else, then 提交 says the request no longer waits, in Chinese without the API’s names, and nothing changes', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      const blue = await loop.pushBlue({ invoiceTypeCode: '004', invoiceCode: '3100261130', invoiceNumber: uniqueNumber() });
      const asked = await loop.redFlush(redFlushBody(loop, blue));
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      const id = asked.body.data.redFlushId as string;
      await signInAt(page, loop.app.url, operator.name, operator.password);
      await page.goto(`${loop.app.url}/console/red-flush-requests/${id}`);
      await page.getByTestId('info-sheet').waitFor();

      // The page as the clerk last saw it: its next look at the request comes after the other's number.
      const before = await loop.app.http().get(`/api/openapi/v2/red-flushes/${id}`).set('accessToken', loop.token.accessToken);
      await page.route(`**/api/openapi/v2/red-flushes/${id}`, (route) => route.fulfill({ json: before.body }));
      const given = await supertest(loop.app.url)
        .post(`/api/openapi/v2/red-flushes/${id}/info-sheet`)
        .set('accessToken', loop.token.accessToken)
        .send({ infoSheetNo: '1100261200000017' });
      assert.equal(given.status, 200, JSON.stringify(given.body));

      await page.getByTestId('info-sheet').getByLabel('红字信息表编号').fill('4403012612000999');
      await page.getByTestId('info-sheet').getByRole('button', { name: '提交编号' }).click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /提\s*交/ })
        .click();
      const failure = page.getByTestId('info-sheet-failure');
      await failure.waitFor();
      const said = await failure.innerText();
      assert.match(said, /操作冲突：红冲申请状态为「[^」]+」，不是待填红字信息表，不能填写红字信息表编号/);
      assert.doesNotMatch(said, /infoSheetNo|\((?:accepted|submitted|issued)\)|（(?:accepted|submitted|issued)）/, 'no API name');
      await screenshot(page, SCREENSHOTS, '63-info-sheet-conflict');
      assert.equal((await storedRequest(id)).info_sheet_no, '1100261200000017', 'the first number stays');

      await page.unroute(`**/api/openapi/v2/red-flushes/${id}`);
      await page.getByRole('button', { name: /刷\s*新/ }).click();
      await page.getByTestId('request-info-sheet').getByText('1100261200000017').waitFor();
      assert.equal(await page.getByTestId('info-sheet').count(), 0);
      assert.deepEqual(
        errors.filter((error) => !/status of 409 \(Conflict\)/.test(error)),
        [],
        'no error but the 409',
      );
    } finally {
      await person.context.close();
    }
  });

  test('when the channel refuses the 红字确认单, then the result shows the request stored and refused, the channel’s words and a link to it, and nothing of 剩余可红冲金额不足', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      const blue = await loop.pushBlue({ buyerName: '嘉兴渠道拒绝有限公司' });
      const number = String(blue.invoiceNumber);
      loop.sim.state.addFault({
        method: 'saveInvoiceRedConfirm',
        kind: 'refuse',
        code: 'E9103',
        message: '红字确认单状态异常，请在红字确认单菜单人工处理！',
        count: 1,
      });
      await signInAt(page, loop.app.url, operator.name, operator.password);
      await redFlushInConsole(page, number, '1 销货退回', '-106.00');
      await page.getByText('受理 0 张，渠道未办成 1 张，不能红冲 0 张').waitFor();
      const row = page.getByTestId('red-flush-result').locator('.ant-table-row', { hasText: number });
      assert.match(await row.innerText(), /渠道未办成[\s\S]*渠道拒绝[\s\S]*106\.00[\s\S]*红字确认单状态异常，请在红字确认单菜单人工处理！/);
      await page.getByTestId('result-ended').waitFor();
      assert.equal(await page.getByTestId('result-refused').count(), 0);
      assert.ok(!(await page.locator('main').innerText()).includes('剩余可红冲金额不足'), 'not said: nothing was short');
      await screenshot(page, SCREENSHOTS, '64-refused-by-channel');

      await row.getByRole('link', { name: '查看申请' }).click();
      await page.waitForURL(/\/console\/red-flush-requests\/[0-9a-f]{32}$/);
      const id = page.url().split('/').at(-1) as string;
      await page.locator('main').getByText('渠道拒绝').first().waitFor();
      assert.equal((await storedRequest(id)).state, 'refused');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when the request’s 红字确认单 is recorded and then confirmed while its page is open, then the field becomes a link and follows the form’s state without a reload', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER, buyerName: '湖州购方确认有限公司' });
      // The channel does not answer the polls yet: the form the channel made is not recorded when the page opens.
      loop.sim.state.addFault({ method: 'queryInvoiceRedConfirm', kind: 'http', status: 502, count: 10_000 });
      const asked = await loop.redFlush(redFlushBody(loop, blue, { reason: 3 }));
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      const id = asked.body.data.redFlushId as string;
      await signInAt(page, loop.app.url, operator.name, operator.password);
      await page.goto(`${loop.app.url}/console/red-flush-requests/${id}`);
      await page.getByTestId('request-total').waitFor();
      assert.ok((await page.locator('main').innerText()).includes('服务终止'), 'reason 3 as seed 000 names it');

      // The polls are answered: the form is recorded (02), and the field becomes its link, the page left as it is.
      loop.sim.state.faults.splice(0);
      const link = page.getByTestId('request-form-link');
      await link.getByText(/销方录入待购方确认/).waitFor({ timeout: 20_000 });
      await screenshot(page, SCREENSHOTS, '65-form-link-waiting');

      // The buyer confirms: the link says so as the request moves on, still without a reload.
      const confirmed = await fetch(`${loop.sim.url}/_sim/forms/${id}/confirm`, { method: 'POST' });
      assert.equal(confirmed.status, 200);
      await link.getByText(/购销双方已确认/).waitFor({ timeout: 20_000 });
      await screenshot(page, SCREENSHOTS, '66-form-link-confirmed');

      await link.click();
      await page.waitForURL(/\/console\/red-confirm-forms\/\d+$/);
      await page.getByTestId('form-total').waitFor();
      const form = await page.locator('main').innerText();
      assert.match(form, /红冲原因\s*服务终止/);
      assert.ok(!form.includes('冲红原因') && !form.includes('服务中止'), 'one name for the reason and its label');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });
}

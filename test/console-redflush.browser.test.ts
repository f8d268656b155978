/**
 * The console's red-flush pages and 应用与渠道 in a real browser (Debian's
 * Chromium through playwright-core), against the real app on a test
 * database, as finance staff use them at 1366×768:
 *
 * - an operator finds pushed blue invoices on 发票红冲, ticks three, checks
 *   each in the confirmation view (a full red flush, a partial one with a
 *   row's amount typed, one whose amount is held already), sees the
 *   server's figures, submits, and sees the result per invoice; then the
 *   request's page (its state, its history, the blue invoice) and the
 *   红冲申请 list filtered by state;
 * - the 11th ticked invoice is refused with Kingdee's words;
 * - the browser's Back and Forward move between 选择发票 and 核对红冲信息
 *   (the ticks kept), and Back from the result is the list, sending nothing;
 * - a viewer sees no way to red-flush, and the API answers 403;
 * - an admin makes an app (its appSecurity shown once) and sets a
 *   channel's adapter and secrets (never shown back);
 * - through the channel simulator (real HTTP on a loopback port, the
 *   red-flush job and the red invoice pushed back), an operator's request
 *   reaches 已开具 on its page.
 *
 * An error in the browser console fails a test, but for the 400 of a
 * preview the test expects. Each page is saved as a PNG under
 * test-output/screenshots/<database>-red-flush/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { channelAdapterSettings } from '../src/channels/channels.service.ts';
import { startTestApp, TEST_SECRETS_KEY, type TestApp, type TestToken } from './helpers/app.ts';
import { choose, haveChromium, launchChromium, openFromSubmenu, openPerson, type Person, screenshot, signInAt } from './helpers/browser.ts';
import { buildDetail, buildInvoice, buildPush, uniqueNumber } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';
import { startLoop } from './helpers/red-flush-loop.ts';

const SCREENSHOTS = path.resolve('test-output', 'screenshots', `${process.env.DATABASE_URL ? 'postgres' : 'embedded'}-red-flush`);

if (!haveChromium()) {
  test('skipped: no Chromium at /usr/bin/chromium (CI installs it with apt-get install chromium fonts-noto-cjk)', { skip: true }, () => {});
} else {
  browserTests();
}

function browserTests(): void {
  let app: TestApp;
  let browser: Browser;
  let pusher: TestToken;
  let operator: { name: string; password: string };
  let viewer: { name: string; password: string };
  let admin: { name: string; password: string };

  const demoBuyer = '丽水红冲演示有限公司';
  const capBuyer = '温州批量采购有限公司';
  const digitalNumber = `2633${uniqueNumber()}${uniqueNumber()}`;
  const digital = buildInvoice({
    invoiceTypeCode: '01',
    invoiceCode: '',
    invoiceNumber: digitalNumber,
    buyerName: demoBuyer,
    invoiceDate: Date.UTC(2026, 9, 12, 2, 15),
    invoiceAmount: '10000.00',
    invoiceTaxRate: '0.13',
    invoiceTaxAmount: '1300.00',
    invoiceTotalPriceTax: '11300.00',
    drawer: '张三',
    details: [
      buildDetail({
        detailRowNo: '1',
        goodsName: '*计算机设备*笔记本电脑',
        goodsNum: '2',
        goodsPrice: '4000',
        goodsCost: '8000.00',
        goodsVat: '1040.00',
        taxRate: '0.13',
      }),
      buildDetail({
        detailRowNo: '2',
        goodsName: '*计算机设备*扩展坞',
        goodsNum: '4',
        goodsPrice: '500',
        goodsCost: '2000.00',
        goodsVat: '260.00',
        taxRate: '0.13',
      }),
    ],
  });
  /** 数电 invoices are red-flushed in part (a tax-control one goes whole only): each row has its 税收分类编码. */
  const partial = buildInvoice({
    invoiceTypeCode: '01',
    invoiceCode: '',
    invoiceNumber: `2633${uniqueNumber()}${uniqueNumber()}`,
    buyerName: demoBuyer,
    invoiceDate: Date.UTC(2026, 9, 11, 3),
    invoiceAmount: '300.00',
    invoiceTaxAmount: '18.00',
    invoiceTotalPriceTax: '318.00',
    drawer: '李四',
    details: [
      buildDetail({
        detailRowNo: '1',
        goodsName: '*信息技术服务*技术服务费',
        goodsNum: undefined,
        goodsPrice: undefined,
        goodsCost: '100.00',
        goodsVat: '6.00',
        taxTaxonomyCode: '3040201000000000000',
      }),
      buildDetail({
        detailRowNo: '2',
        goodsName: '*信息技术服务*运维服务费',
        goodsNum: undefined,
        goodsPrice: undefined,
        goodsCost: '200.00',
        goodsVat: '12.00',
        taxTaxonomyCode: '3040201000000000000',
      }),
    ],
  });
  /** Its whole amount is held by an app's open request before the operator comes. */
  const held = buildInvoice({ buyerName: demoBuyer, invoiceDate: Date.UTC(2026, 9, 10, 3) });
  /** A partial red flush typed wrongly, with separators, in full-width digits, and too much, at 1024×768. */
  const typed = buildInvoice({
    invoiceTypeCode: '01',
    invoiceCode: '',
    invoiceNumber: `2633${uniqueNumber()}${uniqueNumber()}`,
    buyerName: '台州部分红冲有限公司',
    invoiceDate: Date.UTC(2026, 9, 9, 3),
    invoiceAmount: '3000.00',
    invoiceTaxAmount: '180.00',
    invoiceTotalPriceTax: '3180.00',
    details: [
      buildDetail({
        detailRowNo: '1',
        goodsName: '*信息技术服务*软件开发费',
        goodsNum: undefined,
        goodsPrice: undefined,
        goodsCost: '2000.00',
        goodsVat: '120.00',
        taxTaxonomyCode: '3040201000000000000',
      }),
      buildDetail({
        detailRowNo: '2',
        goodsName: '*信息技术服务*实施服务费',
        goodsNum: undefined,
        goodsPrice: undefined,
        goodsCost: '1000.00',
        goodsVat: '60.00',
        taxTaxonomyCode: '3040201000000000000',
      }),
    ],
  });
  const capInvoices = Array.from({ length: 12 }, (_, i) => buildInvoice({ buyerName: capBuyer, invoiceDate: Date.UTC(2026, 8, 1 + i, 2) }));

  before(async () => {
    execFileSync(process.execPath, ['console/build.ts', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    pusher = await app.token({ scopes: ['push', 'read'] });
    for (const data of [[digital, partial, held], capInvoices, [typed]]) {
      const response = await app.push(buildPush({ channelCode: 'jcsk', data }), pusher.accessToken);
      assert.equal(response.status, 200, JSON.stringify(response.body));
    }
    const asker = await app.token({ scopes: ['redflush'] });
    const holding = await app
      .http()
      .post(`/api/openapi/v2/invoicing/oneKeyRedPunch?accessToken=${asker.accessToken}`)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          channelCode: 'jcsk',
          reason: 1,
          invoiceTypeCode: '026',
          sellerTaxNo: held.sellerTaxNo,
          invoiceCode: held.invoiceCode,
          invoiceNumber: held.invoiceNumber,
        }),
      );
    assert.equal(holding.status, 200, JSON.stringify(holding.body));
    operator = await signedInAs(app, 'operator');
    viewer = await signedInAs(app, 'viewer');
    admin = await signedInAs(app, 'admin');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    process.stdout.write(`console screenshots: ${SCREENSHOTS}\n`);
  });

  const shot = (person: Person, name: string) => screenshot(person.page, SCREENSHOTS, name);

  async function userIdOf(name: string): Promise<string> {
    return (await app.db.selectFrom('console_users').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }

  test('when an operator red-flushes three invoices, then each is checked with the server’s figures, the result is shown per invoice, and the requests are listed with their state', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      await signInAt(page, app.url, operator.name, operator.password);
      await page.getByRole('menuitem', { name: '发票红冲' }).click();
      await page.waitForURL(/\/console\/red-flush$/);
      // This page's list (the invoice list before it has a 购方名称 field too).
      await page.getByText('可红冲的蓝字发票').waitFor();
      await page.getByText('已加载 16 张').waitFor();
      await page.getByLabel('购方名称').fill(demoBuyer);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/buyerName=/);
      await page.getByText('已加载 3 张').waitFor();
      const row = (number: unknown) => page.locator('.ant-table-row', { hasText: String(number) });
      assert.match(await row(digitalNumber).innerText(), /11,300\.00/);
      assert.match(await row(digitalNumber).innerText(), /数电专票/);
      await shot(person, '20-red-flush-list');

      for (const number of [digitalNumber, partial.invoiceNumber, held.invoiceNumber]) {
        await row(number).locator('.ant-checkbox').click();
      }
      await page.getByText('已选 3 张（一次最多 10 张）').waitFor();
      await page.getByTestId('red-flush-selected').click();

      // The confirmation view: one card per invoice; the figures come from the server's preview.
      const card = (number: unknown) => page.getByTestId(`confirm-${String(number)}`);
      await card(digitalNumber).waitFor();
      await choose(page, page.getByLabel('批量设置红冲原因'), '2 开票有误');
      await card(digitalNumber).getByTestId('preview-total').getByText('-11,300.00').waitFor();
      assert.match(await card(digitalNumber).innerText(), /申请红字确认单后开具（数电发票）/);
      await card(partial.invoiceNumber).getByText('部分红冲').click();
      await card(partial.invoiceNumber).getByText('*信息技术服务*运维服务费').waitFor();
      await page.getByLabel(`${partial.invoiceNumber} 第 1 行红冲金额`).fill('30.00');
      await card(partial.invoiceNumber).getByTestId('preview-total').getByText('-31.80').waitFor();
      const partialText = await card(partial.invoiceNumber).innerText();
      assert.match(partialText, /-30\.00/);
      assert.match(partialText, /-1\.80/);
      assert.match(partialText, /红冲后剩余可红冲\s*286\.20/);
      // A tax-control invoice goes whole only: its 部分红冲 cannot be chosen, and the card says why.
      assert.equal(await card(held.invoiceNumber).getByRole('radio', { name: '部分红冲' }).isDisabled(), true);
      await card(held.invoiceNumber).getByText('税控发票只能全额红冲').waitFor();
      const refusal = card(held.invoiceNumber).getByTestId('preview-refusal');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /剩余可红冲金额不足/);
      await shot(person, '21-red-flush-confirm');

      await page.getByRole('button', { name: /提交红冲（3 张）/ }).click();
      await page.getByRole('button', { name: '确认红冲' }).click();
      await page.getByText('受理 2 张，不能红冲 1 张').waitFor();
      const result = page.getByTestId('red-flush-result');
      const resultRow = (number: unknown) => result.locator('.ant-table-row', { hasText: String(number) });
      assert.match(await resultRow(digitalNumber).innerText(), /已受理[\s\S]*已受理[\s\S]*11,300\.00/);
      assert.match(await resultRow(partial.invoiceNumber).innerText(), /31\.80/);
      assert.match(await resultRow(held.invoiceNumber).innerText(), /不能红冲[\s\S]*剩余可红冲金额不足/);
      await shot(person, '22-red-flush-result');

      const stored = await app.db
        .selectFrom('red_flush_requests')
        .select(['invoice_number', 'kind', 'reason', 'total', 'state', 'app_id', 'user_id'])
        .where('invoice_number', 'in', [digitalNumber, String(partial.invoiceNumber)])
        .orderBy('invoice_number')
        .execute();
      const me = await userIdOf(operator.name);
      assert.deepEqual(
        stored,
        [
          { invoice_number: digitalNumber, kind: 'full', reason: 2, total: '11300.00', state: 'accepted', app_id: null, user_id: me },
          {
            invoice_number: partial.invoiceNumber,
            kind: 'partial',
            reason: 2,
            total: '31.80',
            state: 'accepted',
            app_id: null,
            user_id: me,
          },
        ].sort((a, b) => String(a.invoice_number).localeCompare(String(b.invoice_number))),
      );

      // The request's page: its state, who asked, its history, the blue invoice.
      await resultRow(digitalNumber).getByRole('link', { name: '查看申请' }).click();
      await page.waitForURL(/\/console\/red-flush-requests\/[0-9a-f]{32}$/);
      await page.getByTestId('request-total').getByText('11,300.00').waitFor();
      const detail = await page.locator('main').innerText();
      for (const expected of [
        '已受理',
        '全额红冲',
        '开票有误',
        `用户 ${operator.name}`,
        `用户 ${operator.name} 在控制台发起`,
        '尚未开具',
        '尚未调用渠道',
      ]) {
        assert.ok(detail.includes(expected), `the request page shows ${expected}`);
      }
      await shot(person, '23-request-detail');
      await page.getByTestId('blue-invoice-link').click();
      await page.waitForURL(/\/console\/invoices\/\d+$/);
      await page.getByTestId('open-requests').getByText('已受理').waitFor();
      assert.match(await page.locator('main').innerText(), /待开中的红冲\s*11,300\.00/);
      await shot(person, '24-invoice-open-request');

      // 红冲申请: filtered by state in the URL, the state in Chinese.
      await page.getByRole('menuitem', { name: '红冲申请' }).click();
      await page.waitForURL(/\/console\/red-flush-requests$/);
      await page.getByText(/已加载 \d+ 笔/).waitFor();
      await choose(page, page.getByLabel('状态'), '已受理');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/state=accepted/);
      await page.getByText('已加载 3 笔').waitFor();
      const listed = await page.locator('.ant-table-row', { hasText: digitalNumber }).innerText();
      assert.match(listed, /已受理/);
      assert.match(listed, new RegExp(operator.name));
      assert.match(listed, /11,300\.00/);
      // The seller's tax number is shown whole (monospace), not cut with an ellipsis.
      const taxNo = page.locator('.ant-table-row', { hasText: digitalNumber }).getByTestId('tax-no');
      assert.equal((await taxNo.innerText()).trim(), digital.sellerTaxNo);
      assert.ok(
        await taxNo.evaluate(
          (element) =>
            element.scrollWidth <= element.clientWidth &&
            element.ownerDocument.defaultView?.getComputedStyle(element).textOverflow !== 'ellipsis',
        ),
        'the tax number fits its cell',
      );
      await shot(person, '25-requests-list');
      await page.goto(`${app.url}/console/red-flush-requests?state=issued`);
      await page.getByText('没有符合条件的红冲申请').waitFor();

      assert.ok(errors.length > 0, 'the refused preview was answered 400');
      assert.deepEqual(
        errors.filter((error) => !/status of 400 \(Bad Request\)/.test(error)),
        [],
        "no error but the refused preview's 400",
      );
    } finally {
      await person.context.close();
    }
  });

  test('when the typed amount becomes wrong or is cleared, then no stale figures stay; separators and full-width digits are taken; a refused amount keeps the invoice’s figures; at 1024×768 the summary fits', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    try {
      await page.setViewportSize({ width: 1024, height: 768 });
      await signInAt(page, app.url, operator.name, operator.password);
      const number = String(typed.invoiceNumber);
      // A full page load of a page loaded lazily (the router's HydrateFallback stands in meanwhile).
      await page.goto(`${app.url}/console/red-flush?invoiceNumber=${number}`);
      await page.getByText('已加载 1 张').waitFor();
      await page
        .locator('.ant-table-row', { hasText: number })
        .getByRole('button', { name: /红\s*冲/ })
        .click();
      const card = page.getByTestId(`confirm-${number}`);
      await choose(page, page.getByLabel(`${number} 红冲原因`), '4 销售折让');
      await card.getByText('部分红冲', { exact: true }).click();
      const amount = page.getByLabel(`${number} 第 1 行红冲金额`);
      const total = card.getByTestId('preview-total');
      const hint = card.getByText('填写至少一行的红冲金额后，系统计算税额与合计');
      await hint.waitFor();

      // As the console shows amounts, with thousands separators: taken.
      await amount.fill('1,000.00');
      await total.getByText('-1,060.00').waitFor();
      // At 1024×768 the summary fits the card, and the page does not scroll sideways.
      assert.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'), 'no sideways scroll');
      const summary = await card.getByTestId('preview-summary').boundingBox();
      const box = await card.boundingBox();
      assert.ok(
        summary && box && summary.x + summary.width <= box.x + box.width + 0.5,
        `${JSON.stringify(summary)} in ${JSON.stringify(box)}`,
      );
      await shot(person, '35-partial-1024');

      // Wrong, then cleared: the last figures go at once, the hint comes back, and the field says what is wrong.
      for (const [text, said] of [
        ['1e3', '金额只能包含数字和小数点'],
        ['30.123', '金额最多两位小数'],
        ['1,00', '千分位逗号位置不对（也可不输入逗号）'],
        ['', undefined],
      ] as const) {
        await amount.fill(text);
        if (said) await card.getByText(said).waitFor();
        await hint.waitFor();
        assert.equal(await card.getByTestId('preview').count(), 0, `no figures for "${text}"`);
      }
      await shot(person, '36-partial-cleared');

      // Full-width digits, as a Chinese IME types them: taken.
      await amount.fill('１００');
      await total.getByText('-106.00').waitFor();

      // More than the row has left: refused, without the API's field path; the invoice's figures stay in sight.
      await amount.fill('99,999.99');
      const refusal = card.getByTestId('preview-refusal');
      await refusal.waitFor();
      const refused = await refusal.innerText();
      assert.match(refused, /剩余可红冲金额不足/);
      assert.doesNotMatch(refused, /details|\(|（amount/, 'no API path');
      assert.match(await card.getByTestId('invoice-figures').innerText(), /价税合计\s*3,180\.00[\s\S]*剩余可红冲\s*3,180\.00/);
      await shot(person, '37-partial-refused');

      await amount.fill('100');
      await total.getByText('-106.00').waitFor();
      await page.getByRole('button', { name: /提交红冲（1 张）/ }).click();
      await page.getByRole('button', { name: '确认红冲' }).click();
      await page.getByText('受理 1 张，不能红冲 0 张').waitFor();
      const stored = await app.db
        .selectFrom('red_flush_requests')
        .select(['amount', 'total'])
        .where('invoice_number', '=', number)
        .executeTakeFirstOrThrow();
      assert.deepEqual(stored, { amount: '100.00', total: '106.00' });

      assert.deepEqual(
        warnings.filter((warning) => /HydrateFallback/.test(warning)),
        [],
        'no warning of a missing HydrateFallback',
      );
      assert.deepEqual(
        errors.filter((error) => !/status of 400 \(Bad Request\)/.test(error)),
        [],
        "no error but the refused preview's 400",
      );
    } finally {
      await person.context.close();
    }
  });

  test('when an operator ticks an 11th invoice, then it is refused with Kingdee’s words and 10 stay ticked', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      await signInAt(page, app.url, operator.name, operator.password);
      await page.goto(`${app.url}/console/red-flush?buyerName=${encodeURIComponent(capBuyer)}`);
      await page.getByText('已加载 12 张').waitFor();
      const boxes = page.locator('.ant-table-row .ant-checkbox');
      for (let i = 0; i < 10; i++) await boxes.nth(i).click();
      await page.getByText('已选 10 张（一次最多 10 张）').waitFor();
      await boxes.nth(10).click();
      await page.locator('.ant-message').getByText('一次最多只能批量红冲10张').waitFor();
      assert.equal(await boxes.nth(10).locator('input').isChecked(), false, 'the 11th stays unticked');
      await page.getByText('已选 10 张（一次最多 10 张）').waitFor();
      await shot(person, '26-red-flush-cap');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when an operator uses the browser’s Back and Forward in 发票红冲, then the ticks are kept, the confirmation comes back, and Back from the result sends nothing again', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    const buyer = '嘉兴返回按钮有限公司';
    const pair = [0, 1].map((i) => buildInvoice({ buyerName: buyer, invoiceDate: Date.UTC(2026, 7, 3 + i, 2) }));
    const numbers = pair.map((invoice) => String(invoice.invoiceNumber));
    const response = await app.push(buildPush({ channelCode: 'jcsk', data: pair }), pusher.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const requests = async () =>
      (
        await app.db
          .selectFrom('red_flush_requests')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('invoice_number', 'in', numbers)
          .executeTakeFirstOrThrow()
      ).count.toString();
    const list = `${app.url}/console/red-flush?buyerName=${encodeURIComponent(buyer)}`;
    const row = (number: string) => page.locator('.ant-table-row', { hasText: number });
    const ticked = async () => Promise.all(numbers.map((number) => row(number).locator('.ant-checkbox input').isChecked()));
    const onList = async (count: number) => {
      await page.waitForURL((url) => url.searchParams.get('buyerName') === buyer && !url.searchParams.has('step'));
      await page.getByText(`已选 ${count} 张（一次最多 10 张）`).waitFor();
      await page.getByText('已加载 2 张').waitFor();
    };
    const onConfirm = async () => {
      await page.waitForURL((url) => url.searchParams.get('buyerName') === buyer && url.searchParams.get('step') === 'confirm');
      for (const number of numbers) await page.getByTestId(`confirm-${number}`).waitFor();
    };
    const historyLength = () => page.evaluate<number>('history.length');
    try {
      await signInAt(page, app.url, operator.name, operator.password);
      await page.goto(list);
      await page.getByText('已加载 2 张').waitFor();
      for (const number of numbers) await row(number).locator('.ant-checkbox').click();
      await page.getByText('已选 2 张（一次最多 10 张）').waitFor();
      await page.getByTestId('red-flush-selected').click();
      await onConfirm();
      await choose(page, page.getByLabel('批量设置红冲原因'), '3 服务终止');
      await page.getByTestId(`confirm-${numbers[0]}`).getByTestId('preview').waitFor();

      // Back: the list, filtered as before, both still ticked.
      await page.goBack();
      await onList(2);
      assert.deepEqual(await ticked(), [true, true]);
      assert.equal(await page.getByLabel('购方名称').inputValue(), buyer);
      await shot(person, '40-back-to-list');

      // Forward: the confirmation of the same two, started afresh (what was typed is not kept).
      await page.goForward();
      await onConfirm();
      await page.getByTestId(`confirm-${numbers[0]}`).getByText('选择红冲原因后，系统计算本次红冲的金额与税额').waitFor();

      // 返回选择 is Back: no entry added; 红冲 again is the confirmation again.
      const length = await historyLength();
      await page.getByRole('button', { name: /返回选择/ }).click();
      await onList(2);
      assert.deepEqual(await ticked(), [true, true]);
      assert.equal(await historyLength(), length, '返回选择 adds no entry');
      await page.getByTestId('red-flush-selected').click();
      await onConfirm();
      assert.equal(await historyLength(), length, '红冲 again takes the place of the confirmation left');

      await choose(page, page.getByLabel('批量设置红冲原因'), '3 服务终止');
      for (const number of numbers) await page.getByTestId(`confirm-${number}`).getByTestId('preview-total').waitFor();
      await page.getByRole('button', { name: /提交红冲（2 张）/ }).click();
      await page.getByRole('button', { name: '确认红冲' }).click();
      await page.getByText('受理 2 张，不能红冲 0 张').waitFor();
      await page.waitForURL((url) => url.searchParams.get('step') === 'result');
      assert.equal(await requests(), '2');
      await shot(person, '41-back-result');

      // Back from the result: the list (the confirmation's entry was replaced), asked again, nothing ticked, nothing sent.
      const askedAgain = page.waitForResponse((answer) => {
        const url = new URL(answer.url());
        return url.pathname === '/api/openapi/v2/invoices' && url.searchParams.get('buyerName') === buyer;
      });
      await page.goBack();
      await onList(0);
      await askedAgain;
      assert.deepEqual(await ticked(), [false, false]);
      assert.match(await page.getByTestId('red-flush-steps').locator('.ant-steps-item-active').innerText(), /选择发票/);
      assert.equal(await requests(), '2', 'no second request');
      await shot(person, '42-back-from-result');

      // A pasted link (or a reload) with step=confirm: nothing is ticked, so the list, the parameter removed in place:
      // Back is then the page before the link, not the link again.
      await page.goto(`${app.url}/console/invoices`);
      await page.goto(`${list}&step=confirm`);
      await onList(0);
      await page.goBack();
      await page.waitForURL(/\/console\/invoices$/);
      assert.equal(await requests(), '2');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when a viewer opens 发票红冲, then there is no way to red-flush, and the API answers 403', async () => {
    const person = await openPerson(browser);
    const { page, context, errors } = person;
    try {
      await signInAt(page, app.url, viewer.name, viewer.password);
      await page.goto(`${app.url}/console/red-flush?buyerName=${encodeURIComponent(demoBuyer)}`);
      await page.getByText('您的角色为查看员').waitFor();
      await page.getByText('已加载 3 张').waitFor();
      assert.equal(await page.locator('.ant-table-selection-column').count(), 0, 'no checkboxes');
      assert.equal(await page.getByTestId('red-flush-selected').count(), 0, 'no 红冲 button');
      assert.equal(await page.getByRole('button', { name: /红\s*冲/ }).count(), 0, 'no 红冲 on a row');
      await shot(person, '27-red-flush-viewer');

      const session = await (await context.request.get(`${app.url}/api/console/session`)).json();
      const refused = await context.request.post(`${app.url}/api/openapi/v2/invoicing/oneKeyRedPunch`, {
        headers: { 'X-CSRF-Token': session.value.csrfToken, 'Content-Type': 'application/json' },
        data: {
          channelCode: 'jcsk',
          reason: 2,
          invoiceTypeCode: '01',
          sellerTaxNo: partial.sellerTaxNo,
          invoiceCode: partial.invoiceCode,
          invoiceNumber: partial.invoiceNumber,
        },
      });
      assert.equal(refused.status(), 403);
      const body = await refused.json();
      assert.equal(body.code, '403');
      assert.match(body.msg, new RegExp(`^用户 ${viewer.name} 的角色是查看员，此操作需要「操作员或管理员」角色`));

      // Reading is theirs: the requests list.
      await page.getByRole('menuitem', { name: '红冲申请' }).click();
      await page.getByText(digitalNumber).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when an admin makes an app and sets a channel, then the appSecurity is shown once, and the channel’s secrets are never shown back', async () => {
    const person = await openPerson(browser);
    const { page, errors } = person;
    const appSecret = `sim-secret-${uniqueNumber()}`;
    const accessToken = `sim-token-${uniqueNumber()}`;
    try {
      await signInAt(page, app.url, admin.name, admin.password);
      await openFromSubmenu(page, '设置', '应用与渠道', /\/console\/settings\/apps$/);
      await page.getByRole('button', { name: /新建应用/ }).click();
      await page.getByLabel('应用名称').fill('erp-console');
      await page.getByLabel('发起红冲').check();
      await page.getByLabel('限定销方').fill(String(partial.sellerTaxNo));
      await page.keyboard.press('Enter');
      await shot(person, '28-app-create');
      await page.getByRole('button', { name: /创\s*建/ }).click();
      const security = page.getByTestId('app-security');
      await security.waitFor();
      const appSecurity = (await security.innerText()).trim();
      const appKey = (await page.getByTestId('app-key').innerText()).trim();
      await shot(person, '29-app-created');
      const token = await app.http().post('/api/openapi/v1/auth/getAccessToken').send({ appKey, appSecurity });
      assert.equal(token.status, 200, 'the credentials shown work');
      await page.getByRole('button', { name: '我已记下' }).click();
      const appRow = page.locator('.ant-table-row', { hasText: 'erp-console' });
      assert.match(await appRow.innerText(), /查询发票[\s\S]*发起红冲[\s\S]*全部渠道[\s\S]*91310000MA1FL0XX2Y/);
      await page.reload();
      await page.locator('.ant-table-row', { hasText: 'erp-console' }).waitFor();
      assert.ok(!(await page.content()).includes(appSecurity), 'the appSecurity is not shown again');
      // At 1366×768 the table fits: no horizontal scroll, 状态 wholly left of the fixed 操作 column.
      const header = (name: string) => page.locator('.ant-table-thead th', { hasText: name }).first().boundingBox();
      const [state, actions] = [await header('状态'), await header('操作')];
      assert.ok(
        state && actions && state.x + state.width <= actions.x + 1,
        `状态 ${JSON.stringify(state)} left of 操作 ${JSON.stringify(actions)}`,
      );
      assert.ok(
        await page
          .locator('.ant-table-content')
          .first()
          .evaluate((element) => element.scrollWidth <= element.clientWidth),
        'the apps table does not scroll sideways',
      );
      await shot(person, '30-apps');

      await page.getByRole('tab', { name: '渠道' }).click();
      await page.waitForURL(/tab=channels/);
      await page.getByRole('button', { name: /新增渠道设置/ }).click();
      await page.getByLabel('渠道编码').fill('nuonuo-sim');
      await choose(page, page.getByLabel('调用方式'), '诺诺（诺税通）');
      await page.getByLabel('接口地址').fill('http://127.0.0.1:9');
      await page.getByLabel('appKey').fill('SIMKEY');
      await page.getByLabel('销方税号（userTax）').fill(String(partial.sellerTaxNo));
      await page.getByLabel('应用密钥（appSecret）').fill(appSecret);
      await page.getByLabel('访问令牌（accessToken）').fill(accessToken);
      await shot(person, '31-channel-edit');
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('渠道 nuonuo-sim 已保存').waitFor();
      const channelRow = page.locator('.ant-table-row', { hasText: 'nuonuo-sim' });
      assert.match(
        await channelRow.innerText(),
        /诺诺（诺税通）[\s\S]*http:\/\/127\.0\.0\.1:9[\s\S]*SIMKEY[\s\S]*应用密钥\s*已设置[\s\S]*访问令牌\s*已设置/,
      );
      await shot(person, '32-channels');

      // Edit again: the secret fields are empty (kept unless typed); change the endpoint only.
      await channelRow.getByRole('button', { name: /修改/ }).click();
      assert.equal(await page.getByLabel('应用密钥（appSecret）').inputValue(), '');
      await page.getByText('已设置；留空则保持不变').first().waitFor();
      await page.getByLabel('接口地址').fill('http://127.0.0.1:10');
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('渠道 nuonuo-sim 已保存').last().waitFor();
      await page.locator('.ant-table-row', { hasText: 'http://127.0.0.1:10' }).waitFor();
      const html = await page.content();
      assert.ok(!html.includes(appSecret) && !html.includes(accessToken), 'no secret in the page');
      const settings = await channelAdapterSettings(app.db, 'nuonuo-sim', TEST_SECRETS_KEY);
      assert.deepEqual(
        [settings?.endpoint, settings?.appKey, settings?.appSecret, settings?.accessToken],
        ['http://127.0.0.1:10', 'SIMKEY', appSecret, accessToken],
      );

      await page.getByRole('menuitem', { name: '审计日志' }).click();
      await page.locator('.ant-table-row', { hasText: 'channel:nuonuo-sim' }).first().waitFor();
      const audit = await page.locator('main').innerText();
      assert.match(audit, /新建应用[\s\S]*app:erp-console/);
      assert.match(audit, /修改渠道设置/);
      assert.match(audit, /应用密钥：已替换/);
      assert.ok(!audit.includes(appSecret) && !audit.includes(appSecurity), 'no secret in the audit log');
      await shot(person, '33-audit-log');
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
    }
  });

  test('when an operator red-flushes through the channel simulator, then the request page follows it to 已开具, with the channel’s calls and the red invoice', async () => {
    const loop = await startLoop();
    const person = await openPerson(browser);
    const { page, errors } = person;
    try {
      const me = await signedInAs(loop.app, 'operator');
      const blue = await loop.pushBlue({ buyerName: '衢州模拟渠道有限公司' });
      const number = String(blue.invoiceNumber);
      await signInAt(page, loop.app.url, me.name, me.password);
      await page.goto(`${loop.app.url}/console/red-flush?invoiceNumber=${number}`);
      await page.getByText('可红冲的蓝字发票').waitFor();
      await page.getByText('已加载 1 张').waitFor();
      // 单张红冲: the row's own button.
      await page
        .locator('.ant-table-row', { hasText: number })
        .getByRole('button', { name: /红\s*冲/ })
        .click();
      const card = page.getByTestId(`confirm-${number}`);
      await choose(page, page.getByLabel(`${number} 红冲原因`), '1 销货退回');
      await card.getByTestId('preview-total').getByText('-106.00').waitFor();
      await page.getByRole('button', { name: /提交红冲（1 张）/ }).click();
      await page.getByRole('button', { name: '确认红冲' }).click();
      await page.getByText('受理 1 张，不能红冲 0 张').waitFor();
      await page.getByTestId('red-flush-result').getByRole('link', { name: '查看申请' }).click();
      await page.waitForURL(/\/console\/red-flush-requests\/[0-9a-f]{32}$/);

      // The page asks again while the request is open: the channel's answers and the pushed red invoice arrive by themselves.
      await page.getByTestId('red-invoice-link').waitFor({ timeout: 60_000 });
      await page.getByTestId('request-events').getByText('已开具').first().waitFor();
      const text = await page.locator('main').innerText();
      for (const expected of ['已开具', '申请红字确认单', '成功', '渠道推送红票', `用户 ${me.name} 在控制台发起`]) {
        assert.ok(text.includes(expected), `the request page shows ${expected}`);
      }
      await shot(person, '34-request-issued');

      const id = page.url().split('/').at(-1) as string;
      const stored = await loop.app.db
        .selectFrom('red_flush_requests')
        .select(['state', 'user_id', 'app_id', 'red_invoice_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.state, 'issued');
      assert.equal(stored.app_id, null);
      assert.ok(stored.user_id !== null && stored.red_invoice_id !== null);
      const view = await loop.view(id);
      assert.equal(view.redInvoice?.invoiceNumber, (await page.getByTestId('red-invoice-link').innerText()).trim());

      await page.getByTestId('red-invoice-link').click();
      await page.waitForURL(/\/console\/invoices\/\d+$/);
      await page.getByText(`红字发票 ${view.redInvoice?.invoiceNumber}`).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await person.context.close();
      await loop.close();
    }
  });
}

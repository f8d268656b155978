/**
 * The console in a real browser (Debian's Chromium driven by
 * playwright-core), against the real app on a test database: the console is
 * built once (`node console/build.ts --if-stale`), invoices are pushed
 * through the API, and people use the pages as finance staff would, at
 * 1366×768. Any error in the browser console fails the test (a CSP
 * violation is one). Each page is saved as a PNG under
 * test-output/screenshots/ (printed at the end) for a person to look at.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './helpers/app.ts';
import {
  CHROMIUM,
  haveChromium,
  launchChromium,
  openFromSubmenu,
  openPerson,
  type Person,
  screenshot,
  signInAt,
} from './helpers/browser.ts';
import { buildDetail, buildInvoice, buildPush, uniqueNumber } from './helpers/builders.ts';
import { type ConsoleUser, makeUser } from './helpers/console.ts';

const SCREENSHOTS = path.resolve('test-output', 'screenshots', process.env.DATABASE_URL ? 'postgres' : 'embedded');

if (!haveChromium()) {
  test(`skipped: no Chromium at ${CHROMIUM} (CI installs it with apt-get install chromium fonts-noto-cjk)`, { skip: true }, () => {});
} else {
  browserTests();
}

function browserTests(): void {
  let app: TestApp;
  let browser: Browser;
  let admin: ConsoleUser;
  const blueNumber = `2632${uniqueNumber()}${uniqueNumber()}`;
  const redNumber = `2632${uniqueNumber()}${uniqueNumber()}`;
  const flaggedNumber = uniqueNumber();
  const viewer = { name: 'wang.fang', password: '', own: 'wang-fang-own-password' };

  before(async () => {
    execFileSync(process.execPath, ['console/build.ts', '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    await pushInvoices(app);
    admin = await makeUser(app, 'admin', 'li.ming');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    process.stdout.write(`console screenshots: ${SCREENSHOTS}\n`);
  });

  /** The test's invoices: a 数电 blue invoice with two rows, a red invoice for part of it, an invoice failing a check, others. */
  async function pushInvoices(target: TestApp): Promise<void> {
    const token = await target.token({ scopes: ['push', 'read'] });
    const blue = buildInvoice({
      invoiceTypeCode: '01',
      invoiceCode: '',
      invoiceNumber: blueNumber,
      buyerName: '北京文化产业有限公司',
      sellerName: '上海示例科技有限公司',
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
          goodsSpecification: 'X1-14',
          goodsUnit: '台',
          goodsNum: '2',
          goodsPrice: '4000.00000000',
          goodsCost: '8000.00',
          goodsVat: '1040.00',
          taxRate: '0.13',
          taxTaxonomyCode: '1090511010000000000',
        }),
        buildDetail({
          detailRowNo: '2',
          goodsName: '*计算机设备*扩展坞',
          goodsUnit: '个',
          goodsNum: '4',
          goodsPrice: '500.00000000',
          goodsCost: '2000.00',
          goodsVat: '260.00',
          taxRate: '0.13',
          taxTaxonomyCode: '1090511010000000000',
        }),
      ],
    });
    const red = buildInvoice({
      invoiceType: 1,
      invoiceTypeCode: '01',
      invoiceCode: '',
      invoiceNumber: redNumber,
      originalInvoiceCode: '',
      originalInvoiceNumber: blueNumber,
      buyerName: '北京文化产业有限公司',
      sellerName: '上海示例科技有限公司',
      invoiceDate: Date.UTC(2026, 9, 20, 6, 0),
      invoiceAmount: '-2000.00',
      invoiceTaxRate: '0.13',
      invoiceTaxAmount: '-260.00',
      invoiceTotalPriceTax: '-2260.00',
      details: [
        buildDetail({
          detailRowNo: '1',
          goodsName: '*计算机设备*扩展坞',
          goodsUnit: '个',
          goodsNum: '-4',
          goodsPrice: '500.00000000',
          goodsCost: '-2000.00',
          goodsVat: '-260.00',
          taxRate: '0.13',
        }),
      ],
    });
    const flagged = buildInvoice({ invoiceNumber: flaggedNumber, invoiceTotalPriceTax: '107.00', invoiceDate: Date.UTC(2026, 9, 8, 1) });
    const others = Array.from({ length: 6 }, (_, i) =>
      buildInvoice({
        invoiceDate: Date.UTC(2026, 8, 20 + i, 3),
        buyerName: `杭州第${i + 1}贸易有限公司`,
        invoiceAmount: `${(i + 1) * 1000}.00`,
        invoiceTaxAmount: `${(i + 1) * 60}.00`,
        invoiceTotalPriceTax: `${(i + 1) * 1060}.00`,
        details: [
          buildDetail({ goodsCost: `${(i + 1) * 1000}.00`, goodsVat: `${(i + 1) * 60}.00`, goodsNum: undefined, goodsPrice: undefined }),
        ],
      }),
    );
    // A buyer with more invoices than a page holds (50).
    const many = Array.from({ length: 55 }, (_, i) =>
      buildInvoice({ buyerName: '宁波批量采购有限公司', invoiceDate: Date.UTC(2026, 7, 1, 2, i) }),
    );
    for (const data of [[blue, flagged, ...others], [red], many]) {
      const response = await target.push(buildPush({ channelCode: 'nuonuo', data }), token.accessToken);
      assert.equal(response.status, 200, JSON.stringify(response.body));
    }
  }

  /** A person in New York (the times shown stay China's), whose CSV exports are kept. */
  const openContext = () => openPerson(browser, { timezoneId: 'America/New_York', acceptDownloads: true });

  const shot = (page: Page, name: string) => screenshot(page, SCREENSHOTS, name);

  async function signIn(page: Page, base: string, name: string, password: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.getByLabel('用户名').fill(name);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
  }

  async function changePassword(page: Page, current: string, next: string): Promise<void> {
    await page.getByLabel('当前密码').fill(current);
    await page.getByLabel('新密码', { exact: true }).fill(next);
    await page.getByLabel('确认新密码').fill(next);
    await page.getByRole('button', { name: '确认修改' }).click();
  }

  let adminSession: Person;
  const ADMIN_OWN_PASSWORD = 'li-ming-own-password';

  test('when an admin signs in for the first time, then the one-time password must be changed before anything else', async () => {
    adminSession = await openContext();
    const { page, errors } = adminSession;
    const response = await page.goto(`${app.url}/`);
    const policy = String(response?.headers()['content-security-policy']);
    assert.match(policy, /script-src 'self';/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    await page.waitForURL(/\/console\/login\?next=/);
    await page.getByText('登录发票中心').waitFor();
    await shot(page, '01-login');

    await page.getByLabel('用户名').fill(admin.name);
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误，或该用户已停用').waitFor();
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/console\/password/);
    await page.getByText('请先设置您自己的密码').waitFor();
    await shot(page, '02-change-password');

    // Refused by the server: said in Chinese at the field, without the API's name of it.
    const fieldError = (text: string) => page.locator('.ant-form-item-explain-error', { hasText: text });
    await changePassword(page, 'not-the-one-time-password', ADMIN_OWN_PASSWORD);
    await fieldError('当前密码不正确').waitFor();
    await changePassword(page, admin.password, admin.password);
    await fieldError('不能与当前密码相同').waitFor();
    const said = await page.locator('.ant-form').innerText();
    assert.doesNotMatch(said, /currentPassword|newPassword|[a-z]{4,} [a-z]{2,}/, 'no API name, no English');
    await shot(page, '02-change-password-refused');

    await changePassword(page, admin.password, ADMIN_OWN_PASSWORD);
    await page.waitForURL(/\/console\/invoices$/);
    await page.getByText('已加载 50 张').waitFor();
    await shot(page, '03-invoices');
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.getByText('已加载 64 张').waitFor();
    await page.getByText('已全部加载').waitFor();

    // A damaged link: the API's refusal is said once, with the parameter named once.
    await page.goto(`${app.url}/console/invoices?invoiceDateFrom=2026-13-45`);
    const refusal = page.locator('.ant-alert-error', { hasText: '请求有误' });
    await refusal.waitFor();
    const refused = await refusal.innerText();
    assert.equal(refused.split('invoiceDateFrom').length - 1 <= 1, true, `named at most once: ${refused}`);
    await page.goto(`${app.url}/console/invoices`);
    await page.getByText('已加载 50 张').waitFor();
    assert.deepEqual(
      errors.filter((error) => !/(401 \(Unauthorized\)|400 \(Bad Request\))/.test(error)),
      [],
      "no error but the wrong password's 401 and the refusals' 400",
    );
    errors.length = 0;
  });

  test('when finance looks up an invoice by its number, then the list shows it and its page shows what the invoice says', async () => {
    const { page, errors } = adminSession;
    await page.getByLabel('发票号码').fill(blueNumber);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(new RegExp(`invoiceNumber=${blueNumber}`));
    await page.getByText('已加载 1 张').waitFor();
    const row = page.locator('.ant-table-row', { hasText: blueNumber });
    assert.match(await row.innerText(), /11,300\.00/);
    assert.match(await row.innerText(), /数电专票/);
    assert.match(await row.innerText(), /北京文化产业有限公司/);
    assert.match(await row.innerText(), /部分红冲/);
    await shot(page, '04-invoices-by-number');

    // The filter is in the URL: the same link opens the same list.
    const shared = await adminSession.context.newPage();
    await shared.goto(page.url());
    await shared.getByText('已加载 1 张').waitFor();
    assert.equal(await shared.getByLabel('发票号码').inputValue(), blueNumber);
    await shared.close();

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /导出 CSV/ }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    assert.match(csv, new RegExp(blueNumber));
    assert.equal(csv.trim().split('\n').length, 2, 'the header and the one invoice of the filter');

    await page.getByRole('link', { name: blueNumber }).click();
    await page.waitForURL(/\/console\/invoices\/\d+$/);
    await page.getByTestId('invoice-number').waitFor();
    assert.equal(await page.getByTestId('invoice-number').innerText(), blueNumber);
    assert.equal((await page.getByTestId('total-price-tax').innerText()).trim(), '¥ 11,300.00');
    await page.getByText('剩余可红冲').waitFor();
    const body = await page.locator('main').innerText();
    for (const expected of [
      '电子发票（增值税专用发票）',
      '2026-10-12',
      '北京文化产业有限公司',
      '*计算机设备*笔记本电脑',
      '4,000.00',
      '8,000.00',
      '13%',
      '2,260.00',
      redNumber,
      '首次接收',
    ]) {
      assert.ok(body.includes(expected), `the page shows ${expected}`);
    }
    assert.match(body, /剩余可红冲\s*9,040\.00/);
    await shot(page, '05-invoice-detail');

    await page.goto(`${app.url}/console/invoices?invoiceNumber=${flaggedNumber}`);
    await page.getByRole('link', { name: flaggedNumber }).click();
    await page.getByText(/检查结果（\d+ 项）/).waitFor();
    const findings = await page.locator('main').innerText();
    assert.match(findings, /发票金额 \+ 发票税额 ≠ 价税合计/);
    assert.match(findings, /HEADER_SUM_MISMATCH/);
    await shot(page, '06-invoice-findings');

    // Dates are picked as calendar days and mean Beijing days, whatever the browser's time zone (New York here).
    await page.goto(`${app.url}/console/invoices?findingCode=HEADER_SUM_MISMATCH`);
    await page.getByPlaceholder('开始日期').click();
    await page.getByPlaceholder('开始日期').fill('2026-10-08');
    await page.keyboard.press('Enter');
    await page.getByPlaceholder('结束日期').fill('2026-10-08');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/invoiceDateFrom=2026-10-08&invoiceDateTo=2026-10-08/);
    await page.getByText('已加载 1 张').waitFor();
    assert.match(await page.locator('.ant-table-row').innerText(), new RegExp(flaggedNumber));
    await page.goto(`${app.url}/console/invoices?invoiceNumber=00000000`);
    await page.getByText('没有符合条件的发票').waitFor();
    await shot(page, '07-invoices-empty');
    assert.deepEqual(errors, []);
  });

  test('when there are no 红字确认单 yet, then the page says so, and an admin makes a viewer whose one-time password is shown once', async () => {
    const { page, errors } = adminSession;
    await page.goto(`${app.url}/console/invoices`);
    await page.getByRole('menuitem', { name: '红字确认单' }).click();
    await page.getByText('没有符合条件的红字确认单').waitFor();
    await shot(page, '08-forms-empty');

    await openFromSubmenu(page, '设置', '用户管理', /\/console\/settings\/users$/);
    await page.getByRole('button', { name: /新建用户/ }).click();
    await page.getByLabel('用户名').fill(viewer.name);
    await page.getByRole('radio', { name: /^查看员/ }).check();
    await page.getByRole('button', { name: /创\s*建/ }).click();
    const password = page.getByTestId('one-time-password');
    await password.waitFor();
    viewer.password = (await password.innerText()).trim();
    assert.match(viewer.password, /^[a-km-zA-HJ-NP-Z2-9]{16}$/);
    await shot(page, '09-user-created');
    await page.getByRole('button', { name: '我已记下' }).click();
    await page.locator('.ant-table-row', { hasText: viewer.name }).getByText('待设置密码').waitFor();
    await shot(page, '10-users');

    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(/\/console\/settings\/audit$/);
    await page
      .locator('.ant-table-row', { hasText: `user:${viewer.name}` })
      .getByText('新建用户')
      .waitFor();
    await shot(page, '11-audit-log');
    assert.deepEqual(errors, []);
  });

  test('when a viewer signs in, then they read invoices but cannot reach the admin pages, and the admin API answers 403', async () => {
    const { context, page, errors } = await openContext();
    try {
      await signIn(page, app.url, viewer.name, viewer.password);
      await page.waitForURL(/\/console\/password/);
      await changePassword(page, viewer.password, viewer.own);
      await page.waitForURL(/\/console\/invoices$/);
      await page.getByText('已加载 50 张').waitFor();
      assert.equal(await page.getByRole('menuitem', { name: '设置' }).count(), 0, "no 设置 in a viewer's menu");

      await page.goto(`${app.url}/console/settings/users`);
      await page.getByText('无权访问').waitFor();
      await shot(page, '12-viewer-no-admin');

      const users = await context.request.get(`${app.url}/api/console/admin/users`);
      assert.equal(users.status(), 403);
      assert.match((await users.json()).detail, /的角色是查看员，此操作需要「管理员」角色$/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('when a person’s system asks for less motion, then a dialog is there at once; otherwise it zooms in', async () => {
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      const { context, page, errors } = await openPerson(browser, { reducedMotion });
      try {
        await signInAt(page, app.url, admin.name, ADMIN_OWN_PASSWORD);
        await page.goto(`${app.url}/console/settings/users`);
        await page.getByRole('button', { name: /新建用户/ }).waitFor();
        // Every class a dialog takes, from the moment it is added (the motion's classes last a few frames only).
        await page.evaluate(`(() => {
          const seen = new Set();
          const note = (value) => { for (const name of value.split(' ')) if (name) seen.add(name); };
          new MutationObserver((records) => {
            for (const record of records) {
              // The value before each change too: the motion's classes can come and go before the observer runs.
              if (record.type === 'attributes' && record.target.classList.contains('ant-modal')) note(record.oldValue ?? '');
            }
            for (const modal of document.querySelectorAll('.ant-modal')) note(modal.className);
          }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeOldValue: true, attributeFilter: ['class'] });
          globalThis.modalClasses = seen;
        })()`);
        await page.getByRole('button', { name: /新建用户/ }).click();
        // Read once the dialog is where it stays: its motion's classes gone.
        await page.locator('.ant-modal:not([class*="ant-zoom"])').getByLabel('用户名').waitFor();
        const classes = await page.evaluate<string[]>('[...globalThis.modalClasses]');
        // antd marks a dialog for one frame even without motion (-prepare); the zoom itself starts with -start.
        const zooming = classes.some((name) => /^ant-zoom-(appear|enter)-start$/.test(name));
        assert.equal(zooming, reducedMotion === 'no-preference', `${reducedMotion}: ${classes}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });

  test('when a session is left idle past its expiry, then the next action leads to the sign-in page, and back after signing in', async () => {
    // Long enough that signing in and the first list load fit in it on a loaded machine (2 s did not, once).
    const idle = await startTestApp({ database: app.database, consoleSessions: { idleSeconds: 6, maxSeconds: 3600 } });
    const { context, page, errors } = await openContext();
    try {
      await signIn(page, idle.url, viewer.name, viewer.own);
      await page.waitForURL(/\/console\/invoices$/);
      await page.getByText('已加载 50 张').waitFor();
      await sleep(7000);
      await page.getByLabel('发票号码').fill(blueNumber);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/\/console\/login\?expired=1&next=/);
      await page.getByText('登录已过期，请重新登录').waitFor();
      await shot(page, '13-session-expired');
      assert.ok(errors.length > 0 && errors.every((error) => /401 \(Unauthorized\)/.test(error)), `only the expired call's 401: ${errors}`);
      errors.length = 0;

      await page.getByLabel('用户名').fill(viewer.name);
      await page.getByLabel('密码').fill(viewer.own);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL(new RegExp(`/console/invoices\\?invoiceNumber=${blueNumber}$`));
      await page.getByText('已加载 1 张').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await idle.close();
    }
  });

  test('when the admin signs out, then the console is closed to that browser', async () => {
    const { page, errors } = adminSession;
    await page.goto(`${app.url}/console/invoices`);
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/console\/login(\?next=.*)?$/);
    await page.getByText('登录发票中心').waitFor();
    await page.goto(`${app.url}/console/invoices/1`);
    await page.waitForURL(/\/console\/login\?next=/);
    assert.deepEqual(errors, []);
    await adminSession.context.close();
  });
}

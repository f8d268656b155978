/**
 * GET /api/openapi/v2/invoices: every filter, the full items, bad
 * parameters (400 naming them), who may read (401/403) and sellers'
 * scoping. Pages and cursors: invoices-pages.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectedRecord, get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, type Invoice, type Json } from './helpers/builders.ts';
import { tableCounts } from './helpers/database.ts';

const S1 = '91310000000000001A';
const S2 = '91440300000000002B';
const BT1 = '91110105000000001C';
const BT2 = '91310115000000002D';
const CODE = '011002100111';
/** 00:00 UTC (08:00 Beijing) on a day of January 2026. */
const day = (date: number) => Date.UTC(2026, 0, date);

let app: TestApp;
let reader: TestToken;
const invoices: Record<string, Invoice> = {};
let ids: Record<string, string> = {};

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  const jcsk = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  const nuonuo = await app.token({ scopes: ['push'], channels: ['nuonuo'] });
  const common = { invoiceCode: CODE, sellerName: '上海示例科技有限公司', buyerName: '北京文化产业有限公司' };
  Object.assign(invoices, {
    a: buildInvoice({ ...common, sellerTaxNo: S1, buyerTaxNo: BT1, invoiceDate: day(10), orderNo: 'ORD-A' }),
    b: buildInvoice({
      ...common,
      sellerTaxNo: S1,
      buyerTaxNo: BT2,
      buyerName: 'Shanghai 100%_Trade Co',
      invoiceTypeCode: '004',
      invoiceDate: day(9),
      orderNo: 'ORD-B',
    }),
    c: buildInvoice({ ...common, sellerTaxNo: S2, buyerTaxNo: BT1, invoiceTypeCode: '007', invoicingStatus: '03', invoiceDate: day(8) }),
    e: buildInvoice({
      sellerTaxNo: S2,
      sellerName: '深圳示例有限公司',
      buyerTaxNo: BT2,
      buyerName: '深圳测试有限公司',
      invoiceCode: '',
      invoiceNumber: '26442000000000000007',
      invoiceTypeCode: '01',
      invoiceDate: day(7),
    }),
  });
  invoices.d = buildInvoice({
    ...common,
    invoiceType: 1,
    sellerTaxNo: S1,
    buyerTaxNo: BT1,
    originalInvoiceCode: CODE,
    originalInvoiceNumber: invoices.a!.invoiceNumber,
    invoiceAmount: '-47.17',
    invoiceTaxAmount: '-2.83',
    invoiceTotalPriceTax: '-50.00',
    invoiceDate: day(11),
  });
  invoices.f = buildInvoice({
    invoiceType: 1,
    sellerTaxNo: S2,
    buyerTaxNo: BT2,
    buyerName: '深圳测试有限公司',
    invoiceCode: '044031900111',
    originalInvoiceCode: '044031900111',
    originalInvoiceNumber: '99999999',
    invoiceDate: day(6),
  });
  const pushes: [TestToken, Json][] = [
    [jcsk, { channelCode: 'jcsk', serialNo: 'SN-1', result: 0, data: [invoices.a, invoices.b] }],
    [jcsk, { channelCode: 'jcsk', serialNo: 'SN-2', result: 0, data: [invoices.c, invoices.d] }],
    [nuonuo, { channelCode: 'nuonuo', serialNo: 'SN-3', result: 0, data: [invoices.e, invoices.f] }],
  ];
  for (const [token, body] of pushes) {
    const response = await app.push(body, token.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }
  const rows = await app.db.selectFrom('invoices').select(['id', 'invoice_number']).execute();
  ids = Object.fromEntries(
    Object.entries(invoices).map(([name, invoice]) => [name, rows.find((row) => row.invoice_number === invoice.invoiceNumber)!.id]),
  );
});
after(() => app.close());

/** The names of the invoices a list answers, in order. */
async function listed(query: string, token = reader): Promise<string[]> {
  const page = await okValue<{ items: Json[]; nextCursor: string | null }>(
    get(app, `/api/openapi/v2/invoices?${query}`, token),
    'InvoicePage',
  );
  assert.equal(page.nextCursor, null);
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return page.items.map((item) => names[item.id as string] ?? `unknown ${item.id}`);
}

test('when the list is asked without filters, then every invoice is listed newest first, each exactly as stored', async () => {
  const page = await okValue<{ items: Json[]; nextCursor: null }>(get(app, '/api/openapi/v2/invoices', reader), 'InvoicePage');
  assert.deepEqual(
    page.items.map((item) => item.id),
    ['d', 'a', 'b', 'c', 'e', 'f'].map((name) => ids[name]),
  );
  const [d, a, b, c, e, f] = page.items as [Json, Json, Json, Json, Json, Json];
  assert.deepEqual(a, expectedRecord(invoices.a!, { channelCode: 'jcsk', serialNo: 'SN-1', redFlushStatus: 'partial' }, a));
  assert.deepEqual(b, expectedRecord(invoices.b!, { channelCode: 'jcsk', serialNo: 'SN-1', redFlushStatus: 'none' }, b));
  assert.deepEqual(c, expectedRecord(invoices.c!, { channelCode: 'jcsk', serialNo: 'SN-2', redFlushStatus: 'voided', voided: true }, c));
  assert.deepEqual(d, expectedRecord(invoices.d!, { channelCode: 'jcsk', serialNo: 'SN-2', redFlushStatus: 'linked' }, d));
  assert.deepEqual(e, expectedRecord(invoices.e!, { channelCode: 'nuonuo', serialNo: 'SN-3', redFlushStatus: 'none' }, e));
  assert.deepEqual(f, expectedRecord(invoices.f!, { channelCode: 'nuonuo', serialNo: 'SN-3', redFlushStatus: 'unlinked' }, f));
  // Amounts are the decimal strings pushed; dates are ms and ISO 8601.
  assert.deepEqual([d.invoiceTotalPriceTax, d.invoiceAmount, d.invoiceTaxAmount], ['-50.00', '-47.17', '-2.83']);
  assert.deepEqual([a.invoiceDate, a.invoiceDateIso], [day(10), '2026-01-10T00:00:00.000Z']);
});

test('when each filter is given, then exactly the matching invoices are listed, newest first', async () => {
  const cases: [string, string[]][] = [
    [`sellerTaxNo=${S1}`, ['d', 'a', 'b']],
    [`sellerTaxNo=${S2}`, ['c', 'e', 'f']],
    [`buyerTaxNo=${BT1}`, ['d', 'a', 'c']],
    [`buyerTaxNo=${BT2}`, ['b', 'e', 'f']],
    [`buyerName=${encodeURIComponent('文化')}`, ['d', 'a', 'c']],
    [`buyerName=${encodeURIComponent('深圳测试有限公司')}`, ['e', 'f']],
    ['buyerName=shanghai', ['b']],
    [`buyerName=${encodeURIComponent('100%_t')}`, ['b']],
    [`buyerName=${encodeURIComponent('%')}`, ['b']],
    ['buyerName=_', ['b']],
    [`invoiceCode=${CODE}`, ['d', 'a', 'b', 'c']],
    ['invoiceCode=', ['e']],
    [`invoiceNumber=${invoices.e!.invoiceNumber}`, ['e']],
    [`invoiceCode=${CODE}&invoiceNumber=${invoices.b!.invoiceNumber}`, ['b']],
    ['invoiceType=1', ['d', 'f']],
    ['invoiceType=0', ['a', 'b', 'c', 'e']],
    ['invoiceTypeCode=004', ['b']],
    ['invoiceTypeCode=01', ['e']],
    ['invoicingStatus=03', ['c']],
    ['invoicingStatus=00', ['d', 'a', 'b', 'e', 'f']],
    ['channelCode=nuonuo', ['e', 'f']],
    ['channelCode=other', []],
    ['serialNo=SN-2', ['d', 'c']],
    ['orderNo=ORD-B', ['b']],
    [`invoiceDateFrom=${day(9)}`, ['d', 'a', 'b']],
    [`invoiceDateTo=${day(9)}`, ['b', 'c', 'e', 'f']],
    [`invoiceDateFrom=${day(8)}&invoiceDateTo=${day(10)}`, ['a', 'b', 'c']],
    // A date is a whole day, Beijing time: 2026-01-09 runs from 2026-01-08T16:00Z to 2026-01-09T15:59:59.999Z.
    ['invoiceDateFrom=2026-01-09', ['d', 'a', 'b']],
    ['invoiceDateTo=2026-01-09', ['b', 'c', 'e', 'f']],
    ['invoiceDateFrom=2026-01-09&invoiceDateTo=2026-01-09', ['b']],
    [`invoiceDateFrom=${encodeURIComponent('2026-01-09T08:00:00+08:00')}`, ['d', 'a', 'b']],
    [`invoiceDateFrom=${encodeURIComponent('2026-01-09T08:00:00.001+08:00')}`, ['d', 'a']],
    ['invoiceDateTo=2026-01-08T23:59:59Z', ['c', 'e', 'f']],
    ['redFlushStatus=partial', ['a']],
    ['redFlushStatus=none', ['b', 'e']],
    ['redFlushStatus=voided', ['c']],
    ['redFlushStatus=full', []],
    ['redFlushStatus=linked', ['d']],
    ['redFlushStatus=unlinked', ['f']],
    ['redFlushStatus=none,partial', ['a', 'b', 'e']],
    ['redFlushStatus=partial,none,partial', ['a', 'b', 'e']],
    ['redFlushStatus=none,partial&invoiceType=0&invoicingStatus=00', ['a', 'b', 'e']],
    [`sellerTaxNo=${S1}&invoiceType=0`, ['a', 'b']],
    [`sellerTaxNo=${S2}&channelCode=nuonuo&invoiceType=1&buyerTaxNo=${BT2}`, ['f']],
  ];
  for (const [query, expected] of cases) {
    assert.deepEqual(await listed(query), expected, query);
  }
});

test('when the token is in the query string, then it is not taken for an unknown parameter', async () => {
  const response = await app.http().get(`/api/openapi/v2/invoices?accessToken=${reader.accessToken}&invoiceType=1`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(
    response.body.value.items.map((item: Json) => item.id),
    [ids.d, ids.f],
  );
});

test('when a parameter is unknown, repeated, empty or of a bad value, then 400 names each one and why (in English when asked)', async () => {
  const cases: [string, { parameter: string; message: string }[]][] = [
    ['seller=1', [{ parameter: 'seller', message: 'is not a parameter of this operation' }]],
    ['invoiceType=1&invoiceType=0', [{ parameter: 'invoiceType', message: 'must be given once' }]],
    ['invoiceType=2', [{ parameter: 'invoiceType', message: 'must be one of 0, 1' }]],
    ['invoiceType=blue', [{ parameter: 'invoiceType', message: 'must be an integer' }]],
    ['invoiceTypeCode=999', [{ parameter: 'invoiceTypeCode', message: 'must be one of "004", "007", "026", "028", "01", "02"' }]],
    ['invoicingStatus=01', [{ parameter: 'invoicingStatus', message: 'must be one of "00", "03"' }]],
    [
      'redFlushStatus=half',
      [
        {
          parameter: 'redFlushStatus',
          message: 'must be one of "none", "partial", "full", "voided", "linked", "unlinked", or several of them separated by commas',
        },
      ],
    ],
    [
      'redFlushStatus=none,',
      [
        {
          parameter: 'redFlushStatus',
          message: 'must be one of "none", "partial", "full", "voided", "linked", "unlinked", or several of them separated by commas',
        },
      ],
    ],
    ['sellerTaxNo=', [{ parameter: 'sellerTaxNo', message: 'must not be empty' }]],
    [`buyerName=${'名'.repeat(301)}`, [{ parameter: 'buyerName', message: 'must NOT have more than 300 characters' }]],
    [
      'invoiceDateFrom=yesterday',
      [
        {
          parameter: 'invoiceDateFrom',
          message: 'must be ms since epoch, a date such as 2026-10-01, or a date-time with offset such as 2026-10-01T08:00:00+08:00',
        },
      ],
    ],
    ['invoiceDateFrom=2026-02-30', [{ parameter: 'invoiceDateFrom', message: 'is not a real date or time' }]],
    ['invoiceDateTo=2026-01-01T24:00:00Z', [{ parameter: 'invoiceDateTo', message: 'is not a real date or time' }]],
    [
      'invoiceDateFrom=2026-01-10&invoiceDateTo=2026-01-09',
      [{ parameter: 'invoiceDateTo', message: 'must not be before invoiceDateFrom' }],
    ],
    [
      'foo=1&invoiceType=9&limit=0',
      [
        { parameter: 'foo', message: 'is not a parameter of this operation' },
        { parameter: 'invoiceType', message: 'must be one of 0, 1' },
        { parameter: 'limit', message: 'must be >= 1' },
      ],
    ],
  ];
  const before = await tableCounts(app.database);
  for (const [query, errors] of cases) {
    const body = await problem(
      get(app, `/api/openapi/v2/invoices?${query}`, reader).set('Accept-Language', 'en'),
      400,
      'validation_failed',
    );
    assert.deepEqual(
      [...(body.errors as Json[])].sort((x, y) => String(x.parameter).localeCompare(String(y.parameter))),
      errors,
      query,
    );
    assert.equal(
      body.detail,
      errors.length === 1
        ? `query parameter ${errors[0]!.parameter} ${errors[0]!.message}`
        : `${errors.length} fields are not valid; see errors`,
    );
  }
  assert.deepEqual(await tableCounts(app.database), before, 'reading changes nothing');
});

test('when the filters are refused in Chinese (the console sends zh-CN), then every reason is wholly Chinese', async () => {
  const cases: [string, string][] = [
    ['invoiceDateFrom=2026-02-30', 'invoiceDateFrom：不是真实存在的日期或时间'],
    ['invoiceDateFrom=2026-01-10&invoiceDateTo=2026-01-09', 'invoiceDateTo：不能早于 invoiceDateFrom'],
    ['cursor=x', 'cursor：不是本接口给出的游标（请原样传回 nextCursor）'],
    ['redFlushStatus=x', 'redFlushStatus：应为 none、partial、full、voided、linked、unlinked 之一，多个用逗号分隔'],
    ['invoiceDateFrom=yesterday', 'invoiceDateFrom：应为毫秒时间戳、日期（如 2026-10-01）或带时区的时间（如 2026-10-01T08:00:00+08:00）'],
    ['foo=1', 'foo：不是本接口的参数'],
  ];
  for (const [query, message] of cases) {
    const body = await problem(
      get(app, `/api/openapi/v2/invoices?${query}`, reader).set('Accept-Language', 'zh-CN'),
      400,
      'validation_failed',
    );
    assert.equal(body.title, '请求无效', query);
    assert.equal(body.detail, message, query);
    assert.equal((body.errors as Json[])[0]?.message, message, query);
  }
  const missing = await problem(get(app, '/api/openapi/v2/invoices/999999', reader).set('Accept-Language', 'zh-CN'), 404, 'not_found');
  assert.deepEqual([missing.title, missing.detail], ['未找到', '未找到该发票']);
  const noRoute = await problem(get(app, '/api/openapi/v2/nowhere', reader).set('Accept-Language', 'zh-CN'), 404, 'not_found');
  assert.equal(noRoute.detail, '没有这个接口：GET /api/openapi/v2/nowhere');
});

test('when the token is missing or unknown, then 401; when it lacks the read scope, then 403 on every read route', async () => {
  await problem(app.http().get('/api/openapi/v2/invoices'), 401, 'unauthorized');
  await problem(app.http().get('/api/openapi/v2/invoices').set('accessToken', 'nope'), 401, 'unauthorized');
  const pushOnly = await app.token({ scopes: ['push'] });
  for (const path of [
    '/api/openapi/v2/invoices',
    '/api/openapi/v2/invoices/export.csv',
    '/api/openapi/v2/invoices/export-details.csv',
    `/api/openapi/v2/invoices/${ids.a}`,
    `/api/openapi/v2/invoices/lookup?invoiceCode=${CODE}&invoiceNumber=${invoices.a!.invoiceNumber}`,
    '/api/openapi/v2/invoicing/batches?channelCode=jcsk&serialNo=SN-1',
    '/api/openapi/v2/invoicing/pushes',
    '/api/openapi/v2/invoicing/pushes/1',
  ]) {
    const body = await problem(get(app, path, pushOnly), 403, 'forbidden');
    assert.equal(body.detail, `应用 ${pushOnly.name} 没有 read 权限`, path);
  }
});

test('when an app is limited to one seller, then it lists only that seller, and naming another seller is refused', async () => {
  const s1Only = await app.token({ scopes: ['read'], sellers: [S1] });
  assert.deepEqual(await listed('', s1Only), ['d', 'a', 'b']);
  assert.deepEqual(await listed('invoiceType=0', s1Only), ['a', 'b']);
  assert.deepEqual(await listed(`buyerTaxNo=${BT1}`, s1Only), ['d', 'a'], 'never another seller, whatever the filter');
  assert.deepEqual(await listed(`sellerTaxNo=${S1}`, s1Only), ['d', 'a', 'b']);
  assert.deepEqual(await listed('channelCode=nuonuo', s1Only), []);
  const body = await problem(get(app, `/api/openapi/v2/invoices?sellerTaxNo=${S2}`, s1Only), 403, 'forbidden');
  assert.equal(body.detail, `应用 ${s1Only.name} 无权查看销方 ${S2} 的发票`);
});

test('when an app is limited to several sellers, then their invoices are merged in list order', async () => {
  const both = await app.token({ scopes: ['read'], sellers: [S2, S1] });
  assert.deepEqual(await listed('', both), ['d', 'a', 'b', 'c', 'e', 'f']);
  assert.deepEqual(await listed(`buyerTaxNo=${BT1}`, both), ['d', 'a', 'c']);
  assert.deepEqual(await listed(`sellerTaxNo=${S2}`, both), ['c', 'e', 'f']);
  const none = await app.token({ scopes: ['read'], sellers: ['91000000000000000X'] });
  assert.deepEqual(await listed('', none), []);
});

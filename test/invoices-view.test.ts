/**
 * GET /api/openapi/v2/invoices/{id} and /invoices/lookup: the invoice as
 * stored, its detail rows in the order pushed, its history (every receipt:
 * when, by which app, in which batch, what it did), 404 for what is absent
 * or another seller's, 400 for bad ids and parameters.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Schemas } from '../src/api/spec.ts';
import { expectedRecord, get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, type InvoiceDetail, type PushRequest } from './helpers/builders.ts';

type InvoiceView = Schemas['InvoiceView'];

let app: TestApp;
let reader: TestToken;
let jcsk: TestToken;
const pushedAt: number[] = [];

/** Every field of Invoice set, three detail rows in a deliberate (unsorted) order. */
const rich = buildInvoice({
  invoiceTypeCode: '004',
  buyerName: '北京文化产业有限公司',
  buyerTaxNo: '91110105MA01G6XX1X',
  buyerBankAccount: '工商银行北京分行 0200000000000000001',
  buyerAddressPhone: '北京市朝阳区示例路1号 010-12345678',
  invoiceTotalPriceTax: '828.30',
  payee: '张三',
  checker: '李四',
  drawer: '王五',
  sellerAddressPhone: '上海市浦东新区示例路2号 021-87654321',
  sellerBankAccount: '招商银行上海分行 121900000000001',
  invoiceSpecialMark: '00',
  invoiceListMark: '0',
  systemName: 7,
  systemId: 'ERP-1',
  orderNo: 'SO-2026-0001',
  invoicingRemark: '项目款',
  sellerBankName: '招商银行上海分行',
  sellerBankNumber: '121900000000001',
  sellerAddress: '上海市浦东新区示例路2号',
  sellerTelPhone: '021-87654321',
  buyerBankName: '工商银行北京分行',
  buyerBankNumber: '0200000000000000001',
  buyerAddress: '北京市朝阳区示例路1号',
  buyerTelPhone: '010-12345678',
  originals: 1,
  originalsUrl: 'https://files.example.invalid/o/1.pdf',
  previewUrl: 'https://files.example.invalid/p/1.pdf',
  invoicingDate: Date.UTC(2026, 9, 1, 8, 30, 15, 123),
  originalSerialNo: 'ORIG-SN',
  originalInvoicingStatus: '0',
  invoiceAmount: '745.28',
  invoiceTaxRate: '0.11',
  invoiceTaxAmount: '83.02',
  checkCode: '12345678901234567890',
  ext: { 部门: '财务', level: 2, nested: { ok: true } },
  details: [
    buildDetail({ billNumber: 'B-3', detailRowNo: '3', goodsName: '第三行', goodsPrice: '745.28301887', goodsCost: '745.28' }),
    buildDetail({ billNumber: 'B-1', detailRowNo: '1', goodsName: '第一行', goodsCost: '-10.00', goodsVat: '-1.10', invRowType: 1 }),
    buildDetail({
      billNumber: 'B-2',
      detailRowNo: '2',
      goodsName: '第二行',
      goodsNum: '0.5',
      goodsPriceWithTax: '11.10',
      goodsSpecification: 'X1',
      goodsSum: '5.55',
      goodsUnit: '个',
      preferPolicyName: '免税',
      preferPolicySign: '1',
      taxTaxonomyCode: '3040201990000000000',
      taxRate: '0.13',
      zeroTaxSign: '1',
    }),
  ],
});

/** A 数电 invoice: no code, a 20-digit number. */
const digital = buildInvoice({ invoiceCode: '', invoiceNumber: '26312000000000000042', invoiceTypeCode: '02' });
const otherSeller = buildInvoice({ sellerTaxNo: '91440300000000002B' });

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  jcsk = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  const pushes: PushRequest[] = [
    { channelCode: 'jcsk', serialNo: 'V-1', result: 0, data: [rich, digital, otherSeller] },
    { channelCode: 'jcsk', serialNo: 'V-2', result: 0, data: [{ ...rich, drawer: '赵六' }] },
    { channelCode: 'jcsk', result: 0, data: [{ ...rich, drawer: '赵六' }] },
    { channelCode: 'jcsk', serialNo: 'V-3', result: 0, data: [{ ...rich, drawer: '赵六', invoicingStatus: '03' }] },
    { channelCode: 'jcsk', serialNo: 'V-4', result: 0, data: [{ ...rich, drawer: '赵六', invoicingStatus: '00' }] },
  ];
  for (const body of pushes) {
    pushedAt.push(Date.now());
    const response = await app.push(body, jcsk.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }
  pushedAt.push(Date.now());
});
after(() => app.close());

async function idOf(invoiceNumber: string): Promise<string> {
  const row = await app.db.selectFrom('invoices').select('id').where('invoice_number', '=', invoiceNumber).executeTakeFirstOrThrow();
  return row.id;
}

test('when an invoice is read by id, then it comes whole: every field, detail rows in pushed order, every receipt in its history', async () => {
  const id = await idOf(rich.invoiceNumber);
  const view = await okValue<InvoiceView>(get(app, `/api/openapi/v2/invoices/${id}`, reader), 'InvoiceViewResponse');
  const { invoice } = view;
  assert.deepEqual(
    invoice,
    expectedRecord(
      { ...rich, drawer: '赵六', invoicingStatus: '03' },
      { channelCode: 'jcsk', serialNo: 'V-3', redFlushStatus: 'voided', voided: true },
      invoice,
    ),
  );
  assert.equal(invoice.invoicingDateIso, '2026-10-01T08:30:15.123Z');
  assert.deepEqual(invoice.ext, { 部门: '财务', level: 2, nested: { ok: true } });
  assert.ok(invoice.createdAt >= pushedAt[0]! - 1000 && invoice.createdAt <= pushedAt[1]! + 1000);

  const nulls = (row: InvoiceDetail) => ({
    goodsNum: null,
    goodsPrice: null,
    goodsPriceWithTax: null,
    goodsSpecification: null,
    goodsSum: null,
    goodsUnit: null,
    invRowType: null,
    preferPolicyName: null,
    preferPolicySign: null,
    taxTaxonomyCode: null,
    taxRate: null,
    zeroTaxSign: null,
    ...row,
  });
  assert.deepEqual(view.details, rich.details.map(nulls));
  assert.deepEqual(
    view.details.map((row) => [row.detailRowNo, row.goodsPrice, row.goodsCost, row.goodsSum]),
    [
      ['3', '745.28301887', '745.28', null],
      ['1', '50.00000000', '-10.00', null],
      ['2', '50.00000000', '100.00', '5.55'],
    ],
  );

  const { history } = view;
  assert.deepEqual(
    history.map((entry) => [entry.change, entry.invoicingStatus, entry.serialNo, entry.channelCode, entry.appName]),
    [
      ['created', '00', 'V-1', 'jcsk', jcsk.name],
      ['updated', '00', 'V-2', 'jcsk', jcsk.name],
      ['unchanged', '00', null, 'jcsk', jcsk.name],
      ['voided', '03', 'V-3', 'jcsk', jcsk.name],
      ['ignored', '03', 'V-4', 'jcsk', jcsk.name],
    ],
  );
  history.forEach((entry, index) => {
    assert.ok(entry.recordedAt >= pushedAt[index]! - 1000 && entry.recordedAt <= pushedAt[index + 1]! + 1000);
    assert.equal(entry.recordedAtIso, new Date(entry.recordedAt).toISOString());
    assert.match(entry.pushId, /^\d+$/);
  });
  assert.deepEqual(view.redFlush, {
    side: 'blue',
    status: 'voided',
    totalPriceTax: '828.30',
    redFlushedTotal: '0',
    heldByOpenRequests: '0',
    remaining: '828.30',
    openRequests: [],
    reds: [],
  });
});

test('when an invoice is looked up by its code and number, then the answer is the same as by id', async () => {
  const id = await idOf(rich.invoiceNumber);
  const byId = await okValue<InvoiceView>(get(app, `/api/openapi/v2/invoices/${id}`, reader), 'InvoiceViewResponse');
  const byIdentity = await okValue<InvoiceView>(
    get(app, `/api/openapi/v2/invoices/lookup?invoiceCode=${rich.invoiceCode}&invoiceNumber=${rich.invoiceNumber}`, reader),
    'InvoiceViewResponse',
  );
  assert.deepEqual(byIdentity, byId);
});

test('when a 数电 invoice is looked up with an empty code, then it is found', async () => {
  const view = await okValue<InvoiceView>(
    get(app, `/api/openapi/v2/invoices/lookup?invoiceCode=&invoiceNumber=${digital.invoiceNumber}`, reader),
    'InvoiceViewResponse',
  );
  const { invoice } = view;
  assert.deepEqual(invoice, expectedRecord(digital, { channelCode: 'jcsk', serialNo: 'V-1', redFlushStatus: 'none' }, invoice));
  assert.equal(invoice.id, await idOf(digital.invoiceNumber));
});

test('when lookup parameters are missing or wrong, then 400 names them; an unknown invoice is 404', async () => {
  const body = await problem(
    get(app, `/api/openapi/v2/invoices/lookup?invoiceNumber=${digital.invoiceNumber}`, reader),
    400,
    'validation_failed',
  );
  assert.deepEqual(body.errors, [{ parameter: 'invoiceCode', message: 'invoiceCode：必填' }]);
  const both = await problem(get(app, '/api/openapi/v2/invoices/lookup?invoiceNumber=&x=1', reader), 400, 'validation_failed');
  assert.deepEqual(both.errors, [
    { parameter: 'invoiceCode', message: 'invoiceCode：必填' },
    { parameter: 'x', message: 'x：不是本接口的参数' },
    { parameter: 'invoiceNumber', message: 'invoiceNumber：不能为空' },
  ]);
  const missing = await problem(get(app, '/api/openapi/v2/invoices/lookup?invoiceCode=&invoiceNumber=1', reader), 404, 'not_found');
  assert.equal(missing.detail, '未找到该发票');
});

test('when the id is not an id, then 400 names it; an id of no invoice is 404', async () => {
  for (const id of ['abc', '0', '-1', '1.5', '01', '12345678901234567890']) {
    const body = await problem(get(app, `/api/openapi/v2/invoices/${id}`, reader), 400, 'validation_failed');
    assert.deepEqual(body.errors, [{ parameter: 'id', in: 'path', message: 'id：应为发票编号（数字，如 "42"）' }], id);
    assert.equal(body.detail, 'id：应为发票编号（数字，如 "42"）');
    const english = await problem(
      get(app, `/api/openapi/v2/invoices/${id}`, reader).set('Accept-Language', 'en'),
      400,
      'validation_failed',
    );
    assert.equal(english.detail, 'path parameter id must be an invoice id (digits, such as "42")', 'a path parameter, named so');
  }
  for (const id of ['999999', '9223372036854775807', '9999999999999999999']) {
    await problem(get(app, `/api/openapi/v2/invoices/${id}`, reader), 404, 'not_found');
  }
  const body = await problem(
    get(app, `/api/openapi/v2/invoices/${await idOf(rich.invoiceNumber)}?expand=details`, reader),
    400,
    'validation_failed',
  );
  assert.deepEqual(body.errors, [{ parameter: 'expand', message: 'expand：不是本接口的参数' }]);
});

test('when an app limited to other sellers asks for an invoice, then 404 as if it did not exist, by id and by lookup', async () => {
  const scoped = await app.token({ scopes: ['read'], sellers: [otherSeller.sellerTaxNo] });
  const id = await idOf(rich.invoiceNumber);
  const hidden = await problem(get(app, `/api/openapi/v2/invoices/${id}`, scoped), 404, 'not_found');
  const absent = await problem(get(app, '/api/openapi/v2/invoices/999999', scoped), 404, 'not_found');
  assert.deepEqual({ ...hidden, requestId: '' }, { ...absent, requestId: '' });
  await problem(
    get(app, `/api/openapi/v2/invoices/lookup?invoiceCode=${rich.invoiceCode}&invoiceNumber=${rich.invoiceNumber}`, scoped),
    404,
    'not_found',
  );
  const own = await okValue<InvoiceView>(
    get(app, `/api/openapi/v2/invoices/${await idOf(otherSeller.invoiceNumber)}`, scoped),
    'InvoiceViewResponse',
  );
  assert.equal(own.invoice.sellerTaxNo, otherSeller.sellerTaxNo);
});

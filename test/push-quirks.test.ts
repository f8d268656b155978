/**
 * Every quirk of the spec that real channels rely on (../shared/seeds/README.md)
 * is accepted and normalised as openapi.yaml documents.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, rawDetail, rawInvoice, rawPush, uniqueNumber } from './helpers/builders.ts';

let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp();
  token = await app.token();
});
after(() => app.close());

async function stored(invoiceNumber: string) {
  const invoice = await app.db.selectFrom('invoices').selectAll().where('invoice_number', '=', invoiceNumber).executeTakeFirstOrThrow();
  const details = await app.db
    .selectFrom('invoice_details')
    .selectAll()
    .where('invoice_id', '=', invoice.id)
    .orderBy('row_index')
    .execute();
  return { invoice, details };
}

async function pushOk(body: unknown) {
  const response = await app.push(body, token.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(response.body, { value: true });
}

test('when data is sent as a JSON string holding the array, then its invoices are stored', async () => {
  const invoice = buildInvoice();
  await pushOk(rawPush({ data: JSON.stringify([invoice]) }));
  const { invoice: row, details } = await stored(invoice.invoiceNumber);
  assert.equal(row.invoice_amount, '100.00');
  assert.equal(details.length, 1);
});

test('when a JSON-string data holds no array, then 400 names /data', async () => {
  const response = await app.push(rawPush({ data: '{"not":"an array"}' }), token.accessToken);
  assert.equal(response.status, 400);
  assert.deepEqual(response.body.errors, [
    { pointer: '/data', label: '发票数据', message: '发票数据(data)：是字符串，但不是 JSON 数组', value: '{"not":"an array"}' },
  ]);
  const broken = await app.push(rawPush({ data: '[{"invoiceNumber":}]' }), token.accessToken);
  assert.deepEqual(broken.body.errors, [
    {
      pointer: '/data',
      label: '发票数据',
      message: '发票数据(data)：是字符串，但不是合法的 JSON 数组（第 19 个字符附近）',
      value: '[{"invoiceNumber":}]',
    },
  ]);
});

test('when result is absent, then the push counts as result 0 and the batch succeeded', async () => {
  const serialNo = `SN-${uniqueNumber()}`;
  const { result: _absent, ...body } = buildPush({ serialNo });
  await pushOk(body);
  const batch = await app.db.selectFrom('batches').selectAll().where('serial_no', '=', serialNo).executeTakeFirstOrThrow();
  assert.equal(batch.result, 0);
});

test('when a detail row says taxrate (the table) instead of taxRate (the example), then it is the same field', async () => {
  const detail = rawDetail({ taxrate: '0.13', goodsVat: '13.00' });
  delete detail.taxRate;
  const invoice = rawInvoice({ details: [detail] });
  await pushOk(rawPush({ data: [invoice] }));
  const { details } = await stored(invoice.invoiceNumber);
  assert.equal(details[0]?.tax_rate, '0.13');
});

test('when both taxrate and taxRate are sent, then taxRate wins', async () => {
  const invoice = rawInvoice({ details: [rawDetail({ taxrate: '0.09', taxRate: '0.06' })] });
  await pushOk(rawPush({ data: [invoice] }));
  assert.equal((await stored(invoice.invoiceNumber)).details[0]?.tax_rate, '0.06');
});

test('when keys carry spaces ("taxTaxonomyCode "), then they are trimmed', async () => {
  const invoice = rawInvoice({
    ' buyerTaxNo ': '91110105MA01G6ABCD',
    details: [rawDetail({ 'taxTaxonomyCode ': '3040201990000000000' })],
  });
  delete invoice.buyerTaxNo;
  await pushOk(rawPush({ data: [invoice] }));
  const { invoice: row, details } = await stored(invoice.invoiceNumber);
  assert.equal(row.buyer_tax_no, '91110105MA01G6ABCD');
  assert.equal(details[0]?.tax_taxonomy_code, '3040201990000000000');
});

test('when optional or numeric fields are "" or null, then they are stored as absent', async () => {
  const invoice = rawInvoice({
    invoicingDate: '',
    systemName: '',
    invoiceTaxRate: '',
    payee: null,
    orderNo: '',
    details: [rawDetail({ goodsNum: '', goodsPrice: null, invRowType: '', goodsSum: '' })],
  });
  await pushOk(rawPush({ data: [invoice] }));
  const { invoice: row, details } = await stored(invoice.invoiceNumber);
  assert.deepEqual([row.invoicing_date, row.system_name, row.invoice_tax_rate, row.payee, row.order_no], [null, null, null, null, null]);
  assert.deepEqual(
    [details[0]?.goods_num, details[0]?.goods_price, details[0]?.inv_row_type, details[0]?.goods_sum],
    [null, null, null, null],
  );
});

test('when a 数电 invoice has an empty invoiceCode and a 20-digit number, then it is stored under that identity', async () => {
  const number = `2611200000${uniqueNumber()}00`;
  const invoice = buildInvoice({ invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: number });
  await pushOk(buildPush({ data: [invoice] }));
  const { invoice: row } = await stored(number);
  assert.equal(row.invoice_code, '');
  assert.equal(row.invoice_type_code, '02');
});

test('when a red invoice (invoiceType 1) carries positive amounts and its blue invoice, then both are kept as pushed', async () => {
  const invoice = buildInvoice({
    invoiceType: 1,
    originalInvoiceCode: '011002100111',
    originalInvoiceNumber: '12345678',
    invoiceAmount: '100.00',
  });
  await pushOk(buildPush({ data: [invoice] }));
  const { invoice: row } = await stored(invoice.invoiceNumber);
  assert.deepEqual(
    [row.invoice_type, row.invoice_amount, row.original_invoice_code, row.original_invoice_number],
    [1, '100.00', '011002100111', '12345678'],
  );
});

test('when decimals are sent as JSON numbers, then they are kept exactly as written', async () => {
  const number = uniqueNumber();
  const body = `{"channelCode":"jcsk","data":[{"invoiceType":0,"invoiceTypeCode":"007","buyerName":"购方","sellerName":"销方","sellerTaxNo":"91310000MA1FL0XX2Y",
    "originals":0,"invoicingStatus":"00","invoiceCode":"011002100111","invoiceNumber":"${number}","invoiceDate":1619539200000,
    "invoiceAmount":828.30,"invoiceTaxAmount":49.70,"invoiceTotalPriceTax":1234567890123456.123456789012345,
    "details":[{"billNumber":"1","detailRowNo":"1","goodsName":"机票","goodsCost":745.28,"goodsVat":44.72,"goodsPrice":745.28301887,"taxRate":0.06}]}]}`;
  await pushOk(body);
  const { invoice, details } = await stored(number);
  assert.deepEqual(
    [invoice.invoice_amount, invoice.invoice_tax_amount, invoice.invoice_total_price_tax],
    ['828.30', '49.70', '1234567890123456.123456789012345'],
  );
  assert.deepEqual([details[0]?.goods_cost, details[0]?.goods_price, details[0]?.tax_rate], ['745.28', '745.28301887', '0.06']);
});

test('when integer fields are sent as strings of digits, then they are read as integers', async () => {
  const invoice = rawInvoice({ invoiceType: '1', originals: '1', systemName: '7', invoiceDate: String(Date.UTC(2026, 0, 2)) });
  await pushOk(rawPush({ result: '0', data: [invoice] }));
  const { invoice: row } = await stored(invoice.invoiceNumber);
  assert.deepEqual([row.invoice_type, row.originals, row.system_name], [1, 1, 7]);
  assert.equal(row.invoice_date.toISOString(), '2026-01-02T00:00:00.000Z');
});

test('when fields the spec does not name are sent, then the push is accepted and they stay in the raw body only', async () => {
  const serialNo = `SN-${uniqueNumber()}`;
  const invoice = rawInvoice({ somethingNew: { a: 1 } });
  await pushOk(rawPush({ serialNo, data: [invoice], extraTopLevel: 'x' }));
  const push = await app.db.selectFrom('pushes').select('body').where('serial_no', '=', serialNo).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(push.body).extraTopLevel, 'x');
});

test('when originals is absent, then it is 0 as the spec defaults', async () => {
  const { originals: _absent, ...invoice } = buildInvoice();
  await pushOk(rawPush({ data: [invoice] }));
  assert.equal((await stored(invoice.invoiceNumber)).invoice.originals, 0);
});

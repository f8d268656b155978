/**
 * The list's items are JSON text that Postgres writes (src/invoices/record-json.ts);
 * the view's invoice is a record the receiver maps and JSON.stringify writes.
 * Both are the same bytes, whatever the strings, the pushed `ext` and the dates hold.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listBody } from '../src/invoices/record-json.ts';
import { assertValid, get, okValue } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { type Json, rawInvoice } from './helpers/builders.ts';

let app: TestApp;
let reader: TestToken;

const awkward = rawInvoice({
  buyerName: '引号" 反斜杠\\ 换行\n 制表\t 控制\u0001\u001f\u007f ☃ 😀 </script> \u2028\u2029',
  invoicingRemark: '',
  payee: null,
  systemName: 7,
  invoiceDate: 0,
  invoicingDate: 4102444800000,
  ext: { amount: 1.5, list: [1, 2, 'x', null, true], nested: { 部门: '财务\n' }, '': 'empty key', big: 12345678901234 },
});

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  const pusher = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  const response = await app.push({ channelCode: 'jcsk', serialNo: 'SN-JSON', result: 0, data: [awkward] }, pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
});
after(() => app.close());

test('when an invoice is listed, then its item is byte for byte the record its view shows', async () => {
  const listed = await get(app, '/api/openapi/v2/invoices', reader);
  assert.equal(listed.status, 200, listed.text);
  assertValid('InvoicePage', listed.body);
  assert.match(String(listed.headers['content-type']), /^application\/json; charset=utf-8$/);
  const id = (listed.body as { value: { items: Json[] } }).value.items[0]?.id;
  const view = await okValue<{ invoice: Json }>(get(app, `/api/openapi/v2/invoices/${id}`, reader), 'InvoiceViewResponse');
  assert.equal(listed.text, JSON.stringify({ value: { items: [view.invoice], nextCursor: null } }));
  assert.equal(view.invoice.buyerName, awkward.buyerName);
  assert.deepEqual(view.invoice.ext, awkward.ext);
  assert.deepEqual([view.invoice.invoiceDateIso, view.invoice.invoicingDateIso], ['1970-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z']);
});

test('when a page holds several invoices and a next page, then the whole answer is what res.json would write', async () => {
  const pusher = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  const more = [1, 2, 3].map((i) => rawInvoice({ invoiceNumber: `7700000${i}`, buyerName: `第${i}家购方有限公司` }));
  const response = await app.push({ channelCode: 'jcsk', serialNo: 'SN-JSON-PAGE', result: 0, data: more }, pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const listed = await get(app, '/api/openapi/v2/invoices?limit=2', reader);
  assert.equal(listed.status, 200, listed.text);
  assertValid('InvoicePage', listed.body);
  const page = (listed.body as { value: { items: Json[]; nextCursor: string | null } }).value;
  assert.equal(page.items.length, 2);
  assert.equal(typeof page.nextCursor, 'string');
  assert.equal(listed.text, JSON.stringify(listed.body));
  assert.equal(listed.headers['content-length'], String(Buffer.byteLength(listed.text)));
});

test('when a page is empty, or its records are written as they come, then the answer is what res.json would write', () => {
  assert.equal(listBody([], null).toString(), JSON.stringify({ value: { items: [], nextCursor: null } }));
  const items = [
    { id: '1', buyerName: '北京文化产业有限公司 😀' },
    { id: '2', buyerName: '引号" 反斜杠\\' },
  ];
  assert.equal(
    listBody(
      items.map((item) => JSON.stringify(item)),
      'next',
    ).toString(),
    JSON.stringify({ value: { items, nextCursor: 'next' } }),
  );
});

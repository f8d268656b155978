/**
 * What the database holds after pushes: idempotency (sequential and
 * concurrent), voiding, history, channel ownership, batch states, and
 * one transaction per push.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type PushRequest } from './helpers/builders.ts';
import { tableCounts } from './helpers/database.ts';

let app: TestApp;
let jcsk: TestToken;
let other: TestToken;

before(async () => {
  app = await startTestApp();
  jcsk = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  other = await app.token({ scopes: ['push'], channels: ['nuonuo'] });
});
after(() => app.close());

async function pushOk(body: PushRequest, token = jcsk) {
  const response = await app.push(body, token.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(response.body, { value: true });
}

async function invoiceState(invoiceNumber: string) {
  const invoices = await app.db.selectFrom('invoices').selectAll().where('invoice_number', '=', invoiceNumber).execute();
  assert.equal(invoices.length, 1, 'exactly one copy');
  const invoice = invoices[0]!;
  const details = await app.db
    .selectFrom('invoice_details')
    .selectAll()
    .where('invoice_id', '=', invoice.id)
    .orderBy('row_index')
    .execute();
  const history = await app.db
    .selectFrom('invoice_history')
    .select(['change', 'invoicing_status'])
    .where('invoice_id', '=', invoice.id)
    .orderBy('id')
    .execute();
  return { invoice, details, history: history.map((entry) => `${entry.change}:${entry.invoicing_status}`) };
}

test('when the same invoice is pushed again, then one invoice with one set of detail rows remains', async () => {
  const invoice = buildInvoice({ details: [buildDetail(), buildDetail({ billNumber: '2', detailRowNo: '2' })] });
  await pushOk(buildPush({ data: [invoice] }));
  await pushOk(buildPush({ data: [invoice] }));
  const state = await invoiceState(invoice.invoiceNumber);
  assert.equal(state.details.length, 2);
  assert.deepEqual(state.history, ['created:00', 'unchanged:00']);
});

test('when the same invoice is pushed 50 times concurrently, then every push is acknowledged and one copy remains', async () => {
  const invoices = [buildInvoice(), buildInvoice(), buildInvoice({ details: [buildDetail(), buildDetail({ billNumber: '2' })] })];
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, index) =>
      app.push(buildPush({ serialNo: 'CONCURRENT-1', data: index % 2 ? invoices : [...invoices].reverse() }), jcsk.accessToken),
    ),
  );
  for (const response of responses) {
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(response.body, { value: true });
  }
  for (const invoice of invoices) {
    const state = await invoiceState(invoice.invoiceNumber);
    assert.equal(state.details.length, invoice.details.length);
    assert.equal(state.history.length, 50);
    assert.deepEqual(state.history.filter((entry) => entry === 'created:00').length, 1);
  }
  const pushes = await app.db.selectFrom('pushes').select('id').where('serial_no', '=', 'CONCURRENT-1').execute();
  assert.equal(pushes.length, 50);
});

test('when an invoice is voided (03), then it stays voided and a late 00 never un-voids it', async () => {
  const invoice = buildInvoice();
  await pushOk(buildPush({ data: [invoice] }));
  await pushOk(buildPush({ data: [{ ...invoice, invoicingStatus: '03' }] }));
  let state = await invoiceState(invoice.invoiceNumber);
  assert.equal(state.invoice.invoicing_status, '03');
  assert.ok(state.invoice.voided_at instanceof Date);
  const voidedAt = state.invoice.voided_at.getTime();

  await pushOk(buildPush({ data: [{ ...invoice, invoicingStatus: '00', invoiceAmount: '999.00' }] }));
  state = await invoiceState(invoice.invoiceNumber);
  assert.equal(state.invoice.invoicing_status, '03');
  assert.equal(state.invoice.invoice_amount, '100.00', 'an ignored push changes nothing');
  assert.equal(state.invoice.voided_at?.getTime(), voidedAt);
  assert.deepEqual(state.history, ['created:00', 'voided:03', 'ignored:03']);
});

test('when the void arrives before the issue, then the invoice is stored voided and stays so', async () => {
  const invoice = buildInvoice({ invoicingStatus: '03' });
  await pushOk(buildPush({ data: [invoice] }));
  await pushOk(buildPush({ data: [{ ...invoice, invoicingStatus: '00' }] }));
  const state = await invoiceState(invoice.invoiceNumber);
  assert.equal(state.invoice.invoicing_status, '03');
  assert.ok(state.invoice.voided_at);
  assert.deepEqual(state.history, ['created:03', 'ignored:03']);
});

test('when a pushed invoice changes, then the stored one and its detail rows are replaced, and history records it', async () => {
  const invoice = buildInvoice({ details: [buildDetail(), buildDetail({ billNumber: '2', detailRowNo: '2' })] });
  await pushOk(buildPush({ data: [invoice] }));
  await pushOk(
    buildPush({ data: [{ ...invoice, previewUrl: 'https://example.invalid/p.pdf', details: [buildDetail({ goodsName: '改' })] }] }),
  );
  const state = await invoiceState(invoice.invoiceNumber);
  assert.equal(state.invoice.preview_url, 'https://example.invalid/p.pdf');
  assert.deepEqual(
    state.details.map((row) => [row.row_index, row.goods_name]),
    [[0, '改']],
  );
  assert.deepEqual(state.history, ['created:00', 'updated:00']);
});

test('when another channel pushes an invoice first stored by jcsk, then 409 and nothing of that push is stored', async () => {
  const invoice = buildInvoice();
  await pushOk(buildPush({ data: [invoice] }));
  const before = await tableCounts(app.database);
  const response = await app.push(buildPush({ channelCode: 'nuonuo', data: [buildInvoice(), invoice] }), other.accessToken);
  assert.equal(response.status, 409);
  assert.equal(response.body.code, 'conflict');
  assert.deepEqual(response.body.errors, [
    {
      pointer: '/data/1',
      message: `invoice ${invoice.invoiceCode}/${invoice.invoiceNumber} was stored by channel jcsk; channel nuonuo cannot change it`,
    },
  ]);
  assert.deepEqual(await tableCounts(app.database), before);
  assert.equal((await invoiceState(invoice.invoiceNumber)).invoice.channel_code, 'jcsk');
});

test('when a batch is in progress, then it moves on to rejected or succeeded, never back', async () => {
  const batchState = async (serialNo: string) =>
    app.db
      .selectFrom('batches')
      .select(['result', 'reject_msg'])
      .where('channel_code', '=', 'jcsk')
      .where('serial_no', '=', serialNo)
      .executeTakeFirstOrThrow();

  await pushOk({ channelCode: 'jcsk', serialNo: 'B-1', result: 2 });
  assert.deepEqual(await batchState('B-1'), { result: 2, reject_msg: null });
  await pushOk({ channelCode: 'jcsk', serialNo: 'B-1', result: 1, rejectMsg: '购方税号有误' });
  assert.deepEqual(await batchState('B-1'), { result: 1, reject_msg: '购方税号有误' });
  await pushOk({ channelCode: 'jcsk', serialNo: 'B-1', result: 2 });
  assert.deepEqual(await batchState('B-1'), { result: 1, reject_msg: '购方税号有误' }, 'a late "in progress" does not move it back');

  await pushOk({ channelCode: 'jcsk', serialNo: 'B-2', result: 2 });
  await pushOk(buildPush({ serialNo: 'B-2', result: 0 }));
  assert.deepEqual(await batchState('B-2'), { result: 0, reject_msg: null });
  await pushOk({ channelCode: 'jcsk', serialNo: 'B-2', result: 1, rejectMsg: 'late' });
  assert.deepEqual(await batchState('B-2'), { result: 0, reject_msg: null }, 'a succeeded batch stays succeeded');

  const pushes = await app.db.selectFrom('pushes').select('result').where('serial_no', '=', 'B-2').orderBy('id').execute();
  assert.deepEqual(
    pushes.map((push) => push.result),
    [2, 0, 1],
    'every push is recorded',
  );
});

test('when a red invoice arrives before its blue invoice, then both keep the link fields', async () => {
  const blue = buildInvoice();
  const red = buildInvoice({ invoiceType: 1, originalInvoiceCode: blue.invoiceCode, originalInvoiceNumber: blue.invoiceNumber });
  await pushOk(buildPush({ data: [red] }));
  await pushOk(buildPush({ data: [blue] }));
  const redRow = (await invoiceState(red.invoiceNumber)).invoice;
  const blueRow = (await invoiceState(blue.invoiceNumber)).invoice;
  assert.deepEqual([redRow.original_invoice_code, redRow.original_invoice_number], [blueRow.invoice_code, blueRow.invoice_number]);
});

test('when one push carries 1000 invoices, then all are stored with their rows', async () => {
  const data = Array.from({ length: 1000 }, () => buildInvoice({ details: [buildDetail(), buildDetail({ billNumber: '2' })] }));
  const before = await tableCounts(app.database);
  await pushOk(buildPush({ data }));
  const afterCounts = await tableCounts(app.database);
  assert.equal(afterCounts.invoices - before.invoices, 1000);
  assert.equal(afterCounts.invoice_details - before.invoice_details, 2000);
});

/**
 * The red-flush view: a blue invoice with none, part or all of its 价税合计
 * red-flushed, or voided; red invoices that arrive before or after their
 * blue invoice; voided red invoices not counted; unlinked red invoices
 * listed; and the `redFlushStatus` filter agreeing with the view, also
 * when pushes race.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, okValue } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, type Invoice, type Json } from './helpers/builders.ts';

let app: TestApp;
let reader: TestToken;
let pusher: TestToken;

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
});
after(() => app.close());

function blue(overrides: Partial<Invoice> = {}): Invoice {
  return buildInvoice({ invoiceAmount: '100.00', invoiceTaxAmount: '6.00', invoiceTotalPriceTax: '106.00', ...overrides });
}

/** A red invoice of `of`, red-flushing `total` (written as the channel writes it: often positive). */
function red(of: Invoice, total: string, overrides: Partial<Invoice> = {}): Invoice {
  return buildInvoice({
    invoiceType: 1,
    originalInvoiceCode: of.invoiceCode,
    originalInvoiceNumber: of.invoiceNumber,
    invoiceTotalPriceTax: total,
    invoiceAmount: total,
    invoiceTaxAmount: '0',
    ...overrides,
  });
}

async function push(...data: Invoice[]): Promise<void> {
  const response = await app.push(buildPush({ data }), pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

async function idOf(invoice: Invoice): Promise<string> {
  const row = await app.db
    .selectFrom('invoices')
    .select('id')
    .where('invoice_code', '=', invoice.invoiceCode)
    .where('invoice_number', '=', invoice.invoiceNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function viewOf(invoice: Invoice): Promise<Json> {
  return okValue<Json>(get(app, `/api/openapi/v2/invoices/${await idOf(invoice)}`, reader), 'InvoiceViewResponse');
}

/** The red-flush view, and the status the list shows (and filters on) for the same invoice. */
async function redFlushOf(invoice: Invoice): Promise<Json> {
  const view = await viewOf(invoice);
  const redFlush = view.redFlush as Json;
  assert.equal((view.invoice as Json).redFlushStatus, redFlush.status, 'the stored state agrees with the view');
  const listed = await okValue<{ items: Json[] }>(
    get(app, `/api/openapi/v2/invoices?redFlushStatus=${redFlush.status}&invoiceNumber=${invoice.invoiceNumber}`, reader),
    'InvoicePage',
  );
  assert.deepEqual(
    listed.items.map((item) => item.id),
    [(view.invoice as Json).id],
    `listed under redFlushStatus=${redFlush.status}`,
  );
  return redFlush;
}

/** How a linked red invoice shows in its blue invoice's view. */
async function linked(invoice: Invoice, amount: string, counted = true): Promise<Json> {
  return {
    id: await idOf(invoice),
    invoiceCode: invoice.invoiceCode,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate: invoice.invoiceDate,
    invoiceDateIso: new Date(invoice.invoiceDate).toISOString(),
    invoicingStatus: invoice.invoicingStatus,
    invoiceTotalPriceTax: invoice.invoiceTotalPriceTax ?? null,
    amount,
    counted,
  };
}

test('when a blue invoice has no red invoice, then its status is none and all of it remains', async () => {
  const b = blue();
  await push(b);
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'none',
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '0',
    remaining: '106.00',
    openRequests: [],
    reds: [],
  });
});

test('when red invoices cover part, then all of a blue invoice, then partial then full, with absolute amounts', async () => {
  const b = blue();
  const r1 = red(b, '50.00', { invoiceDate: Date.UTC(2026, 9, 2) });
  const r2 = red(b, '-56.00', { invoiceDate: Date.UTC(2026, 9, 3) });
  await push(b, r1);
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'partial',
    totalPriceTax: '106.00',
    redFlushedTotal: '50.00',
    heldByOpenRequests: '0',
    remaining: '56.00',
    openRequests: [],
    reds: [await linked(r1, '50.00')],
  });
  await push(r2);
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'full',
    totalPriceTax: '106.00',
    redFlushedTotal: '106.00',
    heldByOpenRequests: '0',
    remaining: '0.00',
    openRequests: [],
    reds: [await linked(r1, '50.00'), await linked(r2, '56.00')],
  });
  assert.deepEqual(await redFlushOf(r2), {
    side: 'red',
    status: 'linked',
    originalInvoiceCode: b.invoiceCode,
    originalInvoiceNumber: b.invoiceNumber,
    amount: '56.00',
    blue: {
      id: await idOf(b),
      invoiceCode: b.invoiceCode,
      invoiceNumber: b.invoiceNumber,
      invoiceDate: b.invoiceDate,
      invoiceDateIso: new Date(b.invoiceDate).toISOString(),
      invoicingStatus: '00',
      invoiceTotalPriceTax: '106.00',
    },
  });
});

test('when a red invoice is voided, then it is still listed but no longer counted', async () => {
  const b = blue();
  const r1 = red(b, '30.00', { invoiceDate: Date.UTC(2026, 9, 2) });
  const r2 = red(b, '76.00', { invoiceDate: Date.UTC(2026, 9, 3) });
  await push(b, r1, r2);
  assert.equal((await redFlushOf(b)).status, 'full');
  await push({ ...r2, invoicingStatus: '03' });
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'partial',
    totalPriceTax: '106.00',
    redFlushedTotal: '30.00',
    heldByOpenRequests: '0',
    remaining: '76.00',
    openRequests: [],
    reds: [await linked(r1, '30.00'), await linked({ ...r2, invoicingStatus: '03' }, '76.00', false)],
  });
  await push({ ...r1, invoicingStatus: '03' });
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'none',
    totalPriceTax: '106.00',
    redFlushedTotal: '0',
    heldByOpenRequests: '0',
    remaining: '106.00',
    openRequests: [],
    reds: [await linked({ ...r1, invoicingStatus: '03' }, '30.00', false), await linked({ ...r2, invoicingStatus: '03' }, '76.00', false)],
  });
});

test('when the blue invoice is voided, then its status is voided whatever its red invoices', async () => {
  const b = blue();
  const r = red(b, '10.00');
  await push(b, r);
  await push({ ...b, invoicingStatus: '03' });
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'voided',
    totalPriceTax: '106.00',
    redFlushedTotal: '10.00',
    heldByOpenRequests: '0',
    remaining: '96.00',
    openRequests: [],
    reds: [await linked(r, '10.00')],
  });
});

test('when a red invoice arrives before its blue invoice, then it is listed as unlinked, and linked once the blue one arrives', async () => {
  const b = blue();
  const r = red(b, '-106.00');
  await push(r);
  assert.deepEqual(await redFlushOf(r), {
    side: 'red',
    status: 'unlinked',
    originalInvoiceCode: b.invoiceCode,
    originalInvoiceNumber: b.invoiceNumber,
    amount: '106.00',
    blue: null,
  });
  await push(b);
  assert.equal((await redFlushOf(r)).status, 'linked');
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'full',
    totalPriceTax: '106.00',
    redFlushedTotal: '106.00',
    heldByOpenRequests: '0',
    remaining: '0.00',
    openRequests: [],
    reds: [await linked(r, '106.00')],
  });
});

test('when red and blue invoices of a 数电 invoice come in one push, then the red one links through the empty code', async () => {
  const b = blue({ invoiceCode: '', invoiceNumber: '26312000000000000101', invoiceTypeCode: '02' });
  const r = red(b, '6.00', { invoiceCode: '', invoiceNumber: '26312000000000000102', invoiceTypeCode: '02', originalInvoiceCode: '' });
  await push(r, b);
  assert.equal((await redFlushOf(r)).status, 'linked');
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'partial',
    totalPriceTax: '106.00',
    redFlushedTotal: '6.00',
    heldByOpenRequests: '0',
    remaining: '100.00',
    openRequests: [],
    reds: [await linked(r, '6.00')],
  });
});

test('when the blue invoice has no 价税合计, then 发票金额 + 发票税额 stands for it, and red invoices may exceed it', async () => {
  const b = blue({ invoiceTotalPriceTax: undefined, invoiceAmount: '200.00', invoiceTaxAmount: '26.00' });
  const r = red(b, '300.00');
  await push(b, r);
  assert.deepEqual(await redFlushOf(b), {
    side: 'blue',
    status: 'full',
    totalPriceTax: '226.00',
    redFlushedTotal: '300.00',
    heldByOpenRequests: '0',
    remaining: '-74.00',
    openRequests: [],
    reds: [await linked(r, '300.00')],
  });
});

test('when a red invoice is pushed again pointing at another blue invoice, then the first is released and the second counts it', async () => {
  const first = blue();
  const second = blue();
  const r = red(first, '20.00');
  await push(first, second, r);
  assert.equal((await redFlushOf(first)).status, 'partial');
  await push({ ...r, originalInvoiceNumber: second.invoiceNumber });
  assert.equal((await redFlushOf(first)).status, 'none');
  assert.deepEqual(await redFlushOf(second), {
    side: 'blue',
    status: 'partial',
    totalPriceTax: '106.00',
    redFlushedTotal: '20.00',
    heldByOpenRequests: '0',
    remaining: '86.00',
    openRequests: [],
    reds: [await linked(r, '20.00')],
  });
});

test('when a red invoice names no original invoice, or an unknown one, then it is listed as unlinked', async () => {
  const orphan = red(blue(), '5.00', { originalInvoiceCode: undefined, originalInvoiceNumber: undefined });
  const stray = red(blue(), '5.00');
  await push(orphan, stray);
  const unlinked = await okValue<{ items: Json[] }>(
    get(app, '/api/openapi/v2/invoices?redFlushStatus=unlinked&limit=500', reader),
    'InvoicePage',
  );
  const numbers = unlinked.items.map((item) => item.invoiceNumber);
  assert.ok(numbers.includes(orphan.invoiceNumber) && numbers.includes(stray.invoiceNumber));
  assert.deepEqual(await redFlushOf(orphan), {
    side: 'red',
    status: 'unlinked',
    originalInvoiceCode: null,
    originalInvoiceNumber: null,
    amount: '5.00',
    blue: null,
  });
});

test('when an app may not read the blue invoice, then the red one shows it linked but not what it links to', async () => {
  const b = blue({ sellerTaxNo: '91440300000000002B' });
  const r = red(b, '1.00', { sellerTaxNo: '91310000000000001A' });
  await push(b, r);
  const scoped = await app.token({ scopes: ['read'], sellers: ['91310000000000001A'] });
  const view = await okValue<Json>(get(app, `/api/openapi/v2/invoices/${await idOf(r)}`, scoped), 'InvoiceViewResponse');
  assert.deepEqual(view.redFlush, {
    side: 'red',
    status: 'linked',
    originalInvoiceCode: b.invoiceCode,
    originalInvoiceNumber: b.invoiceNumber,
    amount: '1.00',
    blue: null,
  });
});

test('when red invoices and their blue invoice are pushed concurrently, then the stored state counts every one of them', async () => {
  const b = blue({ invoiceTotalPriceTax: '100.00', invoiceAmount: '100.00', invoiceTaxAmount: '0' });
  const reds = Array.from({ length: 12 }, () => red(b, '5.00'));
  const responses = await Promise.all([b, ...reds].map((invoice) => app.push(buildPush({ data: [invoice] }), pusher.accessToken)));
  for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
  const state = await redFlushOf(b);
  assert.deepEqual([state.status, state.redFlushedTotal, state.remaining], ['partial', '60.00', '40.00']);
  assert.equal((state.reds as Json[]).length, 12);
  const stored = await app.db
    .selectFrom('invoices')
    .select(['red_flushed_total', 'red_flush_status'])
    .where('id', '=', await idOf(b))
    .executeTakeFirstOrThrow();
  assert.deepEqual(stored, { red_flushed_total: '60.00', red_flush_status: 'partial' });
  for (const r of reds) assert.equal((await redFlushOf(r)).status, 'linked');
});

test('when every invoice of this file is listed by redFlushStatus, then each status lists exactly the invoices whose view says so', async () => {
  const all = await okValue<{ items: Json[] }>(get(app, '/api/openapi/v2/invoices?limit=500', reader), 'InvoicePage');
  for (const status of ['none', 'partial', 'full', 'voided', 'linked', 'unlinked']) {
    const listed = await okValue<{ items: Json[] }>(
      get(app, `/api/openapi/v2/invoices?limit=500&redFlushStatus=${status}`, reader),
      'InvoicePage',
    );
    const expected = [];
    for (const item of all.items) {
      const view = await okValue<Json>(get(app, `/api/openapi/v2/invoices/${item.id}`, reader), 'InvoiceViewResponse');
      if ((view.redFlush as Json).status === status) expected.push(item.id);
    }
    assert.deepEqual(
      listed.items.map((item) => item.id),
      expected,
      status,
    );
  }
});

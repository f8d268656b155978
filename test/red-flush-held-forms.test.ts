/**
 * Held counterparty 红字确认单 (a buyer's form we confirmed) hold their
 * total against the blue invoice until their red invoice comes: pushed,
 * the red invoice is linked to the form it answers (by the red invoice
 * number the channel reported, else by its total), the form holds no more
 * and the red invoice counts instead, once. The forms are inserted as
 * their records keep them (their API is on another branch); the invoices
 * are pushed through the API.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { get, okValue } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Invoice, uniqueNumber } from './helpers/builders.ts';

let app: TestApp;
let reader: TestToken;
let pusher: TestToken;

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
});
after(() => app.close());

let sequence = 0;

async function pushed(...data: Invoice[]): Promise<void> {
  const response = await app.push(buildPush({ data }), pusher.accessToken);
  assert.deepEqual([response.status, response.body], [200, { value: true }]);
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

/** A counterparty form in 04 (confirmed) holding against the blue invoice. */
async function heldForm(
  blueId: string,
  amount: string,
  tax: string,
  total: string,
  redInvoiceNumber: string | null = null,
): Promise<string> {
  sequence += 1;
  const { rows } = await sql<{ id: string }>`
    insert into red_confirm_forms (channel_code, bill_id, origin, entered_by, blue_invoice_id, amount, tax, total, state, held, red_invoice_number)
    values ('jcsk', ${`held-${process.pid}-${sequence}`}, 'counterparty', 'buyer', ${blueId}::bigint, ${amount}::numeric, ${tax}::numeric,
      ${total}::numeric, '04', true, ${redInvoiceNumber})
    returning id::text`.execute(app.db);
  return rows[0]?.id as string;
}

async function formRow(id: string) {
  const { rows } = await sql<{ held: boolean; red_invoice_id: string | null; red_invoice_number: string | null; state: string }>`
    select held, red_invoice_id::text, red_invoice_number, state from red_confirm_forms where id = ${id}::bigint`.execute(app.db);
  return rows[0];
}

async function formEvents(id: string) {
  const { rows } = await sql<{ from_state: string | null; to_state: string; source: string; detail: Record<string, unknown> }>`
    select from_state, to_state, source, detail from red_confirm_form_events where form_id = ${id}::bigint order by id`.execute(app.db);
  return rows;
}

async function figures(blueId: string) {
  const view = await okValue<{ redFlush: { redFlushedTotal: string; heldByOpenRequests: string; remaining: string } }>(
    get(app, `/api/openapi/v2/invoices/${blueId}`, reader),
    'InvoiceViewResponse',
  );
  return [view.redFlush.redFlushedTotal, view.redFlush.heldByOpenRequests, view.redFlush.remaining];
}

function redOf(blue: Invoice, amount: string, tax: string, total: string, invoiceNumber = uniqueNumber()): Invoice {
  return buildInvoice({
    invoiceType: 1,
    invoiceNumber,
    originalInvoiceCode: blue.invoiceCode,
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: `-${amount}`,
    invoiceTaxAmount: `-${tax}`,
    invoiceTotalPriceTax: `-${total}`,
    details: [buildDetail({ goodsCost: `-${amount}`, goodsVat: `-${tax}` })],
  });
}

test('when the red invoice of a held form is pushed, then it is linked to the form by its total, the form holds no more, and it counts once', async () => {
  const blue = buildInvoice();
  await pushed(blue);
  const blueId = await idOf(blue);
  const form = await heldForm(blueId, '30.00', '1.80', '31.80');
  assert.deepEqual(await figures(blueId), ['0', '31.80', '74.20']);

  const red = redOf(blue, '30.00', '1.80', '31.80');
  await pushed(red);
  const redId = await idOf(red);
  assert.deepEqual(await formRow(form), { held: false, red_invoice_id: redId, red_invoice_number: red.invoiceNumber, state: '04' });
  assert.deepEqual(await formEvents(form), [
    {
      from_state: '04',
      to_state: '04',
      source: 'push',
      detail: { redInvoiceId: redId, invoiceNumber: red.invoiceNumber, matchedBy: 'total' },
    },
  ]);
  assert.deepEqual(await figures(blueId), ['31.80', '0', '74.20']);

  // Pushed again, unchanged: nothing more happens.
  await pushed(red);
  assert.equal((await formEvents(form)).length, 1);
  assert.deepEqual(await figures(blueId), ['31.80', '0', '74.20']);
});

test('when the channel reported the red invoice number of a held form, then the red invoice with that number is linked to it, whatever its total', async () => {
  const blue = buildInvoice();
  await pushed(blue);
  const blueId = await idOf(blue);
  const number = uniqueNumber();
  const named = await heldForm(blueId, '47.17', '2.83', '50.00', number);
  const other = await heldForm(blueId, '30.00', '1.80', '31.80');
  assert.deepEqual(await figures(blueId), ['0', '81.80', '24.20']);

  const red = redOf(blue, '30.00', '1.80', '31.80', number);
  await pushed(red);
  const redId = await idOf(red);
  assert.deepEqual(await formRow(named), { held: false, red_invoice_id: redId, red_invoice_number: number, state: '04' });
  assert.equal((await formEvents(named))[0]?.detail.matchedBy, 'redInvoiceNumber');
  assert.deepEqual(await formRow(other), { held: true, red_invoice_id: null, red_invoice_number: null, state: '04' });
  assert.deepEqual(await figures(blueId), ['31.80', '31.80', '42.40']);
});

test('when a red invoice answers no held form (another total, no number), then no form is linked and both count', async () => {
  const blue = buildInvoice();
  await pushed(blue);
  const blueId = await idOf(blue);
  const form = await heldForm(blueId, '30.00', '1.80', '31.80');
  await pushed(redOf(blue, '20.00', '1.20', '21.20'));
  assert.deepEqual(await formRow(form), { held: true, red_invoice_id: null, red_invoice_number: null, state: '04' });
  assert.deepEqual(await formEvents(form), []);
  assert.deepEqual(await figures(blueId), ['21.20', '31.80', '53.00']);
});

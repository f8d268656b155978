/**
 * The red-flush rules written twice agree: "what is left" (and the status)
 * in TypeScript (red-flush.rules.ts) and in SQL (red-flush.sql.ts, as the
 * invoice view and `readRemaining` compute it from the stored rows), for
 * blue and red invoices of any amounts, scales, signs and voids, pushed
 * through the API. And the group lock is one: a transaction holding a blue
 * invoice's group (as a red-flush request will) keeps a push of a red
 * invoice of it waiting until it ends.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { decimal, plus, show } from '../src/decimal.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../src/invoice-codes.ts';
import { lockGroups } from '../src/red-flush/red-flush.lock.ts';
import {
  blueStatusOf,
  type FlushMember,
  type HoldingForm,
  type HoldingRequest,
  heldOf,
  remainingOf,
} from '../src/red-flush/red-flush.rules.ts';
import { readRemaining } from '../src/red-flush/red-flush.service.ts';
import { get, okValue } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { assertProperty } from './helpers/arbitraries.ts';
import { buildDetail, buildInvoice, buildPush, type Invoice, uniqueNumber } from './helpers/builders.ts';

let app: TestApp;
let reader: TestToken;
let pusher: TestToken;
let flusher: TestToken;

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
  flusher = await app.token({ scopes: ['redflush'] });
});
after(() => app.close());

/** An exact decimal, not zero, of 0 to 3 fraction digits, either sign ("-0.05", "123", "7.500"). */
const amount = fc
  .tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 3 }), fc.boolean())
  .map(([units, scale, negative]) => {
    const digits = String(units).padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${text}` : text;
  });

/** How an invoice states its total: 价税合计 given, or only 发票金额 (+ 发票税额). */
const totals = fc.record({
  invoiceAmount: amount,
  invoiceTaxAmount: fc.option(amount, { nil: undefined }),
  invoiceTotalPriceTax: fc.option(amount, { nil: undefined }),
});

/** A positive amount of money (0.01 to 999.99). */
const money = fc.integer({ min: 1, max: 99_999 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);

const group = fc.record({
  blue: fc.record({ totals, voided: fc.boolean() }),
  reds: fc.array(fc.record({ totals, voided: fc.boolean(), day: fc.integer({ min: 1, max: 9 }) }), { maxLength: 5 }),
  // Counterparty forms against the blue invoice: held or not, with their red invoice linked or not.
  forms: fc.array(fc.record({ amount: money, tax: money, held: fc.boolean(), linked: fc.boolean() }), { maxLength: 3 }),
});

function withTotals(invoice: Invoice, given: Pick<Invoice, 'invoiceAmount' | 'invoiceTaxAmount' | 'invoiceTotalPriceTax'>): Invoice {
  const { invoiceTaxAmount: _tax, invoiceTotalPriceTax: _total, ...rest } = invoice;
  return {
    ...rest,
    invoiceAmount: given.invoiceAmount,
    ...(given.invoiceTaxAmount === undefined ? {} : { invoiceTaxAmount: given.invoiceTaxAmount }),
    ...(given.invoiceTotalPriceTax === undefined ? {} : { invoiceTotalPriceTax: given.invoiceTotalPriceTax }),
    details: [buildDetail({ goodsCost: given.invoiceAmount, goodsVat: given.invoiceTaxAmount ?? '0' })],
  };
}

function member(invoice: Invoice): FlushMember {
  return {
    invoiceCode: invoice.invoiceCode,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate: invoice.invoiceDate,
    voided: invoice.invoicingStatus === INVOICING_STATUS.VOIDED,
    buyerName: invoice.buyerName,
    buyerTaxNo: invoice.buyerTaxNo ?? null,
    sellerTaxNo: invoice.sellerTaxNo,
    invoiceAmount: invoice.invoiceAmount,
    invoiceTaxAmount: invoice.invoiceTaxAmount ?? null,
    invoiceTotalPriceTax: invoice.invoiceTotalPriceTax ?? null,
  };
}

async function pushed(...data: Invoice[]): Promise<void> {
  const response = await app.push(buildPush({ data }), pusher.accessToken);
  assert.deepEqual([response.status, response.body], [200, { value: true }]);
}

test('when a blue invoice and its red invoices are stored, then what is left and the status are the same in SQL as in TypeScript', async () => {
  await assertProperty(
    fc.asyncProperty(group, async ({ blue: blueCase, reds: redCases, forms: formCases }) => {
      const status = (voided: boolean) => (voided ? INVOICING_STATUS.VOIDED : INVOICING_STATUS.ISSUED);
      const blue = withTotals(buildInvoice({ invoicingStatus: status(blueCase.voided) }), blueCase.totals);
      const reds = redCases.map((red) =>
        withTotals(
          buildInvoice({
            invoiceType: INVOICE_TYPE.RED,
            invoicingStatus: status(red.voided),
            originalInvoiceCode: blue.invoiceCode,
            originalInvoiceNumber: blue.invoiceNumber,
            invoiceDate: Date.UTC(2026, 9, 1 + red.day),
          }),
          red.totals,
        ),
      );
      await pushed(blue, ...reds);
      const blueId = await idOf(blue);
      const firstRed = reds[0] && (await idOf(reds[0]));
      const forms: HoldingForm[] = [];
      for (const form of formCases) {
        const linked = form.linked && firstRed !== undefined ? { redInvoiceId: firstRed } : {};
        forms.push(await insertForm(blueId, { amount: form.amount, tax: form.tax, held: form.held, ...linked }));
      }

      const expected = remainingOf(member(blue), reds.map(member), heldOf([], forms));
      const key = { code: blue.invoiceCode, number: blue.invoiceNumber };
      const read = await readRemaining(app.db, key);
      assert.ok(read, 'the blue invoice is read');
      assert.equal(read.remaining, show(expected), 'readRemaining agrees with remainingOf');
      assert.equal(read.status, blueStatusOf(member(blue), reds.map(member)));

      const id = blueId;
      const view = await okValue<{ redFlush: { remaining: string; status: string } }>(
        get(app, `/api/openapi/v2/invoices/${id}`, reader),
        'InvoiceViewResponse',
      );
      assert.deepEqual(
        [view.redFlush.remaining, view.redFlush.status],
        [show(expected), blueStatusOf(member(blue), reds.map(member))],
        'the view agrees with the rules in TypeScript',
      );
    }),
    { numRuns: 40 },
  );
});

let formSequence = 0;

/** A counterparty 红字确认单 against a stored blue invoice, inserted as the forms' records keep it (their API is elsewhere). */
async function insertForm(
  blueId: string,
  form: { amount: string; tax: string; held: boolean; redInvoiceId?: string; redInvoiceNumber?: string },
): Promise<HoldingForm & { id: string }> {
  formSequence += 1;
  const total = show(plus(decimal(form.amount), decimal(form.tax)));
  const { rows } = await sql<{ id: string }>`
    insert into red_confirm_forms (channel_code, bill_id, origin, entered_by, blue_invoice_id, amount, tax, total, state, held,
      red_invoice_id, red_invoice_number)
    values ('jcsk', ${`rules-${process.pid}-${formSequence}`}, 'counterparty', 'buyer', ${blueId}::bigint, ${form.amount}::numeric,
      ${form.tax}::numeric, ${total}::numeric, '04', ${form.held}, ${form.redInvoiceId ?? null}::bigint, ${form.redInvoiceNumber ?? null})
    returning id::text`.execute(app.db);
  return { id: rows[0]?.id as string, origin: 'counterparty', held: form.held, redInvoiceLinked: form.redInvoiceId !== undefined, total };
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

test('when open requests and held forms hold an amount, then what is left subtracts them, in SQL as in TypeScript, and a request sees it', async () => {
  // 数电 invoices: a tax-control one partly red-flushed could not be asked for in full (it goes whole only).
  const digital = { invoiceTypeCode: '01', invoiceCode: '' } as const;
  const blue = buildInvoice({
    ...digital,
    invoiceNumber: `241120000000${uniqueNumber()}`,
    invoiceAmount: '100.00',
    invoiceTaxAmount: '6.00',
    invoiceTotalPriceTax: '106.00',
    details: [buildDetail({ taxTaxonomyCode: '3040201000000000000' })],
  });
  const red = buildInvoice({
    ...digital,
    invoiceNumber: `241120000000${uniqueNumber()}`,
    invoiceType: INVOICE_TYPE.RED,
    originalInvoiceCode: blue.invoiceCode,
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: '-10.00',
    invoiceTaxAmount: '-0.60',
    invoiceTotalPriceTax: '-10.60',
    details: [buildDetail({ goodsCost: '-10.00', goodsVat: '-0.60', taxTaxonomyCode: '3040201000000000000' })],
  });
  await pushed(blue, red);
  const key = { code: blue.invoiceCode, number: blue.invoiceNumber };
  const blueId = await idOf(blue);
  // Held: 31.80; not held: one that ended (held false), one whose red invoice came.
  const forms = [
    await insertForm(blueId, { amount: '30.00', tax: '1.80', held: true }),
    await insertForm(blueId, { amount: '5.00', tax: '0.30', held: false }),
    await insertForm(blueId, { amount: '10.00', tax: '0.60', held: true, redInvoiceId: await idOf(red) }),
  ];
  const check = async (requests: HoldingRequest[], figures: { held: string; remaining: string }) => {
    const read = await readRemaining(app.db, key);
    const expected = remainingOf(member(blue), [member(red)], heldOf(requests, forms));
    assert.deepEqual(
      { total: read?.total, flushed: read?.flushed, held: read?.held, remaining: read?.remaining, status: read?.status },
      { total: '106.00', flushed: '10.60', held: figures.held, remaining: figures.remaining, status: 'partial' },
    );
    assert.equal(show(expected), figures.remaining, 'readRemaining agrees with remainingOf');
    const view = await okValue<{ redFlush: { heldByOpenRequests: string; remaining: string } }>(
      get(app, `/api/openapi/v2/invoices/${blueId}`, reader),
      'InvoiceViewResponse',
    );
    assert.deepEqual([view.redFlush.heldByOpenRequests, view.redFlush.remaining], [figures.held, figures.remaining], 'the view agrees');
  };
  await check([], { held: '31.80', remaining: '63.60' });

  // A request may ask for all that is left after the held form (without a job queue it stays open, accepted): by its rows,
  // since the red invoice made elsewhere and the forms carry none (a full red flush could not be sent with rows).
  const ask = () =>
    app
      .http()
      .post(`/api/openapi/v2/invoicing/oneKeyRedPunch?accessToken=${flusher.accessToken}`)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          channelCode: 'jcsk',
          reason: 2,
          invoiceTypeCode: 'FullDigitalSpecial',
          sellerTaxNo: blue.sellerTaxNo,
          invoiceCode: blue.invoiceCode,
          invoiceNumber: blue.invoiceNumber,
          details: [{ detailRowNo: '1', amount: '60.00' }],
        }),
      );
  const accepted = await ask();
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.deepEqual([accepted.body.data.state, accepted.body.data.total], ['accepted', '63.60']);
  await check([{ open: true, total: '63.60' }], { held: '95.40', remaining: '0.00' });
  const refused = await ask();
  assert.equal(refused.status, 400);
  assert.equal(refused.body.data.reason, 'insufficient_remaining');
  assert.equal(await readRemaining(app.db, { code: key.code, number: '99999999' }), undefined, 'no such blue invoice');
});

test('when counterparty forms carry rows, then a row’s rest subtracts them while the form holds or its red invoice counts; a malformed row is passed over', async () => {
  const digital = { invoiceTypeCode: '01', invoiceCode: '' } as const;
  const code = '3040201000000000000';
  const blue = buildInvoice({
    ...digital,
    invoiceNumber: `241120000000${uniqueNumber()}`,
    invoiceAmount: '300.00',
    invoiceTaxAmount: '18.00',
    invoiceTotalPriceTax: '318.00',
    details: [
      buildDetail({ detailRowNo: '1', taxTaxonomyCode: code }),
      buildDetail({ detailRowNo: '2', goodsCost: '200.00', goodsVat: '12.00', goodsNum: '4', taxTaxonomyCode: code }),
    ],
  });
  const red = buildInvoice({
    ...digital,
    invoiceNumber: `241120000000${uniqueNumber()}`,
    invoiceType: INVOICE_TYPE.RED,
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: '-50.00',
    invoiceTaxAmount: '-3.00',
    invoiceTotalPriceTax: '-53.00',
    details: [buildDetail({ goodsCost: '-50.00', goodsVat: '-3.00', goodsNum: '-1', taxTaxonomyCode: code })],
  });
  await pushed(blue, red);
  const blueId = await idOf(blue);
  const row = (blueRowNo: string, amount: string, taxAmount: string) => ({
    blueRowNo,
    goodsName: '服务',
    taxClassificationCode: code,
    amount,
    taxAmount,
    taxRate: '0.06',
  });
  const form = async (held: boolean, rows: unknown[], redInvoiceId: string | null = null) => {
    formSequence += 1;
    await sql`
      insert into red_confirm_forms (channel_code, bill_id, origin, entered_by, blue_invoice_id, amount, tax, total, state, held, red_invoice_id, rows)
      values ('jcsk', ${`rows-${process.pid}-${formSequence}`}, 'counterparty', 'buyer', ${blueId}::bigint, 0, 0, 0, '04', ${held},
        ${redInvoiceId}::bigint, ${JSON.stringify(rows)}::jsonb)`.execute(app.db);
  };
  await form(true, [row('1', '-30.00', '-1.80')]); // holds: row 1 has 70.00 left
  await form(false, [row('2', '-50.00', '-3.00')], await idOf(red)); // its red invoice counts: row 2 has 150.00 left
  await form(false, [row('2', '-20.00', '-1.20')]); // ended without a red invoice: nothing
  await form(true, [row('x', '-1.00', '-0.06'), row('1', 'abc', '-0.06'), { blueRowNo: 2 }]); // a channel's malformed rows: passed over

  const preview = (details: unknown[]) =>
    app
      .http()
      .post(`/api/openapi/v2/red-flushes/preview?accessToken=${flusher.accessToken}`)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          channelCode: 'jcsk',
          reason: 2,
          invoiceTypeCode: '01',
          sellerTaxNo: blue.sellerTaxNo,
          invoiceNumber: blue.invoiceNumber,
          details,
        }),
      );
  const refused = await preview([
    { detailRowNo: '1', amount: '70.01' },
    { detailRowNo: '2', amount: '150.01' },
  ]);
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.deepEqual(
    (refused.body.data.errors as { message: string }[]).map((error) => error.message),
    ['第 1 行剩余可红冲金额（不含税）70.00，不足 70.01', '第 2 行剩余可红冲金额（不含税）150.00，不足 150.01'],
  );
  const fits = await preview([
    { detailRowNo: '1', amount: '70.00' },
    { detailRowNo: '2', amount: '150.00' },
  ]);
  assert.equal(fits.status, 200, JSON.stringify(fits.body));

  // The red invoice voided: its form's rows are free again, as its total is.
  await pushed({ ...red, invoicingStatus: INVOICING_STATUS.VOIDED });
  const freed = await preview([{ detailRowNo: '2', amount: '200.01' }]);
  assert.deepEqual(
    (freed.body.data.errors as { message: string }[]).map((error) => error.message),
    ['第 2 行剩余可红冲金额（不含税）200.00，不足 200.01'],
  );
});

test('when a transaction holds a blue invoice group lock, then a push of a red invoice of it waits until that transaction ends', async () => {
  const blue = buildInvoice();
  await pushed(blue);
  const key = { code: blue.invoiceCode, number: blue.invoiceNumber };
  const red = buildInvoice({
    invoiceType: INVOICE_TYPE.RED,
    originalInvoiceCode: blue.invoiceCode,
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: '-100.00',
    invoiceTaxAmount: '-6.00',
    invoiceTotalPriceTax: '-106.00',
    details: [buildDetail({ goodsCost: '-100.00', goodsVat: '-6.00' })],
  });
  let answered: Promise<{ status: number; body: unknown }> | undefined;
  let done = false;
  await app.db.transaction().execute(async (tx) => {
    await lockGroups(tx, [{ group: key, mode: 'exclusive' }]);
    answered = app
      .push(buildPush({ data: [red] }), pusher.accessToken)
      .then((response) => ({ status: response.status, body: response.body }))
      .finally(() => {
        done = true;
      });
    if (app.database.kind === 'postgres') {
      // Until the push's transaction waits on the group's advisory lock, or (wrongly) is done
      // (the embedded database runs one transaction at a time anyway).
      for (;;) {
        const { rows } = await sql<{ waiting: number }>`
          select count(*)::int as waiting from pg_locks
          where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(
          app.db,
        );
        if (done || (rows[0]?.waiting ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const inside = await readRemaining(tx, key);
    assert.equal(inside?.remaining, '106.00', 'the red invoice is not stored while the lock is held');
  });
  assert.deepEqual(await answered, { status: 200, body: { value: true } });
  assert.equal((await readRemaining(app.db, key))?.remaining, '0.00', 'the red invoice counts once the push is done');
});

/** One push of the race below: which invoices it carries, and for the moving red invoice, which blue invoice it names. */
const raceStep = fc.record({
  carries: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  to: fc.integer({ min: 0, max: 1 }),
  voided: fc.boolean(),
});

test('when pushes move a red invoice between blue invoices while others race, then the kept red-flush state is what the live rows say', async () => {
  let race = 0;
  await assertProperty(
    fc.asyncProperty(fc.array(raceStep, { minLength: 2, maxLength: 8 }), async (steps) => {
      race += 1;
      const blues = [0, 1].map((index) => buildInvoice({ invoiceNumber: String(80_000_000 + race * 10 + index) }));
      const redOf = (index: number, to: number, voided: boolean) =>
        buildInvoice({
          invoiceType: INVOICE_TYPE.RED,
          invoiceNumber: String(80_000_000 + race * 10 + index),
          invoicingStatus: voided ? INVOICING_STATUS.VOIDED : INVOICING_STATUS.ISSUED,
          originalInvoiceCode: blues[to]?.invoiceCode,
          originalInvoiceNumber: blues[to]?.invoiceNumber,
          invoiceAmount: '-50.00',
          invoiceTaxAmount: '-3.00',
          invoiceTotalPriceTax: '-53.00',
          details: [buildDetail({ goodsCost: '-50.00', goodsVat: '-3.00' })],
        });
      // 0 and 1: the blue invoices; 2: a red invoice of the first; 3: a red invoice that names either.
      const invoiceOf = (index: number, step: { to: number; voided: boolean }) =>
        index < 2 ? blues[index]! : redOf(index, index === 2 ? 0 : step.to, index === 2 ? false : step.voided);
      const answers = await Promise.all(
        steps.map((step) => app.push(buildPush({ data: step.carries.map((index) => invoiceOf(index, step)) }), pusher.accessToken)),
      );
      for (const answer of answers) assert.deepEqual([answer.status, answer.body], [200, { value: true }]);

      const numbers = [0, 1, 2, 3].map((index) => String(80_000_000 + race * 10 + index));
      const rows = await app.db
        .selectFrom('invoices')
        .select(['id', 'invoice_code', 'invoice_number', 'invoice_type', 'red_flush_status', 'red_flushed_total', 'red_flush_blue_id'])
        .where('invoice_number', 'in', numbers)
        .execute();
      for (const row of rows) {
        if (row.invoice_type === INVOICE_TYPE.BLUE) {
          const live = await readRemaining(app.db, { code: row.invoice_code, number: row.invoice_number });
          assert.deepEqual([row.red_flush_status, row.red_flushed_total], [live?.status, live?.flushed], `blue ${row.invoice_number}`);
        } else {
          const { rows: pointed } = await sql<{ id: string }>`
            select b.id from invoices r join invoices b on b.invoice_type = ${INVOICE_TYPE.BLUE}
              and b.invoice_number = r.original_invoice_number and b.invoice_code = coalesce(r.original_invoice_code, '')
            where r.id = ${row.id}::bigint`.execute(app.db);
          const blueId = pointed[0]?.id ?? null;
          assert.deepEqual(
            [row.red_flush_status, row.red_flush_blue_id],
            [blueId === null ? 'unlinked' : 'linked', blueId],
            `red ${row.invoice_number}`,
          );
        }
      }
    }),
    { numRuns: 20 },
  );
});

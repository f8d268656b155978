/**
 * Findings in the query API: the invoice view lists them, every record
 * carries its finding codes, and the list (and the CSV export) filter by
 * `hasFindings` and `findingCode`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { assertProperty } from './helpers/arbitraries.ts';
import { buildDetail, buildInvoice, buildPush, type Invoice, type Json } from './helpers/builders.ts';

const SELLER = '91310000MA1FL0XX2F';
const BUYER = '91110105MA01G6XX1E';

let app: TestApp;
let pusher: TestToken;
let reader: TestToken;

const clean = (overrides: Partial<Invoice> = {}) => buildInvoice({ sellerTaxNo: SELLER, buyerTaxNo: BUYER, ...overrides });
const flawed = clean({ invoiceTotalPriceTax: '107.00', buyerTaxNo: '91110105MA01G6XX1X', invoiceDate: Date.UTC(2026, 9, 3) });
const cleanOne = clean({ invoiceDate: Date.UTC(2026, 9, 2) });
const blue = clean({ invoiceDate: Date.UTC(2026, 9, 1) });
const red = clean({
  invoiceType: 1,
  originalInvoiceCode: blue.invoiceCode,
  originalInvoiceNumber: blue.invoiceNumber,
  invoiceAmount: '-200.00',
  invoiceTaxAmount: '-12.00',
  invoiceTotalPriceTax: '-212.00',
  invoiceDate: Date.UTC(2026, 9, 4),
  details: [buildDetail({ goodsCost: '-200.00', goodsVat: '-12.00' })],
});

before(async () => {
  app = await startTestApp();
  pusher = await app.token({ scopes: ['push'] });
  reader = await app.token({ scopes: ['read'] });
  for (const data of [[red], [flawed, cleanOne], [blue]]) {
    const response = await app.push(buildPush({ data }), pusher.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }
});
after(() => app.close());

async function idOf(invoice: Invoice): Promise<string> {
  const row = await app.db
    .selectFrom('invoices')
    .select('id')
    .where('invoice_number', '=', invoice.invoiceNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function listed(query: string): Promise<string[]> {
  const page = await okValue<{ items: Json[] }>(get(app, `/api/openapi/v2/invoices?limit=500&${query}`, reader), 'InvoicePage');
  return page.items.map((item) => item.invoiceNumber as string);
}

test('when an invoice with findings is viewed, then every finding is listed with its figures, and its record carries the codes', async () => {
  const view = await okValue<Json>(get(app, `/api/openapi/v2/invoices/${await idOf(flawed)}`, reader), 'InvoiceViewResponse');
  assert.deepEqual(view.findings, [
    {
      code: 'HEADER_SUM_MISMATCH',
      severity: 'error',
      pointer: '/invoiceTotalPriceTax',
      message: 'is 107.00, but invoiceAmount 100.00 + invoiceTaxAmount 6.00 = 106.00',
      figures: {
        invoiceAmount: '100.00',
        invoiceTaxAmount: '6.00',
        invoiceTotalPriceTax: '107.00',
        expected: '106.00',
        difference: '1.00',
      },
    },
    {
      code: 'USCC_CHECK_CHARACTER',
      severity: 'warning',
      pointer: '/buyerTaxNo',
      message: 'is "91110105MA01G6XX1X": its GB 32100-2015 check character should be E, not X',
      figures: { taxNo: '91110105MA01G6XX1X', checkCharacter: 'X', expected: 'E' },
    },
  ]);
  assert.deepEqual((view.invoice as Json).findingCodes, ['HEADER_SUM_MISMATCH', 'USCC_CHECK_CHARACTER']);

  const clean = await okValue<Json>(get(app, `/api/openapi/v2/invoices/${await idOf(cleanOne)}`, reader), 'InvoiceViewResponse');
  assert.deepEqual([clean.findings, (clean.invoice as Json).findingCodes], [[], []]);
});

test('when a red invoice that arrived first is viewed, then the findings against its blue invoice follow its own', async () => {
  const view = await okValue<Json>(
    get(app, `/api/openapi/v2/invoices/lookup?invoiceCode=${red.invoiceCode}&invoiceNumber=${red.invoiceNumber}`, reader),
    'InvoiceViewResponse',
  );
  assert.deepEqual(
    (view.findings as Json[]).map((finding) => [finding.code, finding.pointer, (finding.figures as Json).remaining ?? null]),
    [['RED_EXCEEDS_REMAINING', '/invoiceTotalPriceTax', '106.00']],
  );
  assert.deepEqual((view.invoice as Json).findingCodes, ['RED_EXCEEDS_REMAINING']);
});

test('when the list is filtered by hasFindings or findingCode, then exactly the matching invoices come, newest first', async () => {
  assert.deepEqual(await listed('hasFindings=true'), [red.invoiceNumber, flawed.invoiceNumber]);
  assert.deepEqual(await listed('hasFindings=false'), [cleanOne.invoiceNumber, blue.invoiceNumber]);
  assert.deepEqual(await listed('findingCode=HEADER_SUM_MISMATCH'), [flawed.invoiceNumber]);
  assert.deepEqual(await listed('findingCode=RED_EXCEEDS_REMAINING&invoiceType=1'), [red.invoiceNumber]);
  assert.deepEqual(await listed('findingCode=ROW_TAX_ROUNDING'), []);
  assert.deepEqual(await listed('findingCode=HEADER_SUM_MISMATCH&hasFindings=false'), []);
  // The export takes the same filters.
  const csv = await get(app, '/api/openapi/v2/invoices/export.csv?findingCode=USCC_CHECK_CHARACTER', reader);
  assert.equal(csv.status, 200);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines.length, 2, 'the header and one invoice');
  assert.match(lines[1] ?? '', new RegExp(flawed.invoiceNumber));
});

test('when hasFindings or findingCode has a bad value, then 400 names the parameter', async () => {
  const body = await problem(
    get(app, '/api/openapi/v2/invoices?hasFindings=maybe&findingCode=NOT_A_CODE', reader),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    (body.errors as Json[]).map((error) => error.parameter),
    ['hasFindings', 'findingCode'],
  );
});

test('when an invoice is pushed with and without flaws at random, then the list by finding code always agrees with its view', async () => {
  const variants = fc.record({
    total: fc.constantFrom('106.00', '107.00'),
    buyerTaxNo: fc.constantFrom(BUYER, '91110105MA01G6XX1X', 'bad'),
    vat: fc.constantFrom('6.00', '6.07'),
  });
  const invoice = clean({ invoiceDate: Date.UTC(2026, 0, 1) });
  await assertProperty(
    fc.asyncProperty(variants, async ({ total, buyerTaxNo, vat }) => {
      const pushed = {
        ...invoice,
        invoiceTotalPriceTax: total,
        buyerTaxNo,
        invoiceTaxAmount: vat,
        details: [buildDetail({ goodsVat: vat })],
      };
      const response = await app.push(buildPush({ data: [pushed] }), pusher.accessToken);
      assert.equal(response.status, 200);
      const view = await okValue<Json>(get(app, `/api/openapi/v2/invoices/${await idOf(invoice)}`, reader), 'InvoiceViewResponse');
      const codes = [...new Set((view.findings as Json[]).map((finding) => finding.code as string))].sort();
      assert.deepEqual((view.invoice as Json).findingCodes, codes);
      for (const code of ['HEADER_SUM_MISMATCH', 'USCC_CHECK_CHARACTER', 'TAX_NO_FORMAT', 'ROW_TAX_ROUNDING']) {
        const found = (await listed(`findingCode=${code}&invoiceDateTo=2026-01-31`)).includes(invoice.invoiceNumber);
        assert.equal(found, codes.includes(code), code);
      }
      const withFindings = (await listed('hasFindings=true&invoiceDateTo=2026-01-31')).includes(invoice.invoiceNumber);
      assert.equal(withFindings, codes.length > 0);
    }),
    { numRuns: 15 },
  );
});

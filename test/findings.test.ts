/**
 * Findings through HTTP: what each check stores with the invoice (code,
 * severity, pointer, message, exact figures), when findings are replaced,
 * red invoices checked against their blue invoice whichever arrives first,
 * and a channel's choice of finding codes that refuse a push.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { setRejectFindings } from '../src/channels/channels.service.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Invoice, PUSH_EXAMPLE, type PushRequest, uniqueNumber } from './helpers/builders.ts';
import { tableCounts } from './helpers/database.ts';

/** Unified social credit codes with a correct GB 32100-2015 check character. */
const SELLER = '91310000MA1FL0XX2F';
const BUYER = '91110105MA01G6XX1E';

let app: TestApp;
let jcsk: TestToken;
let strict: TestToken;

const METRICS_TOKEN = 'metrics-token-for-findings-tests';

before(async () => {
  app = await startTestApp({ metricsToken: METRICS_TOKEN });
  jcsk = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  strict = await app.token({ scopes: ['push'], channels: ['strict'] });
});
after(() => app.close());

/** A valid invoice that passes every check. */
function clean(overrides: Partial<Invoice> = {}): Invoice {
  return buildInvoice({ sellerTaxNo: SELLER, buyerTaxNo: BUYER, ...overrides });
}

async function pushOk(body: PushRequest, token = jcsk) {
  const response = await app.push(body, token.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(response.body, { value: true });
}

/** The stored findings of an invoice, in order, as the database holds them. */
async function findingsOf(invoice: Pick<Invoice, 'invoiceCode' | 'invoiceNumber'>) {
  const { rows } = await sql<{ scope: string; code: string; severity: string; pointer: string; message: string; figures: unknown }>`
    select f.scope, f.code, f.severity, f.pointer, f.message, f.figures
    from invoice_findings f join invoices i on i.id = f.invoice_id
    where i.invoice_code = ${invoice.invoiceCode} and i.invoice_number = ${invoice.invoiceNumber}
    order by f.scope, f.position`.execute(app.db);
  return rows;
}

async function codesOf(invoice: Pick<Invoice, 'invoiceCode' | 'invoiceNumber'>) {
  return (await findingsOf(invoice)).map((finding) => `${finding.code} ${finding.pointer}`);
}

test('when an invoice passes every check, then it is stored with no findings', async () => {
  const invoice = clean({
    details: [
      buildDetail({ goodsCost: '70.00', goodsVat: '4.20' }),
      buildDetail({ billNumber: '2', detailRowNo: '2', goodsCost: '30.00', goodsVat: '1.80' }),
    ],
  });
  await pushOk(buildPush({ data: [invoice] }));
  assert.deepEqual(await findingsOf(invoice), []);
});

test('when the header, the rows and the tax disagree, then each finding is stored with its exact figures', async () => {
  const invoice = clean({
    invoiceAmount: '100.00',
    invoiceTaxAmount: '6.00',
    invoiceTotalPriceTax: '106.01',
    details: [
      buildDetail({ goodsCost: '60.00', goodsVat: '3.67', taxRate: '0.06' }),
      buildDetail({ billNumber: '2', detailRowNo: '2', goodsCost: '40.000001', goodsVat: '2.40', taxRate: '0.06' }),
    ],
  });
  await pushOk(buildPush({ data: [invoice] }));
  assert.deepEqual(await findingsOf(invoice), [
    {
      scope: 'invoice',
      code: 'HEADER_SUM_MISMATCH',
      severity: 'error',
      pointer: '/invoiceTotalPriceTax',
      message: 'is 106.01, but invoiceAmount 100.00 + invoiceTaxAmount 6.00 = 106.00',
      figures: {
        invoiceAmount: '100.00',
        invoiceTaxAmount: '6.00',
        invoiceTotalPriceTax: '106.01',
        expected: '106.00',
        difference: '0.01',
      },
    },
    {
      scope: 'invoice',
      code: 'DETAILS_AMOUNT_MISMATCH',
      severity: 'error',
      pointer: '/invoiceAmount',
      message: "is 100.00, but the rows' goodsCost add up to 100.000001",
      figures: { invoiceAmount: '100.00', detailsSum: '100.000001', difference: '-0.000001' },
    },
    {
      scope: 'invoice',
      code: 'DETAILS_TAX_MISMATCH',
      severity: 'error',
      pointer: '/invoiceTaxAmount',
      message: "is 6.00, but the rows' goodsVat add up to 6.07",
      figures: { invoiceTaxAmount: '6.00', detailsSum: '6.07', difference: '-0.07' },
    },
    {
      scope: 'invoice',
      code: 'ROW_TAX_ROUNDING',
      severity: 'error',
      pointer: '/details/0/goodsVat',
      message: 'is 3.67, but goodsCost 60.00 × rate 0.06 = 3.6000: off by more than 0.06',
      figures: { goodsCost: '60.00', taxRate: '0.06', goodsVat: '3.67', expected: '3.6000', difference: '0.0700', tolerance: '0.06' },
    },
  ]);
});

test('when a row is off by exactly 0.06 and the invoice by exactly 1.27, then there is no finding; a cent more is one', async () => {
  const rows = (vat: string) =>
    Array.from({ length: 22 }, (_, index) =>
      buildDetail({
        billNumber: String(index + 1),
        detailRowNo: String(index + 1),
        goodsCost: '100.00',
        goodsVat: index < 21 ? '6.06' : vat,
      }),
    );
  // 21 rows off by 0.06 = 1.26, the last by 0.01: 1.27 in all.
  const atLimit = clean({ invoiceAmount: '2200.00', invoiceTaxAmount: '133.27', invoiceTotalPriceTax: '2333.27', details: rows('6.01') });
  const over = clean({ invoiceAmount: '2200.00', invoiceTaxAmount: '133.28', invoiceTotalPriceTax: '2333.28', details: rows('6.02') });
  await pushOk(buildPush({ data: [atLimit, over] }));
  assert.deepEqual(await findingsOf(atLimit), []);
  assert.deepEqual(await findingsOf(over), [
    {
      scope: 'invoice',
      code: 'INVOICE_TAX_ROUNDING',
      severity: 'error',
      pointer: '/details',
      message: "the rows' goodsVat add up to 133.28, but their goodsCost × rate add up to 132.0000: off by more than 1.27",
      figures: { expected: '132.0000', goodsVat: '133.28', difference: '1.2800', tolerance: '1.27' },
    },
  ]);
});

test('when codes, numbers and tax numbers are malformed, then each is flagged; a wrong USCC check character is a warning', async () => {
  const digital = clean({ invoiceCode: '', invoiceNumber: `2611200000${uniqueNumber().slice(0, 8)}01` });
  const badCode = clean({ invoiceCode: '', invoiceNumber: uniqueNumber() });
  const badEverything = clean({ invoiceCode: '01100210011', invoiceNumber: `9${uniqueNumber()}`, sellerTaxNo: '91310000ma1fl0xx2f' });
  const wrongCheck = clean({ buyerTaxNo: '91110105MA01G6XX1X', sellerTaxNo: '12345678901234X' });
  const privateBuyer = clean({ buyerTaxNo: '' });
  await pushOk(buildPush({ data: [digital, badCode, badEverything, wrongCheck, privateBuyer] }));

  assert.deepEqual(await findingsOf(digital), [], 'a 数电 invoice: empty code, 20-digit number');
  assert.deepEqual(await findingsOf(privateBuyer), [], 'a private buyer without tax number');
  assert.deepEqual(
    (await findingsOf(badCode)).map(({ code, pointer, message }) => ({ code, pointer, message })),
    [
      {
        code: 'INVOICE_CODE_FORMAT',
        pointer: '/invoiceCode',
        message: 'is empty, which only a 数电 invoice (20-digit invoiceNumber) may be',
      },
    ],
  );
  assert.deepEqual(
    (await findingsOf(badEverything)).map(({ code, severity, pointer, figures }) => ({ code, severity, pointer, figures })),
    [
      {
        code: 'INVOICE_CODE_FORMAT',
        severity: 'error',
        pointer: '/invoiceCode',
        figures: { invoiceCode: '01100210011', invoiceNumber: badEverything.invoiceNumber },
      },
      {
        code: 'INVOICE_NUMBER_FORMAT',
        severity: 'error',
        pointer: '/invoiceNumber',
        figures: { invoiceNumber: badEverything.invoiceNumber },
      },
      { code: 'TAX_NO_FORMAT', severity: 'error', pointer: '/sellerTaxNo', figures: { taxNo: '91310000ma1fl0xx2f' } },
    ],
  );
  assert.deepEqual(await findingsOf(wrongCheck), [
    {
      scope: 'invoice',
      code: 'USCC_CHECK_CHARACTER',
      severity: 'warning',
      pointer: '/buyerTaxNo',
      message: 'is "91110105MA01G6XX1X": its GB 32100-2015 check character should be E, not X',
      figures: { taxNo: '91110105MA01G6XX1X', checkCharacter: 'X', expected: 'E' },
    },
  ]);
});

test('when discount rows break the rules, then each break is flagged on its row', async () => {
  const rows = [
    buildDetail({ billNumber: '1', goodsCost: '100.00', goodsVat: '6.00', invRowType: 2 }),
    buildDetail({ billNumber: '2', goodsCost: '-10.00', goodsVat: '-0.60', invRowType: 1 }), // fine
    buildDetail({ billNumber: '3', goodsCost: '50.00', goodsVat: '6.50', taxRate: '0.13', invRowType: 2 }),
    buildDetail({ billNumber: '4', goodsCost: '-60.00', goodsVat: '-3.60', taxRate: '0.06', invRowType: 1 }), // other rate, too large
    buildDetail({ billNumber: '5', goodsCost: '5.00', goodsVat: '0.30', invRowType: 1 }), // orphan, not negative
    buildDetail({ billNumber: '6', goodsCost: '20.00', goodsVat: '1.20', invRowType: 2 }), // no discount row after it
  ];
  const invoice = clean({ invoiceAmount: '105.00', invoiceTaxAmount: '9.80', invoiceTotalPriceTax: '114.80', details: rows });
  await pushOk(buildPush({ data: [invoice] }));
  assert.deepEqual(await codesOf(invoice), [
    'DISCOUNT_ROW_TAX_RATE /details/3/taxRate',
    'DISCOUNT_ROW_TOO_LARGE /details/3/goodsCost',
    'DISCOUNT_ROW_NOT_NEGATIVE /details/4/goodsCost',
    'DISCOUNT_ROW_ORPHAN /details/4/invRowType',
    'DISCOUNT_ROW_MISSING /details/5/invRowType',
  ]);
  const tooLarge = (await findingsOf(invoice))[1];
  assert.deepEqual(tooLarge?.figures, { goodsCost: '-60.00', discountedGoodsCost: '50.00' });
});

test('when the spec example is pushed, then its masked identities and missing blue invoice are flagged', async () => {
  const response = await app.push(PUSH_EXAMPLE, jcsk.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(await codesOf({ invoiceCode: '0120020004xxx', invoiceNumber: '89429424' }), [
    'INVOICE_CODE_FORMAT /invoiceCode',
    'TAX_NO_FORMAT /sellerTaxNo',
    'TAX_NO_FORMAT /buyerTaxNo',
    'RED_ORIGINAL_MISSING /originalInvoiceNumber',
  ]);
});

function blueAndRed(blueTotal: string) {
  const blue = clean({ invoiceAmount: '100.00', invoiceTaxAmount: '6.00', invoiceTotalPriceTax: blueTotal });
  const red = (amount: string, tax: string, total: string, overrides: Partial<Invoice> = {}) =>
    clean({
      invoiceType: 1,
      originalInvoiceCode: blue.invoiceCode,
      originalInvoiceNumber: blue.invoiceNumber,
      invoiceAmount: amount,
      invoiceTaxAmount: tax,
      invoiceTotalPriceTax: total,
      details: [buildDetail({ goodsCost: amount, goodsVat: tax })],
      ...overrides,
    });
  return { blue, red };
}

test('when red invoices flush more than their blue invoice has left, then the one that goes over is flagged with the figures', async () => {
  const { blue, red } = blueAndRed('106.00');
  const first = red('-50.00', '-3.00', '-53.00', { invoiceDate: Date.UTC(2026, 9, 2) });
  const second = red('-50.00', '-3.00', '-53.00', { invoiceDate: Date.UTC(2026, 9, 3) });
  const third = red('-10.00', '-0.60', '-10.60', { invoiceDate: Date.UTC(2026, 9, 4) });
  await pushOk(buildPush({ data: [blue] }));
  await pushOk(buildPush({ data: [first, second] }));
  assert.deepEqual(await findingsOf(first), []);
  assert.deepEqual(await findingsOf(second), [], '53.00 + 53.00 = 106.00: exactly the blue total');
  await pushOk(buildPush({ data: [third] }));
  assert.deepEqual(await findingsOf(third), [
    {
      scope: 'red_flush',
      code: 'RED_EXCEEDS_REMAINING',
      severity: 'error',
      pointer: '/invoiceTotalPriceTax',
      message: `red-flushes 10.60, but blue invoice ${blue.invoiceCode}/${blue.invoiceNumber} had only 0.00 left (total 106.00, 106.00 flushed before)`,
      figures: {
        blueInvoiceCode: blue.invoiceCode,
        blueInvoiceNumber: blue.invoiceNumber,
        redTotal: '10.60',
        blueTotal: '106.00',
        flushedBefore: '106.00',
        remaining: '0.00',
      },
    },
  ]);

  // Voiding the second red gives its amount back: the third fits now.
  await pushOk(buildPush({ data: [{ ...second, invoicingStatus: '03' }] }));
  assert.deepEqual(await findingsOf(third), []);
});

test('when a red invoice arrives before its blue invoice, then the blue one brings its checks', async () => {
  const { blue, red } = blueAndRed('106.00');
  const early = red('-200.00', '-12.00', '-212.00', {
    buyerName: '另一家公司',
    details: [buildDetail({ goodsCost: '-200.00', goodsVat: '-12.00' })],
  });
  await pushOk(buildPush({ data: [early] }));
  assert.deepEqual(await findingsOf(early), [], 'no blue invoice yet: nothing to compare with');
  await pushOk(buildPush({ data: [blue] }));
  assert.deepEqual(await codesOf(early), ['RED_EXCEEDS_REMAINING /invoiceTotalPriceTax', 'RED_BUYER_MISMATCH /buyerName']);
  assert.deepEqual(await findingsOf(blue), []);

  // The blue invoice is voided: its red invoice says so.
  await pushOk(buildPush({ data: [{ ...blue, invoicingStatus: '03' }] }));
  assert.deepEqual(await codesOf(early), [
    'RED_EXCEEDS_REMAINING /invoiceTotalPriceTax',
    'RED_BUYER_MISMATCH /buyerName',
    'RED_BLUE_VOIDED /originalInvoiceNumber',
  ]);
});

test('when a red invoice carries discount rows or another seller, then it is flagged', async () => {
  const { blue, red } = blueAndRed('106.00');
  const flawed = red('-10.00', '-0.60', '-10.60', {
    sellerTaxNo: '91350100M000100Y43',
    buyerTaxNo: '',
    details: [
      buildDetail({ goodsCost: '-20.00', goodsVat: '-1.20', invRowType: 2 }),
      buildDetail({ billNumber: '2', goodsCost: '10.00', goodsVat: '0.60', invRowType: 1 }),
    ],
  });
  await pushOk(buildPush({ data: [blue, flawed] }));
  assert.deepEqual(await codesOf(flawed), [
    'DISCOUNT_ROW_NOT_NEGATIVE /details/1/goodsCost',
    'DISCOUNT_ROW_TOO_LARGE /details/1/goodsCost',
    'RED_ROW_TYPE /details/0/invRowType',
    'RED_ROW_TYPE /details/1/invRowType',
    'RED_BUYER_MISMATCH /buyerTaxNo',
    'RED_SELLER_MISMATCH /sellerTaxNo',
  ]);
});

test('when an invoice is re-pushed unchanged, its findings stay; when its content changes, they are replaced', async () => {
  const flawed = clean({ invoiceTotalPriceTax: '107.00' });
  await pushOk(buildPush({ data: [flawed] }));
  const first = await findingsOf(flawed);
  assert.deepEqual(
    first.map((finding) => finding.code),
    ['HEADER_SUM_MISMATCH'],
  );
  await pushOk(buildPush({ data: [flawed] }));
  assert.deepEqual(await findingsOf(flawed), first);
  await pushOk(buildPush({ data: [{ ...flawed, invoiceTotalPriceTax: '106.00' }] }));
  assert.deepEqual(await findingsOf(flawed), []);
});

test('when a channel refuses finding codes, then its flawed push is a 400 listing every refused finding, and nothing is stored', async () => {
  await setRejectFindings(app.db, 'strict', ['HEADER_SUM_MISMATCH', 'ROW_TAX_ROUNDING', 'RED_EXCEEDS_REMAINING']);
  const { blue, red } = blueAndRed('106.00');
  await pushOk(buildPush({ channelCode: 'strict', data: [blue] }), strict);
  const fine = clean({ buyerTaxNo: '91110105MA01G6XX1X' }); // a warning the channel does not refuse
  const twice = clean({
    invoiceTotalPriceTax: '107.00',
    details: [buildDetail({ goodsVat: '6.07' })],
    invoiceTaxAmount: '6.07',
    invoiceAmount: '100.00',
  });
  const tooMuch = red('-100.00', '-6.01', '-106.01');
  const before = await tableCounts(app.database);
  const response = await app.push(buildPush({ channelCode: 'strict', data: [fine, twice, tooMuch] }), strict.accessToken);
  assert.equal(response.status, 400);
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  assert.deepEqual(response.body, {
    type: 'urn:fapiao-hub:problem:findings_rejected',
    title: 'The push fails checks this channel enforces',
    status: 400,
    code: 'findings_rejected',
    detail: '3 findings that channel strict refuses; nothing was stored',
    requestId: response.headers['x-request-id'],
    errors: [
      {
        pointer: '/data/1/invoiceTotalPriceTax',
        message: 'is 107.00, but invoiceAmount 100.00 + invoiceTaxAmount 6.07 = 106.07 (HEADER_SUM_MISMATCH)',
        finding: 'HEADER_SUM_MISMATCH',
      },
      {
        pointer: '/data/1/details/0/goodsVat',
        message: 'is 6.07, but goodsCost 100.00 × rate 0.06 = 6.0000: off by more than 0.06 (ROW_TAX_ROUNDING)',
        finding: 'ROW_TAX_ROUNDING',
      },
      {
        pointer: '/data/2/invoiceTotalPriceTax',
        message: `red-flushes 106.01, but blue invoice ${blue.invoiceCode}/${blue.invoiceNumber} had only 106.00 left (total 106.00, 0.00 flushed before) (RED_EXCEEDS_REMAINING)`,
        finding: 'RED_EXCEEDS_REMAINING',
      },
    ],
  });
  assert.deepEqual(await tableCounts(app.database), before, 'nothing changed');

  // The same flawed invoices from a channel that refuses nothing are stored, flagged.
  await pushOk(buildPush({ data: [twice] }));
  assert.deepEqual(await codesOf(twice), ['HEADER_SUM_MISMATCH /invoiceTotalPriceTax', 'ROW_TAX_ROUNDING /details/0/goodsVat']);
  // Without the refused findings, the strict channel's push is stored with its other findings.
  await pushOk(buildPush({ channelCode: 'strict', data: [fine] }), strict);
  assert.deepEqual(await codesOf(fine), ['USCC_CHECK_CHARACTER /buyerTaxNo']);
  await setRejectFindings(app.db, 'strict', []);
});

/** The value of one metric series (0 when absent). */
async function metric(series: string): Promise<number> {
  const response = await app.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
  assert.equal(response.status, 200);
  const line = response.text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('when findings appear, then /metrics counts them by code and severity, once; refused pushes by outcome and finding', async () => {
  const header = 'fapiao_findings_total{code="HEADER_SUM_MISMATCH",severity="error"}';
  const uscc = 'fapiao_findings_total{code="USCC_CHECK_CHARACTER",severity="warning"}';
  const refusedPushes = 'fapiao_pushes_total{channel="strict",outcome="findings_rejected"}';
  const refusedRule = 'fapiao_validation_failures_total{rule="finding:HEADER_SUM_MISMATCH"}';
  const before = await Promise.all([header, uscc, refusedPushes, refusedRule].map(metric));

  const flawed = clean({ invoiceTotalPriceTax: '107.00', buyerTaxNo: '91110105MA01G6XX1X' });
  await pushOk(buildPush({ data: [flawed, clean({ invoiceTotalPriceTax: '1.00' })] }));
  await pushOk(buildPush({ data: [flawed] })); // unchanged: nothing appears
  await pushOk(buildPush({ data: [{ ...flawed, invoicingRemark: '改' }] })); // still the same findings
  await setRejectFindings(app.db, 'strict', ['HEADER_SUM_MISMATCH']);
  const response = await app.push(
    buildPush({ channelCode: 'strict', data: [clean({ invoiceTotalPriceTax: '1.00' })] }),
    strict.accessToken,
  );
  assert.equal(response.status, 400);
  await setRejectFindings(app.db, 'strict', []);

  const afterValues = await Promise.all([header, uscc, refusedPushes, refusedRule].map(metric));
  assert.deepEqual(
    afterValues.map((value, index) => value - (before[index] ?? 0)),
    [2, 1, 1, 1],
  );
});

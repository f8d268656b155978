/**
 * Property: randomly interleaved concurrent pushes of the same invoices
 * (issue, void, re-push, changed content, from one or two apps, blue
 * invoices with their red invoices) end in the state the rules say: every
 * push acknowledged, one copy of each invoice, voided if any void was
 * acknowledged, a history entry per receipt that replays, in order, to the
 * stored invoice, and findings as a fresh check of the stored invoices gives
 * them (red invoices against their blue invoice included).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Invoice as StoredInvoice } from '../src/db/database.ts';
import { type Finding, invoiceFindings } from '../src/findings/findings.ts';
import { INVOICING_STATUS } from '../src/invoice-codes.ts';
import { redFlushFindings } from '../src/red-flush/red-flush.checks.ts';
import type { FlushMember } from '../src/red-flush/red-flush.rules.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { assertProperty } from './helpers/arbitraries.ts';
import { buildDetail, buildInvoice, type Invoice, type PushRequest } from './helpers/builders.ts';

let app: TestApp;
let apps: TestToken[];

before(async () => {
  app = await startTestApp();
  apps = [await app.token({ scopes: ['push'], channels: ['jcsk'] }), await app.token({ scopes: ['push'], channels: ['jcsk'] })];
});
after(() => app.close());

const SELLER = '91310000MA1FL0XX2F';
const BUYER = '91110105MA01G6XX1E';

/** One push: which invoices of the case it carries, as which version and status, from which app. */
interface Operation {
  readonly invoices: readonly number[];
  readonly version: number;
  readonly voided: boolean;
  readonly app: number;
}

const INVOICES = 4; // 0 and 1 blue; 2 and 3 red invoices of blue invoice 0

const operation: fc.Arbitrary<Operation> = fc.record({
  invoices: fc.uniqueArray(fc.integer({ min: 0, max: INVOICES - 1 }), { minLength: 1, maxLength: INVOICES }),
  version: fc.integer({ min: 0, max: 2 }),
  voided: fc.boolean(),
  app: fc.integer({ min: 0, max: 1 }),
});

const cases = fc.array(operation, { minLength: 2, maxLength: 12 });

let caseNumber = 0;

/** The invoices of one case: fresh identities; content depends on the version pushed. */
function invoicesOfCase() {
  caseNumber += 1;
  const numbers = Array.from({ length: INVOICES }, (_, index) => String(70_000_000 + caseNumber * 10 + index));
  return (index: number, version: number, voided: boolean): Invoice => {
    const status = voided ? INVOICING_STATUS.VOIDED : INVOICING_STATUS.ISSUED;
    const common = { sellerTaxNo: SELLER, buyerTaxNo: BUYER, invoiceNumber: numbers[index]!, invoicingStatus: status };
    if (index < 2) {
      // Blue invoices: version 2 has a header that does not add up.
      return buildInvoice({ ...common, invoicingRemark: `v${version}`, invoiceTotalPriceTax: version === 2 ? '106.01' : '106.00' });
    }
    // Red invoices of blue invoice 0: together they may flush more than it has.
    const amount = version === 0 ? '-50.00' : '-60.00';
    const tax = version === 0 ? '-3.00' : '-3.60';
    const total = version === 0 ? '-53.00' : '-63.60';
    return buildInvoice({
      ...common,
      invoiceType: 1,
      originalInvoiceCode: '011002100111',
      originalInvoiceNumber: numbers[0]!,
      invoiceDate: Date.UTC(2026, 9, 2 + index),
      invoiceAmount: amount,
      invoiceTaxAmount: tax,
      invoiceTotalPriceTax: total,
      invoicingRemark: `v${version}`,
      details: [buildDetail({ goodsCost: amount, goodsVat: tax })],
    });
  };
}

/** Replays an invoice's history against the rules; returns the content the rules say is stored. */
function replay(history: { change: string; invoicing_status: string; body: string }[], invoiceNumber: string): Invoice {
  let stored: Invoice | undefined;
  history.forEach((entry, index) => {
    const body: PushRequest = JSON.parse(entry.body);
    const pushed = body.data?.find((item) => item.invoiceNumber === invoiceNumber);
    assert.ok(pushed, `history entry ${index} comes from a push that carried the invoice`);
    let change: string;
    if (stored === undefined) change = 'created';
    else if (stored.invoicingStatus === '03')
      change = pushed.invoicingStatus !== '03' ? 'ignored' : same(stored, pushed) ? 'unchanged' : 'updated';
    else if (pushed.invoicingStatus === '03') change = 'voided';
    else change = same(stored, pushed) ? 'unchanged' : 'updated';
    if (change === 'created' || change === 'updated' || change === 'voided') stored = pushed;
    assert.deepEqual(
      [entry.change, entry.invoicing_status],
      [change, stored?.invoicingStatus],
      `history entry ${index} of ${invoiceNumber} follows the rules`,
    );
  });
  assert.ok(stored);
  return stored;
}

function same(a: Invoice, b: Invoice): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function member(row: StoredInvoice): FlushMember {
  return {
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    invoiceDate: row.invoice_date.getTime(),
    voided: row.invoicing_status === '03',
    buyerName: row.buyer_name,
    buyerTaxNo: row.buyer_tax_no,
    sellerTaxNo: row.seller_tax_no,
    invoiceAmount: row.invoice_amount,
    invoiceTaxAmount: row.invoice_tax_amount,
    invoiceTotalPriceTax: row.invoice_total_price_tax,
  };
}

test('when pushes of the same invoices race, then the stored state is what the rules say, findings included', async () => {
  let races = 0;
  await assertProperty(
    fc.asyncProperty(cases, async (operations) => {
      races += 1;
      const build = invoicesOfCase();
      const responses = await Promise.all(
        operations.map((op, index) =>
          app.push(
            {
              channelCode: 'jcsk',
              serialNo: `RACE-${races}-${index}`,
              result: 0,
              data: op.invoices.map((invoice) => build(invoice, op.version, op.voided)),
            },
            (apps[op.app] as TestToken).accessToken,
          ),
        ),
      );
      for (const response of responses) assert.deepEqual([response.status, response.body], [200, { value: true }]);

      const numbers = Array.from({ length: INVOICES }, (_, index) => build(index, 0, false).invoiceNumber);
      const rows = await app.db.selectFrom('invoices').selectAll().where('invoice_number', 'in', numbers).execute();
      const contents = new Map<string, Invoice>();
      for (const [index, invoiceNumber] of numbers.entries()) {
        const carried = operations.filter((op) => op.invoices.includes(index));
        const copies = rows.filter((row) => row.invoice_number === invoiceNumber);
        assert.equal(copies.length, carried.length > 0 ? 1 : 0, `one copy of invoice ${index}`);
        const row = copies[0];
        if (!row) continue;
        const everVoided = carried.some((op) => op.voided);
        assert.equal(row.invoicing_status, everVoided ? '03' : '00', `invoice ${index} is voided iff a void was acknowledged`);
        assert.equal(row.voided_at !== null, everVoided);

        const history = await app.db
          .selectFrom('invoice_history as h')
          .innerJoin('pushes as p', 'p.id', 'h.push_id')
          .select(['h.change', 'h.invoicing_status', 'p.body'])
          .where('h.invoice_id', '=', row.id)
          .orderBy('h.id')
          .execute();
        assert.equal(history.length, carried.length, `a history entry per push that carried invoice ${index}`);
        const content = replay(history, invoiceNumber);
        assert.equal(row.invoicing_remark, content.invoicingRemark, `invoice ${index} holds the content the rules say`);
        assert.equal(row.invoice_total_price_tax, content.invoiceTotalPriceTax);
        contents.set(row.id, content);
      }

      // Findings: what a fresh check of the stored invoices gives.
      const findings = await app.db
        .selectFrom('invoice_findings')
        .select(['invoice_id', 'scope', 'code', 'pointer'])
        .where('invoice_id', 'in', [...contents.keys(), '0'])
        .orderBy('invoice_id')
        .orderBy('scope')
        .orderBy('position')
        .execute();
      const blue = rows.find((row) => row.invoice_number === numbers[0]);
      const reds = rows.filter((row) => row.invoice_number === numbers[2] || row.invoice_number === numbers[3]);
      const redFlush = blue
        ? redFlushFindings(
            member(blue),
            reds.map((row) => Object.assign(member(row), { id: row.id })),
          )
        : new Map<FlushMember & { id: string }, Finding[]>();
      for (const [id, content] of contents) {
        const expected = [
          ...invoiceFindings(content).map((finding) => `invoice ${finding.code} ${finding.pointer}`),
          ...[...redFlush]
            .filter(([red]) => red.id === id)
            .flatMap(([, list]) => list.map((finding) => `red_flush ${finding.code} ${finding.pointer}`)),
        ];
        const actual = findings
          .filter((finding) => finding.invoice_id === id)
          .map((finding) => `${finding.scope} ${finding.code} ${finding.pointer}`);
        assert.deepEqual(actual, expected, `findings of invoice ${id}`);
        const codes = [...new Set(expected.map((finding) => finding.split(' ')[1] as string))].sort();
        assert.deepEqual(rows.find((row) => row.id === id)?.finding_codes, codes, `finding codes of invoice ${id}`);
      }
    }),
    { numRuns: 25 },
  );
});

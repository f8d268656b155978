/**
 * The pure checks on their own (the HTTP tests show them stored): codes
 * documented in openapi.yaml, exact decimal arithmetic, the USCC check
 * character, and red-flush findings that do not depend on arrival order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { schemas } from '../src/api/spec.ts';
import { FINDING_CODES, headerSum, invoiceFindings, SEVERITY, usccCheckCharacter } from '../src/findings/findings.ts';
import { redFlushFindings } from '../src/red-flush/red-flush.checks.ts';
import type { FlushMember } from '../src/red-flush/red-flush.rules.ts';
import { buildInvoice } from './helpers/builders.ts';

test('when openapi.yaml lists the finding codes, then they are exactly the checks, each described with its severity', () => {
  const schema = schemas.FindingCode as { enum: string[]; 'x-enumDescriptions': Record<string, string> };
  assert.deepEqual(schema.enum, FINDING_CODES);
  assert.deepEqual(Object.keys(schema['x-enumDescriptions']), FINDING_CODES);
  for (const code of FINDING_CODES) {
    assert.match(schema['x-enumDescriptions'][code] ?? '', new RegExp(`^${SEVERITY[code]}, `), code);
  }
});

test('when amounts have many digits, then the arithmetic is exact (never binary floating point)', () => {
  const invoice = (amount: string, tax: string, total: string) =>
    buildInvoice({ invoiceAmount: amount, invoiceTaxAmount: tax, invoiceTotalPriceTax: total });
  assert.deepEqual(headerSum(invoice('0.1', '0.2', '0.3')), [], '0.1 + 0.2 = 0.3');
  assert.deepEqual(headerSum(invoice('9999999999999999.999999999999999', '0.000000000000001', '10000000000000000.000000000000000')), []);
  const [finding] = headerSum(invoice('9999999999999999.999999999999999', '0.000000000000001', '9999999999999999.999999999999999'));
  assert.deepEqual(finding?.figures, {
    invoiceAmount: '9999999999999999.999999999999999',
    invoiceTaxAmount: '0.000000000000001',
    invoiceTotalPriceTax: '9999999999999999.999999999999999',
    expected: '10000000000000000.000000000000000',
    difference: '-0.000000000000001',
  });
});

test('when unified social credit codes are checked, then real ones pass and a changed character fails', () => {
  for (const code of ['91350100M000100Y43', '914403001922038216', '91330100716105852F', '9144030071526726XG']) {
    assert.equal(usccCheckCharacter(code.slice(0, 17)), code.charAt(17), code);
  }
  assert.equal(usccCheckCharacter('91350100M000100Y4'), '3');
  assert.equal(usccCheckCharacter('91350100I000100Y4'), undefined, 'I is not a USCC character');
  const invoice = buildInvoice({ sellerTaxNo: '91350100M000100Y44', buyerTaxNo: '91350100M000100Y43' });
  assert.deepEqual(
    invoiceFindings(invoice).map((finding) => `${finding.code} ${finding.pointer} ${finding.severity}`),
    ['USCC_CHECK_CHARACTER /sellerTaxNo warning'],
  );
});

test('when the red invoices of a blue invoice come in any order, then each gets the same red-flush findings', () => {
  const blue: FlushMember = {
    invoiceCode: '011002100111',
    invoiceNumber: '00000001',
    invoiceDate: 0,
    voided: false,
    buyerName: 'b',
    buyerTaxNo: null,
    sellerTaxNo: 's',
    invoiceAmount: '100.00',
    invoiceTaxAmount: '6.00',
    invoiceTotalPriceTax: null,
  };
  const red = fc.record({
    invoiceNumber: fc.integer({ min: 2, max: 99_999_999 }).map((number) => String(number).padStart(8, '0')),
    invoiceDate: fc.integer({ min: 0, max: 5 }),
    voided: fc.boolean(),
    cents: fc.integer({ min: 1, max: 8000 }),
  });
  fc.assert(
    fc.property(
      fc.uniqueArray(red, { minLength: 1, maxLength: 6, selector: (item) => item.invoiceNumber }),
      fc.integer(),
      (generated, seed) => {
        const reds = generated.map((item): FlushMember & { cents: number } => {
          const total = `-${Math.trunc(item.cents / 100)}.${String(item.cents % 100).padStart(2, '0')}`;
          return {
            ...blue,
            invoiceNumber: item.invoiceNumber,
            invoiceDate: item.invoiceDate,
            voided: item.voided,
            invoiceAmount: total,
            invoiceTaxAmount: null,
            invoiceTotalPriceTax: total,
            cents: item.cents,
          };
        });
        const shuffled = [...reds].sort((a, b) => ((Number(a.invoiceNumber) * seed) % 97) - ((Number(b.invoiceNumber) * seed) % 97));
        const first = redFlushFindings(blue, reds);
        const second = redFlushFindings(blue, shuffled);
        for (const item of reds) assert.deepEqual(second.get(item), first.get(item));
        // What the not-voided reds flush beyond 106.00 is flagged, never more than once per red.
        const flagged = [...first.values()].filter((list) => list.some((finding) => finding.code === 'RED_EXCEEDS_REMAINING')).length;
        const flushed = reds.filter((item) => !item.voided).reduce((total, item) => total + item.cents, 0);
        if (flushed <= 10_600) assert.equal(flagged, 0);
        else assert.ok(flagged >= 1);
      },
    ),
    { numRuns: 200 },
  );
});

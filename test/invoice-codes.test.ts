/**
 * The invoice codes the code uses (src/invoice-codes.ts) are the values
 * openapi.yaml allows, no more and no fewer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemas } from '../src/api/spec.ts';
import { INVOICE_TYPE, INVOICE_TYPE_CODE, INVOICING_STATUS, ROW_TYPE } from '../src/invoice-codes.ts';

function enumOf(schema: string, property: string): unknown[] {
  const values = schemas[schema]?.properties?.[property]?.enum;
  assert.ok(values, `${schema}.${property} has an enum`);
  return [...values].sort();
}

test('when the invoice codes are compared with the schema of a pushed invoice, then they are the values it allows', () => {
  assert.deepEqual(Object.values(INVOICE_TYPE).sort(), enumOf('Invoice', 'invoiceType'));
  assert.deepEqual(Object.values(INVOICING_STATUS).sort(), enumOf('Invoice', 'invoicingStatus'));
  assert.deepEqual(Object.values(INVOICE_TYPE_CODE).sort(), enumOf('Invoice', 'invoiceTypeCode'));
  assert.deepEqual(Object.values(ROW_TYPE).sort(), enumOf('InvoiceDetail', 'invRowType'));
});

/**
 * What a 红字确认单's state allows and how it is shown (form-states.ts):
 * the rules alone, without a channel.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FormFacts, isFinalForm, refusalOf, shownState } from '../src/red-flush/form-states.ts';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-30T08:00:00Z');
const ours = (facts: Partial<FormFacts>): FormFacts => ({
  state: '02',
  enteredBy: 'seller',
  origin: 'ours',
  redInvoiceIssued: false,
  deadlineAt: new Date(now - HOUR),
  operationStatus: null,
  ...facts,
});

test('when a waiting form passes its deadline, then it is shown expired (07) and final; not when its red invoice was issued', () => {
  assert.equal(shownState(ours({}), now), '07');
  assert.equal(shownState(ours({ deadlineAt: new Date(now + HOUR) }), now), '02');
  // A red invoice is issued only in 01 or 04: the 02 last seen is stale, the form was confirmed in time.
  const issued = ours({ redInvoiceIssued: true });
  assert.equal(shownState(issued, now), '02');
  assert.equal(isFinalForm(issued, now), true);
  assert.equal(refusalOf('revoke', issued, now), '红字确认单状态为「02 销方录入待购方确认」，已开具红字发票，不能撤销');
});

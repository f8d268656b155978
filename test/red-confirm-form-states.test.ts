/**
 * What a 红字确认单's state allows and how it is shown (form-states.ts):
 * the rules alone, without a channel.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FormFacts, isFinalForm, keptState, refusalOf, shownState } from '../src/red-flush/form-states.ts';

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

test('when the channel reports a state, then the record keeps a final one, never goes back to waiting once confirmed or issued, and the deadline expires only a waiting form', () => {
  const moves = (state: string, word: string, issued = false, byDeadline = false) => keptState({ state, issued }, word, byDeadline);
  // Forward as the channel says.
  assert.deepEqual(
    [moves('15', '02'), moves('02', '04'), moves('04', '08'), moves('03', '07'), moves('02', '15')],
    ['02', '04', '08', '07', '15'],
  );
  // A final state is never left, whatever comes after it.
  assert.deepEqual([moves('07', '02'), moves('08', '04'), moves('16', '15')], ['07', '08', '16']);
  // Confirmed (01, 04) or issued: a word of waiting or applying was under way before.
  assert.deepEqual([moves('04', '02'), moves('01', '15'), moves('04', '03'), moves('02', '02', true)], ['04', '01', '04', '02']);
  assert.deepEqual([moves('04', '04', true), moves('04', '07', true)], ['04', '07']);
  // The deadline: a waiting form expires; one the channel moved on from is left as it is.
  assert.deepEqual([moves('02', '07', false, true), moves('03', '07', false, true)], ['07', '07']);
  assert.deepEqual([moves('04', '07', false, true), moves('15', '07', false, true), moves('08', '07', false, true)], ['04', '15', '08']);
});

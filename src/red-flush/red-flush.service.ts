/**
 * Red-flush (红冲) groups as other capabilities use them: a blue invoice and
 * the red invoices naming it, under one lock.
 *
 * - `lockGroups(db, locks)`: the one lock of a group. Every transaction that
 *   reads a group to change it takes it first: a push, and a red-flush
 *   request (exclusive on the blue invoice's group, before reading what is
 *   left).
 * - `readRemaining(db, blue)`: a stored blue invoice and what is left to
 *   red-flush of it (after what open requests and held forms hold).
 * - For the push: `lockGroupsOfPush` first in its transaction, before any
 *   row lock; `settleRedFlush` after its writes (the groups it left, the
 *   red-flush checks of every group it touches, the kept state recomputed).
 */
import type { Transaction } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import type { Database, Db } from '../db/database.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../invoice-codes.ts';
import { redFlushFindings } from './red-flush.checks.ts';
import { type GroupLock, lockGroups, lockGroupsText } from './red-flush.lock.ts';
import * as repository from './red-flush.repository.ts';
import { type FlushMember, type GroupedInvoice, type GroupKey, groupName, groupOf } from './red-flush.rules.ts';
import { closeRequestsWithRedInvoices, type PushedInvoice } from './red-invoice-link.ts';

type Finding = Schemas['Finding'];

// What is left -----------------------------------------------------------------------------------------

/** A stored blue invoice and its red-flush totals (exact decimal strings). */
export interface BlueRemaining {
  readonly id: string;
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  readonly voided: boolean;
  readonly status: 'none' | 'partial' | 'full' | 'voided';
  /** 价税合计 (or 发票金额 + 发票税额). */
  readonly total: string;
  /** What its red invoices (not voided) red-flush. */
  readonly flushed: string;
  /** What open red-flush requests and held counterparty forms hold of it. */
  readonly held: string;
  /** total − flushed − held: what may still be red-flushed (negative when the reds exceed it). */
  readonly remaining: string;
}

/**
 * The stored blue invoice with this identity and what is left to red-flush
 * of it, from the live rows; undefined when no blue invoice has it. What
 * is held (open requests, held forms) is read as the request checks, the
 * preview and the view read it (red-flush.sql.ts `heldSql`). Take the
 * group's lock first (`lockGroups`, exclusive) when the answer decides a
 * change.
 */
export async function readRemaining(db: Db, blue: GroupKey): Promise<BlueRemaining | undefined> {
  const { rows } = await repository.readBlueQuery(blue).execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    voided: row.invoicing_status === INVOICING_STATUS.VOIDED,
    status: row.status,
    total: row.total,
    flushed: row.flushed,
    held: row.held,
    remaining: row.remaining,
  };
}

// The push ----------------------------------------------------------------------------------------------

/**
 * The statement a push's transaction runs first, before any row is locked
 * or written: the locks of its groups, exclusive where it carries a red
 * invoice; undefined when no pushed invoice has a group. Its values are
 * written in (no parameters), so that on Postgres it travels with the
 * transaction's BEGIN, in one round trip (db/connect.ts).
 */
export function lockGroupsOfPushText(invoices: readonly GroupedInvoice[]): string | undefined {
  return lockGroupsText(groupLocksOfPush(invoices));
}

function groupLocksOfPush(invoices: readonly GroupedInvoice[]): GroupLock[] {
  return invoices.flatMap((invoice) => {
    const group = groupOf(invoice);
    return group ? [{ group, mode: invoice.invoiceType === INVOICE_TYPE.RED ? ('exclusive' as const) : ('shared' as const) }] : [];
  });
}

/** True when a red invoice of these names a blue one: storing it settles the blue invoice's group (settleRedFlush). */
export function redInvoicesNameBlue(invoices: readonly GroupedInvoice[]): boolean {
  return invoices.some((invoice) => invoice.invoiceType === INVOICE_TYPE.RED && groupOf(invoice) !== undefined);
}

/** What `settleRedFlush` needs to know of a push, once its invoices are written. */
export interface WrittenPush {
  /** The invoices as pushed (normalised). */
  readonly invoices: readonly (GroupedInvoice & PushedInvoice)[];
  /** The invoices of the push that were stored already, as they were stored before it (their groups may be left). */
  readonly before: readonly GroupedInvoice[];
  /** Every pushed invoice was new. */
  readonly allNew: boolean;
  /** Red invoices naming a pushed blue invoice were stored before the push. */
  readonly redsStored: boolean;
  /** The push replaced the stored content of some invoices. */
  readonly contentChanged: boolean;
}

/** The red-flush side of a push, settled. */
export interface SettledPush {
  /** The red-flush findings of every red invoice of a group whose blue invoice is stored, by invoice id. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

/**
 * The red-flush side of a push, inside its transaction once its invoices
 * are written: locks the groups that re-pushed invoices left (exclusive:
 * the push changes what they hold), checks the red invoices of every group
 * the push touches against their blue invoice, and recomputes the kept
 * state of those groups when one has red invoices or the push changed
 * stored content.
 */
export async function settleRedFlush(db: Transaction<Database>, push: WrittenPush): Promise<SettledPush> {
  const left = leftGroups(push);
  await lockGroups(
    db,
    left.map((group) => ({ group, mode: 'exclusive' })),
  );
  const groups = await checkGroups(db, push);
  // A pushed red invoice closes the open red-flush request it answers (under the group lock the push took).
  if (groups.hasRedInvoices) await closeRequestsWithRedInvoices(db, push.invoices);
  if (push.contentChanged || groups.hasRedInvoices) {
    const targets = new Map<string, GroupKey>();
    for (const invoice of push.invoices) {
      for (const key of [{ code: invoice.invoiceCode, number: invoice.invoiceNumber }, groupOf(invoice), ...left]) {
        if (key) targets.set(groupName(key), key);
      }
    }
    await repository.recompute(
      db,
      [...targets.values()].sort((a, b) => compare(a.code, b.code) || compare(a.number, b.number)),
    );
  }
  return { findings: groups.findings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The groups that invoices stored before the push belonged to and leave with it (another original, or another type). */
function leftGroups(push: WrittenPush): GroupKey[] {
  if (push.before.length === 0) return [];
  const after = new Map(
    push.invoices.map((invoice) => [groupName({ code: invoice.invoiceCode, number: invoice.invoiceNumber }), groupOf(invoice)]),
  );
  const left = new Map<string, GroupKey>();
  for (const stored of push.before) {
    const was = groupOf(stored);
    const now = after.get(groupName({ code: stored.invoiceCode, number: stored.invoiceNumber }));
    if (was && (!now || groupName(now) !== groupName(was))) left.set(groupName(was), was);
  }
  return [...left.values()];
}

interface CheckedGroups {
  /** True when any of the groups has a red invoice (then its red-flush state must be recomputed). */
  readonly hasRedInvoices: boolean;
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

const NO_GROUPS: CheckedGroups = { hasRedInvoices: false, findings: new Map() };

/**
 * Loads the groups of the pushed invoices (one statement) and checks them.
 * Nothing to load when every pushed invoice is new (`allNew`), no stored
 * red invoice names a pushed blue one (`redsStored`, from the push's
 * statement) and no pushed red invoice names a blue one: each invoice is
 * then alone in its group, with the first red-flush state it was stored
 * with, and no red-flush findings.
 */
async function checkGroups(db: Db, push: WrittenPush): Promise<CheckedGroups> {
  const { invoices } = push;
  if (push.allNew && !push.redsStored && !redInvoicesNameBlue(invoices)) {
    return NO_GROUPS;
  }
  const rows = await repository.loadGroups(
    db,
    invoices.flatMap((invoice) => groupOf(invoice) ?? []),
  );
  const groups = new Map<string, { blue?: repository.GroupRow; reds: (FlushMember & { id: string })[] }>();
  for (const row of rows) {
    const name = groupName({ code: row.blue_code, number: row.blue_number });
    const group = groups.get(name) ?? { reds: [] };
    groups.set(name, group);
    if (row.role === 'blue') group.blue = row;
    else group.reds.push({ id: row.id, ...member(row) });
  }
  const findings = new Map<string, Finding[]>();
  for (const { blue, reds } of groups.values()) {
    if (!blue) continue;
    for (const [red, found] of redFlushFindings(member(blue), reds)) findings.set(red.id, found);
  }
  return { hasRedInvoices: rows.some((row) => row.role === 'red'), findings };
}

function member(row: repository.GroupRow): FlushMember {
  return {
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    invoiceDate: row.invoice_date.getTime(),
    voided: row.invoicing_status === INVOICING_STATUS.VOIDED,
    buyerName: row.buyer_name,
    buyerTaxNo: row.buyer_tax_no,
    sellerTaxNo: row.seller_tax_no,
    invoiceAmount: row.invoice_amount,
    invoiceTaxAmount: row.invoice_tax_amount,
    invoiceTotalPriceTax: row.invoice_total_price_tax,
  };
}

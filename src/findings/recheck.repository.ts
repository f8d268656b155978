/**
 * SQL for re-checks of stored invoices: the re-check rows, the invoices of
 * a batch as stored (with their detail rows and their own findings), and
 * the lock that a push takes too.
 */

import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db, FindingRecheckTable, Invoice, InvoiceDetail } from '../db/database.ts';

export type RecheckRow = Selectable<FindingRecheckTable>;

export async function insertRecheck(
  db: Db,
  row: { since: Date | null; requestedBy: string; total: number; now: Date },
): Promise<RecheckRow> {
  return db
    .insertInto('finding_rechecks')
    .values({
      state: 'queued',
      since: row.since,
      requested_by: row.requestedBy,
      total: row.total,
      created_at: row.now,
      updated_at: row.now,
      finished_at: null,
      error: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The re-check that is queued or running, if one is. */
export async function openRecheck(db: Db): Promise<RecheckRow | undefined> {
  return db.selectFrom('finding_rechecks').selectAll().where('state', 'in', ['queued', 'running']).orderBy('id').executeTakeFirst();
}

export async function findRecheck(db: Db, id: string, options: { lock?: boolean } = {}): Promise<RecheckRow | undefined> {
  const query = db.selectFrom('finding_rechecks').selectAll().where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function listRechecks(db: Db, limit: number): Promise<RecheckRow[]> {
  return db.selectFrom('finding_rechecks').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function updateRecheck(
  db: Db,
  id: string,
  changes: Partial<Pick<RecheckRow, 'state' | 'checked' | 'changed' | 'last_invoice_id' | 'step' | 'error' | 'finished_at'>> & {
    updated_at: Date;
  },
): Promise<void> {
  await db.updateTable('finding_rechecks').set(changes).where('id', '=', id).execute();
}

/** How many invoices a re-check from `since` (their invoice date; null: all) will read. */
export async function countInvoices(db: Db, since: Date | null): Promise<number> {
  const query = db.selectFrom('invoices').select(sql<string>`count(*)`.as('count'));
  const row = await (since ? query.where('invoice_date', '>=', since) : query).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** An invoice of a batch as stored: its row, detail rows and its own findings (scope `invoice`), read in one snapshot. */
export interface StoredInvoice {
  readonly invoice: Invoice;
  readonly details: InvoiceDetail[];
  readonly findings: { code: string; severity: string; pointer: string; message: string; figures: Record<string, string> }[];
}

/** The next `limit` invoices after `afterId` (by id), dated from `since` (null: any), read without locking them. */
export async function nextInvoices(db: Db, page: { afterId: string; since: Date | null; limit: number }): Promise<StoredInvoice[]> {
  let query = db.selectFrom('invoices').selectAll().where('id', '>', page.afterId).orderBy('id').limit(page.limit);
  if (page.since) query = query.where('invoice_date', '>=', page.since);
  const invoices = await query.execute();
  if (invoices.length === 0) return [];
  const ids = invoices.map((invoice) => invoice.id);
  const details = await db
    .selectFrom('invoice_details')
    .selectAll()
    .where('invoice_id', '=', sql<string>`any(${ids}::bigint[])`)
    .orderBy('invoice_id')
    .orderBy('row_index')
    .execute();
  const findings = await db
    .selectFrom('invoice_findings')
    .select(['invoice_id', 'code', 'severity', 'pointer', 'message', 'figures'])
    .where('scope', '=', 'invoice')
    .where('invoice_id', '=', sql<string>`any(${ids}::bigint[])`)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  const detailsOf = Map.groupBy(details, (row) => row.invoice_id);
  const findingsOf = Map.groupBy(findings, (row) => row.invoice_id);
  return invoices.map((invoice) => ({
    invoice,
    details: detailsOf.get(invoice.id) ?? [],
    findings: (findingsOf.get(invoice.id) ?? []).map(({ invoice_id: _id, figures, ...finding }) => ({
      ...finding,
      figures: figures as Record<string, string>,
    })),
  }));
}

/**
 * Locks an invoice's row (as a push does before it changes a stored
 * invoice) if its content is still `contentHash`; false when a push changed
 * it meanwhile (that push stored findings of its own).
 */
export async function lockIfUnchanged(db: Db, invoiceId: string, contentHash: string): Promise<boolean> {
  const row = await db.selectFrom('invoices').select('content_hash').where('id', '=', invoiceId).forUpdate().executeTakeFirst();
  return row?.content_hash === contentHash;
}

/**
 * SQL for findings: the replacement of stored findings (one statement per
 * table) and the finding codes kept on each invoice.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, FindingScope } from '../db/database.ts';
import { type UnnestColumn, unnest } from '../db/unnest.ts';
import type { Finding } from './findings.ts';

export interface InvoiceFindings {
  readonly invoiceId: string;
  readonly findings: readonly Finding[];
}

/** Brings `invoices.finding_codes` of the given invoices up to date with their findings (writes only the rows that change). */
export async function refreshFindingCodes(db: Db, invoiceIds: readonly string[]): Promise<void> {
  if (invoiceIds.length > 0) await refreshFindingCodesQuery(invoiceIds).execute(db);
}

export function refreshFindingCodesQuery(invoiceIds: readonly string[]): RawBuilder<unknown> {
  return sql`
    update invoices as i set finding_codes = c.codes
    from (
      select u.id, coalesce(array_agg(distinct f.code collate "C" order by f.code collate "C") filter (where f.code is not null), '{}') as codes
      from ${unnest(
        [{ column: 'id', type: 'bigint' }],
        invoiceIds.map((id) => [id]),
      )}
      left join invoice_findings f on f.invoice_id = u.id
      group by u.id
    ) as c
    where i.id = c.id and i.finding_codes is distinct from c.codes
  `;
}

const FINDING_COLUMNS: readonly UnnestColumn[] = [
  { column: 'invoice_id', type: 'bigint' },
  { column: 'position', type: 'int' },
  { column: 'code', type: 'text' },
  { column: 'severity', type: 'text' },
  { column: 'pointer', type: 'text' },
  { column: 'message', type: 'text' },
  { column: 'figures', type: 'text' },
];

/**
 * Replaces the findings of one scope of the given invoices. Returns the
 * findings that appeared: those the invoice did not have before (same code
 * at the same pointer).
 */
export async function replaceFindings(db: Db, scope: FindingScope, invoices: readonly InvoiceFindings[]): Promise<Finding[]> {
  if (invoices.length === 0) return [];
  const removed = (
    await removeFindingsQuery(
      scope,
      invoices.map((invoice) => invoice.invoiceId),
    ).execute(db)
  ).rows;
  const before = new Set(removed.map((row) => `${row.invoice_id} ${row.code} ${row.pointer}`));
  const rows = invoices.flatMap((invoice) =>
    invoice.findings.map((finding, position) => ({ invoiceId: invoice.invoiceId, position, finding })),
  );
  if (rows.length === 0) return [];
  await insertFindingsQuery(scope, rows).execute(db);
  return rows.filter((row) => !before.has(`${row.invoiceId} ${row.finding.code} ${row.finding.pointer}`)).map((row) => row.finding);
}

/** The findings of one scope of these invoices, deleted; what they were. */
export function removeFindingsQuery(
  scope: FindingScope,
  invoiceIds: readonly string[],
): RawBuilder<{ invoice_id: string; code: string; pointer: string }> {
  return sql`
    delete from invoice_findings
    where scope = ${scope} and invoice_id = any(${invoiceIds}::bigint[])
    returning invoice_id, code, pointer
  `;
}

function insertFindingsQuery(
  scope: FindingScope,
  rows: readonly { readonly invoiceId: string; readonly position: number; readonly finding: Finding }[],
): RawBuilder<unknown> {
  return sql`
    insert into invoice_findings (invoice_id, scope, position, code, severity, pointer, message, figures)
    select u.invoice_id, ${scope}, u.position, u.code, u.severity, u.pointer, u.message, u.figures::jsonb
    from ${unnest(
      FINDING_COLUMNS,
      rows.map((row) => [
        row.invoiceId,
        row.position,
        row.finding.code,
        row.finding.severity,
        row.finding.pointer,
        row.finding.message,
        JSON.stringify(row.finding.figures),
      ]),
    )}
  `;
}

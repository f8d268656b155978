/**
 * SQL for findings: the locks that keep pushes touching the same red-flush
 * group apart, the set-based load of red-flush groups, and the replacement
 * of stored findings (one statement per table).
 */
import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db, FindingScope } from '../db/database.ts';
import { prepared, runText } from '../db/prepared.ts';
import { type UnnestColumn, unnest, unnestText } from '../db/unnest.ts';
import { INVOICE_TYPE } from '../invoice-codes.ts';
import type { Finding } from './findings.ts';

/** An invoice identity: invoiceCode + invoiceNumber. */
export interface InvoiceKey {
  readonly code: string;
  readonly number: string;
}

/** Advisory-lock namespace of red-flush groups ("find"). */
const LOCK_NAMESPACE = 0x66696e64;
/** Groups share this many locks, so that one push never holds more than this many advisory locks. */
export const LOCK_BUCKETS = 64;

function bucketOf(key: InvoiceKey): number {
  return createHash('sha1').update(`${key.code}\u0000${key.number}`).digest().readUInt32BE(0) % LOCK_BUCKETS;
}

const LOCK_COLUMNS: readonly UnnestColumn[] = [
  { column: 'bucket', type: 'int' },
  { column: 'exclusive', type: 'bool' },
];

// unnest without ORDER BY yields the array's order: the locks are taken in it.
const LOCK_GROUPS = prepared(`
  select case when u.exclusive then pg_advisory_xact_lock(${LOCK_NAMESPACE}, u.bucket)::text
              else pg_advisory_xact_lock_shared(${LOCK_NAMESPACE}, u.bucket)::text end
  from ${unnestText(LOCK_COLUMNS, 1)}`);

/**
 * Takes, for the rest of the transaction, the advisory lock of each group
 * (a blue invoice's identity, hashed into one of LOCK_BUCKETS): exclusive
 * where the push carries a red invoice of the group, shared where it
 * carries only the blue invoice, so pushes of blue invoices never wait for
 * each other here. Taken in bucket order before any row lock of the push,
 * these locks cannot deadlock, and a push that touches a group's rows
 * (findings, red-flush state of its red invoices) never holds a row that
 * another push of the same group is waiting for.
 */
export async function lockGroups(db: Db, groups: readonly { key: InvoiceKey; exclusive: boolean }[]): Promise<void> {
  const modes = new Map<number, boolean>();
  for (const group of groups) {
    const bucket = bucketOf(group.key);
    modes.set(bucket, (modes.get(bucket) ?? false) || group.exclusive);
  }
  if (modes.size === 0) return;
  const buckets = [...modes.keys()].sort((a, b) => a - b);
  await runText(db, LOCK_GROUPS, [buckets, buckets.map((bucket) => modes.get(bucket) === true)]);
}

/** An invoice of a red-flush group as stored. */
export interface GroupRow {
  readonly role: 'blue' | 'red';
  readonly id: string;
  /** The group: the blue invoice's identity. */
  readonly blue_code: string;
  readonly blue_number: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly invoice_date: Date;
  readonly invoicing_status: string;
  readonly buyer_name: string;
  readonly buyer_tax_no: string | null;
  readonly seller_tax_no: string;
  readonly invoice_amount: string;
  readonly invoice_tax_amount: string | null;
  readonly invoice_total_price_tax: string | null;
}

/**
 * The red invoices naming any of the given blue invoices, and those blue
 * invoices (invoice_type 0, as the red-flush view links them) that have
 * red invoices, in one statement.
 */
export async function loadGroups(db: Db, keys: readonly InvoiceKey[]): Promise<GroupRow[]> {
  if (keys.length === 0) return [];
  return (await loadGroupsQuery(keys).execute(db)).rows;
}

const KEY_COLUMNS: readonly UnnestColumn[] = [
  { column: 'code', type: 'text' },
  { column: 'number', type: 'text' },
];

export function loadGroupsQuery(keys: readonly InvoiceKey[]): RawBuilder<GroupRow> {
  const columns = sql.raw(`invoice_code, invoice_number, invoice_date, invoicing_status, buyer_name, buyer_tax_no,
      seller_tax_no, invoice_amount, invoice_tax_amount, invoice_total_price_tax`);
  return sql<GroupRow>`
    with keys as (
      select distinct k.code, k.number
      from ${unnest(
        KEY_COLUMNS,
        keys.map((key) => [key.code, key.number]),
        'k',
      )}
    ),
    reds as (
      select r.id, k.code as blue_code, k.number as blue_number, ${columns}
      from keys k
      join invoices r on r.original_invoice_number = k.number and coalesce(r.original_invoice_code, '') = k.code
      where r.invoice_type = ${sql.lit(INVOICE_TYPE.RED)}
    )
    select 'red' as role, * from reds
    union all
    select 'blue' as role, b.id, b.invoice_code as blue_code, b.invoice_number as blue_number, ${columns}
    from invoices b
    where b.invoice_type = ${sql.lit(INVOICE_TYPE.BLUE)} and (b.invoice_code, b.invoice_number) in (select blue_code, blue_number from reds)
  `;
}

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
  const removed = await db
    .deleteFrom('invoice_findings')
    .where('scope', '=', scope)
    .where('invoice_id', '=', sql<string>`any(${invoices.map((invoice) => invoice.invoiceId)}::bigint[])`)
    .returning(['invoice_id', 'code', 'pointer'])
    .execute();
  const before = new Set(removed.map((row) => `${row.invoice_id} ${row.code} ${row.pointer}`));
  const rows = invoices.flatMap((invoice) =>
    invoice.findings.map((finding, position) => ({ invoiceId: invoice.invoiceId, position, finding })),
  );
  if (rows.length === 0) return [];
  await sql`
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
  `.execute(db);
  return rows.filter((row) => !before.has(`${row.invoiceId} ${row.finding.code} ${row.finding.pointer}`)).map((row) => row.finding);
}

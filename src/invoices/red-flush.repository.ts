/**
 * Red invoices (invoice_type 1) red-flush a blue invoice (invoice_type 0):
 * the red one's (original_invoice_code, original_invoice_number) is the
 * blue one's (invoice_code, invoice_number). An absent original code
 * matches the empty code of a 数电 invoice. The link is by identity, so it
 * holds whichever of the two was stored first.
 *
 * The rules are written once, as SQL fragments, and used both by the view
 * (computed from the live rows when asked) and by `refreshRedFlush`, which
 * keeps the denormalised state (`red_flush_status`, `red_flushed_total`,
 * `red_flush_blue_id`) that the `redFlushStatus` filter reads through an
 * index.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db, RedFlushStatus } from '../db/database.ts';
import { type UnnestColumn, unnest } from '../db/unnest.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../invoice-codes.ts';

const VOIDED = sql.lit(INVOICING_STATUS.VOIDED);
const BLUE = sql.lit(INVOICE_TYPE.BLUE);
const RED = sql.lit(INVOICE_TYPE.RED);

function column(alias: string, name: string): RawBuilder<unknown> {
  return sql.ref(`${alias}.${name}`);
}

/** 价税合计 of the invoice `alias`, or 发票金额 + 发票税额 when it has none. */
export function totalOf(alias: string): RawBuilder<string> {
  return sql<string>`coalesce(${column(alias, 'invoice_total_price_tax')}, ${column(alias, 'invoice_amount')} + coalesce(${column(alias, 'invoice_tax_amount')}, 0))`;
}

/** What the red invoice `alias` red-flushes: the absolute value of its total (red invoices often carry positive amounts). */
export function redAmountOf(alias: string): RawBuilder<string> {
  return sql<string>`abs(${totalOf(alias)})`;
}

/** The red invoice `red` points at the invoice `blue`, which is a blue invoice. */
export function pointsAt(red: string, blue: string): RawBuilder<boolean> {
  return sql<boolean>`${column(red, 'invoice_type')} = ${RED} and ${column(blue, 'invoice_type')} = ${BLUE}
    and ${column(red, 'original_invoice_number')} = ${column(blue, 'invoice_number')}
    and coalesce(${column(red, 'original_invoice_code')}, '') = ${column(blue, 'invoice_code')}`;
}

/** The sum of what the red invoices `red` red-flush, voided ones excluded (an aggregate; 0 when none). */
export function flushedOf(red: string): RawBuilder<string> {
  return sql<string>`coalesce(sum(${redAmountOf(red)}) filter (where ${column(red, 'invoicing_status')} <> ${VOIDED}), 0)`;
}

/** The status of a blue invoice from its invoicing status, its total and what is red-flushed of it. */
export function blueStatusOf(invoicingStatus: RawBuilder<unknown>, total: RawBuilder<unknown>, flushed: RawBuilder<unknown>) {
  return sql<RedFlushStatus>`case when ${invoicingStatus} = ${VOIDED} then 'voided'
    when ${flushed} = 0 then 'none' when ${flushed} >= ${total} then 'full' else 'partial' end`;
}

export interface InvoiceKey {
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
}

/**
 * Brings the red-flush state up to date after a push stored `pushed` (in
 * the push's transaction). Touched are the blue invoices whose identity is
 * pushed, the blue invoices the pushed red invoices point at (and pointed
 * at before, if a push changed that), and every red invoice pointing at any
 * of these.
 *
 * Two statements. The first finds those identities and takes a transaction
 * advisory lock on each (in a fixed order): two pushes touching the same
 * blue invoice (say, two of its red invoices, or a red invoice and the blue
 * invoice itself, which may not be stored yet, so no row lock can do it)
 * then recompute one after the other, and the second sees what the first
 * committed; without it, each would count only its own red invoice. The
 * second statement recomputes, set-based, from the live rows, and writes
 * only the rows whose state changed.
 */
export async function refreshRedFlush(db: Db, pushed: readonly InvoiceKey[]): Promise<void> {
  if (pushed.length === 0) return;
  const { rows: targets } = await lockTargetsQuery(pushed).execute(db);
  await recomputeQuery(targets).execute(db);
}

export interface Target {
  readonly code: string;
  readonly number: string;
}

const KEY_COLUMNS: readonly UnnestColumn[] = [
  { column: 'code', type: 'text' },
  { column: 'number', type: 'text' },
];

/** The blue identities a push touches, each locked (transaction advisory lock, in order). */
export function lockTargetsQuery(pushed: readonly InvoiceKey[]): RawBuilder<Target> {
  return sql<Target>`
    with pushed as (
      select i.invoice_type, i.invoice_code, i.invoice_number, i.original_invoice_code, i.original_invoice_number, i.red_flush_blue_id
      from invoices i
      where (i.invoice_code, i.invoice_number) in (
        select * from ${unnest(
          KEY_COLUMNS,
          pushed.map((key) => [key.invoiceCode, key.invoiceNumber]),
        )}
      )
    ),
    targets as (
      select invoice_code as code, invoice_number as number from pushed
      union
      select coalesce(original_invoice_code, ''), original_invoice_number from pushed
      where invoice_type = ${RED} and original_invoice_number is not null
      union
      select b.invoice_code, b.invoice_number from pushed p join invoices b on b.id = p.red_flush_blue_id
    )
    select t.code, t.number, pg_advisory_xact_lock(hashtextextended(t.code || ' ' || t.number, 0))::text as locked
    from (select code, number from targets order by code, number) t
  `;
}

/** Recomputes the state of the blue invoices with these identities and of every red invoice of them or pointing at them. */
export function recomputeQuery(targets: readonly Target[]): RawBuilder<unknown> {
  return sql`
    with targets as (
      select * from ${unnest(
        KEY_COLUMNS,
        targets.map((target) => [target.code, target.number]),
        't',
      )}
    ),
    blues as (
      select b.id, ${totalOf('b')} as total, b.invoicing_status, ${flushedOf('r')} as flushed
      from targets t
      join invoices b on b.invoice_code = t.code and b.invoice_number = t.number and b.invoice_type = ${BLUE}
      left join invoices r on ${pointsAt('r', 'b')}
      group by b.id
    ),
    red_ids as (
      select r.id from targets t join invoices r on r.invoice_code = t.code and r.invoice_number = t.number and r.invoice_type = ${RED}
      union
      select r.id from targets t
      join invoices r on r.original_invoice_number = t.number and coalesce(r.original_invoice_code, '') = t.code and r.invoice_type = ${RED}
    ),
    reds as (
      select r.id, b.id as blue_id
      from red_ids
      join invoices r on r.id = red_ids.id
      left join invoices b on ${pointsAt('r', 'b')}
    ),
    states as (
      select id, ${blueStatusOf(sql.ref('invoicing_status'), sql.ref('total'), sql.ref('flushed'))} as status, flushed, null::bigint as blue_id
      from blues
      union all
      select id, case when blue_id is null then 'unlinked' else 'linked' end, null::numeric, blue_id
      from reds
    )
    update invoices as i
    set red_flush_status = s.status, red_flushed_total = s.flushed, red_flush_blue_id = s.blue_id
    from states s
    where i.id = s.id
      and (i.red_flush_status, i.red_flushed_total, i.red_flush_blue_id) is distinct from (s.status, s.flushed, s.blue_id)
  `;
}

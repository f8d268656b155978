/**
 * SQL of the red-flush groups (a blue invoice and the red invoices naming
 * it): the group locks, the set-based load of groups for the checks, the
 * recompute of the kept red-flush state, and one blue invoice's totals. The
 * rules themselves are fragments of red-flush.sql.ts.
 *
 * The kept state (`red_flush_status`, `red_flushed_total`,
 * `red_flush_blue_id`) is what the `redFlushStatus` filter reads through an
 * index; the view computes the same from the live rows when asked.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { prepared, runText } from '../db/prepared.ts';
import { type UnnestColumn, unnest } from '../db/unnest.ts';
import type { GroupKey } from './red-flush.rules.ts';
import { BLUE, blueStatusSql, figuresOf, flushedSql, pointsAtSql, RED, totalSql } from './red-flush.sql.ts';

/**
 * Advisory-lock namespace of red-flush groups (it spells "find", where the
 * locks were first taken; instances that share a database must agree on it).
 */
const LOCK_NAMESPACE = 0x66696e64;

/** The lock statement over these arrays (parameters, or literals). */
function lockBucketsSql(buckets: string, exclusive: string): string {
  // unnest without ORDER BY yields the array's order: the locks are taken in it.
  return `
  select case when u.exclusive then pg_advisory_xact_lock(${LOCK_NAMESPACE}, u.bucket)::text
              else pg_advisory_xact_lock_shared(${LOCK_NAMESPACE}, u.bucket)::text end
  from unnest(${buckets}, ${exclusive}) as u(bucket, exclusive)`;
}

const LOCK_BUCKETS = prepared(lockBucketsSql('$1::int[]', '$2::bool[]'));

export interface BucketLock {
  readonly bucket: number;
  readonly exclusive: boolean;
}

/** Takes these buckets' transaction advisory locks, in the order given, each exclusive or shared. */
export async function lockBuckets(db: Db, buckets: readonly BucketLock[]): Promise<void> {
  if (buckets.length === 0) return;
  await runText(db, LOCK_BUCKETS, [buckets.map((entry) => entry.bucket), buckets.map((entry) => entry.exclusive)]);
}

/**
 * The statement of `lockBuckets` with its values written in (whole numbers
 * and booleans, nothing else): without parameters, it can travel with its
 * transaction's BEGIN (db/connect.ts); undefined for no buckets.
 */
export function lockBucketsText(buckets: readonly BucketLock[]): string | undefined {
  if (buckets.length === 0) return undefined;
  for (const { bucket } of buckets) if (!Number.isSafeInteger(bucket)) throw new Error(`not a lock bucket: ${bucket}`);
  return lockBucketsSql(
    `'{${buckets.map((entry) => entry.bucket).join(',')}}'::int[]`,
    `'{${buckets.map((entry) => (entry.exclusive === true ? 't' : 'f')).join(',')}}'::bool[]`,
  );
}

const KEY_COLUMNS: readonly UnnestColumn[] = [
  { column: 'code', type: 'text' },
  { column: 'number', type: 'text' },
];

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
export async function loadGroups(db: Db, keys: readonly GroupKey[]): Promise<GroupRow[]> {
  if (keys.length === 0) return [];
  return (await loadGroupsQuery(keys).execute(db)).rows;
}

export function loadGroupsQuery(keys: readonly GroupKey[]): RawBuilder<GroupRow> {
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
      where r.invoice_type = ${RED}
    )
    select 'red' as role, * from reds
    union all
    select 'blue' as role, b.id, b.invoice_code as blue_code, b.invoice_number as blue_number, ${columns}
    from invoices b
    where b.invoice_type = ${BLUE} and (b.invoice_code, b.invoice_number) in (select blue_code, blue_number from reds)
  `;
}

/**
 * Recomputes, set-based and from the live rows, the kept state of the blue
 * invoices with these identities and of every red invoice of them or
 * pointing at them; writes only the rows whose state changed. The caller
 * holds the groups' locks.
 */
export async function recompute(db: Db, targets: readonly GroupKey[]): Promise<void> {
  if (targets.length > 0) await recomputeQuery(targets).execute(db);
}

export function recomputeQuery(targets: readonly GroupKey[]): RawBuilder<unknown> {
  return sql`
    with targets as (
      select * from ${unnest(
        KEY_COLUMNS,
        targets.map((target) => [target.code, target.number]),
        't',
      )}
    ),
    blues as (
      select b.id, ${totalSql('b')} as total, b.invoicing_status, ${flushedSql('r')} as flushed
      from targets t
      join invoices b on b.invoice_code = t.code and b.invoice_number = t.number and b.invoice_type = ${BLUE}
      left join invoices r on ${pointsAtSql('r', 'b')}
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
      left join invoices b on ${pointsAtSql('r', 'b')}
    ),
    states as (
      select id, ${blueStatusSql(sql.ref('invoicing_status'), sql.ref('total'), sql.ref('flushed'))} as status, flushed, null::bigint as blue_id
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

/** A stored blue invoice with its red-flush totals, as `readBlue` reads it (decimals as Postgres writes them). */
export interface BlueRow {
  readonly id: string;
  readonly invoice_code: string;
  readonly invoice_number: string;
  readonly invoicing_status: string;
  readonly status: 'none' | 'partial' | 'full' | 'voided';
  readonly total: string;
  readonly flushed: string;
  readonly held: string;
  readonly remaining: string;
}

/**
 * The blue invoice with this identity and its totals from the live rows:
 * total, what its red invoices red-flush, what is held of it (open
 * requests and held forms) and what is left: red-flush.sql.ts
 * `figuresOf`, the very SQL the requests' checks and the view read.
 */
export function readBlueQuery(key: GroupKey): RawBuilder<BlueRow> {
  return sql<BlueRow>`
    select b.id, b.invoice_code, b.invoice_number, b.invoicing_status, f.total, f.flushed, f.held, f.remaining,
      ${blueStatusSql(sql.ref('b.invoicing_status'), sql.ref('f.total'), sql.ref('f.flushed'))} as status
    from invoices b
    cross join lateral ${figuresOf('b')} as f
    where b.invoice_code = ${key.code} and b.invoice_number = ${key.number} and b.invoice_type = ${BLUE}
  `;
}

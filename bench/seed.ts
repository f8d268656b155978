/**
 * Fills the tables with `count` invoices straight in SQL (INSERT … SELECT
 * generate_series), as if channels had pushed them in batches of 100 over
 * three years: 200 sellers, 5,000 buyers, two detail rows and one history
 * entry per invoice, one in 20 a red invoice pointing at an earlier blue
 * one of its seller, one in 50 voided. Pushes carry a short placeholder
 * body instead of the real one. The red-flush state that a push would
 * keep is then computed by the receiver's own statement (recomputeQuery);
 * the seeded invoices carry no findings (their figures add up).
 *
 * Secondary indexes and foreign keys are dropped for the load and rebuilt
 * from their own definitions afterwards (about twice as fast as keeping
 * them); then VACUUM ANALYZE, as autovacuum would eventually do, so that
 * it does not start in the middle of a measurement.
 */
import type pg from 'pg';
import { COMPILER } from '../src/db/prepared.ts';
import { recomputeQuery } from '../src/red-flush/red-flush.repository.ts';
import type { GroupKey } from '../src/red-flush/red-flush.rules.ts';

export const SEED_SELLERS = 200;
export const SEED_FROM = Date.UTC(2023, 0, 1);
export const SEED_TO = Date.UTC(2026, 0, 1);
const PER_PUSH = 100;
const TABLES = ['pushes', 'batches', 'invoices', 'invoice_details', 'invoice_history'];

/** The seeded seller tax number of seller `k` (0 … SEED_SELLERS - 1). */
export function seedSeller(k: number): string {
  return `9131000000BEN${String(k).padStart(5, '0')}`;
}

export async function seed(client: pg.Client, appId: string, count: number): Promise<void> {
  const pushes = Math.ceil(count / PER_PUSH);
  const restore = await dropIndexesAndForeignKeys(client);
  await client.query(
    `insert into pushes (id, app_id, channel_code, serial_no, result, invoice_count, received_at, body)
     overriding system value
     select p, $1, 'seed', 'SEED-' || p, 0, ${PER_PUSH}, $2::timestamptz + (p::float8 / $3) * ($4::timestamptz - $2::timestamptz), '{"seeded": true}'
     from generate_series(1, $3::int) as p`,
    [appId, new Date(SEED_FROM), pushes, new Date(SEED_TO)],
  );
  await client.query(
    `insert into batches (channel_code, serial_no, result, first_push_id, last_push_id, created_at, updated_at)
     select 'seed', 'SEED-' || p, 0, p, p, now(), now() from generate_series(1, $1::int) as p`,
    [pushes],
  );
  await client.query(
    `insert into invoices (id, channel_code, serial_no, first_push_id, last_push_id, content_hash, voided_at, created_at, updated_at,
       invoice_type, invoice_type_code, buyer_name, buyer_tax_no, invoice_total_price_tax, payee, checker, drawer,
       seller_name, seller_tax_no, seller_address_phone, seller_bank_account, invoicing_remark, originals, invoicing_status,
       original_invoice_number, original_invoice_code, invoice_code, invoice_number, invoice_date,
       invoice_amount, invoice_tax_rate, invoice_tax_amount, check_code, ext)
     overriding system value
     select i, 'seed', 'SEED-' || push, push, push, md5(i::text), case when voided then d end, d, d,
       case when red then 1 else 0 end, '026', '北京文化产业有限公司' || (i % 5000), '911101050000B' || lpad((i % 5000)::text, 5, '0'),
       case when red then -878.00 else 878.00 end, '李x', '李xx', '王xx',
       '示例销售有限公司' || (i % $2), '9131000000BEN' || lpad((i % $2)::text, 5, '0'),
       '天津市武清区京津电子商务产业园综合办公楼549室 022-5xxxxx', '上海浦东发展银行天津浦顺支行771xxxxx',
       '2021-04-18 20:50-23:55 广州白云国际机场-北京大兴国际机场 xxx', 0, case when voided then '03' else '00' end,
       case when red then lpad((i - $2)::text, 8, '0') end,
       case when red then '0310' || lpad(((i - $2) % $2)::text, 8, '0') end,
       '0310' || lpad((i % $2)::text, 8, '0'), lpad(i::text, 8, '0'), d,
       case when red then -828.30 else 828.30 end, 0.06, case when red then -49.70 else 49.70 end, '58428259812242286445', '{"x": ""}'
     from (
       select i, (i - 1) / ${PER_PUSH} + 1 as push, i > $2 and (i / $2) % 20 = 7 as red, i % 50 = 0 as voided,
         $3::timestamptz + (i::float8 / $1) * ($4::timestamptz - $3::timestamptz) as d
       from generate_series(1, $1::int) as i
     ) as s`,
    [count, SEED_SELLERS, new Date(SEED_FROM), new Date(SEED_TO)],
  );
  await client.query(
    `insert into invoice_details (invoice_id, row_index, bill_number, detail_row_no, goods_cost, goods_name,
       goods_num, goods_price, goods_unit, goods_vat, tax_rate)
     select i, r, (r + 1)::text, (r + 1)::text, case r when 0 then 745.28 else 83.02 end,
       case r when 0 then '*经纪代理服务*机票款' else '*经纪代理服务*代理服务费' end,
       1, case r when 0 then 745.28301887 else 83.01886792 end, '次', case r when 0 then 44.72 else 4.98 end, 0.06
     from generate_series(1, $1::int) as i, generate_series(0, 1) as r`,
    [count],
  );
  await client.query(
    `insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
     select i, (i - 1) / ${PER_PUSH} + 1, (i - 1) % ${PER_PUSH}, 'created', case when i % 50 = 0 then '03' else '00' end, now()
     from generate_series(1, $1::int) as i`,
    [count],
  );
  await client.query(`select setval(pg_get_serial_sequence('pushes', 'id'), $1)`, [pushes]);
  await client.query(`select setval(pg_get_serial_sequence('invoices', 'id'), $1)`, [count]);
  for (const statement of restore) await client.query(statement);
  await refreshRedFlushState(client);
  await client.query('vacuum analyze');
}

/** The red-flush state of the seeded invoices, by the statement the push runs, over the blue invoices the red ones point at. */
async function refreshRedFlushState(client: pg.Client): Promise<void> {
  const { rows } = await client.query<GroupKey>(
    `select distinct coalesce(original_invoice_code, '') as code, original_invoice_number as number
     from invoices where invoice_type = 1 and original_invoice_number is not null`,
  );
  for (let at = 0; at < rows.length; at += 10_000) {
    const { sql, parameters } = recomputeQuery(rows.slice(at, at + 10_000)).compile(COMPILER);
    await client.query(sql, [...parameters]);
  }
}

/** Drops the foreign keys and the indexes that back no constraint; returns the statements that put them back. */
async function dropIndexesAndForeignKeys(client: pg.Client): Promise<string[]> {
  const tables = TABLES.map((table) => `'${table}'::regclass`).join(', ');
  const foreignKeys = await client.query<{ drop: string; add: string }>(
    `select format('alter table %s drop constraint %I', conrelid::regclass, conname) as drop,
       format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) as add
     from pg_constraint where contype = 'f' and conrelid in (${tables})`,
  );
  const indexes = await client.query<{ drop: string; add: string }>(
    `select format('drop index %s', i.indexrelid::regclass) as drop, pg_get_indexdef(i.indexrelid) as add
     from pg_index i
     where i.indrelid in (${tables}) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  for (const { drop } of [...foreignKeys.rows, ...indexes.rows]) await client.query(drop);
  return [...indexes.rows, ...foreignKeys.rows].map((row) => row.add);
}

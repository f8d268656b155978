import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { DETAIL_FIELDS, INVOICE_FIELDS } from '../src/db/invoice-fields.ts';
import { migrateToLatest, migrationsApplied, migrator } from '../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

const PG_TYPES: Record<string, string> = {
  text: 'text',
  numeric: 'numeric',
  integer: 'integer|smallint',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
};

async function columns(table: string) {
  const { rows } = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns where table_name = ${table}`.execute(database.db);
  return new Map(rows.map((row) => [row.column_name, row.data_type]));
}

test('when openapi.yaml names an invoice or detail field, then its table has a column of the matching type', async () => {
  for (const [table, fields] of [
    ['invoices', INVOICE_FIELDS],
    ['invoice_details', DETAIL_FIELDS],
  ] as const) {
    const actual = await columns(table);
    for (const field of fields) {
      const type = actual.get(field.column);
      assert.ok(type, `${table}.${field.column} exists for ${field.name}`);
      assert.match(type, new RegExp(`^(${PG_TYPES[field.type]})$`), `${table}.${field.column} is ${field.type}`);
    }
  }
});

test('when money columns are declared, then they are NUMERIC, never a float', async () => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
    where table_schema = 'public' and data_type in ('real', 'double precision')`.execute(database.db);
  assert.equal(rows[0]?.n, 0);
});

test('when migrations run again or twice at once, then nothing is applied twice', async () => {
  const results = await Promise.all([migrateToLatest(database.db), migrateToLatest(database.db)]);
  assert.deepEqual(
    results.map((result) => result.results),
    [[], []],
  );
  assert.equal(await migrationsApplied(database.db), true);
});

test('when migration 0002 runs on stored invoices, then it computes their red-flush state; undone and redone, it does so again', async () => {
  const db = database.db;
  const down = await migrator(db).migrateTo('0001_initial');
  assert.equal(down.error, undefined);
  await sql`insert into apps (name, app_key, secret_hash, scopes) values ('m', 'm', 'x', '{push}')`.execute(db);
  await sql`
    insert into pushes (app_id, channel_code, result, invoice_count, received_at, body)
    select id, 'jcsk', 0, 4, now(), '{}' from apps where name = 'm'`.execute(db);
  // A blue invoice half red-flushed (one red positive, one negative, one voided), a 数电 blue invoice fully red-flushed, a stray red invoice.
  await sql`
    insert into invoices (channel_code, first_push_id, last_push_id, content_hash, created_at, updated_at, invoice_type, invoice_type_code,
      buyer_name, seller_name, seller_tax_no, originals, invoicing_status, invoice_code, invoice_number, invoice_date, invoice_amount,
      invoice_tax_amount, invoice_total_price_tax, original_invoice_code, original_invoice_number)
    select 'jcsk', p.id, p.id, 'h', now(), now(), v.type, '026', 'b', 's', 'S', 0, v.status, v.code, v.number, now(), v.amount::numeric, 0, v.total::numeric,
      v.original_code, v.original_number
    from (select max(id) as id from pushes) p, (values
      (0, '00', 'C', 'B1', '100.00', '106.00', null::text, null::text),
      (1, '00', 'C', 'R1', '30.00', '30.00', 'C', 'B1'),
      (1, '00', 'C', 'R2', '-23.00', '-23.00', 'C', 'B1'),
      (1, '03', 'C', 'R3', '50.00', '50.00', 'C', 'B1'),
      (0, '00', '', 'B2', '10.00', null, null, null),
      (1, '00', '', 'R4', '-10.00', null, null, 'B2'),
      (1, '00', 'C', 'R5', '1.00', '1.00', 'C', 'NOPE')
    ) as v(type, status, code, number, amount, total, original_code, original_number)`.execute(db);
  await migrateToLatest(db);
  const { rows } = await sql<{ invoice_number: string; red_flush_status: string; red_flushed_total: string | null; blue: string | null }>`
    select i.invoice_number, i.red_flush_status, i.red_flushed_total, b.invoice_number as blue
    from invoices i left join invoices b on b.id = i.red_flush_blue_id order by i.invoice_number`.execute(db);
  assert.deepEqual(rows, [
    { invoice_number: 'B1', red_flush_status: 'partial', red_flushed_total: '53.00', blue: null },
    { invoice_number: 'B2', red_flush_status: 'full', red_flushed_total: '10.00', blue: null },
    { invoice_number: 'R1', red_flush_status: 'linked', red_flushed_total: null, blue: 'B1' },
    { invoice_number: 'R2', red_flush_status: 'linked', red_flushed_total: null, blue: 'B1' },
    { invoice_number: 'R3', red_flush_status: 'linked', red_flushed_total: null, blue: 'B1' },
    { invoice_number: 'R4', red_flush_status: 'linked', red_flushed_total: null, blue: 'B2' },
    { invoice_number: 'R5', red_flush_status: 'unlinked', red_flushed_total: null, blue: null },
  ]);
  assert.equal(await migrationsApplied(db), true);
});

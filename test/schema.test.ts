import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest, migrationsApplied } from '../src/db/migrate.ts';
import { DETAIL_FIELDS, INVOICE_FIELDS } from '../src/push/invoice-fields.ts';
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

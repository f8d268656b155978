/**
 * On Postgres, the statement texts marked with `prepared` (db/prepared.ts)
 * are prepared once per connection; every other statement runs unnamed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { prepared } from '../src/db/prepared.ts';
import { createTestDatabase } from './helpers/database.ts';

const POSTGRES = process.env.DATABASE_URL;
const skip = POSTGRES ? '' : ' (skipped: needs DATABASE_URL, the embedded database has no prepared statements to share)';

async function oneConnection() {
  const database = await createTestDatabase({ poolMax: 1 });
  const handle = await openDatabase({ databaseUrl: database.url, poolMax: 1 });
  const preparedStatements = async () => {
    const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(
      handle.db,
    );
    return rows.map((row) => row.statement);
  };
  return {
    db: handle.db,
    preparedStatements,
    async close() {
      await handle.close();
      await database.close();
    },
  };
}

test(`when a statement marked prepared runs again on a connection, then it is prepared once and answers each time${skip}`, {
  skip: !POSTGRES,
}, async () => {
  const connection = await oneConnection();
  const text = prepared('select $1::int * 2 as doubled');
  try {
    for (const value of [1, 2, 3]) {
      const { rows } = await connection.db.executeQuery(CompiledQuery.raw(text, [value]));
      assert.deepEqual(rows, [{ doubled: value * 2 }]);
    }
    assert.deepEqual(await connection.preparedStatements(), [text]);
  } finally {
    await connection.close();
  }
});

test(`when a statement is not marked prepared, then it runs unnamed, planned for its own parameters${skip}`, {
  skip: !POSTGRES,
}, async () => {
  const connection = await oneConnection();
  try {
    for (const value of [1, 2, 3]) {
      const { rows } = await sql<{ tripled: number }>`select ${value}::int * 3 as tripled`.execute(connection.db);
      assert.deepEqual(rows, [{ tripled: value * 3 }]);
    }
    assert.deepEqual(await connection.preparedStatements(), []);
  } finally {
    await connection.close();
  }
});

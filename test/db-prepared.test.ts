/**
 * On Postgres, parameterised statements are prepared once per connection
 * (src/db/connect.ts), with a cap on how many texts one connection keeps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { createTestDatabase } from './helpers/database.ts';

const POSTGRES = process.env.DATABASE_URL;
const skip = POSTGRES ? '' : ' (skipped: needs DATABASE_URL, the embedded database has no prepared statements to share)';

async function oneConnection() {
  const database = await createTestDatabase({ poolMax: 1 });
  const handle = await openDatabase({ databaseUrl: database.url, poolMax: 1 });
  const prepared = async () => {
    const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements order by prepare_time`.execute(
      handle.db,
    );
    return rows.map((row) => row.statement);
  };
  return {
    db: handle.db,
    prepared,
    async close() {
      await handle.close();
      await database.close();
    },
  };
}

test(`when a statement with parameters runs again on a connection, then it is prepared once and answers each time${skip}`, {
  skip: !POSTGRES,
}, async () => {
  const connection = await oneConnection();
  try {
    for (const value of [1, 2, 3]) {
      const { rows } = await sql<{ doubled: number }>`select ${value}::int * 2 as doubled`.execute(connection.db);
      assert.deepEqual(rows, [{ doubled: value * 2 }]);
    }
    assert.deepEqual(await connection.prepared(), ['select $1::int * 2 as doubled']);
  } finally {
    await connection.close();
  }
});

test(`when a connection has run more distinct statements than it prepares, then the others still run, unprepared${skip}`, {
  skip: !POSTGRES,
}, async () => {
  const connection = await oneConnection();
  try {
    for (let index = 0; index < 130; index++) {
      const { rows } = await sql<{ value: number }>`select ${index}::int + ${sql.raw(String(index))} as value`.execute(connection.db);
      assert.deepEqual(rows, [{ value: 2 * index }]);
    }
    assert.equal((await connection.prepared()).length, 100);
  } finally {
    await connection.close();
  }
});

test(`when a statement has no parameters, then it is not prepared${skip}`, { skip: !POSTGRES }, async () => {
  const connection = await oneConnection();
  try {
    await sql`select 1`.execute(connection.db);
    await connection.db.transaction().execute(async (tx) => {
      await sql`select 2`.execute(tx);
    });
    assert.deepEqual(await connection.prepared(), []);
  } finally {
    await connection.close();
  }
});

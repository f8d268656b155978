/**
 * The push's parameter arrays go to Postgres as array literals written by
 * JSON.stringify (db/unnest.ts `arrayParameter`) where that writes what pg
 * would; the database must read each back exactly as the array pg (or the
 * embedded database's driver) sends itself.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { arrayParameter, type UnnestValue } from '../src/db/unnest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

type ElementType = 'text' | 'numeric' | 'integer' | 'int' | 'bigint' | 'bool' | 'jsonb' | 'timestamptz';

/** The array's elements as the database reads them, each as text (null stays null). */
async function readBack(parameter: string | UnnestValue[], type: ElementType): Promise<(string | null)[]> {
  const { rows } = await sql<{ value: string | null }>`
    select u.value::text as value
    from unnest(${parameter}::${sql.raw(type)}[]) with ordinality as u(value, n)
    order by u.n`.execute(database.db);
  return rows.map((row) => row.value);
}

const WRITTEN_AS_LITERALS: [ElementType, UnnestValue[]][] = [
  [
    'text',
    [
      'plain',
      '',
      'NULL',
      'null',
      'with "quotes"',
      'trailing\\',
      'a\\"b',
      'a,b',
      '{braces}',
      ' spaced ',
      '销售方：测试公司',
      'emoji 😀',
      '\u2028',
      null,
      '12',
    ],
  ],
  ['numeric', ['12.50', '-0.01', '0', null, '1234567890123456789.0123456789']],
  ['integer', [0, -5, 12, null, 2147483647]],
  ['int', [1, 1e3, -0]],
  ['bigint', ['1', '9223372036854775807', null]],
  ['bool', [true, false, null]],
  ['jsonb', ['{"a":[1,2],"b":"c"}', '"s"', null]],
  ['timestamptz', ['2026-11-30T08:00:00.000Z', null]],
  ['text', []],
];

const LEFT_TO_PG: [ElementType, UnnestValue[]][] = [
  ['text', ['tab\there', 'plain']],
  ['text', ['new\nline']],
  ['text', ['\u0001']],
  ['text', ['lone \ud800 surrogate']],
  ['text', ['back\\slash then a letter']],
  ['jsonb', ['{"a": "x\\ny"}']],
];

test('when an array holds only what an array literal and JSON write alike, then it is sent as that literal and read back as pg sends it', async () => {
  for (const [type, values] of WRITTEN_AS_LITERALS) {
    const parameter = arrayParameter(values);
    assert.equal(typeof parameter, 'string', `${type} ${JSON.stringify(values)}`);
    assert.deepEqual(await readBack(parameter, type), await readBack(values, type), `${type} ${JSON.stringify(values)}`);
  }
});

test('when JSON would escape a character otherwise, or write a number as null, then the array is left to pg and reads back unchanged', async () => {
  for (const [type, values] of LEFT_TO_PG) {
    const parameter = arrayParameter(values);
    assert.equal(parameter, values, `${type} ${JSON.stringify(values)}`);
    // What the driver sends for a lone surrogate is U+FFFD, as any UTF-8 encoder writes it.
    const sent = values.map((value) => (typeof value === 'string' ? value.toWellFormed() : value));
    assert.deepEqual(await readBack(parameter, type), sent, `${type} ${JSON.stringify(values)}`);
  }
  for (const values of [[1, Number.NaN], [Number.POSITIVE_INFINITY]]) assert.equal(arrayParameter(values), values);
});

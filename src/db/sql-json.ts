/**
 * SQL that writes JSON: objects built by Postgres, instants as ms since
 * epoch, as the API shows them.
 */
import { type RawBuilder, sql } from 'kysely';

/** An instant as ms since epoch (the JS Date of the column would be the same: its µs are cut, not rounded). */
export function epochMs(column: string): RawBuilder<number> {
  return sql<number>`floor(extract(epoch from ${sql.ref(column)}) * 1000)::int8`;
}

/** `json_build_object('name', value, …)`: key and value of each entry. */
export function jsonObject(entries: readonly (readonly [string, RawBuilder<unknown>])[]): RawBuilder<unknown> {
  return sql`json_build_object(${sql.join(entries.map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`;
}

/**
 * Rows as parallel arrays, expanded by `unnest`: a statement takes any
 * number of rows in a fixed number of parameters (one array per column), so
 * a push of 1,000 invoices costs the same round trips and the same
 * statement text as a push of one.
 */
import { type RawBuilder, sql } from 'kysely';
import type { ColumnType } from './invoice-fields.ts';

/** A column of the rows: its name in the `unnest(…) as u(…)` alias, and the element type of its array. */
export interface UnnestColumn {
  readonly column: string;
  readonly type: ColumnType | 'bigint' | 'int' | 'bool';
}

/** One value of a row as a parameter array holds it. */
export type UnnestValue = string | number | boolean | null;

/** A column name for SQL text written out at start (names come from openapi.yaml, quoted all the same). */
export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `unnest($1::text[], $2::numeric[], …) as u(a, b, …)` over the rows, each array bound as a parameter. */
export function unnest(columns: readonly UnnestColumn[], rows: readonly (readonly UnnestValue[])[], alias = 'u'): RawBuilder<unknown> {
  const arrays = unnestArrays(columns, rows).map((values, index) => sql`${values}::${sql.raw(columns[index]?.type ?? 'text')}[]`);
  return sql`unnest(${sql.join(arrays)}) as ${sql.id(alias)}(${sql.join(columns.map((column) => sql.id(column.column)))})`;
}

/**
 * The same as SQL text for a statement written out at start (a prepared
 * one), its arrays the parameters numbered from `first`. The first array
 * is read through a scalar subquery, so that a plan made for the values
 * counts as many rows as the generic plan does (ten, or the actual number
 * when more): with its values in sight the planner counted one row for a
 * single push, found the generic plan dearer, and planned the statement
 * again on every run (a re-push's STORE_PUSH: 0.9 ms, bench/RESULTS.md).
 */
export function unnestText(columns: readonly UnnestColumn[], first: number, alias = 'u'): string {
  const arrays = columns
    .map((column, index) => (index === 0 ? `(select $${first}::${column.type}[])` : `$${first + index}::${column.type}[]`))
    .join(', ');
  return `unnest(${arrays}) as ${quoted(alias)}(${columns.map((column) => quoted(column.column)).join(', ')})`;
}

/** The parameters of `unnestText`: the rows' values, one array per column. */
export function unnestArrays(columns: readonly UnnestColumn[], rows: readonly (readonly UnnestValue[])[]): UnnestValue[][] {
  return columns.map((_, index) => rows.map((row) => row[index] ?? null));
}

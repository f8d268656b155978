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

/** The parameters of `unnestText`: the rows' values, one array per column (see `arrayParameter`). */
export function unnestArrays(columns: readonly UnnestColumn[], rows: readonly (readonly UnnestValue[])[]): (string | UnnestValue[])[] {
  return columns.map((_, index) => arrayParameter(rows.map((row) => row[index] ?? null)));
}

/** A backslash escape other than the two an array literal shares with JSON (\" and \\). */
const OTHER_ESCAPE = /\\[^"\\]/;

/**
 * One parameter array, as an array literal that Postgres reads as the same
 * array node-postgres would send, written by JSON.stringify
 * (`{"a","b \"c\"",null,12,true}`): JSON quotes a string with the same two
 * escapes an array literal uses and writes null, numbers and booleans as an
 * array literal takes them, and it does so natively, where node-postgres
 * builds the literal element by element with two regular expressions each
 * (for the 59 arrays of a 100-invoice batch, 0.7–0.9 ms against about
 * 0.2 ms, bench/RESULTS.md). Where JSON would write anything else (a control
 * character or a lone surrogate as \n or \uXXXX, NaN or Infinity as null),
 * or might have (a backslash in a string before any character but " or \),
 * the array is left to node-postgres as it is.
 */
export function arrayParameter(values: UnnestValue[]): string | UnnestValue[] {
  for (const value of values) if (typeof value === 'number' && !Number.isFinite(value)) return values;
  const json = JSON.stringify(values);
  return OTHER_ESCAPE.test(json) ? values : `{${json.slice(1, -1)}}`;
}

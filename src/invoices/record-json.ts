/**
 * Invoice records as JSON text, for the list: Postgres writes each record
 * (`row_to_json` over the columns as the API shows them: ids and NUMERIC as
 * strings, instants as ms and as ISO 8601), so that the receiver neither
 * parses some 60 columns per row nor builds and serialises a record of
 * them: a page of 50 costs its single thread about a third less CPU.
 *
 * The text is the same as JSON.stringify of `toInvoiceRecord(row)`:
 * row_to_json is compact, escapes strings as JSON.stringify does, and keeps
 * the columns' order; `to_char` gives the same ISO 8601 as toISOString for
 * the years an EpochMillis can hold (1970–2100), both cutting µs to ms.
 * JSONB columns (`ext`) are the exception: their text keeps the pushed
 * numbers as written and puts spaces after colons and commas, so the
 * receiver writes them with JSON.stringify, as it would the record.
 */
import { type RawBuilder, sql } from 'kysely';
import { epochMs } from '../db/sql-json.ts';
import { type Property, RECORD_PROPERTIES } from './invoice-record.ts';

/** A run of properties that Postgres writes, or a JSONB property that JSON.stringify writes. */
type Part = { readonly kind: 'sql'; readonly properties: Property[] } | { readonly kind: 'jsonb'; readonly property: Property };

const PARTS: readonly Part[] = RECORD_PROPERTIES.reduce<Part[]>((parts, property) => {
  const last = parts.at(-1);
  if (property.type === 'jsonb') parts.push({ kind: 'jsonb', property });
  else if (last?.kind === 'sql') last.properties.push(property);
  else parts.push({ kind: 'sql', properties: [property] });
  return parts;
}, []);

/** A column as the API shows it, in SQL. */
function shown(column: string, type: Property['type']): RawBuilder<unknown> {
  const ref = sql.ref(column);
  switch (type) {
    case 'numeric':
    case 'bigint':
      return sql`${ref}::text`;
    default:
      return ref;
  }
}

function selectList({ name, column, type }: Property): RawBuilder<unknown>[] {
  if (type !== 'timestamptz') return [sql`${shown(column, type)} as ${sql.id(name)}`];
  const ref = sql.ref(column);
  return [
    sql`${epochMs(column)} as ${sql.id(name)}`,
    sql`to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${sql.id(`${name}Iso`)}`,
  ];
}

/** `part_0`, `part_1`, …: the text of each run; the JSONB columns by their own name. */
function columnOf(part: Part, index: number): string {
  return part.kind === 'sql' ? `part_${index}` : part.property.column;
}

/** The select list (over `invoices`, unaliased) that `recordJson` reads; with the keyset columns, invoice_date and id. */
export const RECORD_JSON_COLUMNS: RawBuilder<unknown> = sql.join([
  ...PARTS.map((part, index) =>
    part.kind === 'sql'
      ? sql`(select row_to_json(r)::text from (select ${sql.join(part.properties.flatMap(selectList))}) r) as ${sql.id(columnOf(part, index))}`
      : sql`${sql.ref(part.property.column)}`,
  ),
  sql`invoice_date`,
  sql`id`,
]);

export interface RecordJsonRow {
  readonly invoice_date: Date;
  readonly id: string;
  readonly [column: string]: unknown;
}

/** The record of a row read with RECORD_JSON_COLUMNS, as JSON text. */
export function recordJson(row: RecordJsonRow): string {
  let text = '';
  PARTS.forEach((part, index) => {
    const value = row[columnOf(part, index)];
    // A run comes as `{…}`: its members are spliced in between the others.
    const members =
      part.kind === 'sql' ? (value as string).slice(1, -1) : `${JSON.stringify(part.property.name)}:${JSON.stringify(value ?? null)}`;
    text += index === 0 ? members : `,${members}`;
  });
  return `{${text}}`;
}

/**
 * The list's answer, `{"value":{"items":[…],"nextCursor":…}}` as res.json
 * would write it, in UTF-8 encoded record by record. The page as one string
 * would be one large object: 50 records with Chinese names are some 70,000
 * UTF-16 characters (140 KB), over V8's large-object size, and a large
 * object gets fresh pages every time. Building it and encoding it took
 * 1,384 µs of CPU and 84 page faults per page on the bench's host, record
 * by record 159 µs and 2 (`node bench/list-body.ts`; bench/RESULTS.md,
 * "the list's answer").
 */
export function listBody(items: readonly string[], nextCursor: string | null): Buffer {
  return Buffer.concat([
    Buffer.from('{"value":{"items":['),
    ...items.map((item, index) => Buffer.from(index === 0 ? item : `,${item}`)),
    Buffer.from(`],"nextCursor":${JSON.stringify(nextCursor)}}}`),
  ]);
}

/**
 * The invoice and detail-row fields, derived from the `Invoice` and
 * `InvoiceDetail` schemas of openapi.yaml: each field has one column, named
 * in snake_case, of a type that follows from the schema (`Decimal` →
 * NUMERIC, `EpochMillis` → TIMESTAMPTZ, integer → INTEGER, free object →
 * JSONB, string → TEXT). A test checks that the tables have exactly these
 * columns, so the schema and the migrations cannot drift apart.
 */
import { refName, resolve, type SchemaNode, schemas } from '../api/spec.ts';

export type ColumnType = 'text' | 'numeric' | 'integer' | 'timestamptz' | 'jsonb';

export interface Field {
  /** The name in the API. */
  readonly name: string;
  readonly column: string;
  readonly type: ColumnType;
}

function columnType(node: SchemaNode): ColumnType {
  const named = node.$ref ? refName(node.$ref) : undefined;
  if (named === 'Decimal') return 'numeric';
  if (named === 'EpochMillis') return 'timestamptz';
  const type = resolve(node).type;
  if (type === 'integer') return 'integer';
  if (type === 'object') return 'jsonb';
  if (type === 'string') return 'text';
  throw new Error(`no column type for schema type ${String(type)}`);
}

function fieldsOf(schemaName: string, skip: readonly string[]): readonly Field[] {
  const properties = schemas[schemaName]?.properties ?? {};
  return Object.entries(properties)
    .filter(([name]) => !skip.includes(name))
    .map(([name, node]) => ({
      name,
      column: name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
      type: columnType(node),
    }));
}

export const INVOICE_FIELDS = fieldsOf('Invoice', ['details']);
export const DETAIL_FIELDS = fieldsOf('InvoiceDetail', []);

/** An API value as the database takes it (arrays of these are bound as parameters). */
export function toColumn(field: Field, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  switch (field.type) {
    case 'timestamptz':
      return new Date(value as number).toISOString();
    case 'jsonb':
      return JSON.stringify(value);
    default:
      return value as string | number;
  }
}

/** A column value as the API shows it: NUMERIC stays the stored string, TIMESTAMPTZ becomes ms since epoch. */
export function fromColumn(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return field.type === 'timestamptz' ? (value as Date).getTime() : value;
}

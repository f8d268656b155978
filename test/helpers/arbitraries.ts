/**
 * fast-check arbitraries for push bodies, derived from the `Invoice` and
 * `InvoiceDetail` schemas of openapi.yaml (so they follow the schema when
 * it changes): every field with a value its schema accepts, optional
 * fields present or absent, text in Chinese, emoji, ASCII and any other
 * code point Postgres can store, exact decimals from "0.01" to 16 integer
 * and 15 fraction digits, and up to a few hundred detail rows.
 *
 * Bodies are built as `Body` trees and written out with `jsonText`, so a
 * decimal can travel as a JSON number with exactly its digits.
 */
import fc from 'fast-check';
import { refName, resolve, type SchemaNode, schemas } from '../../src/api/spec.ts';

/** A JSON value written out exactly as `raw` (a JSON number with its digits, or any raw JSON text). */
export class Raw {
  readonly raw: string;
  constructor(raw: string) {
    this.raw = raw;
  }
}

export type Body = null | boolean | number | string | Raw | Body[] | { [key: string]: Body };

/** Writes a body as JSON text; Raw values are written as they are. Keys named __proto__ stay keys. */
export function jsonText(value: Body): string {
  if (value instanceof Raw) return value.raw;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An object whose keys may include __proto__ as an ordinary key. */
export function objectOf(entries: readonly (readonly [string, Body])[]): { [key: string]: Body } {
  const out: { [key: string]: Body } = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// Text -------------------------------------------------------------------------------------------

const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff;

/** One code point: Chinese, emoji, ASCII (controls included, NUL excluded) or anything else storable. */
const codePoint: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code)), weight: 4 },
  { arbitrary: fc.integer({ min: 0x1f300, max: 0x1faff }).map((code) => String.fromCodePoint(code)), weight: 2 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCodePoint(code)), weight: 3 },
  { arbitrary: fc.constantFrom('\t', '\n', '\r', '\u0001', '\u001f', '"', '\\', '/', '\u2028', '\ufeff', '（', '）', '·'), weight: 1 },
  {
    arbitrary: fc
      .integer({ min: 1, max: 0x10ffff })
      .filter((code) => !isSurrogate(code))
      .map((code) => String.fromCodePoint(code)),
    weight: 1,
  },
);

/** Text of `min` to `max` code points: mostly short, sometimes exactly the longest the schema allows. */
export function text(min: number, max: number): fc.Arbitrary<string> {
  const short = fc.string({ unit: codePoint, minLength: min, maxLength: Math.max(min, Math.min(max, 12)) });
  if (max <= 12) return short;
  return fc.oneof(
    { arbitrary: short, weight: 12 },
    { arbitrary: fc.string({ unit: codePoint, minLength: max, maxLength: max }), weight: 1 },
  );
}

// Numbers ----------------------------------------------------------------------------------------

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** An integer part without leading zeros, of 1 to `max` digits. */
const integerPart = (max: number) =>
  fc.oneof(
    fc.constant('0'),
    fc.tuple(fc.constantFrom(...'123456789'), digits(0, max - 1)).map(([first, rest]) => first + rest),
  );

/**
 * An exact decimal as the `Decimal` schema writes it (canonical: no leading
 * zeros, never "-0"): mostly amounts such as "828.30", sometimes the
 * extremes (16 integer digits, 15 fraction digits).
 */
export const decimal: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.oneof({ arbitrary: integerPart(6), weight: 4 }, { arbitrary: integerPart(16), weight: 1 }),
    fc.oneof({ arbitrary: fc.constant(''), weight: 1 }, { arbitrary: digits(2, 2), weight: 4 }, { arbitrary: digits(1, 15), weight: 2 }),
  )
  .map(([negative, whole, fraction]) => {
    const text = fraction === '' ? whole : `${whole}.${fraction}`;
    return negative && /[1-9]/.test(text) ? `-${text}` : text;
  });

const nonZeroDecimal = decimal.filter((value) => /[1-9]/.test(value));

// From the schema --------------------------------------------------------------------------------

type Arb = fc.Arbitrary<Body>;

/** Fields whose values the test decides (identity, the rule that goodsCost is not zero). */
const OVERRIDES: Record<string, Record<string, Arb>> = {
  Invoice: {
    invoiceCode: fc.constant(''),
    invoiceNumber: fc.constant('0'),
    ext: fc
      .array(fc.tuple(text(0, 8), fc.oneof(text(0, 8), fc.integer(), fc.boolean(), fc.constant(null))), { maxLength: 4 })
      .map((entries) => objectOf(entries)),
  },
  InvoiceDetail: { goodsCost: nonZeroDecimal },
};

function fieldArbitrary(node: SchemaNode, rows: { min: number; max: number }): Arb {
  if (node.$ref && refName(node.$ref) === 'Decimal') return decimal;
  if (node.$ref && refName(node.$ref) === 'EpochMillis') {
    const schema = resolve(node);
    return fc.integer({ min: schema.minimum as number, max: schema.maximum as number });
  }
  const schema = resolve(node);
  if (schema.enum) return fc.constantFrom(...(schema.enum as Body[]));
  switch (schema.type) {
    case 'string':
      return text(Math.max(1, (schema.minLength as number | undefined) ?? 1), (schema.maxLength as number | undefined) ?? 100);
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1000, max: (schema.maximum as number | undefined) ?? 1000 });
    case 'array':
      if (schema.items?.$ref && refName(schema.items.$ref) === 'InvoiceDetail') {
        return fc.array(recordOf('InvoiceDetail', rows), { minLength: rows.min, maxLength: rows.max });
      }
      throw new Error(`no arbitrary for an array of ${JSON.stringify(schema.items)}`);
    default:
      throw new Error(`no arbitrary for schema type ${String(schema.type)}`);
  }
}

/** A valid object of the named schema: required fields always, optional ones sometimes (never "" for those: "" means absent). */
function recordOf(schemaName: 'Invoice' | 'InvoiceDetail', rows: { min: number; max: number }): fc.Arbitrary<{ [key: string]: Body }> {
  const schema = schemas[schemaName];
  if (!schema?.properties) throw new Error(`schema ${schemaName} has no properties`);
  const overrides = OVERRIDES[schemaName] ?? {};
  const model: Record<string, Arb> = {};
  for (const [name, node] of Object.entries(schema.properties)) model[name] = overrides[name] ?? fieldArbitrary(node, rows);
  return fc.record(model, { requiredKeys: [...(schema.required ?? [])] }) as fc.Arbitrary<{ [key: string]: Body }>;
}

/** A valid invoice (identity still to be set: see `withIdentity`). */
export function invoice(rows: { min: number; max: number } = { min: 1, max: 5 }): fc.Arbitrary<{ [key: string]: Body }> {
  return recordOf('Invoice', rows);
}

/** Detail-row counts: mostly a few, sometimes a few hundred. */
export const ROW_COUNTS = fc.oneof(
  { arbitrary: fc.constant({ min: 1, max: 5 }), weight: 6 },
  { arbitrary: fc.constant({ min: 20, max: 60 }), weight: 2 },
  { arbitrary: fc.constant({ min: 200, max: 300 }), weight: 1 },
);

/** The three shapes of an identity: 12- or 10-digit code with an 8-digit number, or a 数电 empty code with 20 digits. */
export type IdentityShape = 'code12' | 'code10' | 'digital';
export const identityShape: fc.Arbitrary<IdentityShape> = fc.constantFrom('code12', 'code10', 'digital');

let identities = 0;

/** Gives the invoice a fresh identity of the given shape, unique in this process. */
export function withIdentity(invoice: { [key: string]: Body }, shape: IdentityShape): { [key: string]: Body } {
  identities += 1;
  const serial = String(identities);
  switch (shape) {
    case 'code12':
      return { ...invoice, invoiceCode: '011002100111', invoiceNumber: serial.padStart(8, '0').slice(-8) };
    case 'code10':
      return { ...invoice, invoiceCode: '3100213130', invoiceNumber: serial.padStart(8, '0').slice(-8) };
    case 'digital':
      return { ...invoice, invoiceCode: '', invoiceNumber: `2631${serial.padStart(16, '0')}` };
  }
}

/**
 * fc.assert, with the failing assertion's message and stack in the error
 * (the test runner shows only the message of fast-check's report).
 */
export async function assertProperty<Ts>(property: fc.IAsyncProperty<Ts>, parameters: fc.Parameters<Ts>): Promise<void> {
  try {
    await fc.assert(property, parameters);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (!(error instanceof Error) || cause === undefined) throw error;
    throw new Error(`${error.message}\n\nCaused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
  }
}

/**
 * Exact decimal arithmetic for money (big.js, never binary floating point):
 * sums and products keep every digit, and a result is written with the
 * scale its operands imply ("745.28" × "0.06" = "44.7168"; "106.00" −
 * "53.00" = "53.00"), as Postgres writes NUMERIC results.
 */
import Big from 'big.js';

/** An exact decimal and the number of fraction digits to write it with. */
export interface Decimal {
  readonly value: Big;
  readonly scale: number;
}

export function decimal(text: string): Decimal {
  const dot = text.indexOf('.');
  return { value: new Big(text), scale: dot < 0 ? 0 : text.length - dot - 1 };
}

export const ZERO: Decimal = decimal('0');

export function plus(a: Decimal, b: Decimal): Decimal {
  return { value: a.value.plus(b.value), scale: Math.max(a.scale, b.scale) };
}

export function minus(a: Decimal, b: Decimal): Decimal {
  return { value: a.value.minus(b.value), scale: Math.max(a.scale, b.scale) };
}

export function times(a: Decimal, b: Decimal): Decimal {
  return { value: a.value.times(b.value), scale: a.scale + b.scale };
}

export function abs(a: Decimal): Decimal {
  return { value: a.value.abs(), scale: a.scale };
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce(plus, ZERO);
}

/** The decimal written out in full (never in exponent notation, never "-0"). */
export function show(a: Decimal): string {
  return (a.value.eq(0) ? a.value.abs() : a.value).toFixed(a.scale);
}

/**
 * Ids of `bigint` columns (users, re-checks, audit entries) as the API
 * takes them: digits, checked against the column's range before they reach
 * SQL, where a larger number is an error (`out of range for type bigint`).
 */

/** The largest value a Postgres `bigint` holds. */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** Whether `text` is an id a `bigint` column can hold: 1 to 19 digits without a leading zero, at most MAX_BIGINT. */
export function isBigintId(text: string): boolean {
  return /^[1-9]\d{0,18}$/.test(text) && BigInt(text) <= MAX_BIGINT;
}

/**
 * Statements prepared once per Postgres connection. A text marked with
 * `prepared` runs as a named statement (db/connect.ts): Postgres parses and
 * plans it once per connection, then only binds and executes it.
 *
 * Only for statements that run often, whose text is fixed at start and
 * whose generic plan is known to be good (the push's inserts from
 * `unnest`, lookups by a unique key, the invoice view and the list's
 * common shapes, checked in test/query-plans.test.ts). After five runs Postgres may keep one
 * generic plan for all parameter values; for a join whose best plan depends
 * on how many rows a parameter holds, that plan can be far worse than one
 * made for the actual values (the bench saw the red-flush recompute scan
 * every red invoice on each push that way). Other statements run unnamed,
 * planned for their own parameters each time.
 */
const texts = new Set<string>();

/** Marks a statement text to be prepared once per connection; returns the text. */
export function prepared(text: string): string {
  texts.add(text);
  return text;
}

export function isPrepared(text: string): boolean {
  return texts.has(text);
}

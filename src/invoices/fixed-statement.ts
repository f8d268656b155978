/**
 * A statement whose SQL text is fixed: compiled once, prepared once per
 * Postgres connection (db/prepared.ts), and per request only bound to new
 * values, so no query is built or compiled per request and Postgres neither
 * parses nor plans it again. Only for statements whose plan does not depend
 * on their values (see db/prepared.ts).
 *
 * It is written with kysely's `sql`, so that shared fragments (the
 * red-flush rules) compose into it: `value(name)` stands where a request's
 * value goes, and whatever the fragments bind themselves stays bound. The
 * same builder, given the values themselves, gives the statement as an
 * ordinary query (for EXPLAIN in tests).
 */
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';

/** Builds the statement, with `value(name)` where each of the request's values goes. */
export type StatementBuilder<Name extends string, Row> = (value: (name: Name) => RawBuilder<unknown>) => RawBuilder<Row>;

/** Where a request's value goes in the compiled statement (a parameter no fragment could bind). */
class Slot {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

export class FixedStatement<Name extends string, Row> {
  #compiled: { readonly text: string; readonly parameters: readonly unknown[] } | undefined;

  private readonly build: StatementBuilder<Name, Row>;

  constructor(build: StatementBuilder<Name, Row>) {
    this.build = build;
  }

  /** The statement with these values, as an ordinary query. */
  query(values: Readonly<Record<Name, unknown>>): RawBuilder<Row> {
    return this.build((name) => sql`${values[name]}`);
  }

  async execute(db: Db, values: Readonly<Record<Name, unknown>>): Promise<Row[]> {
    // Compiled on first use: compiling needs a Kysely (the dialect's compiler), which the first request brings.
    if (this.#compiled === undefined) {
      const { sql: text, parameters } = this.build((name) => sql`${new Slot(name)}`).compile(db);
      this.#compiled = { text: prepared(text), parameters };
    }
    const { text, parameters } = this.#compiled;
    const bound = parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.name as Name] : parameter));
    return (await db.executeQuery<Row>(CompiledQuery.raw(text, bound))).rows;
  }
}

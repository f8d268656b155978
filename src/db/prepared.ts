/**
 * The one way to run hand-written SQL, and to prepare a statement once per
 * Postgres connection. A text marked with `prepared` runs as a named
 * statement (db/connect.ts): Postgres parses and plans it once per
 * connection, then only binds and executes it.
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
 *
 * Three shapes, one per kind of statement:
 * - `prepared(text)` + `runText`: SQL text written out at start with
 *   numbered parameters (the push's statements): per request only the
 *   parameters change, nothing is built or compiled.
 * - `FixedStatement`: a statement built once with kysely (the query builder
 *   or `sql` fragments, so shared fragments compose into it), compiled on
 *   first use, then only bound to each request's values.
 * - `runQuery(db, query, { prepare })`: a statement built per request whose
 *   text takes few shapes (the list), prepared when its plan holds for any
 *   values.
 */
import {
  type Compilable,
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
} from 'kysely';
import type { Database, Db } from './database.ts';

/**
 * A Kysely that only compiles (Postgres's compiler, which the embedded
 * database shares): statements written out at start are built with it,
 * before any connection exists.
 */
export const COMPILER = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const texts = new Set<string>();

/** Marks a statement text to be prepared once per connection; returns the text. */
export function prepared(text: string): string {
  texts.add(text);
  return text;
}

export function isPrepared(text: string): boolean {
  return texts.has(text);
}

/** Runs SQL text (marked `prepared` or not) with these parameters. */
export async function runText<Row>(db: Db, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows;
}

/** Runs a query built for this request; `prepare` when its plan holds for any values of its parameters. */
export async function runQuery<Row>(db: Db, query: RawBuilder<Row>, options: { readonly prepare: boolean }): Promise<Row[]> {
  const { sql: text, parameters } = query.compile(COMPILER);
  return runText<Row>(db, options.prepare ? prepared(text) : text, parameters);
}

/**
 * Builds a fixed statement with `sql` fragments or the query builder
 * (`qb`, a Kysely that only compiles); `value(name)` stands where a
 * request's value goes.
 */
export type StatementBuilder<Name extends string, Built> = (
  value: <T = unknown>(name: Name) => RawBuilder<T>,
  qb: Kysely<Database>,
) => Built;

/** Where a request's value goes in the compiled statement (a parameter no fragment could bind). */
class Slot {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

function compile<Row>(built: RawBuilder<Row> | Compilable<Row>): CompiledQuery<Row> {
  return 'isRawBuilder' in built ? built.compile(COMPILER) : built.compile();
}

/**
 * A statement whose SQL text is fixed: compiled once, prepared once per
 * Postgres connection, and per request only bound to new values, so no
 * query is built or compiled per request and Postgres neither parses nor
 * plans it again. Whatever the builder's fragments bind themselves stays
 * bound. The same builder, given the values themselves, gives the
 * statement as an ordinary query (for EXPLAIN in tests).
 */
export class FixedStatement<Name extends string, Row, Built extends RawBuilder<Row> | Compilable<Row> = RawBuilder<Row>> {
  #compiled: { readonly text: string; readonly parameters: readonly unknown[] } | undefined;

  private readonly build: StatementBuilder<Name, Built>;

  constructor(build: StatementBuilder<Name, Built>) {
    this.build = build;
  }

  /** The statement with these values, as an ordinary query. */
  query(values: Readonly<Record<Name, unknown>>): Built {
    return this.build((name) => sql`${values[name]}`, COMPILER);
  }

  async execute(db: Db, values: Readonly<Record<Name, unknown>>): Promise<Row[]> {
    if (this.#compiled === undefined) {
      const { sql: text, parameters } = compile<Row>(this.build((name) => sql`${new Slot(name)}`, COMPILER));
      this.#compiled = { text: prepared(text), parameters };
    }
    const { text, parameters } = this.#compiled;
    return runText<Row>(
      db,
      text,
      parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.name as Name] : parameter)),
    );
  }
}

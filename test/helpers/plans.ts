/**
 * Query plans for the plan tests (test/*-plans.test.ts): the plan Postgres
 * makes for the very SQL a repository runs, with its values, or the generic
 * plan a prepared statement may keep, and a readable outline of it for
 * assertion messages. Plans only: no timing.
 */
import assert from 'node:assert/strict';
import { type Compilable, CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

type Explained = { 'QUERY PLAN': [{ Plan: PlanNode }] | string };

function planIn(rows: readonly Explained[]): PlanNode {
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = typeof raw === 'string' ? (JSON.parse(raw) as [{ Plan: PlanNode }]) : raw;
  assert.ok(plan?.[0], 'no plan');
  return plan[0].Plan;
}

/** The plan made for these values (as for a statement run unnamed). */
export async function planOf(db: Kysely<Database>, query: Compilable<unknown> | RawBuilder<unknown>): Promise<PlanNode> {
  const compiled = query.compile(db);
  const { rows } = await db.executeQuery<Explained>(CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]));
  return planIn(rows);
}

/** A value as an untyped SQL literal: EXECUTE then casts it to the parameter's type, arrays included. */
function untyped(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const elements = value.map((element) =>
      element === null ? 'NULL' : `"${String(element).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
    );
    return untyped(`{${elements.join(',')}}`);
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** The generic plan, made without the values: what a prepared statement may keep after its fifth run (db/prepared.ts). */
export async function genericPlanOf(db: Kysely<Database>, query: RawBuilder<unknown> | CompiledQuery): Promise<PlanNode> {
  const compiled = 'compile' in query ? query.compile(db) : query;
  // EXPLAIN EXECUTE takes no bound parameters: the values go in as literals.
  const values = compiled.parameters.map(untyped).join(', ');
  return db.connection().execute(async (connection) => {
    await sql`set plan_cache_mode = force_generic_plan`.execute(connection);
    try {
      await connection.executeQuery(CompiledQuery.raw(`prepare plan_check as ${compiled.sql}`));
      try {
        const { rows } = await connection.executeQuery<Explained>(CompiledQuery.raw(`explain (format json) execute plan_check(${values})`));
        return planIn(rows);
      } finally {
        await sql`deallocate plan_check`.execute(connection);
      }
    } finally {
      await sql`reset plan_cache_mode`.execute(connection);
    }
  });
}

/** The node and every node below it. */
export function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The plan as an indented outline (`Index Scan on invoices using invoices_pkey`), for assertion messages. */
export function describe(plan: PlanNode, depth = 0): string {
  const name = [
    plan['Node Type'],
    plan['Relation Name'] && `on ${plan['Relation Name']}`,
    plan['Index Name'] && `using ${plan['Index Name']}`,
  ]
    .filter(Boolean)
    .join(' ');
  return [`${'  '.repeat(depth)}${name}`, ...(plan.Plans ?? []).map((child) => describe(child, depth + 1))].join('\n');
}

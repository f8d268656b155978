/**
 * Re-checking stored invoices: the invoice's own checks (findings.ts) run
 * again on invoices as stored, so that invoices stored before a check
 * existed (or before it changed) get its findings. Asked from the CLI
 * (`findings recheck [--since DATE]`) or the console's admin API; done by
 * a job on the queue (src/jobs/findings-recheck.job.ts), one batch of
 * invoices per job, each batch sending the next.
 *
 * - **Never in a push's way.** A batch reads its invoices without locking
 *   them; only an invoice whose findings change is locked, alone, in a
 *   short transaction of its own, and written only if its content is still
 *   what was read (a push that changed it meanwhile stored findings of its
 *   own, made by the same checks). Holding one row at a time, it cannot
 *   deadlock with a push.
 * - **Resumable.** Where the next batch starts is stored with the re-check
 *   (`last_invoice_id`) in the transaction that sends the next job, so a
 *   restart goes on from there; a batch done twice (an attempt that died
 *   after writing) writes the same findings again.
 * - **Exactly one chain.** Each job carries the batch number (`step`); a
 *   job whose step is not the re-check's (a second attempt of a batch
 *   already counted) does nothing.
 * - The red-flush checks (a red invoice against its blue one) are not
 *   re-run: every push touching a group recomputes them.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { audit } from '../audit/audit.service.ts';
import { isBigintId } from '../db/bigint-id.ts';
import type { Database, Db } from '../db/database.ts';
import { DETAIL_FIELDS, INVOICE_FIELDS } from '../db/invoice-fields.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../queue/queue.ts';
import { refreshFindingCodes, replaceFindings } from './findings.repository.ts';
import { type Finding, invoiceFindings } from './findings.ts';
import * as repository from './recheck.repository.ts';

export type FindingRecheck = Schemas['FindingRecheck'];

/** The queue of the re-check job. */
export const FINDINGS_RECHECK = 'findings-recheck';

export interface RecheckJobData {
  readonly recheckId: string;
  /** The batch this job does: the re-check's `step` when it was sent. */
  readonly step: number;
}

/** Invoices read per batch (one job). */
export const RECHECK_BATCH = 200;

function toRecord(row: repository.RecheckRow): FindingRecheck {
  return {
    id: row.id,
    state: row.state,
    since: row.since?.getTime() ?? null,
    sinceIso: row.since?.toISOString() ?? null,
    requestedBy: row.requested_by,
    total: row.total,
    checked: row.checked,
    changed: row.changed,
    lastInvoiceId: row.last_invoice_id,
    error: row.error,
    createdAt: row.created_at.getTime(),
    createdAtIso: row.created_at.toISOString(),
    updatedAt: row.updated_at.getTime(),
    updatedAtIso: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.getTime() ?? null,
    finishedAtIso: row.finished_at?.toISOString() ?? null,
  };
}

/**
 * Records a re-check of the invoices dated from `since` (null: all) and
 * queues its first batch, in one transaction (audited). 409 while another
 * is queued or running.
 */
export async function startRecheck(
  db: Kysely<Database>,
  jobs: JobQueue,
  context: AuditContext,
  options: { readonly since: Date | null },
): Promise<FindingRecheck> {
  return db.transaction().execute(async (trx) => {
    // One at a time: taken by every start, so two starts cannot both find none open.
    await trxLock(trx);
    const open = await repository.openRecheck(trx);
    if (open) {
      throw new AppError(409, 'conflict', {
        en: `re-check ${open.id} is ${open.state} (${open.checked} of ${open.total} invoices); wait for it to finish`,
        zh: `重新校验 ${open.id} 尚未结束（已校验 ${open.checked} / ${open.total} 张），请等它完成`,
      });
    }
    const total = await repository.countInvoices(trx, options.since);
    const row = await repository.insertRecheck(trx, { since: options.since, requestedBy: context.actor.name, total, now: new Date() });
    await audit(trx, context.actor, {
      action: 'findings.recheck',
      target: `recheck:${row.id}`,
      details: { since: options.since?.toISOString() ?? null, total },
      requestId: context.requestId,
    });
    await jobs.sendInTransaction<RecheckJobData>(trx, FINDINGS_RECHECK, { recheckId: row.id, step: 0 });
    return toRecord(row);
  });
}

/** A transaction-scoped advisory lock that serialises the start of re-checks. */
async function trxLock(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('fapiao-hub findings recheck'))`.execute(trx);
}

export async function getRecheck(db: Db, id: string): Promise<FindingRecheck> {
  const row = isBigintId(id) ? await repository.findRecheck(db, id) : undefined;
  if (!row) throw new AppError(404, 'not_found', { en: `no re-check ${id}`, zh: `未找到编号为 ${id} 的重新校验` });
  return toRecord(row);
}

export async function listRechecks(db: Db): Promise<FindingRecheck[]> {
  return (await repository.listRechecks(db, 50)).map(toRecord);
}

/** A stored row's fields under their names in openapi.yaml, absent ones left out, instants in ms (as pushed). */
function fieldsOf(row: object, fields: typeof INVOICE_FIELDS | typeof DETAIL_FIELDS): Record<string, unknown> {
  const columns = row as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = columns[field.column];
    if (value !== null && value !== undefined) out[field.name] = value instanceof Date ? value.getTime() : value;
  }
  return out;
}

/** The invoice as the checks take it (`Invoice` of openapi.yaml), from its stored row and detail rows. */
function asPushed(stored: repository.StoredInvoice): Schemas['Invoice'] {
  return {
    ...fieldsOf(stored.invoice, INVOICE_FIELDS),
    details: stored.details.map((row) => fieldsOf(row, DETAIL_FIELDS)),
  } as Schemas['Invoice'];
}

function sameFindings(stored: repository.StoredInvoice['findings'], found: readonly Finding[]): boolean {
  // jsonb keeps its own key order: the figures are compared as sorted entries.
  const key = (finding: { code: string; severity: string; pointer: string; message: string; figures: Record<string, string> }) =>
    JSON.stringify([finding.code, finding.severity, finding.pointer, finding.message, Object.entries(finding.figures).sort()]);
  return stored.length === found.length && stored.every((finding, index) => key(finding) === key(found[index] as Finding));
}

export interface BatchOutcome {
  /** The re-check as it is after the batch; undefined when the job had nothing to do (a step already done). */
  readonly recheck?: FindingRecheck;
  /** Findings that appeared on invoices (for metrics). */
  readonly appeared: readonly Finding[];
}

/**
 * Does one batch of a re-check: reads the next RECHECK_BATCH invoices,
 * checks them, writes the findings that changed (each invoice locked alone,
 * if unchanged since read), then records the progress and sends the next
 * job in one transaction, or marks the re-check done.
 */
export async function recheckBatch(
  db: Kysely<Database>,
  jobs: JobQueue,
  data: RecheckJobData,
  signal?: AbortSignal,
): Promise<BatchOutcome> {
  const recheck = await repository.findRecheck(db, data.recheckId);
  if (!recheck || recheck.step !== data.step || recheck.state === 'done' || recheck.state === 'failed') return { appeared: [] };
  const invoices = await repository.nextInvoices(db, { afterId: recheck.last_invoice_id, since: recheck.since, limit: RECHECK_BATCH });
  const appeared: Finding[] = [];
  let changed = 0;
  for (const stored of invoices) {
    signal?.throwIfAborted();
    const found = invoiceFindings(asPushed(stored), stored.invoice.updated_at.getTime());
    if (sameFindings(stored.findings, found)) continue;
    const wrote = await db.transaction().execute(async (trx) => {
      if (!(await repository.lockIfUnchanged(trx, stored.invoice.id, stored.invoice.content_hash))) return false;
      appeared.push(...(await replaceFindings(trx, 'invoice', [{ invoiceId: stored.invoice.id, findings: found }])));
      await refreshFindingCodes(trx, [stored.invoice.id]);
      return true;
    });
    if (wrote) changed++;
  }
  const last = invoices.at(-1);
  const done = invoices.length < RECHECK_BATCH;
  const after = await db.transaction().execute(async (trx) => {
    const current = await repository.findRecheck(trx, data.recheckId, { lock: true });
    // Another attempt of this batch counted it first.
    if (!current || current.step !== data.step) return undefined;
    const now = new Date();
    await repository.updateRecheck(trx, data.recheckId, {
      state: done ? 'done' : 'running',
      checked: current.checked + invoices.length,
      changed: current.changed + changed,
      last_invoice_id: last?.invoice.id ?? current.last_invoice_id,
      step: current.step + 1,
      updated_at: now,
      ...(done && { finished_at: now }),
    });
    if (!done) await jobs.sendInTransaction<RecheckJobData>(trx, FINDINGS_RECHECK, { recheckId: data.recheckId, step: current.step + 1 });
    return repository.findRecheck(trx, data.recheckId);
  });
  return { ...(after && { recheck: toRecord(after) }), appeared };
}

/** Ends a re-check whose job ran out of retries. */
export async function failRecheck(db: Db, recheckId: string, message: string): Promise<void> {
  const now = new Date();
  await repository.updateRecheck(db, recheckId, { state: 'failed', error: message.slice(0, 2000), updated_at: now, finished_at: now });
}

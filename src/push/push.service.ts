/**
 * Receiving a push: the domain rules beyond the schema, then one transaction
 * that stores the push record, the batch state, the invoices and their
 * detail rows, and a history entry per invoice.
 *
 * Idempotency rests on the database: invoices are unique by
 * (invoice_code, invoice_number), inserted with ON CONFLICT DO NOTHING and
 * otherwise locked FOR UPDATE, in identity order, before they are compared.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import { shownValue } from '../api/field-errors.ts';
import { fieldAt } from '../api/field-labels.ts';
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import { type OneTrip, oneTripOf } from '../db/connect.ts';
import type { Database, HistoryChange } from '../db/database.ts';
import { isRetryable, PUSH_NEEDS_TRANSACTION, sqlState } from '../db/errors.ts';
import { DETAIL_FIELDS, INVOICE_FIELDS, toColumn } from '../db/invoice-fields.ts';
import { AppError, chineseSummary, type FieldError } from '../errors.ts';
import { recordFindings } from '../findings/findings.service.ts';
import { type Finding, invoiceFindings } from '../findings/findings.ts';
import { INVOICING_STATUS } from '../invoice-codes.ts';
import type { GroupedInvoice } from '../red-flush/red-flush.rules.ts';
import { lockGroupsOfPushText, redInvoicesNameBlue, settleRedFlush } from '../red-flush/red-flush.service.ts';
import * as repository from './push.repository.ts';

export type PushRequest = Schemas['PushRequest'];
type PushedInvoice = Schemas['Invoice'];

export interface ReceivedPush {
  readonly principal: Principal;
  readonly body: PushRequest;
  /** The body exactly as received. */
  readonly rawBody: string;
  /** The Content-Type header it came with. */
  readonly contentType: string | null;
  readonly requestId: string | null;
}

export interface InvoiceOutcome {
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  readonly change: HistoryChange;
}

export interface PushOutcome {
  readonly pushId: string;
  readonly invoices: readonly InvoiceOutcome[];
  /** Findings that appeared on the stored invoices. */
  readonly findings: readonly Finding[];
}

/** An invoice of the push, ready to store. */
interface Prepared extends repository.PushedRow {
  readonly invoiceCode: string;
  readonly invoiceNumber: string;
  readonly invoicingStatus: string;
  /** The invoice as pushed (normalised). */
  readonly source: PushedInvoice;
}

const MAX_ATTEMPTS = 5;
const ZERO = /^-?0+(\.0+)?$/;

export async function receivePush(db: Kysely<Database>, push: ReceivedPush): Promise<PushOutcome> {
  const { principal, body } = push;
  if (principal.channels && !principal.channels.includes(body.channelCode)) {
    throw new AppError(403, 'forbidden', {
      en: `app ${principal.appName} may not push for channel ${body.channelCode}`,
      zh: `应用 ${principal.appName} 无权推送渠道 ${body.channelCode} 的数据`,
    });
  }
  const invoices = prepare(body.data ?? [], Date.now());
  const pushed = invoices.map((invoice) => invoice.source);
  const locks = lockGroupsOfPushText(pushed);
  const trip = oneTripOf(db);
  // A push that can be one statement is tried so first (see storeAlone); one that cannot, or turns out not to be, takes the transaction.
  const odds = trip && tripOddsOf(db);
  let alone = odds !== undefined && !redInvoicesNameBlue(pushed) && odds.worthTrying(body.channelCode);
  for (let attempt = 1; ; attempt++) {
    try {
      if (alone && trip && odds) {
        const outcome = await storeAlone(trip, push, invoices, locks);
        odds.record(body.channelCode, outcome !== undefined);
        if (outcome) return outcome;
        alone = false;
      }
      return await db.transaction().execute((tx) => store(tx, push, invoices, locks));
    } catch (error) {
      // A deadlock between concurrent pushes of the same invoices: run the whole push again.
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

/**
 * A push that may be one statement (none of its invoices a red invoice
 * naming a blue one): BEGIN with the group locks, STORE_PUSH_ALONE and
 * COMMIT sent in one write (db/connect.ts `OneTrip`), or STORE_PUSH_ALONE
 * alone, a transaction of its own, when there is no group to lock. It
 * stores exactly what the transaction in `store` would: with every invoice
 * new, no red invoice naming a pushed blue one and no refused finding, that
 * transaction runs the same statement and nothing else. When one of these
 * does not hold, the statement's gate writes nothing (or, for an invoice a
 * concurrent push stored after the gate looked, the statement fails with
 * SQLSTATE FH001 and the COMMIT rolls back), and this answers undefined:
 * the push is then stored the long way, having cost one round trip more
 * (a re-push: bench/RESULTS.md).
 */
async function storeAlone(
  trip: OneTrip,
  push: ReceivedPush,
  invoices: readonly Prepared[],
  locks: string | undefined,
): Promise<PushOutcome | undefined> {
  const statement = repository.storePushQuery(newPush(push, invoices.length), invoices, true);
  const answers = locks ? await trip([CompiledQuery.raw(`begin;\n${locks}`), statement, COMMIT]) : await trip([statement]);
  const failed = answers.find((answer) => answer.status === 'rejected');
  if (failed) {
    if (sqlState(failed.reason) === PUSH_NEEDS_TRANSACTION) return undefined;
    throw failed.reason;
  }
  const answer = answers[locks ? 1 : 0];
  if (answer?.status !== 'fulfilled') throw new Error('the push was not stored');
  const rows = answer.value.rows as repository.StoredPushRow[];
  // The statement's gate found that the push needs more than it, and wrote nothing.
  if (rows[0]?.push_id === null) return undefined;
  const { pushId, created } = repository.storedPush(rows);
  return {
    pushId,
    invoices: invoices.map((invoice) => {
      if (!created.has(invoice.position)) throw new Error(`invoice ${keyOf(invoice)} was not created`);
      return { invoiceCode: invoice.invoiceCode, invoiceNumber: invoice.invoiceNumber, change: 'created' };
    }),
    findings: invoices.flatMap((invoice) => invoice.findings),
  };
}

const COMMIT = CompiledQuery.raw('commit');

/**
 * Whether a channel's pushes are worth trying in one trip. One that turns
 * out to need the long way pays a round trip and a statement more (a
 * re-push of stored invoices: bench/RESULTS.md), so a channel whose recent
 * tries mostly missed (it is re-pushing, voiding, updating) goes the long
 * way directly, and tries one push in 16, to see when that changes. The
 * share of misses is a moving average over about the last 8 tries. Per
 * instance and database, in memory: a restart starts every channel trying.
 */
class TripOdds {
  static readonly WEIGHT = 1 / 8;
  static readonly PROBE_EVERY = 16;
  static readonly MAX_CHANNELS = 10_000;
  readonly #channels = new Map<string, { misses: number; skipped: number }>();

  worthTrying(channelCode: string): boolean {
    const channel = this.#channels.get(channelCode);
    if (!channel || channel.misses < 0.5) return true;
    channel.skipped += 1;
    if (channel.skipped < TripOdds.PROBE_EVERY) return false;
    channel.skipped = 0;
    return true;
  }

  record(channelCode: string, stored: boolean): void {
    let channel = this.#channels.get(channelCode);
    if (!channel) {
      if (this.#channels.size >= TripOdds.MAX_CHANNELS) this.#channels.clear();
      channel = { misses: 0, skipped: 0 };
      this.#channels.set(channelCode, channel);
    }
    channel.misses += ((stored ? 0 : 1) - channel.misses) * TripOdds.WEIGHT;
  }
}

const tripOdds = new WeakMap<Kysely<Database>, TripOdds>();

function tripOddsOf(db: Kysely<Database>): TripOdds {
  let odds = tripOdds.get(db);
  if (!odds) {
    odds = new TripOdds();
    tripOdds.set(db, odds);
  }
  return odds;
}

/** The push record as STORE_PUSH writes it. */
function newPush(push: ReceivedPush, invoiceCount: number): repository.NewPush {
  const { body, principal } = push;
  return {
    appId: principal.appId,
    channelCode: body.channelCode,
    serialNo: body.serialNo ?? null,
    result: body.result,
    rejectMsg: body.rejectMsg ?? null,
    invoiceCount,
    requestId: push.requestId,
    body: push.rawBody,
    contentType: push.contentType,
  };
}

/** Checks the rules the schema cannot express and turns each invoice into column values, sorted by identity. */
function prepare(data: readonly PushedInvoice[], receivedAt: number): Prepared[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const prepared = data.map((invoice, position): Prepared => {
    const key = identity(invoice.invoiceCode, invoice.invoiceNumber);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, position);
    else
      errors.push(
        pushField(`/data/${position}/invoiceNumber`, {
          message: `repeats the invoice at /data/${first}`,
          zh: `与 data[${first}] 是同一张发票（发票代码 + 发票号码），一次推送中只能出现一次`,
          rule: 'duplicate_invoice',
          value: invoice.invoiceNumber,
        }),
      );
    invoice.details.forEach((detail, row) => {
      if (ZERO.test(detail.goodsCost) && (detail.goodsSum === undefined || ZERO.test(detail.goodsSum))) {
        errors.push(
          pushField(`/data/${position}/details/${row}/goodsCost`, {
            message: 'goodsCost and goodsSum must not both be zero',
            zh: '含税金额和不含税金额不能同时为 0',
            rule: 'goods_amount_zero',
            value: detail.goodsCost,
          }),
        );
      }
    });
    const record = invoice as unknown as Record<string, unknown>;
    const values = INVOICE_FIELDS.map((field) => toColumn(field, record[field.name]));
    const details = invoice.details.map((detail) => {
      const row = detail as unknown as Record<string, unknown>;
      return DETAIL_FIELDS.map((field) => toColumn(field, row[field.name]));
    });
    return {
      position,
      invoiceCode: invoice.invoiceCode,
      invoiceNumber: invoice.invoiceNumber,
      invoicingStatus: invoice.invoicingStatus,
      contentHash: createHash('sha256')
        .update(JSON.stringify([values, details]))
        .digest('base64url'),
      values,
      details,
      source: invoice,
      findings: invoiceFindings(invoice, receivedAt),
    };
  });
  if (errors.length > 0) throw AppError.validation(errors);
  return prepared.sort(
    (a, b) => compare(a.invoiceCode, b.invoiceCode) || compare(a.invoiceNumber, b.invoiceNumber) || a.position - b.position,
  );
}

/** A failing field of the push, named by its Chinese name. */
function pushField(pointer: string, error: { message: string; zh: string; rule: string; value: unknown }): FieldError {
  const { field, label } = fieldAt('PushRequest', pointer);
  return { pointer, field, label, ...error, value: shownValue(error.value) };
}

/** Any consistent order does: it only keeps concurrent pushes from inserting the same rows in opposite orders. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function store(
  tx: Transaction<Database>,
  push: ReceivedPush,
  invoices: readonly Prepared[],
  locks: string | undefined,
): Promise<PushOutcome> {
  const { body } = push;
  const serialNo = body.serialNo ?? null;
  const pushed = invoices.map((invoice) => invoice.source);
  // The red-flush groups of the pushed invoices, locked first, before any row (red-flush/red-flush.service.ts);
  // the statement has no parameters, so on Postgres it goes with the BEGIN (db/connect.ts).
  if (locks) await sql.raw(locks).execute(tx);
  const { pushId, rejectFindings, redsStored, created } = await repository.storePush(tx, newPush(push, invoices.length), invoices);
  const existing = invoices.filter((invoice) => !created.has(invoice.position));
  const stored = await storeExisting(tx, { channelCode: body.channelCode, serialNo, pushId }, existing);

  const redFlush = await settleRedFlush(tx, {
    invoices: pushed,
    before: stored.before,
    allNew: existing.length === 0,
    redsStored,
    contentChanged: stored.changed.size > 0,
  });
  const findings = await recordFindings(
    tx,
    body.channelCode,
    new Set(rejectFindings),
    invoices.map((invoice) => {
      const createdId = created.get(invoice.position);
      const id = createdId ?? stored.ids.get(invoice.position);
      if (id === undefined) throw new Error(`invoice ${keyOf(invoice)} has no id`);
      return {
        id,
        position: invoice.position,
        invoice: invoice.source,
        findings: invoice.findings,
        content: createdId !== undefined ? 'created' : stored.changed.has(id) ? 'replaced' : 'kept',
      };
    }),
    redFlush.findings,
  );
  const outcomes = invoices.flatMap((invoice): InvoiceOutcome[] =>
    created.has(invoice.position) ? [{ invoiceCode: invoice.invoiceCode, invoiceNumber: invoice.invoiceNumber, change: 'created' }] : [],
  );
  return { pushId, invoices: [...outcomes, ...stored.outcomes], findings };
}

/** What `storeExisting` did. */
interface ExistingOutcome {
  readonly outcomes: readonly InvoiceOutcome[];
  /** Ids of the invoices whose content the push replaced (updated or voided them). */
  readonly changed: ReadonlySet<string>;
  /** The stored invoices' ids, by position in the push. */
  readonly ids: ReadonlyMap<number, string>;
  /** The stored invoices as they were before the push (for the red-flush groups they may leave). */
  readonly before: readonly GroupedInvoice[];
}

/**
 * The invoices of the push that were stored already: locked in identity
 * order, compared, and updated (or voided) where their content changed,
 * with a history entry for each. Refuses the push (409) when one of them
 * was stored by another channel.
 */
async function storeExisting(
  tx: Transaction<Database>,
  origin: { channelCode: string; serialNo: string | null; pushId: string },
  existing: readonly Prepared[],
): Promise<ExistingOutcome> {
  const outcomes: InvoiceOutcome[] = [];
  const changed: (Prepared & { id: string })[] = [];
  const ids = new Map<number, string>();
  if (existing.length === 0) return { outcomes, changed: new Set(), ids, before: [] };
  const lockedRows = await repository.lockInvoices(tx, existing);
  const locked = new Map(lockedRows.map((row) => [identity(row.invoice_code, row.invoice_number), row]));

  const conflicts: FieldError[] = [];
  const history: repository.HistoryEntry[] = [];
  for (const invoice of existing) {
    const stored = locked.get(keyOf(invoice));
    if (!stored) throw new Error(`invoice ${keyOf(invoice)} conflicted on insert but is not stored`);
    if (stored.channel_code !== origin.channelCode) {
      conflicts.push({
        pointer: `/data/${invoice.position}`,
        message: `invoice ${invoice.invoiceCode}/${invoice.invoiceNumber} was stored by channel ${stored.channel_code}; channel ${origin.channelCode} cannot change it`,
        zh: `发票 ${invoice.invoiceCode}/${invoice.invoiceNumber} 由渠道 ${stored.channel_code} 推送保存，渠道 ${origin.channelCode} 不能修改它`,
        label: '发票数据',
        field: `data[${invoice.position}]`,
      });
      continue;
    }
    const change = decide(stored, invoice);
    const status = stored.invoicing_status === INVOICING_STATUS.VOIDED ? INVOICING_STATUS.VOIDED : invoice.invoicingStatus;
    ids.set(invoice.position, stored.id);
    history.push({ invoiceId: stored.id, position: invoice.position, change, invoicingStatus: status });
    outcomes.push({ invoiceCode: invoice.invoiceCode, invoiceNumber: invoice.invoiceNumber, change });
    if (change === 'updated' || change === 'voided') changed.push({ ...invoice, id: stored.id });
  }
  if (conflicts.length > 0) {
    throw new AppError(
      409,
      'conflict',
      {
        en: 'the push changes invoices that another channel stored; nothing was stored',
        zh: `${chineseSummary(conflicts)}；未保存任何内容`,
      },
      conflicts,
    );
  }

  if (changed.length > 0) {
    await repository.updateInvoices(tx, origin, changed);
    await repository.deleteDetails(
      tx,
      changed.map((invoice) => invoice.id),
    );
  }
  await repository.insertDetailsAndHistory(
    tx,
    origin.pushId,
    changed.flatMap((invoice) => invoice.details.map((row, index) => [invoice.id, index, ...row])),
    history,
  );
  const before = lockedRows.map((row) => ({
    invoiceType: row.invoice_type,
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    originalInvoiceCode: row.original_invoice_code,
    originalInvoiceNumber: row.original_invoice_number,
  }));
  return { outcomes, changed: new Set(changed.map((invoice) => invoice.id)), ids, before };
}

/** What a push does to a stored invoice. A voided invoice is never un-voided. */
function decide(stored: repository.LockedInvoice, incoming: Prepared): HistoryChange {
  if (stored.invoicing_status === INVOICING_STATUS.VOIDED) {
    if (incoming.invoicingStatus !== INVOICING_STATUS.VOIDED) return 'ignored';
    return stored.content_hash === incoming.contentHash ? 'unchanged' : 'updated';
  }
  if (incoming.invoicingStatus === INVOICING_STATUS.VOIDED) return 'voided';
  return stored.content_hash === incoming.contentHash ? 'unchanged' : 'updated';
}

/** An invoice's identity as one string (NUL cannot occur in stored text). */
function identity(invoiceCode: string, invoiceNumber: string): string {
  return `${invoiceCode}\u0000${invoiceNumber}`;
}

function keyOf(invoice: Prepared): string {
  return identity(invoice.invoiceCode, invoice.invoiceNumber);
}

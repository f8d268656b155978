/**
 * Red-flush requests (一键红冲): the rules of seed 002 on a stored blue
 * invoice, recording an accepted request, the preview, and reading them.
 *
 * A request is decided and recorded in one transaction that first takes
 * the advisory lock of the blue invoice's group, exclusively: the same
 * lock a push takes for that group (red-flush.service.ts `lockGroups`),
 * so requests for one invoice, and pushes of its red invoices, are decided
 * one after the other, each seeing what the one before committed. What is
 * left is then read (red-flush.sql.ts `figuresOf`, the one place it
 * is written) and the request must fit in it. The preview runs the very
 * same decision without the lock and without storing.
 *
 * The channel is not called here: the job that calls it (the request's id
 * is the channel's billId) is sent in the request's own transaction, so
 * neither exists without the other (src/jobs/red-flush-call.job.ts).
 */
import { randomBytes } from 'node:crypto';
import Big from 'big.js';
import type { Kysely } from 'kysely';
import type { Schemas } from '../api/spec.ts';
import { actorOf, audit } from '../audit/audit.service.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Database, Db, RedFlushPath } from '../db/database.ts';
import { PG_UNIQUE_VIOLATION, sqlState } from '../db/errors.ts';
import type { FieldError } from '../errors.ts';
import { AppError } from '../errors.ts';
import { parseBound } from '../http/bounds.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../http/keyset-cursor.ts';
import type { JobQueue } from '../queue/queue.ts';
import { moveIn } from './progress.service.ts';
import { lockGroups } from './red-flush.lock.ts';
import type { BlueFigures } from './red-flush.sql.ts';
import { sendCall } from './red-flush-queues.ts';
import { type RedFlushInput, requestHash } from './request-input.ts';
import { RedFlushRefusal, type RefusedField } from './request-refusal.ts';
import { figuresSaid, money, type RedRow, redRows, rowsOfRest, rowsSent } from './request-rows.ts';
import { initialStateOf, pathOf, REASON_LABELS, type RequestState, STATE_LABELS, wholeOnly } from './request-states.ts';
import * as repository from './requests.repository.ts';

/** Kingdee: 一次最多只能批量红冲10张. */
export const BATCH_LIMIT = 10;

const BLUE = 0;
const VOIDED = '03';
const ROUND_DOWN = 0;

export interface RequestMeta {
  readonly idempotencyKey: string | null;
  /** The HTTP request id, kept with the request. */
  readonly requestId: string | null;
  /** The request (or batch item) as received, JSON text. */
  readonly body: string;
}

/** An accepted request, as the answer shows it. */
export interface AcceptedRequest {
  readonly redFlushId: string;
  readonly state: RequestState;
  readonly kind: 'full' | 'partial';
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
  /** True when an Idempotency-Key named a request made before. */
  readonly replayed: boolean;
}

/** The request as decided: everything but its id. */
interface Decision {
  readonly blue: repository.BlueInvoiceRow;
  readonly kind: 'full' | 'partial';
  readonly path: RedFlushPath;
  readonly state: RequestState;
  readonly rows: readonly RedRow[];
  readonly amount: string;
  readonly tax: string;
  readonly total: string;
}

/** A new request id: a UUIDv7 (RFC 9562) without dashes, 32 hex digits, sorting by creation time (Nuonuo's billId allows 32). */
export function newRequestId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return bytes.toString('hex');
}

/**
 * Decides a request and records it (with its rows and its first event), or
 * refuses it (RedFlushRefusal), storing nothing. With an Idempotency-Key
 * seen before: the request it made (same body) or 409 (another body).
 */
export async function requestRedFlush(
  db: Kysely<Database>,
  principal: Principal,
  input: RedFlushInput,
  meta: RequestMeta,
  jobs?: JobQueue,
): Promise<AcceptedRequest> {
  mayRedFlush(principal, input);
  const hash = requestHash(input);
  const { idempotencyKey } = meta;
  const asker = askerOf(principal);
  try {
    return await db.transaction().execute(async (tx) => {
      await lockGroups(tx, [{ group: { code: input.invoiceCode, number: input.invoiceNumber }, mode: 'exclusive' }]);
      // Looked up under the lock: a request with the same key and body that was waiting for it finds the first one committed.
      const prior = idempotencyKey === null ? undefined : await repository.findByIdempotencyKey(tx, asker, idempotencyKey);
      if (prior) return replay(prior, hash);
      const decision = await decide(tx, principal, input);
      const id = newRequestId();
      await repository.insertRequest(
        tx,
        {
          id,
          blue_invoice_id: decision.blue.id,
          invoice_code: decision.blue.invoice_code,
          invoice_number: decision.blue.invoice_number,
          invoice_type_code: decision.blue.invoice_type_code,
          channel_code: decision.blue.channel_code,
          seller_tax_no: decision.blue.seller_tax_no,
          path: decision.path,
          reason: input.reason,
          kind: decision.kind,
          amount: decision.amount,
          tax: decision.tax,
          total: decision.total,
          state: decision.state,
          order_no: input.orderNo,
          app_id: asker.appId,
          user_id: asker.userId,
          idempotency_key: idempotencyKey,
          body_hash: hash,
          request_id: meta.requestId,
          body: meta.body,
          plx: input.plx,
          appid: input.appid,
          cpy_type: input.cpyType,
          is_seller: input.isSeller,
          req_memo: input.reqMemo,
          invoice_type: input.invoiceType,
          invoice_special: input.invoiceSpecial,
        },
        decision.rows,
        {
          requestId: id,
          fromState: null,
          toState: decision.state,
          source: 'api',
          detail: { ...(principal.user ? { userName: principal.user.name } : { appName: principal.appName }), requestId: meta.requestId },
        },
      );
      // Who asked, in the audit log, with the change it records.
      await audit(tx, actorOf(principal), {
        action: 'red_flush.request',
        target: `red_flush:${id}`,
        details: {
          invoiceCode: decision.blue.invoice_code,
          invoiceNumber: decision.blue.invoice_number,
          reason: input.reason,
          kind: decision.kind,
          amount: decision.amount,
          tax: decision.tax,
          total: decision.total,
          state: decision.state,
        },
        requestId: meta.requestId,
      });
      // The channel call commits with the request (an info-sheet request waits for its number first).
      if (jobs && decision.state === 'accepted') await sendCall(jobs, tx, id);
      return {
        redFlushId: id,
        state: decision.state,
        kind: decision.kind,
        amount: decision.amount,
        tax: decision.tax,
        total: decision.total,
        replayed: false,
      };
    });
  } catch (error) {
    // The same key used at the same time for another invoice (another lock): the unique index decides.
    if (idempotencyKey !== null && sqlState(error) === PG_UNIQUE_VIOLATION) {
      const prior = await repository.findByIdempotencyKey(db, asker, idempotencyKey);
      if (prior) return replay(prior, hash);
    }
    throw error;
  }
}

function replay(prior: repository.KeyedRequest, hash: string): AcceptedRequest {
  if (prior.body_hash !== hash) {
    throw new RedFlushRefusal(
      409,
      'idempotency_conflict',
      `幂等键(Idempotency-Key)已用于另一个红冲请求（${prior.id}）：同一幂等键只能重发同一请求体`,
      {
        redFlushId: prior.id,
      },
    );
  }
  return {
    redFlushId: prior.id,
    state: prior.state,
    kind: prior.kind,
    amount: prior.amount,
    tax: prior.tax,
    total: prior.total,
    replayed: true,
  };
}

/** The app behind the token, or the console user behind the session (whose principal has no app). */
function askerOf(principal: Principal): repository.Asker {
  return principal.user ? { appId: null, userId: principal.user.id } : { appId: principal.appId, userId: null };
}

/** An app limited to channels or sellers may red-flush only theirs. */
function mayRedFlush(principal: Principal, input: RedFlushInput): void {
  if (principal.channels && !principal.channels.includes(input.channelCode)) {
    throw new RedFlushRefusal(403, 'forbidden', `应用 ${principal.appName} 不能为渠道 ${input.channelCode} 红冲`);
  }
  if (principal.sellers && !principal.sellers.includes(input.sellerTaxNo)) {
    throw new RedFlushRefusal(403, 'forbidden', `应用 ${principal.appName} 不能为销方 ${input.sellerTaxNo} 红冲`);
  }
}

/**
 * The rules of seed 002 on the invoice as stored now (see the header):
 * the request as it would be recorded, or a refusal. Reads only; the
 * caller holds the lock when it records the result.
 */
async function decide(db: Db, principal: Principal, input: RedFlushInput): Promise<Decision> {
  const named = `发票号码：${input.invoiceNumber}`;
  const blue = await repository.findBlueInvoice(db, input.invoiceCode, input.invoiceNumber);
  // Another seller's invoice, for an app limited to sellers, is as if it were not stored.
  if (!blue || (principal.sellers && !principal.sellers.includes(blue.seller_tax_no))) {
    const code = input.invoiceCode === '' ? '' : `（发票代码：${input.invoiceCode}）`;
    throw new RedFlushRefusal(404, 'invoice_not_found', `${named}${code} 未找到：fapiao-hub 没有收到这张发票`);
  }
  if (blue.invoice_type !== BLUE) {
    throw RedFlushRefusal.fields(
      [{ field: 'invoiceNumber', label: '发票号码', message: '是红字发票，只能红冲蓝字发票' }],
      'not_blue',
      `${named} `,
    );
  }
  const mismatches: RefusedField[] = [];
  if (blue.seller_tax_no !== input.sellerTaxNo) {
    mismatches.push({ field: 'sellerTaxNo', label: '销方税号', message: `与发票的销方税号 ${blue.seller_tax_no} 不一致` });
  }
  if (blue.channel_code !== input.channelCode) {
    mismatches.push({
      field: 'channelCode',
      label: '渠道编码',
      message: `发票由渠道 ${blue.channel_code} 开具，不是 ${input.channelCode}`,
    });
  }
  if (blue.invoice_type_code !== input.invoiceTypeCode) {
    mismatches.push({
      field: 'invoiceTypeCode',
      label: '发票类型代码',
      message: `${typeName(input)}与发票的类型 ${blue.invoice_type_code} 不一致`,
    });
  }
  if (mismatches.length > 0) throw RedFlushRefusal.fields(mismatches, 'invoice_mismatch', `${named} `);
  if (blue.invoicing_status === VOIDED) throw new RedFlushRefusal(400, 'voided', `${named} 已作废，不能红冲`);

  const path = pathOf(blue.invoice_type_code);
  const state = initialStateOf(path);
  const remaining = new Big(blue.remaining);
  if (input.details === null) {
    const total = remaining.round(2, ROUND_DOWN);
    if (total.lte(0)) throw insufficient(blue, null);
    if (wholeOnly(path) && !total.eq(blue.total)) throw notWhole(blue);
    // Less than the whole invoice goes with the rows of what is left, worked out by the call: a row that cannot be sent is refused now.
    if (rowsSent(path, total.eq(blue.total))) {
      rowsOfRest(input.invoiceNumber, await repository.blueDetailRows(db, blue.id), blue.invoice_tax_rate, money(total));
    }
    const tax = clamp(new Big(blue.tax_left), total);
    return { blue, kind: 'full', path, state, rows: [], amount: money(total.minus(tax)), tax: money(tax), total: money(total) };
  }
  if (wholeOnly(path)) {
    throw RedFlushRefusal.fields(
      [
        {
          field: 'details',
          label: '部分红冲明细',
          message: `税控发票（${blue.invoice_type_code}）只能全额红冲整张发票，不能按明细部分红冲；全额红冲请不传此字段`,
        },
      ],
      'whole_invoice_only',
      `${named} `,
    );
  }
  const red = redRows(
    input.invoiceNumber,
    await repository.blueDetailRows(db, blue.id),
    blue.invoice_tax_rate,
    input.details,
    rowsSent(path, false),
  );
  if (new Big(red.total).gt(remaining)) throw insufficient(blue, red.total);
  return { blue, kind: 'partial', path, state, rows: red.rows, amount: red.amount, tax: red.tax, total: red.total };
}

/** `FullDigitalSpecial（01）` */
function typeName(input: RedFlushInput): string {
  return input.invoiceTypeName === input.invoiceTypeCode
    ? `${input.invoiceTypeCode} `
    : `${input.invoiceTypeName}（${input.invoiceTypeCode}）`;
}

/** Between 0 and `most`. */
function clamp(value: Big, most: Big): Big {
  if (value.lt(0)) return new Big(0);
  return value.gt(most) ? most : value;
}

/** Kingdee's refusal: 剩余可红冲金额不足, with the figures. `requested` null: a full red flush. */
function insufficient(blue: repository.BlueInvoiceRow, requested: string | null): RedFlushRefusal {
  const figures = figuresOf(blue);
  return new RedFlushRefusal(
    400,
    'insufficient_remaining',
    `发票号码：${blue.invoice_number} 剩余可红冲金额不足：${figuresSaid(blue)}，本次${requested === null ? '全额红冲' : `红冲 ${requested}`}`,
    { ...figures, requested },
  );
}

/** A tax-control invoice red-flushed in part already (by a red invoice made elsewhere): the channel can no longer reverse it whole. */
function notWhole(blue: repository.BlueInvoiceRow): RedFlushRefusal {
  return new RedFlushRefusal(
    400,
    'whole_invoice_only',
    `发票号码：${blue.invoice_number} 是税控发票（${blue.invoice_type_code}），只能全额红冲整张发票，已不能再红冲：${figuresSaid(blue)}`,
    figuresOf(blue),
  );
}

export type RedFlushFigures = Schemas['RedFlushFigures'];

function figuresOf(figures: BlueFigures): RedFlushFigures {
  return { totalPriceTax: figures.total, redFlushedTotal: figures.flushed, heldByOpenRequests: figures.held, remaining: figures.remaining };
}

export type RedFlushPreview = Schemas['RedFlushPreview'];
export type RedFlushRow = Schemas['RedFlushRow'];

/** What the request would be (the same decision as `requestRedFlush`), storing nothing and holding no lock. */
export async function previewRedFlush(db: Db, principal: Principal, input: RedFlushInput): Promise<RedFlushPreview> {
  mayRedFlush(principal, input);
  const decision = await decide(db, principal, input);
  return {
    invoiceId: decision.blue.id,
    kind: decision.kind,
    path: decision.path,
    state: decision.state,
    figures: figuresOf(decision.blue),
    rows: decision.rows.map(toRow),
    amount: decision.amount,
    tax: decision.tax,
    total: decision.total,
    remainingAfter: money(new Big(decision.blue.remaining).minus(decision.total)),
  };
}

function toRow(row: RedRow): RedFlushRow {
  return {
    detailRowNo: row.detailRowNo,
    goodsName: row.goodsName,
    goodsCode: row.goodsCode,
    specification: row.specification,
    unit: row.unit,
    taxRate: row.taxRate,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    amount: row.amount,
    tax: row.tax,
  };
}

export type RedFlushView = Schemas['RedFlushView'];
export type RedFlushRecord = Schemas['RedFlushRecord'];
export type RedFlushListQuery = Schemas['RedFlushListQuery'];

const REQUEST_ID = /^[0-9a-f]{32}$/;

function notFound(): AppError {
  return new AppError(404, 'not_found', { en: 'no such red-flush request', zh: '未找到该红冲申请' });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Gives a tax-control special invoice's request the 红字信息表 number it
 * waits for (`info_sheet_required`): stored with it, the request moves to
 * `accepted` with an event naming who gave it (and an audit entry), and
 * its channel call is queued in the same transaction (the call asks for
 * the red invoice with the number: red-flush-call.job.ts). Another
 * seller's or channel's request is 404 or 403 as for asking; a request in
 * another state, 409 saying its state.
 */
export async function giveInfoSheet(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  infoSheetNo: string,
  context: { readonly requestId: string | null; readonly jobs: JobQueue | undefined },
): Promise<void> {
  if (!REQUEST_ID.test(id)) throw notFound();
  await db.transaction().execute(async (tx) => {
    const request = await tx
      .selectFrom('red_flush_requests')
      .select(['state', 'seller_tax_no', 'channel_code'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!request || (principal.sellers && !principal.sellers.includes(request.seller_tax_no))) throw notFound();
    if (principal.channels && !principal.channels.includes(request.channel_code)) {
      throw new AppError(403, 'forbidden', {
        en: `app ${principal.appName} may not red-flush for channel ${request.channel_code}`,
        zh: `应用 ${principal.appName} 不能为渠道 ${request.channel_code} 红冲`,
      });
    }
    if (request.state !== 'info_sheet_required') {
      const state = request.state as RequestState;
      throw new AppError(409, 'conflict', {
        en: `the request is ${state}, not waiting for a red-letter information sheet number`,
        zh: `红冲申请状态为「${STATE_LABELS[state]}」（${state}），不是待填红字信息表，不能填写红字信息表编号(infoSheetNo)`,
      });
    }
    const who = principal.user ? { userName: principal.user.name } : { appName: principal.appName };
    await moveIn(tx, id, {
      to: 'accepted',
      source: 'api',
      detail: { message: '填写红字信息表编号', infoSheetNo, ...who, requestId: context.requestId },
      changes: { info_sheet_no: infoSheetNo },
    });
    await audit(tx, actorOf(principal), {
      action: 'red_flush.info_sheet',
      target: `red_flush:${id}`,
      details: { infoSheetNo },
      requestId: context.requestId,
    });
    if (context.jobs) await sendCall(context.jobs, tx, id);
  });
}

/** One request with its rows, history and invoices; 404 when absent or another seller's (for an app limited to sellers). */
export async function getRedFlush(db: Db, principal: Principal, id: string): Promise<RedFlushView> {
  if (!REQUEST_ID.test(id)) throw notFound();
  const row = await repository.findRequestView(db, id, principal.sellers);
  if (!row) throw notFound();
  const ref = (invoice: repository.InvoiceRefJson) =>
    ({ ...invoice, invoiceDateIso: iso(invoice.invoiceDate) }) as RedFlushView['blueInvoice'];
  return {
    request: toRecord(row),
    fields: {
      invoiceSpecial: row.invoice_special,
      plx: row.plx,
      appid: row.appid,
      cpyType: row.cpy_type,
      isSeller: row.is_seller,
      reqMemo: row.req_memo,
      invoiceType: row.invoice_type,
    },
    form: row.form_bill_id === null ? null : { billId: row.form_bill_id, state: row.form_state },
    lastAnswer:
      row.last_answer_at === null
        ? null
        : {
            code: row.last_answer_code,
            message: row.last_answer_message,
            at: row.last_answer_at.getTime(),
            atIso: row.last_answer_at.toISOString(),
          },
    blueInvoice: ref(row.blue),
    figures: figuresOf(row.figures),
    rows: row.rows.map((stored) => ({
      detailRowNo: stored.blue_detail_row_no,
      goodsName: stored.goods_name,
      goodsCode: stored.goods_code,
      specification: stored.specification,
      unit: stored.unit,
      taxRate: stored.tax_rate,
      quantity: stored.quantity,
      unitPrice: stored.unit_price,
      amount: stored.amount,
      tax: stored.tax,
    })),
    redInvoice: row.red === null ? null : ref(row.red),
    events: row.events.map((event) => ({
      at: event.at,
      atIso: iso(event.at),
      fromState: event.from_state,
      toState: event.to_state,
      source: event.source as RedFlushView['events'][number]['source'],
      detail: event.detail,
    })),
    channelCalls: row.calls.map((call) => ({
      method: call.method,
      startedAt: call.started_at,
      startedAtIso: iso(call.started_at),
      durationMs: call.duration_ms,
      outcome: call.outcome as RedFlushView['channelCalls'][number]['outcome'],
      httpStatus: call.http_status,
      answerCode: call.answer_code,
      answerMessage: call.answer_message,
    })),
  };
}

function toRecord(row: repository.RequestRecordRow): RedFlushRecord {
  return {
    id: row.id,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    kind: row.kind,
    reason: row.reason as RedFlushRecord['reason'],
    reasonLabel: REASON_LABELS[row.reason as RedFlushRecord['reason']],
    path: row.path,
    channelCode: row.channel_code,
    sellerTaxNo: row.seller_tax_no,
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    invoiceTypeCode: row.invoice_type_code as RedFlushRecord['invoiceTypeCode'],
    blueInvoiceId: row.blue_invoice_id,
    amount: row.amount,
    tax: row.tax,
    total: row.total,
    orderNo: row.order_no,
    infoSheetNo: row.info_sheet_no,
    redInvoiceId: row.red_invoice_id,
    appName: row.app_name,
    userName: row.user_name,
    createdAt: row.created_at.getTime(),
    createdAtIso: row.created_at.toISOString(),
    updatedAt: row.updated_at.getTime(),
    updatedAtIso: row.updated_at.toISOString(),
  };
}

/** A page of requests, newest first, filtered; keyset pages (`nextCursor`). */
export async function listRedFlushes(
  db: Db,
  principal: Principal,
  query: RedFlushListQuery,
): Promise<{ items: RedFlushRecord[]; nextCursor: string | null }> {
  const { limit = 50, cursor, sellerTaxNo, createdFrom, createdTo, ...rest } = query;
  const errors: FieldError[] = [];
  const from = createdFrom === undefined ? undefined : parseBound('createdFrom', createdFrom, errors);
  const to = createdTo === undefined ? undefined : parseBound('createdTo', createdTo, errors);
  if (from && to && to.last < from.first)
    errors.push({ parameter: 'createdTo', message: 'must not be before createdFrom', zh: '不能早于 createdFrom' });
  const after = cursor === undefined ? null : decodeKeysetCursor(cursor, REQUEST_ID, errors);
  if (errors.length > 0) throw AppError.validation(errors);
  let sellers = principal.sellers;
  if (sellerTaxNo !== undefined) {
    if (sellers && !sellers.includes(sellerTaxNo)) {
      throw new AppError(403, 'forbidden', {
        en: `app ${principal.appName} may not read the red-flush requests of seller ${sellerTaxNo}`,
        zh: `应用 ${principal.appName} 无权查看销方 ${sellerTaxNo} 的红冲申请`,
      });
    }
    sellers = [sellerTaxNo];
  }
  const rows = await repository.listRequests(
    db,
    {
      sellers,
      ...rest,
      ...(from && { createdFrom: new Date(from.first) }),
      ...(to && { createdBefore: new Date(to.last + 1) }),
    },
    { after, limit: limit + 1 },
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toRecord),
    nextCursor: rows.length > limit && last ? encodeKeysetCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

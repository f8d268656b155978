/**
 * Push records, for support ("what exactly did you send us?"): every push
 * stored, newest first, filtered; one push with what it changed (its
 * history entries and its batch) and its body exactly as received. A push
 * refused with a 4xx stored nothing and is not here (its request id is in
 * the server log).
 *
 * An app limited to some sellers sees a push only when it carried an
 * invoice of those sellers, counts and lists only those invoices, and sees
 * the body only when every invoice in it is of its sellers (a body holds
 * every invoice of the push).
 */
import type { Schemas } from '../api/spec.ts';
import type { Principal } from '../auth/auth.service.ts';
import type { Db } from '../db/database.ts';
import { AppError, type FieldError } from '../errors.ts';
import { parseBound } from '../http/bounds.ts';
import { instant } from '../invoices/invoice-record.ts';
import * as repository from './pushes.repository.ts';

export type PushRecord = Schemas['PushRecord'];
export type PushView = Schemas['PushView'];
export type PushListQuery = Schemas['PushListQuery'];

/** 开票结果 as seed 001 names them. */
export const RESULT_LABELS: Readonly<Record<number, string>> = { 0: '开票成功', 1: '开票驳回', 2: '开票中' };

const CHANGE_LABELS: Readonly<Record<keyof PushRecord['changes'], string>> = {
  created: '新增',
  updated: '更新',
  voided: '作废',
  unchanged: '重复推送无变化',
  ignored: '已作废、不再恢复而忽略',
};

export async function listPushes(
  db: Db,
  principal: Principal,
  query: PushListQuery,
): Promise<{ items: PushRecord[]; nextCursor: string | null }> {
  const { limit = 50, cursor, receivedFrom, receivedTo, ...rest } = query;
  const errors: FieldError[] = [];
  const from = receivedFrom === undefined ? undefined : parseBound('receivedFrom', receivedFrom, errors);
  const to = receivedTo === undefined ? undefined : parseBound('receivedTo', receivedTo, errors);
  if (from && to && to.last < from.first)
    errors.push({ parameter: 'receivedTo', message: 'must not be before receivedFrom', zh: '不能早于 receivedFrom' });
  const after = cursor === undefined ? null : decodeCursor(cursor, errors);
  if (errors.length > 0) throw AppError.validation(errors);
  const rows = await repository.listPushes(
    db,
    {
      sellers: principal.sellers,
      ...rest,
      ...(from && { receivedFrom: new Date(from.first) }),
      ...(to && { receivedBefore: new Date(to.last + 1) }),
    },
    { after, limit: limit + 1 },
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toRecord),
    nextCursor: rows.length > limit && last ? encodeCursor({ receivedMicros: last.received_micros, id: last.id }) : null,
  };
}

export async function getPush(db: Db, principal: Principal, id: string): Promise<PushView> {
  const row = await findVisible(db, principal, id);
  const entries = await repository.pushEntries(db, id, principal.sellers);
  const visible = entries.filter((entry) => entry.visible);
  const withheld = visible.length !== entries.length || entries.length !== row.invoice_count;
  const body = withheld ? undefined : await repository.pushBody(db, id);
  return {
    push: toRecord(row),
    entries: visible.map((entry) => ({
      invoiceId: entry.invoice_id,
      invoiceCode: entry.invoice_code,
      invoiceNumber: entry.invoice_number,
      position: entry.position,
      change: entry.change,
      invoicingStatus: entry.invoicing_status,
    })),
    body: body?.body ?? null,
    bodyWithheld: withheld,
  };
}

/** The body exactly as received and the Content-Type it came with (JSON for pushes stored before that was kept). */
export async function getPushBody(db: Db, principal: Principal, id: string): Promise<{ body: string; contentType: string }> {
  const view = await getPush(db, principal, id);
  if (view.body === null) {
    throw new AppError(403, 'forbidden', {
      en: `push ${id} carried invoices of sellers app ${principal.appName} may not read`,
      zh: `推送 ${id} 含有应用 ${principal.appName} 无权查看的销方的发票`,
    });
  }
  return { body: view.body, contentType: view.push.contentType ?? 'application/json' };
}

async function findVisible(db: Db, principal: Principal, id: string): Promise<repository.PushRow> {
  const row = isId(id) ? await repository.findPush(db, id, principal.sellers) : undefined;
  if (!row) throw new AppError(404, 'not_found', { en: `no push ${id}`, zh: `未找到编号为 ${id} 的推送` });
  return row;
}

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A stored push's id could be this; a larger number cannot be (404 rather than a database error). */
function isId(id: string): boolean {
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_BIGINT;
}

function toRecord(row: repository.PushRow): PushRecord {
  const changes = { created: row.created, updated: row.updated, voided: row.voided, unchanged: row.unchanged, ignored: row.ignored };
  const batch: PushRecord['batch'] =
    row.batch_effect === null
      ? null
      : ({
          effect: row.batch_effect,
          resultBefore: row.batch_before,
          resultAfter: row.batch_effect === 'kept' || row.batch_effect === 'not_moved_back' ? (row.batch_before ?? row.result) : row.result,
        } as PushRecord['batch']);
  const changed = changes.created + changes.updated + changes.voided > 0 || batch?.effect === 'created' || batch?.effect === 'moved';
  return {
    id: row.id,
    ...instant('receivedAt', row.received_at),
    channelCode: row.channel_code,
    serialNo: row.serial_no,
    result: row.result,
    rejectMsg: row.reject_msg,
    appName: row.app_name,
    requestId: row.request_id,
    invoiceCount: row.invoice_count,
    contentType: row.content_type,
    bodyBytes: row.body_bytes,
    changes,
    batch,
    outcome: changed ? 'changed' : 'unchanged',
    summary: summary(changes, batch, changed, row.result),
  } as PushRecord;
}

/** In words, for support: `新增 1 张；批次新建：开票成功`, or `未改变任何内容：重复推送无变化 1 张；批次状态已是开票成功，不能回退到开票中`. */
function summary(changes: PushRecord['changes'], batch: PushRecord['batch'], changed: boolean, result: number): string {
  const parts = (Object.keys(CHANGE_LABELS) as (keyof typeof CHANGE_LABELS)[])
    .filter((change) => changes[change] > 0)
    .map((change) => `${CHANGE_LABELS[change]} ${changes[change]} 张`);
  if (batch) {
    const after = RESULT_LABELS[batch.resultAfter] ?? String(batch.resultAfter);
    const before = batch.resultBefore === null ? '' : (RESULT_LABELS[batch.resultBefore] ?? String(batch.resultBefore));
    if (batch.effect === 'created') parts.push(`批次新建：${after}`);
    else if (batch.effect === 'moved') parts.push(`批次状态 ${before} → ${after}`);
    else if (batch.effect === 'kept') parts.push(`批次状态不变：${after}`);
    else parts.push(`批次状态已是${before}，不能回退到${RESULT_LABELS[result] ?? String(result)}`);
  }
  if (parts.length === 0) parts.push('没有发票，没有批次号');
  return changed ? parts.join('；') : `未改变任何内容：${parts.join('；')}`;
}

/** The opaque cursor of a position: base64url of `[receivedAt µs, id]`, exact to the microsecond. */
function encodeCursor(position: repository.PushKeyset): string {
  return Buffer.from(JSON.stringify([position.receivedMicros, position.id])).toString('base64url');
}

function decodeCursor(cursor: string, errors: FieldError[]): repository.PushKeyset | null {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [micros, id] = decoded as unknown[];
    if (typeof micros === 'string' && /^\d{1,18}$/.test(micros) && typeof id === 'string' && isId(id)) {
      return { receivedMicros: micros, id };
    }
  }
  errors.push({
    parameter: 'cursor',
    message: 'is not a cursor this API gave out (pass nextCursor as it came)',
    zh: '不是本接口给出的游标（请原样传回 nextCursor）',
  });
  return null;
}

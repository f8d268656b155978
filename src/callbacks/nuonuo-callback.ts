/**
 * Reading a Nuonuo callback: a form-encoded body (`operater=…&…`), as the
 * open platform posts it to the `callbackUrl` of a form or an invoice
 * order. The kinds seen:
 *
 * - `redConfirmCallback`: a 红字确认单 changed state; `billId` beside
 *   `content`, the form as `queryInvoiceRedConfirm` lists it (JSON:
 *   `billId`, `billNo`, `billUuid`, `billStatus`, …).
 * - `callback`: an invoice order's result; `orderno` beside `content`
 *   (JSON: `c_orderno`, `c_status`, `c_fphm`, …).
 * - `invoiceRedCallback` and others: read the same way, by whatever of the
 *   identifiers above they carry.
 *
 * Nothing here is trusted (Nuonuo signs no callback): only the identifiers
 * are taken, and only to ask the channel about that form or order. A body
 * that is not UTF-8, names no `operater`, carries a `content` that is not
 * a JSON object, or no identifier of the expected form, is `unparsable`
 * (with why, in Chinese).
 */

/** What a callback names: the form (billId, billNo, billUuid) or the invoice order (orderNo). */
export interface CallbackRef {
  readonly billId?: string;
  readonly billNo?: string;
  readonly billUuid?: string;
  readonly orderNo?: string;
}

export type ParsedCallback =
  | { readonly ok: true; readonly operater: string; readonly ref: CallbackRef }
  | { readonly ok: false; readonly operater: string | null; readonly error: string };

/** An identifier as channels write them: letters, digits, `-` and `_`, at most 64. */
const IDENTIFIER = /^[0-9A-Za-z_-]{1,64}$/;
const OPERATER = /^[0-9A-Za-z_]{1,64}$/;

/** Decodes a body as UTF-8; `undefined` when it is not. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Reads a callback's body (as stored); never throws. */
export function parseNuonuoCallback(body: string | undefined): ParsedCallback {
  if (body === undefined) return { ok: false, operater: null, error: '回调内容不是 UTF-8 文本' };
  const fields = new URLSearchParams(body);
  const operaterText = fields.get('operater');
  const operater = operaterText !== null && OPERATER.test(operaterText) ? operaterText : null;
  if (operater === null) {
    return {
      ok: false,
      operater: null,
      error: operaterText === null ? '缺少回调类型 operater' : '回调类型 operater 不是字母、数字组成的名称',
    };
  }
  let content: Record<string, unknown> = {};
  const contentText = fields.get('content');
  if (contentText !== null && contentText !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(contentText);
    } catch {
      return { ok: false, operater, error: '回调内容 content 不是 JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, operater, error: '回调内容 content 不是 JSON 对象' };
    }
    content = parsed as Record<string, unknown>;
  }
  const candidates: Record<keyof CallbackRef, unknown> = {
    billId: fields.get('billId') ?? content.billId,
    billNo: fields.get('billNo') ?? content.billNo,
    billUuid: fields.get('billUuid') ?? content.billUuid,
    orderNo: fields.get('orderno') ?? fields.get('orderNo') ?? content.c_orderno ?? content.orderNo,
  };
  const ref: Record<string, string> = {};
  for (const [name, value] of Object.entries(candidates)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
      return { ok: false, operater, error: `${name} 不是有效的单据标识（字母、数字、-、_，至多 64 个）` };
    }
    ref[name] = value;
  }
  if (Object.keys(ref).length === 0) return { ok: false, operater, error: '回调没有单据标识（billId、billNo、billUuid 或 orderno）' };
  return { ok: true, operater, ref };
}

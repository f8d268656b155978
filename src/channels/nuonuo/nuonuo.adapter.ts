/**
 * The `nuonuo` adapter: Nuonuo's open platform (诺诺开放平台, 诺税通saas).
 *
 * Every call is `POST {endpoint}/open/v1/services?senid=…&nonce=…&timestamp=…&appkey=…`
 * with the headers `X-Nuonuo-Sign` (nuonuo.sign.ts), `accessToken`, `userTax`
 * (when set) and `method`, and the JSON content as body. Nuonuo answers
 * `{"code": "E0000", "describe": "…", "result": …}`; success is `E0000`
 * (the form query may answer `0000`), `E9106` is a duplicate id, any other
 * code a refusal. See adapter.ts for the outcomes.
 *
 * Which method does what:
 *
 * | operation         | Nuonuo method                                 |
 * | ----------------- | --------------------------------------------- |
 * | applyRedConfirm   | nuonuo.OpeMplatform.saveInvoiceRedConfirm     |
 * | queryRedConfirm   | nuonuo.OpeMplatform.queryInvoiceRedConfirm    |
 * | queryRedConfirms  | nuonuo.OpeMplatform.queryInvoiceRedConfirm    |
 * | fastInvoiceRed    | nuonuo.OpeMplatform.fastInvoiceRed            |
 * | queryRedInvoice   | nuonuo.OpeMplatform.queryInvoiceResult        |
 * | confirm           | nuonuo.OpeMplatform.confirm                   |
 * | cancel            | nuonuo.OpeMplatform.confirmInfoCancel         |
 *
 * The blue invoice's kind (`blueInvoiceLine`, seed 003's list) follows from
 * its type code: 01 数电专票 → `bs` (电子发票(增值税专用发票)), 02 数电普票 → `pc`
 * (电子发票(普通发票)), 004 增值税专用发票 → `s`, 007 增值税普通发票 (paper) → `c`,
 * 026 增值税电子普通发票 → `p`, 028 增值税电子专用发票 → `b`. (`es`/`ec`, 数电
 * paper invoices, have no type code of their own in the push spec.)
 *
 * Timeouts: connecting may take `connectTimeoutMs` (after it the call was
 * certainly not sent: `unavailable`), the whole call `timeoutMs` (after
 * it: `unknown`). Each call opens its own connection and closes it, so a
 * stale kept-alive socket never turns a call into an unknown outcome.
 */
import Big from 'big.js';
import { parse } from 'lossless-json';
import { Agent, request } from 'undici';
import {
  AdapterInputError,
  type AdapterOperation,
  type BlueInvoiceRef,
  type ChannelAdapter,
  type ChannelCall,
  type ChannelOutcome,
  type ConfirmInput,
  type FormPage,
  type FormRef,
  type FormWindow,
  type InvoiceTypeCode,
  type OutcomeKind,
  type RedConfirmApplication,
  type RedConfirmForm,
  type RedInvoiceOrder,
  type RedInvoiceStatus,
  type RedRow,
} from '../adapter.ts';
import { newNonce, newSenid, nuonuoSignature, timestampOf } from './nuonuo.sign.ts';

export const NUONUO_METHODS: Readonly<Record<AdapterOperation, string>> = {
  applyRedConfirm: 'nuonuo.OpeMplatform.saveInvoiceRedConfirm',
  queryRedConfirm: 'nuonuo.OpeMplatform.queryInvoiceRedConfirm',
  queryRedConfirms: 'nuonuo.OpeMplatform.queryInvoiceRedConfirm',
  fastInvoiceRed: 'nuonuo.OpeMplatform.fastInvoiceRed',
  queryRedInvoice: 'nuonuo.OpeMplatform.queryInvoiceResult',
  confirm: 'nuonuo.OpeMplatform.confirm',
  cancel: 'nuonuo.OpeMplatform.confirmInfoCancel',
};

/** blueInvoiceLine by the blue invoice's type code (seed 003). */
export const BLUE_INVOICE_LINES: Readonly<Record<InvoiceTypeCode, string>> = {
  '01': 'bs',
  '02': 'pc',
  '004': 's',
  '007': 'c',
  '026': 'p',
  '028': 'b',
};

/** 数电 (fully digital) type codes: 20-digit numbers, no invoice code. */
const FULLY_DIGITAL: ReadonlySet<InvoiceTypeCode> = new Set(['01', '02']);

const SUCCESS_CODES: ReadonlySet<string> = new Set(['E0000', '0000']);
/** Nuonuo: 申请号/订单编号重复 — the id is known already. */
const DUPLICATE_CODES: ReadonlySet<string> = new Set(['E9106']);

/** Network errors that happen before a request can have been sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Our side is always the seller (销方). */
const SELLER = '0';
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const RECORDED_BYTES = 64 * 1024;
const PAGE_SIZE_MAX = 50;

export interface NuonuoAdapterOptions {
  readonly channelCode: string;
  /** Base URL: `https://sdk.nuonuo.com` (sandbox `https://sandbox.nuonuocs.cn`). */
  readonly endpoint: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  /** The seller's tax number (header `userTax`; third-party apps need it). */
  readonly userTax: string | null;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  /** The clock of the signature's timestamp. */
  readonly now?: () => Date;
}

/** One agent per connect timeout, shared by every adapter (each call closes its connection). */
const agents = new Map<number, Agent>();

function agentFor(connectTimeoutMs: number): Agent {
  let agent = agents.get(connectTimeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: connectTimeoutMs } });
    agents.set(connectTimeoutMs, agent);
  }
  return agent;
}

type Json = Record<string, unknown>;

/** What the channel's answer carried beyond its code: parsed into the operation's data, or a reason it could not be. */
type Reader<T> = (answer: Json) => T;

export function nuonuoAdapter(options: NuonuoAdapterOptions): ChannelAdapter {
  const now = options.now ?? (() => new Date());
  const url = `${options.endpoint.replace(/\/+$/, '')}/open/v1/services`;
  const secrets = [options.appSecret, options.accessToken].filter((secret) => secret.length >= 4);
  const redact = (text: string, signature: string): string => {
    let result = text;
    for (const secret of [...secrets, signature]) result = result.replaceAll(secret, '[redacted]');
    return result;
  };

  async function call<T>(operation: AdapterOperation, content: Json, read: Reader<T>): Promise<ChannelOutcome<T>> {
    const method = NUONUO_METHODS[operation];
    const body = JSON.stringify(content);
    const senid = newSenid();
    const nonce = newNonce();
    const timestamp = timestampOf(now());
    const signature = nuonuoSignature({ appKey: options.appKey, appSecret: options.appSecret, senid, nonce, timestamp, body });
    const query = new URLSearchParams({ senid, nonce, timestamp, appkey: options.appKey });
    const startedAt = new Date();
    const started = performance.now();
    const callRecord = (
      outcome: OutcomeKind,
      fields: Partial<Pick<ChannelCall, 'httpStatus' | 'code' | 'message' | 'error' | 'responseBody'>>,
    ): ChannelCall => ({
      operation,
      method,
      outcome,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      httpStatus: fields.httpStatus ?? null,
      code: fields.code ?? null,
      message: fields.message ?? null,
      error: fields.error ?? null,
      reference: senid,
      requestBody: redact(body, signature),
      responseBody: fields.responseBody === undefined || fields.responseBody === null ? null : redact(fields.responseBody, signature),
    });

    let status: number;
    let text: string;
    try {
      const response = await request(`${url}?${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json;charset=utf-8',
          'X-Nuonuo-Sign': signature,
          accessToken: options.accessToken,
          method,
          ...(options.userTax ? { userTax: options.userTax } : {}),
        },
        body,
        dispatcher: agentFor(options.connectTimeoutMs),
        reset: true,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.statusCode;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_ANSWER_BYTES) {
          response.body.destroy();
          const reason = `the answer is larger than ${MAX_ANSWER_BYTES} bytes`;
          return { outcome: 'unknown', reason, call: callRecord('unknown', { httpStatus: status, error: reason }) };
        }
        chunks.push(chunk as Buffer);
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      const { code, name } = error as { code?: string; name?: string };
      if (typeof code === 'string' && NOT_SENT_CODES.has(code)) {
        const reason =
          code === 'UND_ERR_CONNECT_TIMEOUT' ? `no connection within ${options.connectTimeoutMs} ms` : `cannot connect (${code})`;
        return { outcome: 'unavailable', reason, call: callRecord('unavailable', { error: reason }) };
      }
      const timedOut = name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'UND_ERR_HEADERS_TIMEOUT';
      const reason = timedOut
        ? `no answer within ${options.timeoutMs} ms`
        : `the connection failed after sending (${code ?? name ?? 'error'}: ${redact((error as Error).message, signature)})`;
      return { outcome: 'unknown', reason, call: callRecord('unknown', { error: reason }) };
    }

    const responseBody = text.length > RECORDED_BYTES ? `${text.slice(0, RECORDED_BYTES)}…` : text;
    if (status === 429) {
      const reason = 'HTTP 429: the channel limits the rate of calls; nothing was done';
      return { outcome: 'unavailable', reason, call: callRecord('unavailable', { httpStatus: status, error: reason, responseBody }) };
    }
    if (status >= 500 || status === 408) {
      const reason = `HTTP ${status} from the channel`;
      return { outcome: 'unknown', reason, call: callRecord('unknown', { httpStatus: status, error: reason, responseBody }) };
    }
    if (status < 200 || status >= 300) {
      const code = `HTTP_${status}`;
      const message = `the channel answered HTTP ${status}`;
      return { outcome: 'refused', code, message, call: callRecord('refused', { httpStatus: status, code, message, responseBody }) };
    }

    let answer: Json;
    try {
      const parsed = parse(text, null, (digits: string) => digits);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('not an object');
      answer = parsed as Json;
    } catch {
      const reason = 'the answer is not JSON';
      return { outcome: 'unknown', reason, call: callRecord('unknown', { httpStatus: status, error: reason, responseBody }) };
    }
    const code = str(answer.code) ?? str(answer.status);
    // An answer that echoes a secret must not carry it into the record.
    const message = redact(str(answer.describe) ?? str(answer.message) ?? str(answer.msg) ?? '', signature);
    if (code === null) {
      const reason = 'the answer has no code';
      return { outcome: 'unknown', reason, call: callRecord('unknown', { httpStatus: status, error: reason, message, responseBody }) };
    }
    if (DUPLICATE_CODES.has(code)) {
      return { outcome: 'duplicate', code, message, call: callRecord('duplicate', { httpStatus: status, code, message, responseBody }) };
    }
    if (!SUCCESS_CODES.has(code)) {
      return { outcome: 'refused', code, message, call: callRecord('refused', { httpStatus: status, code, message, responseBody }) };
    }
    let data: T;
    try {
      data = read(answer);
    } catch (error) {
      // Done, by the code, but the answer cannot be read: the caller must ask again.
      const reason = `the answer cannot be read: ${redact((error as Error).message, signature)}`;
      return {
        outcome: 'unknown',
        reason,
        call: callRecord('unknown', { httpStatus: status, code, message, error: reason, responseBody }),
      };
    }
    return { outcome: 'ok', data, call: callRecord('ok', { httpStatus: status, code, message, responseBody }) };
  }

  return {
    kind: 'nuonuo',
    channelCode: options.channelCode,
    methods: NUONUO_METHODS,

    async applyRedConfirm(input: RedConfirmApplication) {
      const content = applicationContent(input);
      return call('applyRedConfirm', content, (answer) => ({ billId: str(answer.result) ?? input.billId }));
    },

    async queryRedConfirm(ref: FormRef) {
      const content = { identity: SELLER, ...formRef(ref) };
      return call('queryRedConfirm', content, (answer) => {
        const forms = formList(answer).map(formOf);
        // Only the form asked for: a list that does not name it says nothing about it.
        return forms.find((form) => matches(form, ref)) ?? null;
      });
    },

    async queryRedConfirms(window: FormWindow) {
      const pageNo = window.pageNo ?? 1;
      const pageSize = window.pageSize ?? PAGE_SIZE_MAX;
      if (!Number.isSafeInteger(pageNo) || pageNo < 1) throw new AdapterInputError('pageNo', 'is a whole number from 1');
      if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > PAGE_SIZE_MAX) {
        throw new AdapterInputError('pageSize', `is a whole number from 1 to ${PAGE_SIZE_MAX}`);
      }
      const from = beijingDay(window.from);
      const to = beijingDay(window.to);
      if (from > to) throw new AdapterInputError('from', 'is after to');
      if (window.to.getTime() - window.from.getTime() > 90 * 86_400_000)
        throw new AdapterInputError('to', 'is more than 90 days after from');
      const content = {
        identity: SELLER,
        ...(window.state ? { billStatus: window.state } : {}),
        billTimeStart: from,
        billTimeEnd: to,
        pageNo: String(pageNo),
        pageSize: String(pageSize),
      };
      return call('queryRedConfirms', content, (answer): FormPage => {
        const forms = formList(answer).map(formOf);
        const total = Number(str(record(answer.result)?.total) ?? str(answer.total) ?? forms.length);
        return { forms, total: Number.isSafeInteger(total) ? total : forms.length, pageNo, pageSize };
      });
    },

    async fastInvoiceRed(order: RedInvoiceOrder) {
      return call('fastInvoiceRed', redInvoiceContent(order), (answer) => ({ serialNo: str(record(answer.result)?.invoiceSerialNum) }));
    },

    async queryRedInvoice({ orderNo }) {
      checkId('orderNo', orderNo, 20);
      return call('queryRedInvoice', { orderNos: [orderNo], isOfferInvoiceDetail: '0' }, (answer) => {
        const items = Array.isArray(answer.result) ? answer.result : [];
        const item = items.map(record).find((candidate) => candidate && (str(candidate.orderNo) ?? orderNo) === orderNo);
        return item ? invoiceStatusOf(item) : null;
      });
    },

    async confirm(input: ConfirmInput) {
      if (!input.agree && !input.reason?.trim()) throw new AdapterInputError('reason', 'a rejection needs a reason');
      const content = {
        identity: SELLER,
        ...formRef(input),
        confirmAgreement: input.agree ? '1' : '0',
        ...(input.reason?.trim() ? { confirmReason: input.reason.trim() } : {}),
      };
      return call('confirm', content, () => null);
    },

    async cancel(ref: FormRef) {
      return call('cancel', { identity: SELLER, ...formRef(ref) }, () => null);
    },
  };
}

// --- requests -------------------------------------------------------------

function checkId(field: string, value: string, max: number): void {
  if (!new RegExp(`^[A-Za-z0-9_-]{1,${max}}$`).test(value)) {
    throw new AdapterInputError(field, `has 1 to ${max} letters, digits, _ or -`);
  }
}

function formRef(ref: FormRef): Json {
  const content: Json = {};
  if (ref.billUuid) content.billUuid = ref.billUuid;
  if (ref.billId) content.billId = ref.billId;
  if (ref.billNo) content.billNo = ref.billNo;
  if (Object.keys(content).length === 0) throw new AdapterInputError('billId', 'a form is named by billId, billNo or billUuid');
  return content;
}

function blueLine(blue: BlueInvoiceRef): string {
  const line = BLUE_INVOICE_LINES[blue.invoiceTypeCode];
  if (!line) throw new AdapterInputError('blue.invoiceTypeCode', `${blue.invoiceTypeCode} is not a type code Nuonuo red-flushes`);
  return line;
}

/** 数电: the 20-digit number alone; tax-control: the 8-digit number with its 10- or 12-digit code. */
function blueNumbers(blue: BlueInvoiceRef, names: { number: string; code: string; elec: string }): Json {
  if (FULLY_DIGITAL.has(blue.invoiceTypeCode)) {
    if (!/^\d{20}$/.test(blue.invoiceNumber)) throw new AdapterInputError('blue.invoiceNumber', 'a 数电 invoice number has 20 digits');
    return { [names.elec]: blue.invoiceNumber };
  }
  if (!/^\d{8}$/.test(blue.invoiceNumber)) throw new AdapterInputError('blue.invoiceNumber', 'a tax-control invoice number has 8 digits');
  if (!/^(\d{10}|\d{12})$/.test(blue.invoiceCode)) throw new AdapterInputError('blue.invoiceCode', 'has 10 or 12 digits');
  return { [names.number]: blue.invoiceNumber, [names.code]: blue.invoiceCode };
}

function decimal(field: string, value: string): Big {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new AdapterInputError(field, `${JSON.stringify(value)} is not a decimal`);
  return new Big(value);
}

/** Negative (or, where allowed, zero) with at most 2 decimals, written with exactly 2. */
function redAmount(field: string, value: string, zeroAllowed: boolean): string {
  const amount = decimal(field, value);
  if (amount.gt(0) || (!zeroAllowed && amount.eq(0))) throw new AdapterInputError(field, `is ${value}: a red figure is negative`);
  if (!amount.round(2).eq(amount)) throw new AdapterInputError(field, `is ${value}: at most 2 decimals`);
  return amount.eq(0) ? '0.00' : amount.toFixed(2);
}

function detailOf(row: RedRow, index: number): Json {
  const at = `rows[${index}]`;
  if (!/^[1-9]\d{0,4}$/.test(row.blueRowNo)) throw new AdapterInputError(`${at}.blueRowNo`, 'is the blue row number, from 1');
  // The blue invoice's own data, which people fix: said in Chinese too, the row named as the invoice names it.
  const named = `第 ${row.detailRowNo ?? row.blueRowNo} 行`;
  if (!row.goodsName.trim()) throw new AdapterInputError(`${at}.goodsName`, 'is required', `${named}没有商品名称`);
  const code = row.taxClassificationCode;
  if (!/^\d{1,19}$/.test(code)) {
    // Seed 003: goodsCode (商品编码) is required on every row.
    const zh = code.trim() === '' ? `${named}没有税收分类编码` : `${named}的税收分类编码 ${code} 不是 19 位以内的数字`;
    throw new AdapterInputError(`${at}.taxClassificationCode`, 'has up to 19 digits', zh);
  }
  const rate = decimal(`${at}.taxRate`, row.taxRate);
  if (rate.lt(0) || rate.gte(1)) {
    throw new AdapterInputError(`${at}.taxRate`, 'is a fraction (0.06 is 6 %)', `${named}的税率 ${row.taxRate} 不在 0 到 1 之间`);
  }
  const detail: Json = { blueDetailIndex: row.blueRowNo, goodsName: row.goodsName };
  if (row.unit) detail.unit = row.unit;
  if (row.specification) detail.specType = row.specification;
  if (row.quantity !== undefined && row.quantity !== null) {
    if (!decimal(`${at}.quantity`, row.quantity).lt(0)) throw new AdapterInputError(`${at}.quantity`, 'a red quantity is negative');
    detail.num = row.quantity;
  }
  if (row.unitPrice !== undefined && row.unitPrice !== null) {
    if (!decimal(`${at}.unitPrice`, row.unitPrice).gt(0)) throw new AdapterInputError(`${at}.unitPrice`, 'a unit price is positive');
    detail.taxExcludedPrice = row.unitPrice;
  }
  detail.taxExcludedAmount = redAmount(`${at}.amount`, row.amount, false);
  detail.taxAmount = redAmount(`${at}.taxAmount`, row.taxAmount, true);
  detail.taxRate = row.taxRate;
  detail.goodsCode = row.taxClassificationCode;
  if (row.preferentialPolicyFlag) detail.favouredPolicyFlag = row.preferentialPolicyFlag;
  return detail;
}

function applicationContent(input: RedConfirmApplication): Json {
  checkId('billId', input.billId, 32);
  if (!['1', '2', '3', '4'].includes(input.reason)) throw new AdapterInputError('reason', 'is 1, 2, 3 or 4');
  if (!input.seller.taxNo) throw new AdapterInputError('seller.taxNo', 'is required');
  if (!input.buyer.name) throw new AdapterInputError('buyer.name', 'is required');
  if (input.orderNo) checkId('orderNo', input.orderNo, 20);
  if (input.rows !== null && input.rows.length === 0) throw new AdapterInputError('rows', 'a partial red flush has rows (null: all of it)');
  return {
    billId: input.billId,
    blueInvoiceLine: blueLine(input.blue),
    applySource: SELLER,
    ...blueNumbers(input.blue, { number: 'blueInvoiceNumber', code: 'blueInvoiceCode', elec: 'blueElecInvoiceNumber' }),
    sellerTaxNo: input.seller.taxNo,
    sellerName: input.seller.name,
    ...(input.buyer.taxNo ? { buyerTaxNo: input.buyer.taxNo } : {}),
    buyerName: input.buyer.name,
    redReason: input.reason,
    ...(input.orderNo ? { orderNo: input.orderNo } : {}),
    ...(input.callbackUrl ? { callbackUrl: input.callbackUrl } : {}),
    ...(input.rows === null ? {} : { detail: input.rows.map(detailOf) }),
  };
}

function redInvoiceContent(order: RedInvoiceOrder): Json {
  checkId('orderNo', order.orderNo, 20);
  if (!order.sellerTaxNo) throw new AdapterInputError('sellerTaxNo', 'is required');
  const content: Json = {
    orderNo: order.orderNo,
    taxNum: order.sellerTaxNo,
    ...blueNumbers(order.blue, { number: 'invoiceNumber', code: 'invoiceCode', elec: 'elecInvoiceNumber' }),
    invoiceLine: blueLine(order.blue),
  };
  if (FULLY_DIGITAL.has(order.blue.invoiceTypeCode)) {
    if (!order.form?.billNo && !order.form?.billUuid) {
      throw new AdapterInputError('form', 'a 数电 red invoice is issued against a confirmation form: give its billNo or billUuid');
    }
    if (order.form.billNo) content.billNo = order.form.billNo;
    if (order.form.billUuid) content.billUuid = order.form.billUuid;
  } else if (order.blue.invoiceTypeCode === '004' || order.blue.invoiceTypeCode === '028') {
    if (!order.infoSheetNo || !/^\d{16}$/.test(order.infoSheetNo)) {
      throw new AdapterInputError('infoSheetNo', 'a special invoice is red-flushed with its 红字信息表 number (16 digits)');
    }
    content.billInfoNo = order.infoSheetNo;
  }
  if (order.callbackUrl) content.callBackUrl = order.callbackUrl;
  return content;
}

// --- answers --------------------------------------------------------------

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function record(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The form list: in `result.list` (as answered) or at the top (as Nuonuo's page documents it). */
function formList(answer: Json): Json[] {
  const list = record(answer.result)?.list ?? answer.list ?? (Array.isArray(answer.result) ? answer.result : []);
  if (!Array.isArray(list)) throw new TypeError('the form list is not a list');
  return list.map((item) => {
    const form = record(item);
    if (!form) throw new TypeError('a form is not an object');
    return form;
  });
}

function matches(form: RedConfirmForm, ref: FormRef): boolean {
  return (
    (!!ref.billUuid && form.billUuid === ref.billUuid) ||
    (!!ref.billId && form.billId === ref.billId) ||
    (!!ref.billNo && form.billNo === ref.billNo)
  );
}

/** Nuonuo writes times as Beijing wall-clock time (`2020-03-26 18:44:00`), or as epoch milliseconds. */
export function beijingTime(value: unknown): Date | null {
  const text = str(value);
  if (text === null) return null;
  if (/^\d{12,13}$/.test(text)) return new Date(Number(text));
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function beijingDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function rowOf(item: unknown): RedRow {
  const row = record(item) ?? {};
  return {
    blueRowNo: str(row.blueDetailIndex) ?? '',
    goodsName: str(row.goodsName) ?? '',
    taxClassificationCode: str(row.goodsCode) ?? '',
    unit: str(row.unit),
    specification: str(row.specType),
    quantity: str(row.num),
    unitPrice: str(row.taxExcludedPrice) ?? str(row.price),
    amount: str(row.taxExcludedAmount) ?? '',
    taxAmount: str(row.taxAmount) ?? '',
    taxRate: str(row.taxRate) ?? '',
    preferentialPolicyFlag: str(row.favouredPolicyFlag),
  };
}

function formOf(item: Json): RedConfirmForm {
  const elec = str(item.blueElecInvoiceNumber);
  const number = str(item.blueInvoiceNumber);
  const source = str(item.applySource);
  const serialNo = str(item.invoiceSerialNum);
  return {
    billId: str(item.billId),
    billNo: str(item.billNo),
    billUuid: str(item.billUuid),
    state: str(item.billStatus) ?? '',
    message: str(item.billMessage),
    operationStatus: str(item.requestStatus),
    enteredBy: source === '0' ? 'seller' : source === '1' ? 'buyer' : null,
    blue: elec
      ? { invoiceCode: '', invoiceNumber: elec }
      : number
        ? { invoiceCode: number.length === 20 ? '' : (str(item.blueInvoiceCode) ?? ''), invoiceNumber: number }
        : null,
    sellerTaxNo: str(item.sellerTaxNo),
    sellerName: str(item.sellerName),
    buyerTaxNo: str(item.buyerTaxNo),
    buyerName: str(item.buyerName),
    amount: str(item.taxExcludedAmount),
    taxAmount: str(item.taxAmount),
    reason: str(item.redReason),
    enteredAt: beijingTime(item.billTime),
    confirmedAt: beijingTime(item.confirmTime),
    redInvoice: {
      issued: str(item.openStatus) === '1',
      serialNo,
      orderNo: str(item.orderNo),
      invoiceNumber: str(item.redInvoiceNumber) ?? str(item.invoiceNumber),
    },
    rows: Array.isArray(item.detail) ? item.detail.map(rowOf) : [],
  };
}

/** Nuonuo's invoice states: 2 开票完成, 20 开票中, 21 开票成功签章中, 22 开票失败, 24 开票成功签章失败, 3 已作废, 31 作废中. */
function invoiceStatusOf(item: Json): RedInvoiceStatus {
  const statusCode = str(item.status) ?? '';
  const status: RedInvoiceStatus['status'] =
    statusCode === '2'
      ? 'issued'
      : statusCode === '20' || statusCode === '21'
        ? 'issuing'
        : statusCode === '22'
          ? 'failed'
          : statusCode === '3'
            ? 'voided'
            : 'other';
  const elec = str(item.allElectronicInvoiceNumber);
  return {
    orderNo: str(item.orderNo),
    serialNo: str(item.serialNo),
    status,
    statusCode,
    message: str(item.failCause) ?? str(item.statusMsg),
    invoiceCode: elec ? '' : str(item.invoiceCode),
    invoiceNumber: elec ?? str(item.invoiceNo),
  };
}

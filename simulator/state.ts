/**
 * The simulated channel's memory and rules: Nuonuo's side of the red-flush
 * methods, and the tax bureau and the buyer behind it. Everything is kept
 * in memory (a restart forgets every form, invoice and recorded call).
 *
 * A seller-entered 红字确认单 starts in 15 申请中; the bureau then decides
 * (by the buyer's tax number, else by default): 01 无需确认, 02 销方录入待购方确认,
 * or 16 申请失败. The buyer (played through `/_sim/…`) confirms 02 → 04 or
 * rejects 02 → 05; unconfirmed forms expire 72 hours after entry (07, on
 * the simulator's clock, which tests move on). In 01 or 04 an electronic
 * red invoice is issued by the channel itself (as Nuonuo does; paper ones
 * wait for fastInvoiceRed) and pushed to fapiao-hub, as a channel pushes.
 *
 * The simulator's own answer codes (besides E0000/0000 and E9106, which
 * are Nuonuo's): E9101 bad input, E9103 a business rule, E9104 no such
 * form or order, E9105 not in this state, E92xx a call that is not
 * properly signed or authorised (each recorded as a failure).
 */
import { randomBytes, randomInt } from 'node:crypto';
import Big from 'big.js';
import { type HubAnswer, HubClient, type HubOptions, postForm } from './hub.ts';

export type Json = Record<string, unknown>;

export const METHOD_PREFIX = 'nuonuo.OpeMplatform.';
export const METHODS = [
  'saveInvoiceRedConfirm',
  'queryInvoiceRedConfirm',
  'fastInvoiceRed',
  'queryInvoiceResult',
  'confirm',
  'confirmInfoCancel',
] as const;
export type MethodName = (typeof METHODS)[number];

/** What the bureau decides for a new seller-entered form. */
export type Confirmation = 'none' | 'required' | 'fail';

export interface SimulatorSettings {
  /** 01 无需确认 (`none`), 02 销方录入待购方确认 (`required`) or 16 申请失败 (`fail`). */
  defaultConfirmation: Confirmation;
  /** The same by the buyer's tax number (overrides the default). */
  buyers: Record<string, Confirmation>;
  /** Keep new forms in 15 申请中 until `/_sim/forms/{billId}/settle` (or `…/fail`). */
  holdApplying: boolean;
  /** Issue electronic red invoices by itself in 01/04, as Nuonuo does. */
  autoIssue: boolean;
  /** Call fapiao-hub back (form-encoded, as Nuonuo does) on every form change and issued invoice. */
  callbacks: boolean;
  /** Push an issued invoice to fapiao-hub at once; false: it waits (`pending`) for `/_sim/invoices/{orderNo}/push`. */
  pushInvoices: boolean;
  /** A seller's confirm/reject is taken (requestStatus 03 确认中) and decided only on `/_sim/forms/{billId}/decide`. */
  slowConfirm: boolean;
}

export type FaultKind = 'timeout' | 'reset' | 'refuse' | 'http';

export interface Fault {
  /** A method (`saveInvoiceRedConfirm` or its full name) or `*`. */
  readonly method: string;
  readonly kind: FaultKind;
  remaining: number;
  /** `refuse`: the code and message answered. */
  readonly code: string;
  readonly message: string;
  /** `http`: the status answered. */
  readonly status: number;
  /** Do the work before failing (true: the effect happens, only the answer is lost). */
  readonly process: boolean;
  /** The fault comes this many milliseconds late (the call held meanwhile; cut short when the simulator closes). */
  readonly delayMs: number;
}

/** Every request the simulator received, as a test checks it. */
export interface SimCall {
  readonly seq: number;
  readonly at: string;
  readonly httpMethod: string;
  readonly path: string;
  /** The `method` header (Nuonuo's method name), if any. */
  readonly method: string | null;
  readonly query: Record<string, string>;
  readonly headers: {
    readonly sign: boolean;
    readonly accessToken: boolean;
    readonly userTax: string | null;
    readonly contentType: string | null;
  };
  /** The body decoded as JSON, or the text when it is not JSON. */
  readonly body: unknown;
  signatureValid: boolean;
  answer: { status: number; code: string | null; describe: string | null } | null;
  fault: FaultKind | null;
  /** Why the call was not as a channel client must make it; null: it was. */
  failure: string | null;
}

export interface HistoryEntry {
  readonly at: string;
  readonly state: string;
  readonly by: string;
}

export interface SimForm {
  readonly billId: string;
  readonly billNo: string;
  readonly billUuid: string;
  state: string;
  message: string | null;
  readonly enteredBy: 'seller' | 'buyer';
  readonly line: string;
  readonly blue: { readonly invoiceCode: string; readonly invoiceNumber: string };
  readonly sellerTaxNo: string;
  sellerName: string | null;
  readonly buyerTaxNo: string | null;
  buyerName: string | null;
  readonly redReason: string;
  readonly orderNo: string | null;
  readonly callbackUrl: string | null;
  /** The rows of a partial form as received; null: the whole invoice. */
  readonly detail: Json[] | null;
  amount: string | null;
  taxAmount: string | null;
  readonly enteredAt: number;
  confirmedAt: number | null;
  /** The body of the call that made it (a repeat of its billId is refused). */
  readonly body: string | null;
  readonly history: HistoryEntry[];
  invoice: SimInvoice | null;
  /** A seller's confirm (true) or reject (false) taken with `slowConfirm`, not decided yet (requestStatus 03 确认中). */
  pendingDecision?: boolean | null;
}

export interface SimInvoice {
  readonly orderNo: string;
  readonly serialNo: string;
  readonly billId: string | null;
  status: 'issuing' | 'issued' | 'failed';
  message: string | null;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  issuedAt: number | null;
  /** The red invoice as pushed. */
  pushed: Json | null;
  push: { status: 'off' | 'pending' | 'pushed' | 'failed'; attempts: number; httpStatus: number | null; error: string | null };
}

export interface SimCallback {
  readonly at: string;
  readonly url: string;
  readonly operater: string;
  readonly key: string;
  status: number | null;
  error: string | null;
}

export interface StateOptions {
  readonly channelCode: string;
  /** The seller's tax number the app is authorised for; forms of another seller are refused. */
  readonly userTax: string | null;
  readonly hub: HubOptions | undefined;
  /** Where callbacks go; default `{hub}/api/callbacks/nuonuo/{channelCode}`. */
  readonly callbackUrl: string | undefined;
  readonly settings: Partial<SimulatorSettings> | undefined;
}

const DAY_MS = 86_400_000;
const CONFIRM_WINDOW_MS = 72 * 3_600_000;
/** Lines of 数电 invoices (20-digit numbers, no code). */
const FULLY_DIGITAL_LINES = new Set(['bs', 'pc', 'es', 'ec']);
/** Electronic lines: Nuonuo issues their red invoice by itself. */
const ELECTRONIC_LINES = new Set(['bs', 'pc', 'p', 'b']);
const SPECIAL_LINES = new Set(['s', 'b']);
const LINES = new Set(['bs', 'pc', 'es', 'ec', 'p', 'c', 's', 'b']);
/** The red invoice's type code when fapiao-hub's blue invoice is not at hand (es/ec have none of their own). */
const TYPE_BY_LINE: Record<string, string> = { bs: '01', pc: '02', es: '01', ec: '02', s: '004', c: '007', p: '026', b: '028' };

type Answer = Json & { code: string; describe: string };

class Refusal extends Error {
  readonly code: string;

  constructor(code: string, describe: string) {
    super(describe);
    this.code = code;
  }
}

function ok(result?: unknown, code = 'E0000', describe = '调用成功'): Answer {
  return result === undefined ? { code, describe } : { code, describe, result };
}

function text(body: Json, name: string): string | null {
  const value = body[name];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new Refusal('E9101', `参数校验失败: ${name} 应为字符串`);
  return value;
}

function required(body: Json, name: string): string {
  const value = text(body, name);
  if (value === null) throw new Refusal('E9101', `参数校验失败: ${name} 不能为空`);
  return value;
}

function digits(length: number): string {
  let result = String(randomInt(1, 10));
  while (result.length < length) result += String(randomInt(0, 10));
  return result;
}

/** Beijing wall-clock time, as Nuonuo writes it. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function beijingDay(ms: number): string {
  return beijing(ms).slice(0, 10);
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
}

export class SimulatorState {
  readonly calls: SimCall[] = [];
  readonly forms = new Map<string, SimForm>();
  readonly invoices = new Map<string, SimInvoice>();
  readonly callbacks: SimCallback[] = [];
  readonly faults: Fault[] = [];
  readonly settings: SimulatorSettings;
  readonly hub: HubClient | undefined;
  readonly #options: StateOptions;
  readonly #tasks = new Set<Promise<unknown>>();
  #offsetMs = 0;
  #seq = 0;

  constructor(options: StateOptions) {
    this.#options = options;
    this.hub = options.hub ? new HubClient(options.hub) : undefined;
    this.settings = {
      defaultConfirmation: 'none',
      buyers: {},
      holdApplying: false,
      autoIssue: true,
      callbacks: false,
      pushInvoices: true,
      slowConfirm: false,
      ...options.settings,
    };
  }

  get channelCode(): string {
    return this.#options.channelCode;
  }

  /** The calls that were not made as a channel client must make them. */
  get failures(): SimCall[] {
    return this.calls.filter((call) => call.failure !== null);
  }

  /** Calls of one method (short or full name). */
  callsOf(method: string): SimCall[] {
    const full = method.startsWith(METHOD_PREFIX) ? method : `${METHOD_PREFIX}${method}`;
    return this.calls.filter((call) => call.method === full);
  }

  // --- clock ----------------------------------------------------------------

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  /** Moves the clock on; forms past their 72-hour deadline expire (07). */
  advance(ms: number): number {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError('the clock moves forward by a whole number of milliseconds');
    this.#offsetMs += ms;
    for (const form of this.forms.values()) {
      if ((form.state === '02' || form.state === '03') && this.now() >= form.enteredAt + CONFIRM_WINDOW_MS) {
        form.message = '超72小时未确认';
        this.#setState(form, '07', 'deadline');
      }
    }
    return this.now();
  }

  // --- background work --------------------------------------------------------

  #track(work: Promise<unknown>): void {
    const task = work.catch(() => {});
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  /** Resolves once every background task (settling forms, issuing, pushing, calling back) is done. */
  async settled(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.all([...this.#tasks]);
  }

  // --- recording and faults -----------------------------------------------------

  record(call: Omit<SimCall, 'seq' | 'at'>): SimCall {
    const recorded: SimCall = { seq: ++this.#seq, at: new Date().toISOString(), ...call };
    this.calls.push(recorded);
    return recorded;
  }

  addFault(input: {
    method?: string;
    kind: FaultKind;
    count?: number;
    code?: string;
    message?: string;
    status?: number;
    process?: boolean;
    delayMs?: number;
  }) {
    if (!['timeout', 'reset', 'refuse', 'http'].includes(input.kind)) throw new RangeError('kind is timeout, reset, refuse or http');
    if (input.delayMs !== undefined && !(Number.isInteger(input.delayMs) && input.delayMs >= 0 && input.delayMs <= 60_000)) {
      throw new RangeError('delayMs is a whole number of milliseconds from 0 to 60000');
    }
    const method = input.method ?? '*';
    if (method !== '*' && !METHODS.includes(method.replace(METHOD_PREFIX, '') as MethodName)) {
      throw new RangeError(`unknown method ${method}; the methods are ${METHODS.join(', ')}`);
    }
    const fault: Fault = {
      method: method === '*' ? '*' : method.replace(METHOD_PREFIX, ''),
      kind: input.kind,
      remaining: input.count ?? 1,
      code: input.code ?? 'E9999',
      message: input.message ?? '系统繁忙，请稍后再试',
      status: input.status ?? 502,
      process: input.process ?? (input.kind === 'timeout' || input.kind === 'reset'),
      delayMs: input.delayMs ?? 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The fault the next call of `method` meets, if any (counted down). */
  takeFault(method: string): Fault | undefined {
    const name = method.replace(METHOD_PREFIX, '');
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && (candidate.method === '*' || candidate.method === name));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  // --- the methods ----------------------------------------------------------------

  /** Answers one of Nuonuo's methods (the body checked for signature already). */
  handle(method: MethodName, body: Json, raw: string): Answer {
    try {
      switch (method) {
        case 'saveInvoiceRedConfirm':
          return this.#save(body, raw);
        case 'queryInvoiceRedConfirm':
          return this.#query(body);
        case 'fastInvoiceRed':
          return this.#fastInvoiceRed(body);
        case 'queryInvoiceResult':
          return this.#queryInvoices(body);
        case 'confirm':
          return this.#confirm(body);
        case 'confirmInfoCancel':
          return this.#cancel(body);
      }
    } catch (error) {
      if (error instanceof Refusal) return { code: error.code, describe: error.message };
      throw error;
    }
  }

  #checkSeller(sellerTaxNo: string): void {
    if (this.#options.userTax && sellerTaxNo !== this.#options.userTax) {
      throw new Refusal('E9103', `销方税号 ${sellerTaxNo} 与授权税号不一致`);
    }
  }

  #save(body: Json, raw: string): Answer {
    const billId = text(body, 'billId') ?? `SIM${digits(17)}`;
    if (billId.length > 32) throw new Refusal('E9101', '参数校验失败: billId 长度不能超过32');
    const line = required(body, 'blueInvoiceLine');
    if (!LINES.has(line)) throw new Refusal('E9101', `参数校验失败: blueInvoiceLine ${line} 不正确`);
    const applySource = required(body, 'applySource');
    if (applySource !== '0' && applySource !== '1') throw new Refusal('E9101', '参数校验失败: applySource 应为0或1');
    const blue = this.#blueOf(line, text(body, 'blueElecInvoiceNumber'), text(body, 'blueInvoiceNumber'), text(body, 'blueInvoiceCode'));
    const sellerTaxNo = required(body, 'sellerTaxNo');
    this.#checkSeller(sellerTaxNo);
    const buyerName = required(body, 'buyerName');
    const redReason = required(body, 'redReason');
    if (!['1', '2', '3', '4'].includes(redReason)) throw new Refusal('E9101', '参数校验失败: redReason 应为1至4');
    const orderNo = text(body, 'orderNo');
    if (orderNo && orderNo.length > 20) throw new Refusal('E9101', '参数校验失败: orderNo 长度不能超过20');
    const detail = body.detail === undefined || body.detail === null ? null : this.#detailOf(body.detail);
    if (this.forms.has(billId)) throw new Refusal('E9106', `红字确认单申请号 ${billId} 重复`);
    const totals = detail ? sums(detail) : null;
    const form: SimForm = {
      billId,
      billNo: digits(20),
      billUuid: randomBytes(16).toString('hex'),
      state: '15',
      message: null,
      enteredBy: applySource === '1' ? 'buyer' : 'seller',
      line,
      blue,
      sellerTaxNo,
      sellerName: text(body, 'sellerName'),
      buyerTaxNo: text(body, 'buyerTaxNo'),
      buyerName,
      redReason,
      orderNo,
      callbackUrl: text(body, 'callbackUrl'),
      detail,
      amount: totals?.amount ?? null,
      taxAmount: totals?.tax ?? null,
      enteredAt: this.now(),
      confirmedAt: null,
      body: raw,
      history: [],
      invoice: null,
    };
    this.forms.set(billId, form);
    this.#setState(form, '15', 'apply');
    if (!this.settings.holdApplying) this.#track(this.settle(billId));
    return ok(billId);
  }

  #blueOf(line: string, elec: string | null, number: string | null, code: string | null): SimForm['blue'] {
    if (FULLY_DIGITAL_LINES.has(line)) {
      const fullNumber = elec ?? (number?.length === 20 ? number : null);
      if (!fullNumber || !/^\d{20}$/.test(fullNumber))
        throw new Refusal('E9101', '参数校验失败: 数电蓝票号码 blueElecInvoiceNumber 应为20位数字');
      return { invoiceCode: '', invoiceNumber: fullNumber };
    }
    if (!number || !/^\d{8}$/.test(number)) throw new Refusal('E9101', '参数校验失败: blueInvoiceNumber 应为8位数字');
    if (!code || !/^(\d{10}|\d{12})$/.test(code)) throw new Refusal('E9101', '参数校验失败: blueInvoiceCode 应为10或12位数字');
    return { invoiceCode: code, invoiceNumber: number };
  }

  /** Seed 003's row rules: quantity, amount and tax negative (2 decimals), unit price positive. */
  #detailOf(value: unknown): Json[] {
    if (!Array.isArray(value) || value.length === 0) throw new Refusal('E9101', '参数校验失败: detail 应为非空数组');
    return value.map((item, index) => {
      const row = item as Json;
      const at = `detail[${index}]`;
      if (typeof row !== 'object' || row === null) throw new Refusal('E9101', `参数校验失败: ${at} 应为对象`);
      if (!/^\d+$/.test(String(row.blueDetailIndex ?? ''))) throw new Refusal('E9101', `参数校验失败: ${at}.blueDetailIndex 不正确`);
      for (const name of ['goodsName', 'goodsCode', 'taxRate']) required(row, name);
      const amount = row.taxExcludedAmount;
      const tax = row.taxAmount;
      if (!isDecimal(amount) || !/^-\d+(\.\d{1,2})?$/.test(amount) || new Big(amount).gte(0)) {
        throw new Refusal('E9101', `参数校验失败: ${at}.taxExcludedAmount 应带负号，精确到小数点后两位`);
      }
      if (!isDecimal(tax) || !/^-?\d+(\.\d{1,2})?$/.test(tax) || new Big(tax).gt(0)) {
        throw new Refusal('E9101', `参数校验失败: ${at}.taxAmount 应带负号，精确到小数点后两位`);
      }
      if (row.num !== undefined && row.num !== '' && (!isDecimal(row.num) || new Big(row.num).gte(0))) {
        throw new Refusal('E9101', `参数校验失败: ${at}.num 应为负数`);
      }
      if (
        row.taxExcludedPrice !== undefined &&
        row.taxExcludedPrice !== '' &&
        (!isDecimal(row.taxExcludedPrice) || new Big(row.taxExcludedPrice).lte(0))
      ) {
        throw new Refusal('E9101', `参数校验失败: ${at}.taxExcludedPrice 应为正数`);
      }
      return row;
    });
  }

  /** The bureau decides on a form in 15 申请中 (it reads the blue invoice from fapiao-hub first, when connected). */
  async settle(billId: string, decision?: Confirmation): Promise<SimForm> {
    const form = this.#form({ billId });
    if (form.state !== '15') throw new Refusal('E9105', `红字确认单 ${billId} 不在申请中`);
    try {
      if (this.hub) {
        const view = await this.hub.lookup(form.blue.invoiceCode, form.blue.invoiceNumber);
        if (!view) return this.#fail(form, '蓝字发票不存在');
        const invoice = view.invoice as Json;
        form.sellerName ??= invoice.sellerName as string;
        if (!form.detail) {
          const redFlush = view.redFlush as Json | undefined;
          if (redFlush && new Big(String(redFlush.redFlushedTotal ?? '0')).abs().gt(0)) {
            return this.#fail(form, '蓝字发票已部分红冲，请按明细部分冲红');
          }
          const totals = sums(rowsFromBlue(view).map((row) => ({ taxExcludedAmount: row.goodsCost, taxAmount: row.goodsVat })));
          form.amount = totals.amount;
          form.taxAmount = totals.tax;
        }
      }
    } catch (error) {
      return this.#fail(form, `无法读取蓝字发票: ${(error as Error).message}`);
    }
    if (form.state !== '15') return form;
    const choice = decision ?? (form.buyerTaxNo ? this.settings.buyers[form.buyerTaxNo] : undefined) ?? this.settings.defaultConfirmation;
    if (choice === 'fail') return this.#fail(form, '模拟申请失败');
    if (form.enteredBy === 'buyer') this.#setState(form, '03', 'bureau');
    else this.#setState(form, choice === 'required' ? '02' : '01', 'bureau');
    return form;
  }

  #fail(form: SimForm, message: string): SimForm {
    form.message = message;
    this.#setState(form, '16', 'bureau');
    return form;
  }

  #setState(form: SimForm, state: string, by: string): void {
    form.state = state;
    form.history.push({ at: new Date(this.now()).toISOString(), state, by });
    this.#callBack(form.callbackUrl, 'redConfirmCallback', form.billId, { billId: form.billId, content: JSON.stringify(formJson(form)) });
    if ((state === '01' || state === '04') && this.settings.autoIssue && ELECTRONIC_LINES.has(form.line) && !form.invoice) {
      this.#issue(form, form.orderNo ?? form.billId);
    }
  }

  #form(ref: { billId?: string | null; billNo?: string | null; billUuid?: string | null }): SimForm {
    for (const form of this.forms.values()) {
      if (
        (ref.billUuid && form.billUuid === ref.billUuid) ||
        (ref.billId && form.billId === ref.billId) ||
        (ref.billNo && form.billNo === ref.billNo)
      ) {
        return form;
      }
    }
    throw new Refusal('E9104', '红字确认单不存在');
  }

  #query(body: Json): Answer {
    const identity = required(body, 'identity');
    if (identity !== '0' && identity !== '1') throw new Refusal('E9101', '参数校验失败: identity 应为0或1');
    const ref = { billId: text(body, 'billId'), billNo: text(body, 'billNo'), billUuid: text(body, 'billUuid') };
    let forms: SimForm[];
    let pageNo = 1;
    let pageSize = 10;
    if (ref.billId || ref.billNo || ref.billUuid) {
      try {
        forms = [this.#form(ref)];
      } catch {
        forms = [];
      }
    } else {
      const start = required(body, 'billTimeStart');
      const end = required(body, 'billTimeEnd');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
        throw new Refusal('E9101', '参数校验失败: 填开时间应为 yyyy-MM-dd');
      }
      if (Date.parse(end) - Date.parse(start) > 90 * DAY_MS) throw new Refusal('E9101', '参数校验失败: 查询范围不能超过90天');
      const state = text(body, 'billStatus');
      pageNo = Number(text(body, 'pageNo') ?? '1');
      pageSize = Number(text(body, 'pageSize') ?? '10');
      if (!Number.isSafeInteger(pageNo) || pageNo < 1 || !Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 50) {
        throw new Refusal('E9101', '参数校验失败: pageNo 从1起，pageSize 最大50');
      }
      forms = [...this.forms.values()].filter((form) => {
        const day = beijingDay(form.enteredAt);
        return day >= start && day <= end && (!state || form.state === state);
      });
    }
    const page = forms.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return ok({ total: String(forms.length), list: page.map(formJson) }, '0000', '查询成功');
  }

  #confirm(body: Json): Answer {
    const identity = required(body, 'identity');
    const agreement = required(body, 'confirmAgreement');
    if (agreement !== '0' && agreement !== '1') throw new Refusal('E9101', '参数校验失败: confirmAgreement 应为0或1');
    const form = this.#form({ billId: text(body, 'billId'), billNo: text(body, 'billNo'), billUuid: text(body, 'billUuid') });
    if (identity === '0') {
      if (form.state !== '03') throw new Refusal('E9105', `红字确认单状态为${form.state}，销方不能确认`);
      if (form.pendingDecision != null) throw new Refusal('E9105', '红字确认单确认中，不能重复确认');
      if (this.settings.slowConfirm) form.pendingDecision = agreement === '1';
      else this.#decide(form, agreement === '1', '04', '06', 'seller');
    } else if (identity === '1') {
      if (form.state !== '02') throw new Refusal('E9105', `红字确认单状态为${form.state}，购方不能确认`);
      this.#decide(form, agreement === '1', '04', '05', 'buyer');
    } else {
      throw new Refusal('E9101', '参数校验失败: identity 应为0或1');
    }
    return ok();
  }

  #decide(form: SimForm, agree: boolean, agreed: string, refused: string, by: string): void {
    if (agree) form.confirmedAt = this.now();
    else form.message = by === 'seller' ? '销方否认' : '购方否认';
    this.#setState(form, agree ? agreed : refused, by);
  }

  #cancel(body: Json): Answer {
    const identity = required(body, 'identity');
    const form = this.#form({ billId: text(body, 'billId'), billNo: text(body, 'billNo'), billUuid: text(body, 'billUuid') });
    this.#revoke(form, identity === '1' ? 'buyer' : 'seller');
    return ok();
  }

  /** 撤销 by the side that entered the form: before confirmation → 08, after → 09; never once a red invoice is issued. */
  #revoke(form: SimForm, side: 'seller' | 'buyer'): void {
    if (form.enteredBy !== side) throw new Refusal('E9105', '只有录入方可以撤销红字确认单');
    if (form.invoice && form.invoice.status !== 'failed') throw new Refusal('E9105', '已开具红字发票，不能撤销');
    const waiting = side === 'seller' ? '02' : '03';
    if (form.state === '01' || form.state === waiting) this.#setState(form, '08', side);
    else if (form.state === '04') this.#setState(form, '09', side);
    else throw new Refusal('E9105', `红字确认单状态为${form.state}，不能撤销`);
  }

  #fastInvoiceRed(body: Json): Answer {
    const orderNo = required(body, 'orderNo');
    if (orderNo.length > 20) throw new Refusal('E9101', '参数校验失败: orderNo 长度不能超过20');
    const sellerTaxNo = required(body, 'taxNum');
    this.#checkSeller(sellerTaxNo);
    if (this.invoices.has(orderNo)) throw new Refusal('E9106', `订单编号 ${orderNo} 重复`);
    const ref = { billNo: text(body, 'billNo'), billUuid: text(body, 'billUuid') };
    if (ref.billNo || ref.billUuid) {
      const form = this.#form(ref);
      if (form.state !== '01' && form.state !== '04') throw new Refusal('E9105', `红字确认单状态为${form.state}，不能开具红票`);
      // Issued already (by the channel itself): answered with that invoice, as Nuonuo does.
      if (form.invoice && form.invoice.status !== 'failed') return ok({ invoiceSerialNum: form.invoice.serialNo });
      return ok({ invoiceSerialNum: this.#issue(form, orderNo).serialNo });
    }
    const line = required(body, 'invoiceLine');
    if (!LINES.has(line)) throw new Refusal('E9101', `参数校验失败: invoiceLine ${line} 不正确`);
    if (FULLY_DIGITAL_LINES.has(line)) throw new Refusal('E9103', '数电发票红冲需先申请红字确认单（billNo 或 billUuid）');
    if (SPECIAL_LINES.has(line) && !/^\d{16}$/.test(text(body, 'billInfoNo') ?? '')) {
      throw new Refusal('E9103', '专用发票红冲需红字信息表编号 billInfoNo（16位）');
    }
    const blue = this.#blueOf(line, null, text(body, 'invoiceNumber'), text(body, 'invoiceCode'));
    if (!this.hub) throw new Refusal('E9103', '模拟器未连接 fapiao-hub，无法取得蓝字发票');
    const source: IssueSource = {
      orderNo,
      billId: null,
      billNo: null,
      line,
      blue,
      sellerTaxNo,
      sellerName: null,
      buyerTaxNo: null,
      buyerName: null,
      detail: null,
      callbackUrl: text(body, 'callBackUrl'),
    };
    return ok({ invoiceSerialNum: this.#issueFrom(source).serialNo });
  }

  #issue(form: SimForm, orderNo: string): SimInvoice {
    const invoice = this.#issueFrom({
      orderNo,
      billId: form.billId,
      billNo: form.billNo,
      line: form.line,
      blue: form.blue,
      sellerTaxNo: form.sellerTaxNo,
      sellerName: form.sellerName,
      buyerTaxNo: form.buyerTaxNo,
      buyerName: form.buyerName,
      detail: form.detail,
      callbackUrl: form.callbackUrl,
    });
    form.invoice = invoice;
    return invoice;
  }

  /** Creates the red invoice at once (开票中); its numbers, the push and the callback follow in the background. */
  #issueFrom(source: IssueSource): SimInvoice {
    const invoice: SimInvoice = {
      orderNo: source.orderNo,
      serialNo: digits(20),
      billId: source.billId,
      status: 'issuing',
      message: null,
      invoiceCode: null,
      invoiceNumber: null,
      issuedAt: null,
      pushed: null,
      push: { status: this.hub ? 'pending' : 'off', attempts: 0, httpStatus: null, error: null },
    };
    this.invoices.set(source.orderNo, invoice);
    this.#track(this.#complete(invoice, source));
    return invoice;
  }

  async #complete(invoice: SimInvoice, source: IssueSource): Promise<void> {
    let view: Json | undefined;
    try {
      if (this.hub) view = await this.hub.lookup(source.blue.invoiceCode, source.blue.invoiceNumber);
      if (!source.detail && !view) throw new Error(this.hub ? '蓝字发票不存在' : '全额红冲需要蓝票明细，模拟器未连接 fapiao-hub');
    } catch (error) {
      invoice.status = 'failed';
      invoice.message = (error as Error).message;
      if (invoice.push.status === 'pending') invoice.push.status = 'off';
      return;
    }
    const digital = FULLY_DIGITAL_LINES.has(source.line);
    invoice.invoiceCode = digital ? '' : `0${digits(11)}`;
    invoice.invoiceNumber = digital ? digits(20) : digits(8);
    invoice.issuedAt = this.now();
    invoice.status = 'issued';
    invoice.pushed = redInvoiceOf(source, view, invoice);
    this.#callBack(source.callbackUrl, 'callback', invoice.orderNo, {
      orderno: invoice.orderNo,
      content: JSON.stringify({
        c_orderno: invoice.orderNo,
        c_fpqqlsh: invoice.serialNo,
        c_status: '1',
        c_fpdm: invoice.invoiceCode,
        c_fphm: invoice.invoiceNumber,
        c_kprq: invoice.issuedAt,
        c_bhsje: invoice.pushed.invoiceAmount,
        c_hjse: invoice.pushed.invoiceTaxAmount,
      }),
    });
    if (this.hub && this.settings.pushInvoices) await this.#push(invoice);
  }

  /** Pushes an issued invoice held back (`pushInvoices` false) now. */
  async pushInvoice(orderNo: string): Promise<SimInvoice> {
    const invoice = this.invoices.get(orderNo);
    if (!invoice) throw new Refusal('E9104', `订单编号 ${orderNo} 不存在`);
    if (!this.hub || invoice.status !== 'issued' || invoice.push.status !== 'pending') {
      throw new Refusal('E9105', `订单编号 ${orderNo} 没有待推送的发票`);
    }
    await this.#push(invoice);
    return invoice;
  }

  async #push(invoice: SimInvoice): Promise<void> {
    const hub = this.hub as HubClient;
    const body = { channelCode: this.#options.channelCode, serialNo: `SIM-${invoice.serialNo}`, result: 0, data: [invoice.pushed] };
    for (let attempt = 1; attempt <= 3; attempt++) {
      invoice.push.attempts = attempt;
      let answer: HubAnswer;
      try {
        answer = await hub.push(body);
      } catch (error) {
        invoice.push.error = (error as Error).message;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      invoice.push.httpStatus = answer.status;
      if (answer.status === 200) {
        invoice.push.status = 'pushed';
        invoice.push.error = null;
        return;
      }
      invoice.push.error = JSON.stringify(answer.body);
      if (answer.status < 500) break;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    invoice.push.status = 'failed';
  }

  #queryInvoices(body: Json): Answer {
    const orderNos = Array.isArray(body.orderNos) ? body.orderNos.map(String) : [];
    const serialNos = Array.isArray(body.serialNos) ? body.serialNos.map(String) : [];
    if (orderNos.length === 0 && serialNos.length === 0) throw new Refusal('E9101', '参数校验失败: orderNos 与 serialNos 不能同时为空');
    const found = [...this.invoices.values()].filter(
      (invoice) => orderNos.includes(invoice.orderNo) || serialNos.includes(invoice.serialNo),
    );
    return ok(found.map(invoiceJson));
  }

  // --- the buyer's part (/_sim controls) -------------------------------------------

  /** The buyer confirms (02 → 04) or rejects (02 → 05) a form we entered. */
  buyerDecides(billId: string, agree: boolean): SimForm {
    const form = this.#form({ billId });
    if (form.state !== '02') throw new Refusal('E9105', `红字确认单状态为${form.state}，购方不能确认`);
    this.#decide(form, agree, '04', '05', 'buyer');
    return form;
  }

  /** The bureau decides a seller's confirm or reject taken with `slowConfirm`. */
  decidePending(billId: string): SimForm {
    const form = this.#form({ billId });
    if (form.pendingDecision == null) throw new Refusal('E9105', `红字确认单 ${billId} 没有确认中的操作`);
    const agree = form.pendingDecision;
    form.pendingDecision = null;
    this.#decide(form, agree, '04', '06', 'seller');
    return form;
  }

  /** The buyer revokes a form it entered. */
  buyerRevokes(billId: string): SimForm {
    const form = this.#form({ billId });
    this.#revoke(form, 'buyer');
    return form;
  }

  /**
   * The seller issues the red invoice of a confirmed form itself (in the
   * bureau's portal, not through fapiao-hub), as `autoIssue` does for an
   * electronic one: pushed to fapiao-hub like any other.
   */
  issueRedOf(billId: string): SimForm {
    const form = this.#form({ billId });
    if (form.state !== '01' && form.state !== '04') throw new Refusal('E9105', `红字确认单状态为${form.state}，不能开具红票`);
    if (form.invoice && form.invoice.status !== 'failed') throw new Refusal('E9106', `红字确认单 ${billId} 已开具红票`);
    this.#issue(form, form.orderNo ?? form.billId);
    return form;
  }

  /** Fails a form still in 15 申请中 (16 申请失败). */
  failForm(billId: string, message: string): SimForm {
    const form = this.#form({ billId });
    if (form.state !== '15') throw new Refusal('E9105', `红字确认单 ${billId} 不在申请中`);
    return this.#fail(form, message);
  }

  /** The buyer enters a form against one of our blue invoices: 03 购方录入待销方确认. */
  async enterBuyerForm(input: Json): Promise<SimForm> {
    const blueNumber = required(input, 'blueInvoiceNumber');
    const blueCode = text(input, 'blueInvoiceCode') ?? '';
    const line = text(input, 'blueInvoiceLine') ?? (blueNumber.length === 20 ? 'pc' : 'p');
    if (!LINES.has(line)) throw new Refusal('E9101', `参数校验失败: blueInvoiceLine ${line} 不正确`);
    const blue = this.#blueOf(line, FULLY_DIGITAL_LINES.has(line) ? blueNumber : null, blueNumber, blueCode);
    const detail = input.detail === undefined || input.detail === null ? null : this.#detailOf(input.detail);
    let view: Json | undefined;
    if (this.hub) view = await this.hub.lookup(blue.invoiceCode, blue.invoiceNumber);
    const invoice = view?.invoice as Json | undefined;
    const sellerTaxNo = text(input, 'sellerTaxNo') ?? (invoice?.sellerTaxNo as string | undefined);
    if (!sellerTaxNo) throw new Refusal('E9101', '参数校验失败: sellerTaxNo 不能为空（或连接 fapiao-hub 读取蓝票）');
    const totals = detail
      ? sums(detail)
      : view
        ? sums(rowsFromBlue(view).map((row) => ({ taxExcludedAmount: row.goodsCost, taxAmount: row.goodsVat })))
        : { amount: text(input, 'taxExcludedAmount'), tax: text(input, 'taxAmount') };
    const billId = text(input, 'billId') ?? `BUY${digits(17)}`;
    if (this.forms.has(billId)) throw new Refusal('E9106', `红字确认单申请号 ${billId} 重复`);
    const form: SimForm = {
      billId,
      billNo: digits(20),
      billUuid: randomBytes(16).toString('hex'),
      state: '03',
      message: null,
      enteredBy: 'buyer',
      line,
      blue,
      sellerTaxNo,
      sellerName: text(input, 'sellerName') ?? (invoice?.sellerName as string | undefined) ?? null,
      buyerTaxNo: text(input, 'buyerTaxNo') ?? (invoice?.buyerTaxNo as string | undefined) ?? null,
      buyerName: text(input, 'buyerName') ?? (invoice?.buyerName as string | undefined) ?? null,
      redReason: text(input, 'redReason') ?? '1',
      orderNo: null,
      callbackUrl: null,
      detail,
      amount: totals.amount,
      taxAmount: totals.tax,
      enteredAt: this.now(),
      confirmedAt: null,
      body: null,
      history: [],
      invoice: null,
    };
    this.forms.set(billId, form);
    this.#setState(form, '03', 'buyer');
    return form;
  }

  // --- callbacks ------------------------------------------------------------------

  #callBack(formUrl: string | null, operater: string, key: string, fields: Record<string, string>): void {
    if (!this.settings.callbacks) return;
    const url =
      formUrl ??
      this.#options.callbackUrl ??
      (this.hub ? `${this.hub.url}/api/callbacks/nuonuo/${encodeURIComponent(this.#options.channelCode)}` : undefined);
    if (!url) return;
    const entry: SimCallback = { at: new Date().toISOString(), url, operater, key, status: null, error: null };
    this.callbacks.push(entry);
    this.#track(
      postForm(url, { operater, ...fields }).then(
        (answer) => {
          entry.status = answer.status;
        },
        (error: Error) => {
          entry.error = error.message;
        },
      ),
    );
  }

  /** A form as Nuonuo's query lists it, with the history of its states. */
  formView(billId: string): Json {
    const form = this.#form({ billId });
    return { ...formJson(form), history: form.history };
  }

  isRefusal(error: unknown): error is Refusal {
    return error instanceof Refusal;
  }
}

interface IssueSource {
  readonly orderNo: string;
  readonly billId: string | null;
  readonly billNo: string | null;
  readonly line: string;
  readonly blue: { readonly invoiceCode: string; readonly invoiceNumber: string };
  readonly sellerTaxNo: string;
  readonly sellerName: string | null;
  readonly buyerTaxNo: string | null;
  readonly buyerName: string | null;
  readonly detail: Json[] | null;
  readonly callbackUrl: string | null;
}

function sums(rows: { taxExcludedAmount?: unknown; taxAmount?: unknown }[]): { amount: string; tax: string } {
  let amount = new Big(0);
  let tax = new Big(0);
  for (const row of rows) {
    amount = amount.plus(String(row.taxExcludedAmount ?? '0'));
    tax = tax.plus(String(row.taxAmount ?? '0'));
  }
  return { amount: amount.toFixed(2), tax: tax.toFixed(2) };
}

/** A form in queryInvoiceRedConfirm's list. */
function formJson(form: SimForm): Json {
  const digital = FULLY_DIGITAL_LINES.has(form.line);
  return {
    billId: form.billId,
    billNo: form.billNo,
    billUuid: form.billUuid,
    billStatus: form.state,
    billMessage: form.message ?? '',
    requestStatus: form.pendingDecision != null ? '03' : '',
    openStatus: form.invoice?.status === 'issued' ? '1' : '0',
    applySource: form.enteredBy === 'buyer' ? '1' : '0',
    blueInvoiceLine: form.line,
    blueInvoiceNumber: form.blue.invoiceNumber,
    ...(digital ? { blueElecInvoiceNumber: form.blue.invoiceNumber } : { blueInvoiceCode: form.blue.invoiceCode }),
    billTime: beijing(form.enteredAt),
    confirmTime: form.confirmedAt === null ? '' : beijing(form.confirmedAt),
    sellerTaxNo: form.sellerTaxNo,
    sellerName: form.sellerName ?? '',
    buyerTaxNo: form.buyerTaxNo ?? '',
    buyerName: form.buyerName ?? '',
    taxExcludedAmount: form.amount ?? '',
    taxAmount: form.taxAmount ?? '',
    redReason: form.redReason,
    invoiceSerialNum: form.invoice?.serialNo ?? '',
    orderNo: form.invoice?.orderNo ?? form.orderNo ?? '',
    redInvoiceNumber: form.invoice?.invoiceNumber ?? '',
    ...(form.detail ? { detail: form.detail } : {}),
  };
}

/** An invoice in queryInvoiceResult's answer: 2 开票完成, 20 开票中, 22 开票失败. */
function invoiceJson(invoice: SimInvoice): Json {
  const digital = invoice.invoiceCode === '' && invoice.invoiceNumber?.length === 20;
  return {
    orderNo: invoice.orderNo,
    serialNo: invoice.serialNo,
    status: invoice.status === 'issued' ? '2' : invoice.status === 'issuing' ? '20' : '22',
    statusMsg: invoice.status === 'issued' ? '开票完成（最终状态）' : invoice.status === 'issuing' ? '开票中' : '开票失败',
    failCause: invoice.message ?? '',
    invoiceCode: digital ? '' : (invoice.invoiceCode ?? ''),
    invoiceNo: digital ? '' : (invoice.invoiceNumber ?? ''),
    allElectronicInvoiceNumber: digital ? invoice.invoiceNumber : '',
    invoiceTime: invoice.issuedAt ?? '',
  };
}

/** The blue invoice's rows as the red invoice reverses them: a discount row (1) nets into its discounted row (2). */
function rowsFromBlue(view: Json): Json[] {
  const details = (view.details as Json[] | undefined) ?? [];
  const rows: Json[] = [];
  for (const detail of details) {
    if (detail.invRowType === 1 && rows.length > 0) {
      const last = rows[rows.length - 1] as Json;
      last.goodsCost = new Big(String(last.goodsCost)).plus(String(detail.goodsCost)).toFixed(2);
      last.goodsVat = new Big(String(last.goodsVat)).plus(String(detail.goodsVat)).toFixed(2);
      continue;
    }
    rows.push({ ...detail });
  }
  return rows.map((row) => {
    const cost = new Big(String(row.goodsCost)).abs().neg();
    const vat = new Big(String(row.goodsVat)).abs().neg();
    const num = row.goodsNum === null || row.goodsNum === undefined ? null : new Big(String(row.goodsNum)).abs();
    return {
      goodsName: row.goodsName,
      goodsCost: cost.toFixed(2),
      goodsVat: vat.toFixed(2),
      ...(num && !num.eq(0) ? { goodsNum: num.neg().toString(), goodsPrice: cost.abs().div(num).round(8).toString() } : {}),
      ...(row.taxRate !== null && row.taxRate !== undefined ? { taxRate: String(row.taxRate) } : {}),
      ...(row.goodsUnit ? { goodsUnit: row.goodsUnit } : {}),
      ...(row.goodsSpecification ? { goodsSpecification: row.goodsSpecification } : {}),
      ...(row.taxTaxonomyCode ? { taxTaxonomyCode: row.taxTaxonomyCode } : {}),
    };
  });
}

function rowsFromForm(detail: Json[]): Json[] {
  return detail.map((row) => ({
    goodsName: row.goodsName,
    goodsCost: new Big(String(row.taxExcludedAmount)).toFixed(2),
    goodsVat: new Big(String(row.taxAmount)).toFixed(2),
    ...(isDecimal(row.num) ? { goodsNum: row.num } : {}),
    ...(isDecimal(row.taxExcludedPrice) ? { goodsPrice: row.taxExcludedPrice } : {}),
    taxRate: String(row.taxRate),
    ...(row.unit ? { goodsUnit: row.unit } : {}),
    ...(row.specType ? { goodsSpecification: row.specType } : {}),
    ...(row.goodsCode ? { taxTaxonomyCode: row.goodsCode } : {}),
  }));
}

/** The red invoice as a channel pushes it (seed 001's fields): negative figures, naming its blue invoice. */
function redInvoiceOf(source: IssueSource, view: Json | undefined, invoice: SimInvoice): Json {
  const blue = view?.invoice as Json | undefined;
  const rows = (source.detail ? rowsFromForm(source.detail) : rowsFromBlue(view as Json)).map(
    (row, index): Json => ({
      billNumber: String(index + 1),
      detailRowNo: String(index + 1),
      ...row,
      goodsSum: new Big(String(row.goodsCost)).plus(String(row.goodsVat)).toFixed(2),
    }),
  );
  const totals = sums(rows.map((row) => ({ taxExcludedAmount: row.goodsCost, taxAmount: row.goodsVat })));
  const rates = new Set(rows.map((row) => row.taxRate).filter((rate) => rate !== undefined));
  const digital = FULLY_DIGITAL_LINES.has(source.line);
  const buyerTaxNo = source.buyerTaxNo ?? (blue?.buyerTaxNo as string | null | undefined) ?? null;
  return {
    invoiceType: 1,
    invoiceTypeCode: (blue?.invoiceTypeCode as string | undefined) ?? TYPE_BY_LINE[source.line],
    buyerName: source.buyerName ?? blue?.buyerName,
    ...(buyerTaxNo ? { buyerTaxNo } : {}),
    sellerName: source.sellerName ?? blue?.sellerName ?? source.sellerTaxNo,
    sellerTaxNo: source.sellerTaxNo,
    originals: 0,
    invoicingStatus: '00',
    invoiceCode: invoice.invoiceCode,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate: invoice.issuedAt,
    invoicingDate: invoice.issuedAt,
    invoiceAmount: totals.amount,
    invoiceTaxAmount: totals.tax,
    invoiceTotalPriceTax: new Big(totals.amount).plus(totals.tax).toFixed(2),
    ...(rates.size === 1 ? { invoiceTaxRate: [...rates][0] } : {}),
    originalInvoiceCode: source.blue.invoiceCode,
    originalInvoiceNumber: source.blue.invoiceNumber,
    orderNo: source.orderNo,
    invoicingRemark: source.billNo
      ? `被红冲蓝字${digital ? '数电' : ''}发票号码：${source.blue.invoiceNumber} 红字发票信息确认单编号：${source.billNo}`
      : `对应正数发票代码:${source.blue.invoiceCode}号码:${source.blue.invoiceNumber}`,
    details: rows,
  };
}

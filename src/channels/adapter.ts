/**
 * What a red-flush job needs from any channel, whatever its protocol: apply
 * for a 红字确认单 (red confirmation form), read a form back, list forms of
 * a time window (buyer-entered ones, issue 12), ask for a red invoice
 * directly, read that back, confirm or reject a form, revoke one.
 *
 * Every call answers a `ChannelOutcome` a job can act on without knowing the
 * channel:
 *
 * | outcome       | what happened                                                          | what the caller does                          |
 * | ------------- | ---------------------------------------------------------------------- | --------------------------------------------- |
 * | `ok`          | the channel did it; `data` says what it answered                        | go on                                         |
 * | `refused`     | the channel said no (`code`, `message`)                                 | end with the channel's message                |
 * | `duplicate`   | the channel has this id already (Nuonuo `E9106`)                        | query it; never send again                    |
 * | `unknown`     | sent, but no answer: timeout, reset after sending, 5xx, garbled answer  | query before anything else                    |
 * | `unavailable` | certainly not sent: refused connection, DNS, connect timeout, 429       | retry later (with backoff)                    |
 *
 * and a `ChannelCall` to store with the request: method, start, duration,
 * HTTP status, the channel's code and message, and the bodies sent and
 * received, with every secret (signature, access token, app secret) left
 * out. Adapters never log and never throw for anything the channel or the
 * network does; they throw `AdapterInputError` (nothing sent) when the input
 * breaks the channel's rules, which is a bug of the caller.
 *
 * Figures are decimal strings, never numbers. Rows carry the red invoice's
 * own signs: quantity, amount and tax negative, unit price positive.
 */

/** 发票类型代码 as stored with an invoice (`invoices.invoice_type_code`). */
export type InvoiceTypeCode = '004' | '007' | '026' | '028' | '01' | '02';

/** 冲红原因: 1 销货退回, 2 开票有误, 3 服务中止, 4 销售折让 (seeds 000 and 003 number them alike). */
export type RedReason = '1' | '2' | '3' | '4';

/** The adapter's operations, as recorded in `ChannelCall.operation`. */
export type AdapterOperation =
  | 'applyRedConfirm'
  | 'queryRedConfirm'
  | 'queryRedConfirms'
  | 'fastInvoiceRed'
  | 'queryRedInvoice'
  | 'confirm'
  | 'cancel';

export type OutcomeKind = 'ok' | 'refused' | 'duplicate' | 'unknown' | 'unavailable';

/** One call to a channel, as the caller stores it. Never holds a secret. */
export interface ChannelCall {
  readonly operation: AdapterOperation;
  /** The channel's own name of the method (`nuonuo.OpeMplatform.saveInvoiceRedConfirm`). */
  readonly method: string;
  readonly outcome: OutcomeKind;
  readonly startedAt: Date;
  readonly durationMs: number;
  /** null: no HTTP answer. */
  readonly httpStatus: number | null;
  /** The channel's answer code (`E0000`, `E9106`…); null: none. */
  readonly code: string | null;
  /** The channel's answer message (`describe`); null: none. */
  readonly message: string | null;
  /** For `unknown` and `unavailable`: what went wrong on the way (`timeout after 15000 ms`, `ECONNREFUSED`…). */
  readonly error: string | null;
  /** The channel's id of this very request (Nuonuo: the `senid`), for its support desk. */
  readonly reference: string | null;
  /** The business content sent (JSON), without secrets. */
  readonly requestBody: string;
  /** The answer as received (capped at 64 KiB), without secrets; null: none. */
  readonly responseBody: string | null;
}

export type ChannelOutcome<T> =
  | { readonly outcome: 'ok'; readonly data: T; readonly call: ChannelCall }
  | { readonly outcome: 'refused'; readonly code: string; readonly message: string; readonly call: ChannelCall }
  | { readonly outcome: 'duplicate'; readonly code: string; readonly message: string; readonly call: ChannelCall }
  | { readonly outcome: 'unknown'; readonly reason: string; readonly call: ChannelCall }
  | { readonly outcome: 'unavailable'; readonly reason: string; readonly call: ChannelCall };

/** A blue invoice as the channel knows it. */
export interface BlueInvoiceRef {
  readonly invoiceTypeCode: InvoiceTypeCode;
  /** 发票代码; empty for 数电 invoices (`01`, `02`). */
  readonly invoiceCode: string;
  /** 发票号码: 20 digits for 数电 invoices, 8 for tax-control ones. */
  readonly invoiceNumber: string;
}

/** A row of a partial red flush (明细), in the red invoice's signs. */
export interface RedRow {
  /** The blue row it reverses: its number (序号, from 1) in the blue invoice's row order; a discount row's number is never sent. */
  readonly blueRowNo: string;
  /** The blue row's 序号 as the invoice names it (`detailRowNo`), for messages (`第 4 行…`); not sent. */
  readonly detailRowNo?: string | null;
  readonly goodsName: string;
  /** 税收分类编码 (19 digits). */
  readonly taxClassificationCode: string;
  readonly unit?: string | null;
  readonly specification?: string | null;
  /** Negative (`"-1"`); null or absent: no quantity (then no unit price either). */
  readonly quantity?: string | null;
  /** Tax-exclusive unit price, positive. */
  readonly unitPrice?: string | null;
  /** Tax-exclusive amount, negative, at most 2 decimals (`"-30.00"`). */
  readonly amount: string;
  /** Tax, negative, at most 2 decimals (`"-1.80"`). */
  readonly taxAmount: string;
  /** A fraction: `"0.06"` is 6 %. */
  readonly taxRate: string;
  /** 优惠政策标识 (`01`…`18`), when the blue row had one. */
  readonly preferentialPolicyFlag?: string | null;
}

export interface RedConfirmApplication {
  /** Our id of the form (the red-flush request's id): the channel keeps it, a second form with it is refused as `duplicate`. */
  readonly billId: string;
  readonly blue: BlueInvoiceRef;
  readonly reason: RedReason;
  readonly seller: { readonly taxNo: string; readonly name: string };
  readonly buyer: { readonly taxNo: string | null; readonly name: string };
  /** Partial red flush: the rows; null: the whole invoice (then no rows are sent). */
  readonly rows: readonly RedRow[] | null;
  /** The red invoice's order number when the channel issues it by itself (Nuonuo: at most 20 characters); absent: the channel's own. */
  readonly orderNo?: string | null;
  /** Where the channel should call back about this form. */
  readonly callbackUrl?: string | null;
}

/** Names a form; at least one. Channels look up by uuid, then billId, then billNo. */
export interface FormRef {
  readonly billId?: string | null;
  readonly billNo?: string | null;
  readonly billUuid?: string | null;
}

export interface RedConfirmForm {
  readonly billId: string | null;
  /** The bureau's number of the form (红字确认单编号). */
  readonly billNo: string | null;
  readonly billUuid: string | null;
  /** The state code as the channel wrote it (see `RED_CONFIRM_STATES` in red-flush/form-states.ts; an unknown code is passed on as is). */
  readonly state: string;
  /** The channel's word on the state (Nuonuo `billMessage`: why 16 申请失败…); null: none. */
  readonly message: string | null;
  /** An operation under way or failed (Nuonuo `requestStatus`: 01 撤销中, 02 撤销失败, 03 确认中, 04 确认失败); null: none. */
  readonly operationStatus: string | null;
  /** Who entered it: `seller` (销方, applySource 0) or `buyer` (购方, 1). */
  readonly enteredBy: 'seller' | 'buyer' | null;
  readonly blue: { readonly invoiceCode: string; readonly invoiceNumber: string } | null;
  readonly sellerTaxNo: string | null;
  readonly sellerName: string | null;
  readonly buyerTaxNo: string | null;
  readonly buyerName: string | null;
  /** Tax-exclusive total, as the channel writes it (negative). */
  readonly amount: string | null;
  readonly taxAmount: string | null;
  readonly reason: string | null;
  /** When it was entered (填开时间; the channel writes Beijing time). */
  readonly enteredAt: Date | null;
  readonly confirmedAt: Date | null;
  readonly redInvoice: {
    /** The channel says a red invoice was issued against it (Nuonuo `openStatus` 1). */
    readonly issued: boolean;
    /** The channel's serial number of the red invoice (Nuonuo `invoiceSerialNum`). */
    readonly serialNo: string | null;
    readonly orderNo: string | null;
    readonly invoiceNumber: string | null;
  };
  /** The rows when the channel sends them (a partial form); empty otherwise. */
  readonly rows: readonly RedRow[];
}

export interface FormWindow {
  /** Entered from this day on (Beijing time; the channel takes days). */
  readonly from: Date;
  /** Up to this day, included (Nuonuo: at most 90 days after `from`). */
  readonly to: Date;
  /** Only forms in this state (`03`: buyer-entered, waiting for us). */
  readonly state?: string | null;
  /** From 1. */
  readonly pageNo?: number;
  /** Nuonuo: at most 50 (the default). */
  readonly pageSize?: number;
}

export interface FormPage {
  readonly forms: readonly RedConfirmForm[];
  readonly total: number;
  readonly pageNo: number;
  readonly pageSize: number;
}

export interface RedInvoiceOrder {
  /** Our id of the red invoice (the red-flush request's id; Nuonuo: at most 20 characters): a second order with it is `duplicate`. */
  readonly orderNo: string;
  readonly sellerTaxNo: string;
  readonly blue: BlueInvoiceRef;
  /** 数电: the confirmation form (in state 01 or 04) to issue against. */
  readonly form?: FormRef | null;
  /** Tax-control special invoices (004, 028): the 红字信息表 number (16 digits). */
  readonly infoSheetNo?: string | null;
  readonly callbackUrl?: string | null;
}

export interface RedInvoiceStatus {
  readonly orderNo: string | null;
  readonly serialNo: string | null;
  /** `issuing` (开票中), `issued` (开票完成), `failed` (开票失败), `voided` (已作废), or `other` (see `statusCode`). */
  readonly status: 'issuing' | 'issued' | 'failed' | 'voided' | 'other';
  /** The channel's own status code (Nuonuo `2`, `20`, `22`…). */
  readonly statusCode: string;
  readonly message: string | null;
  readonly invoiceCode: string | null;
  readonly invoiceNumber: string | null;
}

export interface ConfirmInput extends FormRef {
  /** true: confirm (同意); false: reject (拒绝). */
  readonly agree: boolean;
  /** 处理理由; Nuonuo wants one with a rejection. */
  readonly reason?: string | null;
}

/** A channel as a red-flush job sees it. Our side is always the seller (销方). */
export interface ChannelAdapter {
  /** Which adapter (`nuonuo`). */
  readonly kind: string;
  /** Our code of the channel. */
  readonly channelCode: string;
  /** The channel's own name of each operation's method (`ChannelCall.method`), known before a call is made. */
  readonly methods: Readonly<Record<AdapterOperation, string>>;
  /** Apply for a 红字确认单 (seller-entered). `ok` data: the channel's `billId` (ours). */
  applyRedConfirm(input: RedConfirmApplication): Promise<ChannelOutcome<{ readonly billId: string }>>;
  /** Read one form. `ok` with `null`: the channel has no such form (then, and only then, applying again is safe). */
  queryRedConfirm(ref: FormRef): Promise<ChannelOutcome<RedConfirmForm | null>>;
  /** One page of the forms entered in a time window (both sides; filter by `enteredBy`/`state`). */
  queryRedConfirms(window: FormWindow): Promise<ChannelOutcome<FormPage>>;
  /** Ask for the red invoice directly (tax-control invoices, or a 数电 form in 01/04 the channel did not issue by itself). */
  fastInvoiceRed(order: RedInvoiceOrder): Promise<ChannelOutcome<{ readonly serialNo: string | null }>>;
  /** Read back what became of a red invoice asked for by `orderNo`. `ok` with `null`: the channel has no such order. */
  queryRedInvoice(ref: { readonly orderNo: string }): Promise<ChannelOutcome<RedInvoiceStatus | null>>;
  /** Confirm or reject a form entered by the buyer (state 03). */
  confirm(input: ConfirmInput): Promise<ChannelOutcome<null>>;
  /** Revoke (撤销) a form we entered. */
  cancel(ref: FormRef): Promise<ChannelOutcome<null>>;
}

/**
 * The input breaks the channel's rules; nothing was sent. A bug of the
 * caller, not an outcome, except where the invoice's own data breaks them
 * (a row without a 税收分类编码 the channel requires): then `zh` says so in
 * Chinese for the people who can fix it, naming the row as the invoice
 * does (`第 4 行没有税收分类编码`).
 */
export class AdapterInputError extends Error {
  readonly field: string;
  readonly zh: string | undefined;

  constructor(field: string, message: string, zh?: string) {
    super(`${field}: ${message}`);
    this.name = 'AdapterInputError';
    this.field = field;
    this.zh = zh;
  }
}

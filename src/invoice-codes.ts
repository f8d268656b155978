/**
 * The codes of invoices, each written once: the Ekuaibao open API's and the
 * tax system's values of `invoiceType`, `invoicingStatus`,
 * `invoiceTypeCode` and `invRowType`, and Beijing time. Code and SQL import
 * them from here (in SQL as literals: `sql.lit(INVOICE_TYPE.RED)`, or
 * written into a statement's text). test/invoice-codes.test.ts checks them
 * against the enums of openapi.yaml.
 */

/** 发票类型 (`invoiceType`): blue (正数) or red (负数, 红冲). */
export const INVOICE_TYPE = { BLUE: 0, RED: 1 } as const;
export type InvoiceType = (typeof INVOICE_TYPE)[keyof typeof INVOICE_TYPE];

/** 开票状态 (`invoicingStatus`): issued, or voided (作废; a later push never un-voids). */
export const INVOICING_STATUS = { ISSUED: '00', VOIDED: '03' } as const;
export type InvoicingStatus = (typeof INVOICING_STATUS)[keyof typeof INVOICING_STATUS];

/**
 * 发票类型代码 (`invoiceTypeCode`), keyed by the names Ekuaibao's one-key
 * red-flush API gives them.
 */
export const INVOICE_TYPE_CODE = {
  /** 增值税专用发票 (tax-control special) */
  VATSpecialInvoice: '004',
  /** 增值税普通发票 (tax-control ordinary) */
  VATOrdinaryInvoice: '007',
  /** 增值税电子发票 (tax-control electronic ordinary) */
  VATElectronicInvoice: '026',
  /** 增值税电子专用发票 (tax-control electronic special) */
  VATElectronicSpecialInvoice: '028',
  /** 全电发票（增值税专用发票）, 数电 special */
  FullDigitalSpecial: '01',
  /** 全电发票（普通发票）, 数电 ordinary */
  FullDigitalNormal: '02',
} as const;
export type InvoiceTypeCode = (typeof INVOICE_TYPE_CODE)[keyof typeof INVOICE_TYPE_CODE];

/** 发票行性质 (`invRowType`) of a detail row: normal, a discount row (折扣行), or the row it discounts (被折扣行). */
export const ROW_TYPE = { NORMAL: 0, DISCOUNT: 1, DISCOUNTED: 2 } as const;

/** Beijing time is UTC+8 all year (no daylight saving): dates without a time are Beijing dates; the CSV export writes Beijing time. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

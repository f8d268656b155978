/**
 * The Chinese names of the request fields of the Ekuaibao-compatible
 * endpoints, as the seeds' field tables give them (描述), with the seed's
 * remark (备注) where it explains the values. Every Chinese message about a
 * field uses this table: `销方税号(data[0].sellerTaxNo)：必填`.
 *
 * - `PushRequest`, `Invoice`, `InvoiceDetail`: seed 001 (销项开票-渠道推送开票结果),
 *   Body Parameters, in the seed's order; `accessToken` from its Query Parameters.
 * - `RedFlushRequest`: seed 000 (销项开票-一键红冲), then fapiao-hub's extensions.
 * - `AccessTokenRequest` and the refreshToken parameters: the 获取授权 API the seeds link to.
 *
 * `secret` fields are never echoed back in an error (no `value`).
 * test/field-labels.test.ts checks that every property of these schemas in
 * openapi.yaml has its entry here (and that the red-flush `title`s agree).
 */

import type { FieldError } from '../errors.ts';
import { shownValue, valueAt } from './field-errors.ts';
import { refName, resolve, type SchemaNode, schemas } from './spec.ts';

export interface FieldLabel {
  /** 描述: the seed's name of the field. */
  readonly label: string;
  /** 备注: what the values mean, where the seed says it. */
  readonly note?: string;
  /** Never shown back (credentials). */
  readonly secret?: boolean;
}

type Table = Readonly<Record<string, FieldLabel>>;

/** Seed 001, the body's top level. */
const PUSH_REQUEST: Table = {
  channelCode: { label: '渠道编码' },
  serialNo: { label: '批次号' },
  result: { label: '开票结果', note: '0-开票成功; 1-开票驳回; 2-开票中' },
  rejectMsg: { label: '开票驳回原因' },
  data: { label: '发票数据' },
};

/** Seed 001, the fields of an invoice (∟ under `data`). */
const INVOICE: Table = {
  invoiceType: { label: '发票类型', note: '0 为正数流水单; 1 为负数流水单' },
  invoiceTypeCode: {
    label: '发票类型代码',
    note: '004：增值税专用发票；007：增值税普通发票；026：增值税电子发票；028：增值税电子专用发票；01：全电发票（增值税专用发票）；02：全电发票（普通发票）',
  },
  buyerName: { label: '购方单位名称' },
  buyerTaxNo: { label: '购方单位税号' },
  buyerBankAccount: { label: '购方开户行及账号' },
  buyerAddressPhone: { label: '购方地址及电话' },
  invoiceTotalPriceTax: { label: '价税合计' },
  payee: { label: '收款人' },
  checker: { label: '复核人' },
  drawer: { label: '开票人' },
  sellerName: { label: '销方名称' },
  sellerTaxNo: { label: '销方税号' },
  sellerAddressPhone: { label: '销方地址电话' },
  sellerBankAccount: { label: '销方银行账号' },
  invoiceSpecialMark: { label: '特殊票种' },
  invoiceListMark: { label: '清单标志', note: '0 非清单; 1 清单' },
  systemName: { label: '第三方系统名称' },
  systemId: { label: '第三方系统id' },
  orderNo: { label: '来源单号' },
  invoicingRemark: { label: '开票说明' },
  sellerBankName: { label: '销售方开户行' },
  sellerBankNumber: { label: '销售方银行账号' },
  sellerAddress: { label: '销售方地址' },
  sellerTelPhone: { label: '销售方联系电话' },
  buyerBankName: { label: '购买方开户行' },
  buyerBankNumber: { label: '购买方银行账号' },
  buyerAddress: { label: '购买方地址' },
  buyerTelPhone: { label: '购买方联系电话' },
  originals: { label: '是否有发票原件', note: '0-没有；1-有' },
  originalsUrl: { label: '原件地址' },
  previewUrl: { label: '发票预览地址' },
  invoicingDate: { label: '开票日期' },
  invoicingStatus: { label: '开票状态', note: '00 发票开具成功；03 已开发票作废成功' },
  originalInvoiceNumber: { label: '原发票号码' },
  originalInvoiceCode: { label: '原发票代码' },
  originalSerialNo: { label: '原流水号' },
  originalInvoicingStatus: { label: '原发票的红冲状态' },
  invoiceCode: { label: '发票代码' },
  invoiceNumber: { label: '发票号码' },
  invoiceDate: { label: '发票日期' },
  invoiceAmount: { label: '发票金额' },
  invoiceTaxRate: { label: '发票税率' },
  invoiceTaxAmount: { label: '发票税额' },
  checkCode: { label: '校验码' },
  ext: { label: '扩展字段' },
  details: { label: '发票明细' },
};

/** Seed 001, the fields of a detail row (∟ under `details`; the seed's `taxrate` is `taxRate`). */
const INVOICE_DETAIL: Table = {
  billNumber: { label: '唯一标识' },
  detailRowNo: { label: '行序号' },
  goodsCost: { label: '不含税金额' },
  goodsName: { label: '商品名称' },
  goodsNum: { label: '商品数量' },
  goodsPrice: { label: '不含税单价' },
  goodsPriceWithTax: { label: '含税单价' },
  goodsSpecification: { label: '规格型号' },
  goodsSum: { label: '含税金额' },
  goodsUnit: { label: '单位' },
  goodsVat: { label: '税额' },
  invRowType: { label: '发票行性质', note: '0 正常行; 1 折扣行; 2 被折扣行' },
  preferPolicyName: { label: '优惠政策名称' },
  preferPolicySign: { label: '优惠政策标识' },
  taxTaxonomyCode: { label: '税收分类编码' },
  taxRate: { label: '税率' },
  zeroTaxSign: { label: '零税率标识' },
};

/** Seed 000 (the body of 一键红冲), then what its example sends undocumented, then fapiao-hub's extensions. */
const RED_FLUSH_REQUEST: Table = {
  channelCode: { label: '渠道编码' },
  reason: { label: '红冲原因', note: '1：销货退回 2：开票有误 3：服务终止 4：销售折让' },
  invoiceTypeCode: { label: '发票类型代码' },
  invoiceSpecial: { label: '特殊票种', note: '00 正常; 16 矿产品' },
  sellerTaxNo: { label: '销方税号' },
  invoiceCode: { label: '发票代码' },
  invoiceNumber: { label: '发票号码' },
  plx: { label: '设备盘类型' },
  appid: { label: '设备id' },
  cpyType: { label: 'cpyType' },
  isSeller: { label: 'isSeller' },
  reqMemo: { label: 'reqMemo' },
  invoiceType: { label: 'invoiceType' },
  orderNo: { label: '业务单号' },
  details: { label: '部分红冲明细' },
};

const RED_FLUSH_DETAIL_REQUEST: Table = {
  detailRowNo: { label: '明细行序号' },
  amount: { label: '红冲金额' },
  quantity: { label: '数量' },
};

/** fapiao-hub's: the 红字信息表 number a tax-control special invoice's red flush waits for. */
const RED_FLUSH_INFO_SHEET: Table = {
  infoSheetNo: { label: '红字信息表编号' },
};

const RED_FLUSH_BATCH_REQUEST: Table = {
  items: { label: '红冲请求' },
};

/** The 获取授权 API: `getAccessToken`'s body. */
const ACCESS_TOKEN_REQUEST: Table = {
  appKey: { label: '应用标识' },
  appSecurity: { label: '应用密钥', secret: true },
};

/** Query parameters of the Ekuaibao-compatible endpoints (seed 001's Query Parameters; refreshToken's pair). */
export const QUERY_PARAMETERS: Table = {
  accessToken: { label: '认证token', secret: true },
  refreshToken: { label: '刷新token', secret: true },
};

/** The table of each request schema, by its name in openapi.yaml. */
export const FIELD_LABELS: Readonly<Record<string, Table>> = {
  PushRequest: PUSH_REQUEST,
  Invoice: INVOICE,
  InvoiceDetail: INVOICE_DETAIL,
  RedFlushRequest: RED_FLUSH_REQUEST,
  RedFlushDetailRequest: RED_FLUSH_DETAIL_REQUEST,
  RedFlushBatchRequest: RED_FLUSH_BATCH_REQUEST,
  RedFlushInfoSheet: RED_FLUSH_INFO_SHEET,
  AccessTokenRequest: ACCESS_TOKEN_REQUEST,
};

/** A field of a request body, named for people. */
export interface NamedField {
  /** Its place in the body as a path: `data[0].details[1].goodsVat`; `` for the body itself. */
  readonly field: string;
  /** The seed's name: `税额`; `请求体` for the body itself; the last name when the table has none. */
  readonly label: string;
  readonly note?: string;
  readonly secret: boolean;
}

/** The field at `pointer` (a JSON Pointer into a body of `schemaName`), with its Chinese name. */
export function fieldAt(schemaName: string, pointer: string): NamedField {
  const segments = pointer === '' ? [] : pointer.split('/').slice(1).map(unescapeSegment);
  let node: SchemaNode | undefined = schemas[schemaName];
  // The schema whose table names the properties of `node`.
  let tableName: string | undefined = schemaName;
  let named: FieldLabel = { label: '请求体' };
  // Past what the schema describes (the keys of a free map such as `ext`, an array sent for an object),
  // the place is named by the last field the schema knows.
  let beyond = false;
  for (const segment of segments) {
    if (beyond) continue;
    const schema: SchemaNode | undefined = node && resolve(node);
    const property = schema?.properties?.[segment];
    if (/^\d+$/.test(segment) && schema?.items) {
      node = schema.items;
    } else if (property) {
      named = (tableName === undefined ? undefined : FIELD_LABELS[tableName]?.[segment]) ?? { label: segment };
      node = property;
    } else {
      beyond = true;
      continue;
    }
    tableName = node.$ref === undefined ? undefined : refName(node.$ref);
  }
  return { field: pathOf(segments), label: named.label, note: named.note, secret: named.secret === true };
}

/** `details[0].amount` from its segments. */
function pathOf(segments: readonly string[]): string {
  return segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`),
    '',
  );
}

function unescapeSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** A field error of a labelled schema with the field's Chinese name and the value received. */
export function namedError(schemaName: string, error: FieldError, value: unknown, body: unknown, refused: readonly string[]): FieldError {
  if (!('pointer' in error)) return error;
  const field = fieldAt(schemaName, error.pointer);
  // What normalisation refused is not in the normalised value: show it as received.
  const received = error.rule === 'required' ? undefined : valueAt(refused.includes(error.pointer) ? body : value, error.pointer);
  const reason =
    error.zh !== undefined && field.note !== undefined && (error.rule === 'enum' || error.rule === 'type')
      ? `${error.zh}（${field.note}）`
      : error.zh;
  return {
    ...error,
    field: field.field,
    label: field.label,
    ...(reason === undefined ? {} : { zh: reason }),
    ...(field.secret ? {} : { value: shownValue(received) }),
  };
}

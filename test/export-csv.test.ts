/**
 * GET /api/openapi/v2/invoices/export.csv: a file Excel opens (UTF-8 with
 * BOM, CRLF, Chinese headers), amounts exactly as stored, the same
 * invoices and order as the list with the same filters, read across many
 * keyset batches, and never another seller's invoice.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { INVOICE_FIELDS } from '../src/db/invoice-fields.ts';
import { FINDING_TITLES } from '../src/findings/finding-messages.ts';
import type { FindingCode } from '../src/findings/findings.ts';
import { CSV_COLUMNS, DETAIL_CSV_COLUMNS } from '../src/invoices/invoices.csv.ts';
import { EXPORT_BATCH } from '../src/invoices/invoices.service.ts';
import { get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Json } from './helpers/builders.ts';

const S1 = '91310000000000001A';
const S2 = '91440300000000002B';
const BULK = '91320000000000003C';
const S3 = '91330000000000004D';

let app: TestApp;
let reader: TestToken;
let pusher: TestToken;

const exact = buildInvoice({
  sellerTaxNo: S1,
  invoiceCode: '',
  invoiceNumber: '00000000000000000001',
  invoiceTypeCode: '01',
  invoiceAmount: '828.30',
  invoiceTaxRate: '0.13',
  invoiceTaxAmount: '107.679000000000001',
  invoiceTotalPriceTax: '935.979000000000001',
  invoiceDate: Date.UTC(2026, 9, 1, 8, 30),
  invoicingDate: Date.UTC(2026, 9, 1, 16, 5, 9),
  buyerName: '=HYPERLINK("http://example.invalid","点我")',
  invoicingRemark: '备注, 含逗号 "引号"\n和换行',
  orderNo: '+1',
  ext: { 部门: '财务', n: 1 },
  details: [buildDetail({ goodsCost: '828.30', goodsVat: '107.68' })],
});
const red = buildInvoice({
  sellerTaxNo: S1,
  invoiceType: 1,
  originalInvoiceCode: exact.invoiceCode,
  originalInvoiceNumber: exact.invoiceNumber,
  invoiceAmount: '-100.00',
  invoiceTaxAmount: '-6.00',
  invoiceTotalPriceTax: '-106.00',
  invoiceDate: Date.UTC(2026, 9, 2),
});
const other = buildInvoice({ sellerTaxNo: S2, invoiceDate: Date.UTC(2026, 9, 3) });
/** A red invoice as the spec's example sends one: positive amounts. */
const positiveRed = buildInvoice({
  sellerTaxNo: S3,
  invoiceType: 1,
  invoiceCode: '011002100111',
  originalInvoiceCode: '011002100111',
  originalInvoiceNumber: '00000042',
  invoiceAmount: '100.00',
  invoiceTaxAmount: '6.00',
  invoiceTotalPriceTax: '106.00',
  invoiceDate: Date.UTC(2026, 9, 4),
  details: [
    buildDetail({
      goodsCost: '60.00',
      goodsVat: '3.60',
      goodsNum: '2',
      goodsPrice: '30.00000000',
      goodsSum: '63.60',
      taxTaxonomyCode: '3040201',
    }),
    buildDetail({ billNumber: '2', detailRowNo: '2', goodsCost: '-40.00', goodsVat: '-2.40', goodsNum: '-1', goodsPrice: '-40' }),
  ],
});

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
  const response = await app.push(buildPush({ data: [exact, red, other, positiveRed] }), pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
});
after(() => app.close());

interface Csv {
  readonly raw: string;
  readonly header: string[];
  readonly rows: Record<string, string>[];
}

async function exportCsv(query: string, token = reader, file: 'export.csv' | 'export-details.csv' = 'export.csv'): Promise<Csv> {
  const response = await get(app, `/api/openapi/v2/invoices/${file}?${query}`, token)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  assert.equal(response.status, 200, String(response.body));
  assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
  assert.equal(
    response.headers['content-disposition'],
    `attachment; filename=${file === 'export.csv' ? 'invoices.csv' : 'invoice-details.csv'}`,
  );
  const bytes = response.body as Buffer;
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  const raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
  const records = parse(raw, { record_delimiter: '\r\n' }) as string[][];
  const [header = [], ...rest] = records;
  return { raw, header, rows: rest.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']))) };
}

test('when invoices are exported, then the file has a BOM, CRLF lines, Chinese headers and the amounts exactly as stored', async () => {
  const csv = await exportCsv(`sellerTaxNo=${S1}`);
  assert.deepEqual(
    csv.header,
    CSV_COLUMNS.map((column) => column.header),
  );
  assert.deepEqual(csv.header.slice(0, 18), [
    'ID',
    '发票代码',
    '发票号码',
    '发票日期',
    '发票类型',
    '发票类型代码',
    '发票种类',
    '开票状态',
    '红冲状态',
    '销方税号',
    '销方名称',
    '购方单位税号',
    '购方单位名称',
    '发票金额',
    '发票税率',
    '发票税额',
    '价税合计',
    '校验结果',
  ]);
  assert.ok(csv.raw.endsWith('\r\n'));
  assert.equal(csv.raw.split('\r\n').length - 1, 3, 'a header and two rows, each ending in CRLF (the remark holds a bare LF)');
  assert.equal(csv.rows.length, 2);
  const [redRow, row] = csv.rows as [Record<string, string>, Record<string, string>];
  const ids = await app.db.selectFrom('invoices').select(['id', 'invoice_number', 'created_at', 'finding_codes']).execute();
  const stored = ids.find((entry) => entry.invoice_number === exact.invoiceNumber)!;
  assert.ok(stored.finding_codes.length > 0, 'the exact invoice has findings');
  assert.deepEqual(
    { ...row, 入库时间: '', 更新时间: '' },
    {
      ID: `="${stored.id}"`,
      发票代码: '',
      发票号码: '="00000000000000000001"',
      发票日期: '2026-10-01 16:30:00',
      发票类型: '蓝字发票',
      发票类型代码: '="01"',
      发票种类: '全电发票（增值税专用发票）',
      开票状态: '正常',
      红冲状态: '部分红冲',
      销方税号: S1,
      销方名称: '上海示例科技有限公司',
      购方单位税号: '91110105MA01G6XX1X',
      购方单位名称: `'=HYPERLINK("http://example.invalid","点我")`,
      发票金额: '828.30',
      发票税率: '0.13',
      发票税额: '107.679000000000001',
      价税合计: '935.979000000000001',
      校验结果: stored.finding_codes.map((code) => `${code} ${FINDING_TITLES[code as FindingCode]}`).join('；'),
      渠道编码: 'jcsk',
      批次号: row.批次号,
      来源单号: '="+1"',
      原发票代码: '',
      原发票号码: '',
      原流水号: '',
      原发票的红冲状态: '',
      开票日期: '2026-10-02 00:05:09',
      收款人: '',
      复核人: '',
      开票人: '',
      校验码: '',
      特殊票种: '',
      清单标志: '',
      开票说明: '备注, 含逗号 "引号"\n和换行',
      购方开户行及账号: '',
      购方地址及电话: '',
      购买方开户行: '',
      购买方银行账号: '',
      购买方地址: '',
      购买方联系电话: '',
      销方地址电话: '',
      销方银行账号: '',
      销售方开户行: '',
      销售方银行账号: '',
      销售方地址: '',
      销售方联系电话: '',
      第三方系统名称: '',
      第三方系统id: '',
      是否有发票原件: '没有',
      原件地址: '',
      发票预览地址: '',
      扩展字段: '{"n":1,"部门":"财务"}', // jsonb keeps its own key order
      入库时间: '',
      更新时间: '',
      作废时间: '',
    },
  );
  assert.equal(row.入库时间, new Date(stored.created_at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '));
  assert.deepEqual(
    [redRow.发票金额, redRow.发票税额, redRow.价税合计, redRow.发票类型, redRow.红冲状态, redRow.原发票号码],
    ['-100.00', '-6.00', '-106.00', '红字发票', '已关联蓝票', `="${exact.invoiceNumber}"`],
    'negative amounts are not taken for formulas',
  );
});

test('when the CSV columns are listed, then every invoice field has one', () => {
  const keys = new Set(CSV_COLUMNS.map((column) => column.key));
  for (const field of INVOICE_FIELDS) assert.ok(keys.has(field.name as never), `${field.name} has a column`);
  assert.equal(new Set(CSV_COLUMNS.map((column) => column.header)).size, CSV_COLUMNS.length, 'headers are distinct');
});

test('when more invoices than one read batch are exported, then all come once, in the order of the list', async () => {
  const total = EXPORT_BATCH * 2 + 345;
  for (let start = 0; start < total; start += 1000) {
    const data = Array.from({ length: Math.min(1000, total - start) }, (_, index) =>
      // Two invoices share each date, so batch boundaries fall inside ties too.
      buildInvoice({ sellerTaxNo: BULK, invoiceDate: Date.UTC(2025, 0, 1) + Math.floor((start + index) / 2) * 60_000 }),
    );
    const response = await app.push(buildPush({ data }), pusher.accessToken);
    assert.equal(response.status, 200);
  }
  const csv = await exportCsv(`sellerTaxNo=${BULK}`);
  const listed: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Json[]; nextCursor: string | null } = await okValue(
      get(app, `/api/openapi/v2/invoices?sellerTaxNo=${BULK}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, reader),
      'InvoicePage',
    );
    listed.push(...page.items.map((item) => item.id as string));
    cursor = page.nextCursor;
  } while (cursor);
  assert.equal(listed.length, total);
  assert.deepEqual(
    csv.rows.map((row) => row.ID),
    listed.map((id) => `="${id}"`),
  );
  const everything = await exportCsv('');
  assert.equal(everything.rows.length, total + 4);
  // The details file: one row per detail row (one each here), in the same order, across its read batches.
  const details = await exportCsv(`sellerTaxNo=${BULK}`, reader, 'export-details.csv');
  assert.deepEqual(
    details.rows.map((row) => row.ID),
    listed.map((id) => `="${id}"`),
  );
});

test('when an app limited to some sellers exports, then the file holds only their invoices, and naming another seller is refused', async () => {
  const s2 = await app.token({ scopes: ['read'], sellers: [S2] });
  const csv = await exportCsv('', s2);
  assert.deepEqual(
    csv.rows.map((row) => [row.发票号码, row.销方税号]),
    [[`="${other.invoiceNumber}"`, S2]],
  );
  const body = await problem(get(app, `/api/openapi/v2/invoices/export.csv?sellerTaxNo=${S1}`, s2), 403, 'forbidden');
  assert.equal(body.detail, `应用 ${s2.name} 无权查看销方 ${S1} 的发票`);
});

test('when the export is filtered, then it holds what the list holds; bad parameters are a 400 problem, not a file', async () => {
  const csv = await exportCsv('invoiceType=1');
  assert.deepEqual(
    csv.rows.map((row) => row.发票号码),
    [`="${positiveRed.invoiceNumber}"`, `="${red.invoiceNumber}"`],
  );
  const body = await problem(get(app, '/api/openapi/v2/invoices/export.csv?limit=10', reader), 400, 'validation_failed');
  assert.deepEqual(body.errors, [{ parameter: 'limit', message: 'limit：不是本接口的参数' }]);
  await problem(app.http().get('/api/openapi/v2/invoices/export.csv'), 401, 'unauthorized');
});

test('when a red invoice came with positive amounts, then both files write its amounts and quantities negative; the API keeps them', async () => {
  const csv = await exportCsv(`sellerTaxNo=${S3}`);
  assert.deepEqual(
    csv.rows.map((row) => [row.发票类型, row.发票金额, row.发票税率, row.发票税额, row.价税合计, row.原发票号码, row.红冲状态]),
    [['红字发票', '-100.00', '0.06', '-6.00', '-106.00', '="00000042"', '未关联蓝票']],
  );
  const details = await exportCsv(`sellerTaxNo=${S3}`, reader, 'export-details.csv');
  assert.deepEqual(
    details.header,
    DETAIL_CSV_COLUMNS.map((column) => column.header),
  );
  const [id] = csv.rows.map((row) => row.ID);
  const identity = {
    ID: id,
    发票代码: '="011002100111"',
    发票号码: `="${positiveRed.invoiceNumber}"`,
    发票日期: '2026-10-04 08:00:00',
    发票类型: '红字发票',
    发票类型代码: '="026"',
    发票种类: '增值税电子发票',
    开票状态: '正常',
    红冲状态: '未关联蓝票',
    销方税号: S3,
    销方名称: '上海示例科技有限公司',
    购方单位税号: '91110105MA01G6XX1X',
    购方单位名称: '北京文化产业有限公司',
    渠道编码: 'jcsk',
  };
  assert.deepEqual(details.rows, [
    {
      ...identity,
      行号: '1',
      行序号: '="1"',
      唯一标识: '="1"',
      发票行性质: '',
      商品名称: '*信息技术服务*软件开发服务',
      规格型号: '',
      单位: '次',
      商品数量: '-2',
      不含税单价: '30.00000000',
      含税单价: '',
      不含税金额: '-60.00',
      税率: '0.06',
      税额: '-3.60',
      含税金额: '-63.60',
      税收分类编码: '="3040201"',
      优惠政策名称: '',
      优惠政策标识: '',
      零税率标识: '',
    },
    {
      ...identity,
      行号: '2',
      行序号: '="2"',
      唯一标识: '="2"',
      发票行性质: '',
      商品名称: '*信息技术服务*软件开发服务',
      规格型号: '',
      单位: '次',
      商品数量: '-1',
      不含税单价: '40',
      含税单价: '',
      不含税金额: '-40.00',
      税率: '0.06',
      税额: '-2.40',
      含税金额: '',
      税收分类编码: '',
      优惠政策名称: '',
      优惠政策标识: '',
      零税率标识: '',
    },
  ]);
  // The API keeps what the channel sent.
  const view = await okValue<Json>(
    get(app, `/api/openapi/v2/invoices/lookup?invoiceCode=011002100111&invoiceNumber=${positiveRed.invoiceNumber}`, reader),
    'InvoiceViewResponse',
  );
  const invoice = view.invoice as Json;
  assert.deepEqual(
    [invoice.invoiceAmount, invoice.invoiceTotalPriceTax, (view.details as Json[]).map((row) => [row.goodsCost, row.goodsNum])],
    [
      '100.00',
      '106.00',
      [
        ['60.00', '2'],
        ['-40.00', '-1'],
      ],
    ],
  );
});

test('when excel=false, then codes are written as they are, for programs', async () => {
  const csv = await exportCsv(`sellerTaxNo=${S1}&excel=false`);
  assert.deepEqual(
    csv.rows.map((row) => [(row.ID ?? '').startsWith('="'), row.发票号码, row.发票类型代码, row.来源单号]),
    [
      [false, red.invoiceNumber, '026', ''],
      [false, '00000000000000000001', '01', "'+1"],
    ],
  );
  const bad = await problem(get(app, '/api/openapi/v2/invoices/export-details.csv?excel=maybe', reader), 400, 'validation_failed');
  assert.deepEqual(bad.errors, [{ parameter: 'excel', message: 'excel：应为布尔值' }]);
});

test("when the details of an app limited to some sellers are exported, then only their invoices' rows come", async () => {
  const s2 = await app.token({ scopes: ['read'], sellers: [S2] });
  const details = await exportCsv('', s2, 'export-details.csv');
  assert.deepEqual(
    details.rows.map((row) => [row.发票号码, row.行号, row.不含税金额]),
    [[`="${other.invoiceNumber}"`, '1', '100.00']],
  );
  await problem(get(app, `/api/openapi/v2/invoices/export-details.csv?sellerTaxNo=${S1}`, s2), 403, 'forbidden');
});

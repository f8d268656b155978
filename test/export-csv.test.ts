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
import { CSV_COLUMNS } from '../src/invoices/invoices.csv.ts';
import { EXPORT_BATCH } from '../src/invoices/invoices.service.ts';
import { get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Json } from './helpers/builders.ts';

const S1 = '91310000000000001A';
const S2 = '91440300000000002B';
const BULK = '91320000000000003C';

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

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
  const response = await app.push(buildPush({ data: [exact, red, other] }), pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
});
after(() => app.close());

interface Csv {
  readonly raw: string;
  readonly header: string[];
  readonly rows: Record<string, string>[];
}

async function exportCsv(query: string, token = reader): Promise<Csv> {
  const response = await get(app, `/api/openapi/v2/invoices/export.csv?${query}`, token)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  assert.equal(response.status, 200, String(response.body));
  assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
  assert.equal(response.headers['content-disposition'], 'attachment; filename=invoices.csv');
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
  assert.deepEqual(csv.header.slice(0, 16), [
    'ID',
    '发票代码',
    '发票号码',
    '发票日期',
    '发票类型(0蓝票/1红票)',
    '发票类型代码',
    '开票状态(00正常/03作废)',
    '红冲状态',
    '销方税号',
    '销方名称',
    '购方单位税号',
    '购方单位名称',
    '发票金额',
    '发票税率',
    '发票税额',
    '价税合计',
  ]);
  assert.ok(csv.raw.endsWith('\r\n'));
  assert.equal(csv.raw.split('\r\n').length - 1, 3, 'a header and two rows, each ending in CRLF (the remark holds a bare LF)');
  assert.equal(csv.rows.length, 2);
  const [redRow, row] = csv.rows as [Record<string, string>, Record<string, string>];
  const ids = await app.db.selectFrom('invoices').select(['id', 'invoice_number', 'created_at']).execute();
  const stored = ids.find((entry) => entry.invoice_number === exact.invoiceNumber)!;
  assert.deepEqual(
    { ...row, 入库时间: '', 更新时间: '' },
    {
      ID: stored.id,
      发票代码: '',
      发票号码: '00000000000000000001',
      发票日期: '2026-10-01 16:30:00',
      '发票类型(0蓝票/1红票)': '0',
      发票类型代码: '01',
      '开票状态(00正常/03作废)': '00',
      红冲状态: 'partial',
      销方税号: S1,
      销方名称: '上海示例科技有限公司',
      购方单位税号: '91110105MA01G6XX1X',
      购方单位名称: `'=HYPERLINK("http://example.invalid","点我")`,
      发票金额: '828.30',
      发票税率: '0.13',
      发票税额: '107.679000000000001',
      价税合计: '935.979000000000001',
      渠道编码: 'jcsk',
      批次号: row.批次号,
      来源单号: "'+1",
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
      '是否有发票原件(0否/1是)': '0',
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
    [redRow.发票金额, redRow.发票税额, redRow.价税合计, redRow['发票类型(0蓝票/1红票)'], redRow.红冲状态, redRow.原发票号码],
    ['-100.00', '-6.00', '-106.00', '1', 'linked', exact.invoiceNumber],
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
    listed,
  );
  const everything = await exportCsv('');
  assert.equal(everything.rows.length, total + 3);
});

test('when an app limited to some sellers exports, then the file holds only their invoices, and naming another seller is refused', async () => {
  const s2 = await app.token({ scopes: ['read'], sellers: [S2] });
  const csv = await exportCsv('', s2);
  assert.deepEqual(
    csv.rows.map((row) => [row.发票号码, row.销方税号]),
    [[other.invoiceNumber, S2]],
  );
  const body = await problem(get(app, `/api/openapi/v2/invoices/export.csv?sellerTaxNo=${S1}`, s2), 403, 'forbidden');
  assert.equal(body.detail, `app ${s2.name} may not read the invoices of seller ${S1}`);
});

test('when the export is filtered, then it holds what the list holds; bad parameters are a 400 problem, not a file', async () => {
  const csv = await exportCsv('invoiceType=1');
  assert.deepEqual(
    csv.rows.map((row) => row.发票号码),
    [red.invoiceNumber],
  );
  const body = await problem(get(app, '/api/openapi/v2/invoices/export.csv?limit=10', reader), 400, 'validation_failed');
  assert.deepEqual(body.errors, [{ parameter: 'limit', message: 'is not a parameter of this operation' }]);
  await problem(app.http().get('/api/openapi/v2/invoices/export.csv'), 401, 'unauthorized');
});

/**
 * Bad input gets a clear 4xx in the one problem shape, naming the field and
 * the reason, and changes nothing in the database.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, rawDetail, rawInvoice, rawPush } from './helpers/builders.ts';
import { tableCounts } from './helpers/database.ts';

let app: TestApp;
let token: TestToken;

const BODY_LIMIT = 64 * 1024;
const DECIMAL = '应为十进制数，如 "828.30"（不用科学计数法；小数点前最多 16 位，后最多 15 位）';

before(async () => {
  app = await startTestApp({ bodyLimitBytes: BODY_LIMIT });
  token = await app.token();
});
after(() => app.close());

interface Expected {
  status: number;
  code: string;
  errors?: { pointer: string; message: string; label?: string; value?: unknown }[];
  detail?: RegExp | string;
}

/** Sends the request, checks the problem document, and checks that no table changed. */
async function refused(
  send: () => PromiseLike<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>,
  expected: Expected,
) {
  const before = await tableCounts(app.database);
  const response = await send();
  assert.equal(response.status, expected.status, JSON.stringify(response.body));
  assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
  const { requestId, detail, errors, ...rest } = response.body;
  assert.deepEqual(rest, {
    type: `urn:fapiao-hub:problem:${expected.code}`,
    title: rest.title,
    status: expected.status,
    code: expected.code,
  });
  assert.equal(typeof rest.title, 'string');
  assert.equal(requestId, response.headers['x-request-id']);
  assert.equal(typeof detail, 'string');
  if (typeof expected.detail === 'string') assert.equal(detail, expected.detail);
  else if (expected.detail) assert.match(detail as string, expected.detail);
  if (expected.errors) assert.deepEqual(errors, expected.errors);
  assert.doesNotMatch(JSON.stringify(response.body), /at .*\.ts:\d+|select |insert /i, 'no stack or SQL leaks');
  assert.deepEqual(await tableCounts(app.database), before, 'nothing changed');
  return response;
}

/** Sends bytes exactly (supertest would serialise a Buffer as JSON). */
function rawPost(path: string, bytes: Buffer) {
  return new Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>((resolve, reject) => {
    const request = http.request(`${app.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          headers: response.headers as Record<string, string>,
        }),
      );
    });
    request.on('error', reject);
    request.end(bytes);
  });
}

const pushRaw =
  (body: string, type = 'application/json') =>
  () =>
    app.http().post(`/api/openapi/v2/invoicing?accessToken=${token.accessToken}`).set('Content-Type', type).send(body);

test("when the JSON is malformed, then 400 bad_json says in Chinese where (the parser's words in English)", async () => {
  await refused(pushRaw('{"channelCode": "jcsk", '), {
    status: 400,
    code: 'bad_json',
    detail: '请求体不是合法的 JSON（在第 24 个字符后意外结束）',
  });
  await refused(pushRaw('{"channelCode": 渠道}'), { status: 400, code: 'bad_json', detail: '请求体不是合法的 JSON（第 17 个字符附近）' });
  const english = await pushRaw('{"channelCode": "jcsk", ')().set('Accept-Language', 'en');
  assert.equal(english.body.detail, 'the body is not valid JSON: Quoted object key expected but reached end of input at position 24');
});

test('when the body is not JSON, then 415', async () => {
  await refused(pushRaw('channelCode=jcsk', 'application/x-www-form-urlencoded'), { status: 415, code: 'unsupported_media_type' });
  await refused(pushRaw('{}', 'text/plain'), { status: 415, code: 'unsupported_media_type' });
  await refused(pushRaw('{}', 'application/json; charset=gbk'), {
    status: 415,
    code: 'unsupported_media_type',
    detail: '请求体须为 UTF-8 编码的 JSON，不是 gbk',
  });
});

test('when the body is not valid UTF-8, then 400', async () => {
  const bytes = Buffer.concat([Buffer.from('{"channelCode":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  await refused(() => rawPost(`/api/openapi/v2/invoicing?accessToken=${token.accessToken}`, bytes), {
    status: 400,
    code: 'bad_json',
    detail: '请求体不是合法的 UTF-8 编码',
  });
});

test('when the body is over the limit, then 413', async () => {
  const body = JSON.stringify(buildPush({ rejectMsg: 'x'.repeat(BODY_LIMIT) }));
  await refused(pushRaw(body), { status: 413, code: 'payload_too_large' });
});

test('when fields fail the schema, then 400 lists every failing field by JSON Pointer', async () => {
  const { sellerTaxNo: _absent, ...invoice } = rawInvoice({
    invoiceType: 2,
    invoiceTypeCode: '999',
    invoicingStatus: '01',
    originals: 3,
    invoiceAmount: 'abc',
    details: [buildDetail(), rawDetail({ goodsVat: undefined, invRowType: 5, goodsCost: '1.2.3' })],
  });
  await refused(pushRaw(JSON.stringify(rawPush({ data: [invoice] }))), {
    status: 400,
    code: 'validation_failed',
    detail:
      '销方税号(data[0].sellerTaxNo)：必填；发票类型(data[0].invoiceType)：应为 0、1 之一（0 为正数流水单; 1 为负数流水单）；' +
      '发票类型代码(data[0].invoiceTypeCode)：应为 004、007、026、028、01、02 之一（004：增值税专用发票；007：增值税普通发票；' +
      '026：增值税电子发票；028：增值税电子专用发票；01：全电发票（增值税专用发票）；02：全电发票（普通发票））；' +
      '是否有发票原件(data[0].originals)：应为 0、1 之一（0-没有；1-有）；' +
      '开票状态(data[0].invoicingStatus)：应为 00、03 之一（00 发票开具成功；03 已开发票作废成功）；等 9 处',
    errors: [
      { pointer: '/data/0/sellerTaxNo', label: '销方税号', message: '销方税号(data[0].sellerTaxNo)：必填' },
      {
        pointer: '/data/0/invoiceType',
        label: '发票类型',
        message: '发票类型(data[0].invoiceType)：应为 0、1 之一（0 为正数流水单; 1 为负数流水单）',
        value: 2,
      },
      {
        pointer: '/data/0/invoiceTypeCode',
        label: '发票类型代码',
        message:
          '发票类型代码(data[0].invoiceTypeCode)：应为 004、007、026、028、01、02 之一（004：增值税专用发票；007：增值税普通发票；' +
          '026：增值税电子发票；028：增值税电子专用发票；01：全电发票（增值税专用发票）；02：全电发票（普通发票））',
        value: '999',
      },
      {
        pointer: '/data/0/originals',
        label: '是否有发票原件',
        message: '是否有发票原件(data[0].originals)：应为 0、1 之一（0-没有；1-有）',
        value: 3,
      },
      {
        pointer: '/data/0/invoicingStatus',
        label: '开票状态',
        message: '开票状态(data[0].invoicingStatus)：应为 00、03 之一（00 发票开具成功；03 已开发票作废成功）',
        value: '01',
      },
      { pointer: '/data/0/invoiceAmount', label: '发票金额', message: `发票金额(data[0].invoiceAmount)：${DECIMAL}`, value: 'abc' },
      { pointer: '/data/0/details/1/goodsVat', label: '税额', message: '税额(data[0].details[1].goodsVat)：必填' },
      {
        pointer: '/data/0/details/1/goodsCost',
        label: '不含税金额',
        message: `不含税金额(data[0].details[1].goodsCost)：${DECIMAL}`,
        value: '1.2.3',
      },
      {
        pointer: '/data/0/details/1/invRowType',
        label: '发票行性质',
        message: '发票行性质(data[0].details[1].invRowType)：应为 0、1、2 之一（0 正常行; 1 折扣行; 2 被折扣行）',
        value: 5,
      },
    ],
  });
});

test('when result is 0 without invoices, or an invoice has no detail rows, then 400', async () => {
  await refused(pushRaw(JSON.stringify({ channelCode: 'jcsk' })), {
    status: 400,
    code: 'validation_failed',
    detail: '发票数据(data)：必填',
    errors: [{ pointer: '/data', label: '发票数据', message: '发票数据(data)：必填' }],
  });
  await refused(pushRaw(JSON.stringify({ channelCode: 'jcsk', result: 0, data: [] })), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data', label: '发票数据', message: '发票数据(data)：至少 1 项', value: '[]' }],
  });
  await refused(pushRaw(JSON.stringify(buildPush({ data: [buildInvoice({ details: [] })] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data/0/details', label: '发票明细', message: '发票明细(data[0].details)：至少 1 项', value: '[]' }],
  });
});

test('when result is not 0, 1 or 2, or channelCode is missing, then 400', async () => {
  await refused(pushRaw(JSON.stringify({ result: 7, data: [buildInvoice()] })), {
    status: 400,
    code: 'validation_failed',
    errors: [
      { pointer: '/channelCode', label: '渠道编码', message: '渠道编码(channelCode)：必填' },
      {
        pointer: '/result',
        label: '开票结果',
        message: '开票结果(result)：应为 0、1、2 之一（0-开票成功; 1-开票驳回; 2-开票中）',
        value: 7,
      },
    ],
  });
});

test('when goodsCost and goodsSum are both zero, then 400 names the row', async () => {
  const invoice = buildInvoice({ details: [buildDetail(), buildDetail({ goodsCost: '0.00', goodsSum: '0' })] });
  await refused(pushRaw(JSON.stringify(buildPush({ data: [invoice] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [
      {
        pointer: '/data/0/details/1/goodsCost',
        label: '不含税金额',
        message: '不含税金额(data[0].details[1].goodsCost)：含税金额和不含税金额不能同时为 0',
        value: '0.00',
      },
    ],
  });
});

test('when the same invoice appears twice in one push, then 400', async () => {
  const invoice = buildInvoice();
  await refused(pushRaw(JSON.stringify(buildPush({ data: [invoice, buildInvoice(), { ...invoice }] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [
      {
        pointer: '/data/2/invoiceNumber',
        label: '发票号码',
        message: '发票号码(data[2].invoiceNumber)：与 data[0] 是同一张发票（发票代码 + 发票号码），一次推送中只能出现一次',
        value: invoice.invoiceNumber,
      },
    ],
  });
});

test('when the second invoice is invalid, then nothing of the push is stored', async () => {
  const bad = buildInvoice({ invoiceAmount: '1e5' });
  await refused(pushRaw(JSON.stringify(buildPush({ data: [buildInvoice(), bad] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data/1/invoiceAmount', label: '发票金额', message: `发票金额(data[1].invoiceAmount)：${DECIMAL}`, value: '1e5' }],
  });
});

test('when strings hold NUL characters or unpaired surrogates, then 400 names them', async () => {
  const body = JSON.stringify(rawPush({ data: [rawInvoice({ buyerName: 'a\u0000b', ext: { note: 'x\ud800y', 'k\u0000': 1 } })] }));
  await refused(pushRaw(body), {
    status: 400,
    code: 'validation_failed',
    errors: [
      {
        pointer: '/data/0/buyerName',
        label: '购方单位名称',
        message: '购方单位名称(data[0].buyerName)：不能含 NUL 字符（\\u0000）',
        value: 'a\u0000b',
      },
      {
        pointer: '/data/0/ext/note',
        label: '扩展字段',
        message: '扩展字段(data[0].ext.note)：不能含不成对的 UTF-16 代理字符',
        value: 'x\ud800y',
      },
      { pointer: '/data/0/ext/k\u0000', label: '扩展字段', message: '扩展字段(data[0].ext.k\u0000)：不能含 NUL 字符（\\u0000）', value: 1 },
    ],
  });
});

test('when __proto__ or constructor keys are sent, then they are plain data and cannot pollute anything', async () => {
  const number = buildInvoice().invoiceNumber;
  const body = `{"channelCode":"jcsk","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"data":[${JSON.stringify(
    buildInvoice({ invoiceNumber: number }),
  )
    .replace('"ext":', '"x":')
    .replace(/}$/, ',"ext":{"__proto__":{"admin":true},"constructor":1}}')}]}`;
  const response = await app.push(body, token.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
  const invoice = await app.db.selectFrom('invoices').select('ext').where('invoice_number', '=', number).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(JSON.stringify(invoice.ext)), JSON.parse('{"__proto__":{"admin":true},"constructor":1}'));
});

test('when numbers are huge, then 400 naming the field, never a 5xx', async () => {
  const huge = `1${'0'.repeat(400)}`;
  const body = `{"channelCode":"jcsk","result":${huge},"data":[]}`;
  await refused(pushRaw(body), {
    status: 400,
    code: 'validation_failed',
    errors: [
      {
        pointer: '/result',
        label: '开票结果',
        message: '开票结果(result)：应为 0、1、2 之一（0-开票成功; 1-开票驳回; 2-开票中）',
        value: `1${'0'.repeat(39)}…（共 401 个字符）`,
      },
    ],
  });
  const amount = JSON.stringify(rawPush({ data: [rawInvoice({ invoiceAmount: 0 })] })).replace(
    '"invoiceAmount":0',
    `"invoiceAmount":${huge}`,
  );
  await refused(pushRaw(amount), {
    status: 400,
    code: 'validation_failed',
    errors: [
      {
        pointer: '/data/0/invoiceAmount',
        label: '发票金额',
        message: `发票金额(data[0].invoiceAmount)：${DECIMAL}`,
        value: `1${'0'.repeat(39)}…（共 401 个字符）`,
      },
    ],
  });
});

test('when ext nests deeper than 32 levels, then 400 and no crash; within the limit it is stored', async () => {
  const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const body = JSON.stringify(buildPush({ data: [buildInvoice({ ext: {} })] })).replace('"ext":{}', `"ext":${deep}`);
  await refused(pushRaw(body), {
    status: 400,
    code: 'bad_json',
    detail: '请求体嵌套超过 32 层',
    errors: [{ pointer: `/data/0/ext${'/a'.repeat(29)}`, message: `data[0].ext${'.a'.repeat(29)}：嵌套超过 32 层` }],
  });
  // The same inside data sent as a JSON string: the pointer goes on into the string's array.
  const deepString = JSON.stringify({ channelCode: 'jcsk', result: 0, data: `${'['.repeat(10_000)}${']'.repeat(10_000)}` });
  await refused(pushRaw(deepString), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: `/data${'/0'.repeat(31)}`, label: '发票数据', message: `发票数据(data${'[0]'.repeat(31)})：嵌套超过 32 层` }],
  });
  const moderate = `${'{"a":'.repeat(20)}1${'}'.repeat(20)}`;
  const body2 = JSON.stringify(buildPush({ data: [buildInvoice({ ext: {} })] })).replace('"ext":{}', `"ext":${moderate}`);
  const response = await app.push(body2, token.accessToken);
  assert.equal(response.status, 200);
  const data = JSON.parse(body2).data[0];
  const stored = await app.db
    .selectFrom('invoices')
    .select('ext')
    .where('invoice_number', '=', data.invoiceNumber)
    .executeTakeFirstOrThrow();
  assert.deepEqual(stored.ext, data.ext);
});

test('when types are wrong anywhere, then 400 names each field', async () => {
  const body = rawPush({
    channelCode: 12,
    serialNo: ['x'],
    data: [rawInvoice({ buyerName: true, invoiceDate: 'yesterday', details: {}, ext: 'x' })],
  });
  await refused(pushRaw(JSON.stringify(body)), {
    status: 400,
    code: 'validation_failed',
    errors: [
      { pointer: '/channelCode', label: '渠道编码', message: '渠道编码(channelCode)：应为字符串', value: 12 },
      { pointer: '/serialNo', label: '批次号', message: '批次号(serialNo)：应为字符串', value: '["x"]' },
      { pointer: '/data/0/buyerName', label: '购方单位名称', message: '购方单位名称(data[0].buyerName)：应为字符串', value: true },
      {
        pointer: '/data/0/invoiceDate',
        label: '发票日期',
        message: '发票日期(data[0].invoiceDate)：应为毫秒时间戳（自 1970-01-01 起的毫秒数，2100 年以前），如 1619539200000',
        value: 'yesterday',
      },
      { pointer: '/data/0/ext', label: '扩展字段', message: '扩展字段(data[0].ext)：应为对象', value: 'x' },
      { pointer: '/data/0/details', label: '发票明细', message: '发票明细(data[0].details)：应为数组', value: '{}' },
    ],
  });
  await refused(pushRaw('[1,2]'), {
    status: 400,
    code: 'validation_failed',
    detail: '请求体：应为对象',
    errors: [{ pointer: '', label: '请求体', message: '请求体：应为对象', value: '[1,2]' }],
  });
  await refused(pushRaw('null'), { status: 400, code: 'validation_failed' });
  await refused(pushRaw('"text"'), { status: 400, code: 'validation_failed' });
});

test('when there is no body, then 400', async () => {
  await refused(() => app.http().post(`/api/openapi/v2/invoicing?accessToken=${token.accessToken}`), {
    status: 400,
    code: 'bad_json',
    detail: '缺少请求体（JSON）',
    errors: [{ pointer: '', message: '请求体：必填' }],
  });
});

test('when a route does not exist, then 404 in the same shape', async () => {
  await refused(() => app.http().get('/api/openapi/v2/nothing'), { status: 404, code: 'not_found' });
});

test('when a known path is asked with a method it does not take, then 405 with Allow, in the same shape', async () => {
  const get = await refused(() => app.http().get('/api/openapi/v2/invoicing'), {
    status: 405,
    code: 'method_not_allowed',
    detail: '/api/openapi/v2/invoicing 不接受 GET，只接受 POST',
  });
  assert.equal(get.headers.allow, 'POST');
  const remove = await refused(() => app.http().delete(`/api/openapi/v2/invoices/1?accessToken=${token.accessToken}`), {
    status: 405,
    code: 'method_not_allowed',
    detail: '/api/openapi/v2/invoices/1 不接受 DELETE，只接受 GET, HEAD',
  });
  assert.equal(remove.headers.allow, 'GET, HEAD');
  const session = await refused(() => app.http().put('/api/console/session'), { status: 405, code: 'method_not_allowed' });
  assert.equal(session.headers.allow, 'DELETE, GET, HEAD, POST');
});

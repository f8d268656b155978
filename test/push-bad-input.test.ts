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

before(async () => {
  app = await startTestApp({ bodyLimitBytes: BODY_LIMIT });
  token = await app.token();
});
after(() => app.close());

interface Expected {
  status: number;
  code: string;
  errors?: { pointer: string; message: string }[];
  detail?: RegExp;
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
  if (expected.detail) assert.match(detail as string, expected.detail);
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

test('when the JSON is malformed, then 400 bad_json', async () => {
  await refused(pushRaw('{"channelCode": "jcsk", '), { status: 400, code: 'bad_json', detail: /not valid JSON/ });
});

test('when the body is not JSON, then 415', async () => {
  await refused(pushRaw('channelCode=jcsk', 'application/x-www-form-urlencoded'), { status: 415, code: 'unsupported_media_type' });
  await refused(pushRaw('{}', 'text/plain'), { status: 415, code: 'unsupported_media_type' });
  await refused(pushRaw('{}', 'application/json; charset=gbk'), { status: 415, code: 'unsupported_media_type', detail: /gbk/ });
});

test('when the body is not valid UTF-8, then 400', async () => {
  const bytes = Buffer.concat([Buffer.from('{"channelCode":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  await refused(() => rawPost(`/api/openapi/v2/invoicing?accessToken=${token.accessToken}`, bytes), {
    status: 400,
    code: 'bad_json',
    detail: /UTF-8/,
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
    errors: [
      { pointer: '/data/0/sellerTaxNo', message: 'is required' },
      { pointer: '/data/0/invoiceType', message: 'must be one of 0, 1' },
      { pointer: '/data/0/invoiceTypeCode', message: 'must be one of "004", "007", "026", "028", "01", "02"' },
      { pointer: '/data/0/originals', message: 'must be one of 0, 1' },
      { pointer: '/data/0/invoicingStatus', message: 'must be one of "00", "03"' },
      { pointer: '/data/0/invoiceAmount', message: 'must be a decimal number written out, such as "828.30"' },
      { pointer: '/data/0/details/1/goodsVat', message: 'is required' },
      { pointer: '/data/0/details/1/goodsCost', message: 'must be a decimal number written out, such as "828.30"' },
      { pointer: '/data/0/details/1/invRowType', message: 'must be one of 0, 1, 2' },
    ],
  });
});

test('when result is 0 without invoices, or an invoice has no detail rows, then 400', async () => {
  await refused(pushRaw(JSON.stringify({ channelCode: 'jcsk' })), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data', message: 'is required' }],
  });
  await refused(pushRaw(JSON.stringify({ channelCode: 'jcsk', result: 0, data: [] })), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data', message: 'must NOT have fewer than 1 items' }],
  });
  await refused(pushRaw(JSON.stringify(buildPush({ data: [buildInvoice({ details: [] })] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data/0/details', message: 'must NOT have fewer than 1 items' }],
  });
});

test('when result is not 0, 1 or 2, or channelCode is missing, then 400', async () => {
  await refused(pushRaw(JSON.stringify({ result: 7, data: [buildInvoice()] })), {
    status: 400,
    code: 'validation_failed',
    errors: [
      { pointer: '/channelCode', message: 'is required' },
      { pointer: '/result', message: 'must be one of 0, 1, 2' },
    ],
  });
});

test('when goodsCost and goodsSum are both zero, then 400 names the row', async () => {
  const invoice = buildInvoice({ details: [buildDetail(), buildDetail({ goodsCost: '0.00', goodsSum: '0' })] });
  await refused(pushRaw(JSON.stringify(buildPush({ data: [invoice] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data/0/details/1/goodsCost', message: 'goodsCost and goodsSum must not both be zero' }],
  });
});

test('when the same invoice appears twice in one push, then 400', async () => {
  const invoice = buildInvoice();
  await refused(pushRaw(JSON.stringify(buildPush({ data: [invoice, buildInvoice(), { ...invoice }] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data/2/invoiceNumber', message: 'repeats the invoice at /data/0' }],
  });
});

test('when the second invoice is invalid, then nothing of the push is stored', async () => {
  const bad = buildInvoice({ invoiceAmount: '1e5' });
  await refused(pushRaw(JSON.stringify(buildPush({ data: [buildInvoice(), bad] }))), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: '/data/1/invoiceAmount', message: 'must be a decimal number written out, such as "828.30"' }],
  });
});

test('when strings hold NUL characters or unpaired surrogates, then 400 names them', async () => {
  const body = JSON.stringify(rawPush({ data: [rawInvoice({ buyerName: 'a\u0000b', ext: { note: 'x\ud800y', 'k\u0000': 1 } })] }));
  await refused(pushRaw(body), {
    status: 400,
    code: 'validation_failed',
    errors: [
      { pointer: '/data/0/buyerName', message: 'must not contain NUL characters (\\u0000)' },
      { pointer: '/data/0/ext/note', message: 'must not contain unpaired UTF-16 surrogates' },
      { pointer: '/data/0/ext/k\u0000', message: 'must not contain NUL characters (\\u0000)' },
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
      { pointer: '/result', message: 'must be an integer' },
      { pointer: '/result', message: 'must be one of 0, 1, 2' },
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
      { pointer: '/data/0/invoiceAmount', message: 'must NOT have more than 33 characters' },
      { pointer: '/data/0/invoiceAmount', message: 'must be a decimal number written out, such as "828.30"' },
    ],
  });
});

test('when ext nests deeper than 32 levels, then 400 and no crash; within the limit it is stored', async () => {
  const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const body = JSON.stringify(buildPush({ data: [buildInvoice({ ext: {} })] })).replace('"ext":{}', `"ext":${deep}`);
  await refused(pushRaw(body), {
    status: 400,
    code: 'bad_json',
    detail: /deeper than 32 levels/,
    errors: [{ pointer: `/data/0/ext${'/a'.repeat(29)}`, message: 'nests deeper than 32 levels' }],
  });
  // The same inside data sent as a JSON string: the pointer goes on into the string's array.
  const deepString = JSON.stringify({ channelCode: 'jcsk', result: 0, data: `${'['.repeat(10_000)}${']'.repeat(10_000)}` });
  await refused(pushRaw(deepString), {
    status: 400,
    code: 'validation_failed',
    errors: [{ pointer: `/data${'/0'.repeat(31)}`, message: 'nests deeper than 32 levels' }],
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
      { pointer: '/channelCode', message: 'must be a string' },
      { pointer: '/serialNo', message: 'must be a string' },
      { pointer: '/data/0/buyerName', message: 'must be a string' },
      { pointer: '/data/0/invoiceDate', message: 'must be an integer' },
      { pointer: '/data/0/ext', message: 'must be an object' },
      { pointer: '/data/0/details', message: 'must be an array' },
    ],
  });
  await refused(pushRaw('[1,2]'), { status: 400, code: 'validation_failed', errors: [{ pointer: '', message: 'must be an object' }] });
  await refused(pushRaw('null'), { status: 400, code: 'validation_failed' });
  await refused(pushRaw('"text"'), { status: 400, code: 'validation_failed' });
});

test('when there is no body, then 400', async () => {
  await refused(() => app.http().post(`/api/openapi/v2/invoicing?accessToken=${token.accessToken}`), {
    status: 400,
    code: 'bad_json',
    detail: /required/,
    errors: [{ pointer: '', message: 'is required' }],
  });
});

test('when a route does not exist, then 404 in the same shape', async () => {
  await refused(() => app.http().get('/api/openapi/v2/nothing'), { status: 404, code: 'not_found' });
});

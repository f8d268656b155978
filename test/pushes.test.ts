/**
 * GET /api/openapi/v2/invoicing/pushes (and /{id}, /{id}/body): support
 * finds any push, with or without a serialNo, by channel, time, result,
 * batch number and outcome, in keyset pages; sees what it changed (its
 * history entries, its batch), says so when it changed nothing, and gets
 * the body exactly as received with its Content-Type. An app limited to
 * sellers sees only what concerns them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, type Json, PUSH_EXAMPLE } from './helpers/builders.ts';

const S1 = '91310000000000001A';
const S2 = '91440300000000002B';

let app: TestApp;
let pusher: TestToken;
let reader: TestToken;
let sellerOne: TestToken;

before(async () => {
  app = await startTestApp();
  pusher = await app.token({ scopes: ['push'] });
  reader = await app.token({ scopes: ['read'] });
  sellerOne = await app.token({ scopes: ['read'], sellers: [S1] });
});
after(() => app.close());

/** A channel of its own for each test, so that its lists hold only its pushes. */
function channel(): string {
  return `sup-${randomUUID().slice(0, 8)}`;
}

/** Pushes a body (text sent as is) with a Content-Type; returns the request id. */
async function push(body: string | Json, contentType = 'application/json'): Promise<string> {
  const response = await app
    .http()
    .post(`/api/openapi/v2/invoicing?accessToken=${pusher.accessToken}`)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return String(response.headers['x-request-id']);
}

async function list(query: string, token = reader): Promise<{ items: Json[]; nextCursor: string | null }> {
  return okValue(get(app, `/api/openapi/v2/invoicing/pushes?${query}`, token), 'PushPage');
}

const changes = (counts: Partial<Record<'created' | 'updated' | 'voided' | 'unchanged' | 'ignored', number>>) => ({
  created: 0,
  updated: 0,
  voided: 0,
  unchanged: 0,
  ignored: 0,
  ...counts,
});

/** The stored row of a push. */
async function stored(id: string) {
  return app.db
    .selectFrom('pushes')
    .select(['channel_code', 'serial_no', 'result', 'request_id', 'body', 'content_type', 'received_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

test("when the spec's example (no serialNo) is pushed, then support finds it by channel and reads its body byte for byte", async () => {
  const code = channel();
  const body = PUSH_EXAMPLE.replace('"channelCode": "jcsk"', `"channelCode": "${code}"`);
  const requestId = await push(body, 'application/json; charset=utf-8');
  const page = await list(`channelCode=${code}`);
  assert.equal(page.items.length, 1);
  const record = page.items[0] as Json;
  const row = await stored(record.id as string);
  assert.deepEqual(page, {
    items: [
      {
        id: record.id,
        receivedAt: row.received_at.getTime(),
        receivedAtIso: row.received_at.toISOString(),
        channelCode: code,
        serialNo: null,
        result: 0,
        rejectMsg: null,
        appName: pusher.name,
        requestId,
        invoiceCount: 1,
        contentType: 'application/json; charset=utf-8',
        bodyBytes: Buffer.byteLength(body, 'utf8'),
        changes: changes({ created: 1 }),
        batch: null,
        outcome: 'changed',
        summary: '新增 1 张',
      },
    ],
    nextCursor: null,
  });
  assert.deepEqual([row.body, row.content_type, row.request_id], [body, 'application/json; charset=utf-8', requestId]);

  const view = await okValue<Json>(get(app, `/api/openapi/v2/invoicing/pushes/${record.id}`, reader), 'PushViewResponse');
  const invoice = await app.db
    .selectFrom('invoices')
    .select('id')
    .where('invoice_number', '=', '89429424')
    .where('channel_code', '=', code)
    .executeTakeFirstOrThrow();
  assert.deepEqual(view, {
    push: record,
    entries: [
      {
        invoiceId: invoice.id,
        invoiceCode: '0120020004xxx',
        invoiceNumber: '89429424',
        position: 0,
        change: 'created',
        invoicingStatus: '00',
      },
    ],
    body,
    bodyWithheld: false,
  });

  const raw = await get(app, `/api/openapi/v2/invoicing/pushes/${record.id}/body`, reader)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  assert.equal(raw.status, 200);
  assert.equal(raw.headers['content-type'], 'application/json; charset=utf-8');
  assert.ok(Buffer.from(body, 'utf8').equals(raw.body as Buffer), 'the same bytes');
});

test('when a push changes nothing, then it says so: unchanged invoices, a batch state that cannot move back', async () => {
  const code = channel();
  const invoice = buildInvoice({ sellerTaxNo: S1 });
  await push(buildPush({ channelCode: code, serialNo: 'B-1', result: 0, data: [invoice] }));
  await push(buildPush({ channelCode: code, serialNo: 'B-1', result: 2, data: [invoice] }));
  await push(buildPush({ channelCode: code, serialNo: 'B-1', result: 0, data: [{ ...invoice, invoicingStatus: '03' }] }));
  await push(buildPush({ channelCode: code, serialNo: 'B-1', result: 0, data: [invoice] }));
  await push({ channelCode: code, serialNo: 'B-2', result: 2 });
  await push({ channelCode: code, serialNo: 'B-2', result: 2 });
  await push({ channelCode: code, serialNo: 'B-2', result: 1, rejectMsg: '额度不足' });

  const { items } = await list(`channelCode=${code}&limit=500`);
  assert.deepEqual(
    items.map((item) => [item.serialNo, item.result, item.changes, item.batch, item.outcome, item.summary]),
    [
      ['B-2', 1, changes({}), { effect: 'moved', resultBefore: 2, resultAfter: 1 }, 'changed', '批次状态 开票中 → 开票驳回'],
      ['B-2', 2, changes({}), { effect: 'kept', resultBefore: 2, resultAfter: 2 }, 'unchanged', '未改变任何内容：批次状态不变：开票中'],
      ['B-2', 2, changes({}), { effect: 'created', resultBefore: null, resultAfter: 2 }, 'changed', '批次新建：开票中'],
      [
        'B-1',
        0,
        changes({ ignored: 1 }),
        { effect: 'kept', resultBefore: 0, resultAfter: 0 },
        'unchanged',
        '未改变任何内容：已作废、不再恢复而忽略 1 张；批次状态不变：开票成功',
      ],
      [
        'B-1',
        0,
        changes({ voided: 1 }),
        { effect: 'kept', resultBefore: 0, resultAfter: 0 },
        'changed',
        '作废 1 张；批次状态不变：开票成功',
      ],
      [
        'B-1',
        2,
        changes({ unchanged: 1 }),
        { effect: 'not_moved_back', resultBefore: 0, resultAfter: 0 },
        'unchanged',
        '未改变任何内容：重复推送无变化 1 张；批次状态已是开票成功，不能回退到开票中',
      ],
      [
        'B-1',
        0,
        changes({ created: 1 }),
        { effect: 'created', resultBefore: null, resultAfter: 0 },
        'changed',
        '新增 1 张；批次新建：开票成功',
      ],
    ],
  );
  const batch = await app.db
    .selectFrom('batches')
    .select(['result', 'reject_msg'])
    .where('channel_code', '=', code)
    .where('serial_no', '=', 'B-1')
    .executeTakeFirstOrThrow();
  assert.deepEqual(batch, { result: 0, reject_msg: null }, 'the batch did not move back');

  // The filters: outcome, result, serialNo, time.
  const ids = (page: { items: Json[] }) => page.items.map((item) => item.id);
  const all = ids({ items });
  assert.deepEqual(ids(await list(`channelCode=${code}&outcome=unchanged`)), [all[1], all[3], all[5]]);
  assert.deepEqual(ids(await list(`channelCode=${code}&outcome=changed&serialNo=B-1`)), [all[4], all[6]]);
  assert.deepEqual(ids(await list(`channelCode=${code}&result=2`)), [all[1], all[2], all[5]]);
  assert.deepEqual(ids(await list(`serialNo=B-2&channelCode=${code}&result=1`)), [all[0]]);
  assert.deepEqual(ids(await list(`channelCode=${code}&receivedFrom=${Date.now() + 60_000}`)), []);
  assert.deepEqual(ids(await list(`channelCode=${code}&receivedTo=2026-01-01`)), []);

  // Keyset pages of 2 walk the same list.
  const walked: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Json[]; nextCursor: string | null } = await list(
      `channelCode=${code}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    walked.push(...ids(page));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual(walked, all);
});

test('when an app is limited to sellers, then it sees only pushes that carried its invoices, counts only those, and no foreign body', async () => {
  const code = channel();
  const mine = buildInvoice({ sellerTaxNo: S1 });
  const theirs = buildInvoice({ sellerTaxNo: S2 });
  await push(buildPush({ channelCode: code, serialNo: 'M-1', data: [theirs, mine] }));
  await push(buildPush({ channelCode: code, serialNo: 'M-2', data: [buildInvoice({ sellerTaxNo: S2 })] }));
  await push(buildPush({ channelCode: code, serialNo: 'M-3', data: [buildInvoice({ sellerTaxNo: S1 })] }));

  const everything = await list(`channelCode=${code}`);
  assert.deepEqual(
    everything.items.map((item) => [item.serialNo, (item.changes as Json).created]),
    [
      ['M-3', 1],
      ['M-2', 1],
      ['M-1', 2],
    ],
  );
  const limited = await list(`channelCode=${code}`, sellerOne);
  assert.deepEqual(
    limited.items.map((item) => [item.serialNo, (item.changes as Json).created, item.invoiceCount]),
    [
      ['M-3', 1, 1],
      ['M-1', 1, 2],
    ],
  );
  const [onlyMine, shared] = limited.items as [Json, Json];
  const sharedView = await okValue<Json>(get(app, `/api/openapi/v2/invoicing/pushes/${shared.id}`, sellerOne), 'PushViewResponse');
  assert.deepEqual(
    [
      (sharedView.entries as Json[]).map((entry) => [entry.invoiceNumber, entry.position, entry.change]),
      sharedView.body,
      sharedView.bodyWithheld,
    ],
    [[[mine.invoiceNumber, 1, 'created']], null, true],
  );
  await problem(get(app, `/api/openapi/v2/invoicing/pushes/${shared.id}/body`, sellerOne), 403, 'forbidden');
  const ownView = await okValue<Json>(get(app, `/api/openapi/v2/invoicing/pushes/${onlyMine.id}`, sellerOne), 'PushViewResponse');
  assert.deepEqual([ownView.bodyWithheld, ownView.body], [false, (await stored(onlyMine.id as string)).body]);
  const foreign = everything.items[1] as Json;
  await problem(get(app, `/api/openapi/v2/invoicing/pushes/${foreign.id}`, sellerOne), 404, 'not_found');
});

test('when the id, a filter or the token is wrong, then 400 naming the path parameter, 404, 401 or 403', async () => {
  const bad = await problem(
    get(app, '/api/openapi/v2/invoicing/pushes/abc', reader).set('Accept-Language', 'en'),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    [bad.detail, bad.errors],
    [
      'path parameter id must be a push id (digits, such as "7")',
      [{ parameter: 'id', in: 'path', message: 'must be a push id (digits, such as "7")' }],
    ],
  );
  await problem(get(app, '/api/openapi/v2/invoicing/pushes/9223372036854775807', reader), 404, 'not_found');
  const missingZh = await problem(
    get(app, '/api/openapi/v2/invoicing/pushes/999999', reader).set('Accept-Language', 'zh-CN'),
    404,
    'not_found',
  );
  assert.deepEqual([missingZh.title, missingZh.detail], ['未找到', '未找到编号为 999999 的推送']);
  const badIdZh = await problem(
    get(app, '/api/openapi/v2/invoicing/pushes/abc', reader).set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.deepEqual(badIdZh.errors, [{ parameter: 'id', in: 'path', message: 'id：应为推送编号（数字，如 "7"）' }]);
  const filters = await problem(
    get(app, '/api/openapi/v2/invoicing/pushes?outcome=maybe&cursor=xyz&result=3', reader),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    (filters.errors as Json[]).map((error) => error.parameter),
    ['result', 'outcome'],
  );
  const cursor = await problem(
    get(app, '/api/openapi/v2/invoicing/pushes?cursor=xyz', reader).set('Accept-Language', 'en'),
    400,
    'validation_failed',
  );
  assert.deepEqual(cursor.errors, [{ parameter: 'cursor', message: 'is not a cursor this API gave out (pass nextCursor as it came)' }]);
  const cursorZh = await problem(
    get(app, '/api/openapi/v2/invoicing/pushes?cursor=xyz', reader).set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.equal(cursorZh.detail, 'cursor：不是本接口给出的游标（请原样传回 nextCursor）');
  await problem(app.http().get('/api/openapi/v2/invoicing/pushes'), 401, 'unauthorized');
  await problem(get(app, '/api/openapi/v2/invoicing/pushes', pusher), 403, 'forbidden');
});

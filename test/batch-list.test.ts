/**
 * GET /api/openapi/v2/invoicing/batch-list: the batches, last updated
 * first, by state (`1,2`: rejected or in progress), channel and time, in
 * keyset pages; an app limited to some sellers sees only the batches that
 * carried their invoices.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Schemas } from '../src/api/spec.ts';
import { get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, type Json, type PushRequest } from './helpers/builders.ts';

type BatchPage = Schemas['BatchPage']['value'];

const S1 = '91310000000000001A';
const S2 = '91440300000000002B';

let app: TestApp;
let reader: TestToken;
let pusher: TestToken;

async function push(body: PushRequest): Promise<void> {
  const response = await app.push(body, pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
  // Oldest update first: L-DONE (2 → 0), L-REJECTED (1), other channel's L-OPEN (2), L-OPEN (2).
  await push({ channelCode: 'jcsk', serialNo: 'L-DONE', result: 2 });
  await push({ channelCode: 'jcsk', serialNo: 'L-REJECTED', result: 1, rejectMsg: '额度不足' });
  await push({ channelCode: 'jcsk', serialNo: 'L-DONE', result: 0, data: [buildInvoice({ sellerTaxNo: S1 })] });
  await push({ channelCode: 'hwy', serialNo: 'L-OPEN', result: 2, data: [buildInvoice({ sellerTaxNo: S2 })] });
  await push({ channelCode: 'jcsk', serialNo: 'L-OPEN', result: 2 });
});
after(() => app.close());

async function list(query: string, token = reader): Promise<BatchPage> {
  return okValue<BatchPage>(get(app, `/api/openapi/v2/invoicing/batch-list${query}`, token), 'BatchPage');
}

test('when the batches are listed, then the last updated comes first, with its state, reason and push count as stored', async () => {
  const page = await list('');
  const stored = await app.db
    .selectFrom('batches')
    .select(['channel_code', 'serial_no', 'result', 'reject_msg', 'last_push_id', 'created_at', 'updated_at'])
    .orderBy('updated_at', 'desc')
    .execute();
  assert.deepEqual(page, {
    items: stored.map((row) => ({
      channelCode: row.channel_code,
      serialNo: row.serial_no,
      result: row.result,
      rejectMsg: row.reject_msg,
      pushCount: row.serial_no === 'L-DONE' ? 2 : 1,
      lastPushId: row.last_push_id,
      createdAt: row.created_at.getTime(),
      createdAtIso: row.created_at.toISOString(),
      updatedAt: row.updated_at.getTime(),
      updatedAtIso: row.updated_at.toISOString(),
    })),
    nextCursor: null,
  });
  assert.deepEqual(
    page.items.map((batch) => `${batch.channelCode}/${batch.serialNo}/${batch.result}`),
    ['jcsk/L-OPEN/2', 'hwy/L-OPEN/2', 'jcsk/L-DONE/0', 'jcsk/L-REJECTED/1'],
  );
});

test('when asked for today’s rejected or in-progress batches of a channel, then only those come, and pages follow the cursor', async () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const open = await list(`?result=1,2&updatedFrom=${today}`);
  assert.deepEqual(
    open.items.map((batch) => `${batch.channelCode}/${batch.serialNo}`),
    ['jcsk/L-OPEN', 'hwy/L-OPEN', 'jcsk/L-REJECTED'],
  );
  assert.deepEqual(
    (await list('?result=1,2&channelCode=jcsk')).items.map((batch) => batch.serialNo),
    ['L-OPEN', 'L-REJECTED'],
  );
  assert.deepEqual((await list('?updatedTo=2020-01-01')).items, []);

  const seen: string[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: BatchPage = await list(`?result=1,2&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    assert.ok(page.items.length === 1);
    seen.push(`${page.items[0]?.channelCode}/${page.items[0]?.serialNo}`);
    cursor = page.nextCursor;
  }
  assert.deepEqual(seen, ['jcsk/L-OPEN', 'hwy/L-OPEN', 'jcsk/L-REJECTED']);
});

test('when an app is limited to some sellers, then it sees only the batches that carried their invoices', async () => {
  const s2 = await app.token({ scopes: ['read'], sellers: [S2] });
  assert.deepEqual(
    (await list('', s2)).items.map((batch) => `${batch.channelCode}/${batch.serialNo}`),
    ['hwy/L-OPEN'],
  );
});

test('when a filter or the token is wrong, then 400 naming the parameter, 401 or 403', async () => {
  const filters = await problem(
    get(app, '/api/openapi/v2/invoicing/batch-list?result=3&limit=0&updatedFrom=yesterday', reader),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    (filters.errors as Json[]).map((error) => error.parameter),
    ['result', 'updatedFrom', 'limit'],
  );
  const range = await problem(
    get(app, '/api/openapi/v2/invoicing/batch-list?updatedFrom=2026-10-02&updatedTo=2026-10-01', reader),
    400,
    'validation_failed',
  );
  assert.deepEqual(range.errors, [{ parameter: 'updatedTo', message: 'updatedTo：不能早于 updatedFrom' }]);
  const rangeEn = await problem(
    get(app, '/api/openapi/v2/invoicing/batch-list?updatedFrom=2026-10-02&updatedTo=2026-10-01', reader).set('Accept-Language', 'en'),
    400,
    'validation_failed',
  );
  assert.deepEqual(rangeEn.errors, [{ parameter: 'updatedTo', message: 'must not be before updatedFrom' }]);
  const resultZh = await problem(
    get(app, '/api/openapi/v2/invoicing/batch-list?result=9', reader).set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.equal(resultZh.detail, 'result：应为 0、1、2 之一，多个用逗号分隔（如 "1,2"）');
  const cursor = await problem(get(app, '/api/openapi/v2/invoicing/batch-list?cursor=xyz', reader), 400, 'validation_failed');
  assert.deepEqual(cursor.errors, [{ parameter: 'cursor', message: 'cursor：不是本接口给出的游标（请原样传回 nextCursor）' }]);
  await problem(app.http().get('/api/openapi/v2/invoicing/batch-list'), 401, 'unauthorized');
  await problem(get(app, '/api/openapi/v2/invoicing/batch-list', pusher), 403, 'forbidden');
});

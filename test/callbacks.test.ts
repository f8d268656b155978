/**
 * Channel callbacks, real HTTP both ways: the Nuonuo simulator calls
 * fapiao-hub back (form-encoded, as Nuonuo does) when a form changes, and
 * the tests post callbacks as a channel would. The polls are an hour
 * apart here, so only a callback makes fapiao-hub ask the channel soon.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import supertest from 'supertest';
import { buildApp } from '../src/app.ts';
import { setChannel } from '../src/channels/channels.service.ts';
import { openDatabase } from '../src/db/connect.ts';
import { createLogger } from '../src/logger.ts';
import { assertValid } from './helpers/api.ts';
import { signedInAs } from './helpers/console.ts';
import { createTestDatabase } from './helpers/database.ts';
import { CONFIRMING_BUYER, type Loop, redFlushBody, startLoop } from './helpers/red-flush-loop.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

const HOUR = 3_600_000;
const ANSWER = { status: '0000', message: '同步成功' };

let loop: Loop;

before(async () => {
  loop = await startLoop({ pacing: { fastMs: HOUR, fastMaxMs: HOUR, slowMs: HOUR, slowMaxMs: HOUR } });
  loop.sim.state.settings.callbacks = true;
});
after(async () => {
  await loop?.close();
});

const callbackPath = (channel = loop.channel) => `/api/callbacks/nuonuo/${channel}`;

function postCallback(body: string | Buffer, contentType = 'application/x-www-form-urlencoded', channel?: string) {
  return supertest(loop.app.url).post(callbackPath(channel)).set('Content-Type', contentType).send(body);
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

interface CallbackRow {
  id: string;
  channel_code: string;
  content_type: string | null;
  body: string;
  body_hash: string;
  operater: string | null;
  state: string;
  error: string | null;
  request_id: string | null;
}

async function callbacks(): Promise<CallbackRow[]> {
  const { rows } = await sql<CallbackRow>`
    select c.id::text, channel_code, content_type, body, body_hash, operater, state, error, request_id
    from channel_callbacks c order by c.id`.execute(loop.app.db);
  return rows;
}

async function callbackOf(body: string): Promise<CallbackRow | undefined> {
  return (await callbacks()).find((row) => row.body === body);
}

const queriesOf = (billId: string) =>
  loop.sim.state.callsOf('queryInvoiceRedConfirm').filter((call) => (call.body as { billId?: string }).billId === billId).length;

/** A red flush of a 数电 invoice whose buyer must confirm; the form waits in 02 once the bureau decided. */
async function waitingRequest(): Promise<string> {
  const blue = await loop.pushBlue({ buyerTaxNo: CONFIRMING_BUYER });
  const response = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.data.redFlushId as string;
}

test('when the simulator calls back before any poll, then fapiao-hub asks the channel at once and follows the form to the red invoice', async () => {
  const id = await waitingRequest();
  // The polls are an hour away: the form's callback (15 → 02) is what makes fapiao-hub ask.
  const waiting = await loop.until(id, 'awaiting_confirmation');
  assert.equal(waiting.form?.state, '02');
  assert.ok(waiting.events.some((event) => event.toState === 'awaiting_confirmation' && event.source === 'callback'));
  const confirmed = await fetch(`${loop.sim.url}/_sim/forms/${id}/confirm`, { method: 'POST' });
  assert.equal(confirmed.status, 200);
  const issued = await loop.until(id, 'issued');
  assert.ok(issued.redInvoice);
  await loop.sim.state.settled();
  await loop.waitFor('every callback of the form is processed', async () =>
    (await callbacks()).filter((row) => row.body.includes(id)).every((row) => row.state === 'processed'),
  );
  const rows = (await callbacks()).filter((row) => row.body.includes(id));
  assert.ok(rows.length >= 2, 'the form called back for 15, 02 and 04');
  for (const row of rows) {
    assert.deepEqual(
      {
        channel: row.channel_code,
        contentType: row.content_type,
        operater: row.operater,
        state: row.state,
        error: row.error,
        request: row.request_id,
      },
      {
        channel: loop.channel,
        contentType: 'application/x-www-form-urlencoded;charset=utf-8',
        operater: 'redConfirmCallback',
        state: 'processed',
        error: null,
        request: id,
      },
    );
    assert.match(row.body_hash, /^[0-9a-f]{64}$/);
    assert.ok(row.body.startsWith('operater=redConfirmCallback&'), 'the body is kept as received');
  }
  assert.deepEqual(
    loop.sim.state.callbacks.filter((entry) => entry.key === id).map((entry) => entry.status),
    loop.sim.state.callbacks.filter((entry) => entry.key === id).map(() => 200),
    'every callback was answered 200',
  );
});

test('when a callback comes after the poll saw the state, then it is processed, the channel is asked once more, and nothing moves', async () => {
  const id = await waitingRequest();
  await loop.until(id, 'awaiting_confirmation');
  await loop.sim.state.settled();
  await loop.waitFor('the callbacks so far are processed', async () =>
    (await callbacks()).filter((row) => row.request_id === id || row.body.includes(id)).every((row) => row.state !== 'received'),
  );
  const asked = queriesOf(id);
  const body = formBody({
    operater: 'redConfirmCallback',
    billId: id,
    content: JSON.stringify({ billId: id, billStatus: '02', note: 'again' }),
  });
  const response = await postCallback(body);
  assert.deepEqual([response.status, response.body], [200, ANSWER]);
  await loop.waitFor('the callback is processed', async () => (await callbackOf(body))?.state === 'processed');
  await loop.waitFor('the channel was asked', () => queriesOf(id) > asked);
  const row = await callbackOf(body);
  assert.deepEqual([row?.operater, row?.request_id, row?.error], ['redConfirmCallback', id, null]);
  assert.equal((await loop.view(id)).request.state, 'awaiting_confirmation');
  await fetch(`${loop.sim.url}/_sim/forms/${id}/reject`, { method: 'POST' });
  await loop.until(id, 'cancelled');
});

test('when the same callback comes twice, then it is stored once and both are answered success', async () => {
  const body = formBody({
    operater: 'callback',
    orderno: 'NOSUCHORDER0000000001',
    content: JSON.stringify({ c_orderno: 'NOSUCHORDER0000000001', c_status: '1' }),
  });
  const first = await postCallback(body);
  const second = await postCallback(body);
  assert.deepEqual([first.status, first.body, second.status, second.body], [200, ANSWER, 200, ANSWER]);
  assert.equal((await callbacks()).filter((row) => row.body === body).length, 1);
  // It names nothing of ours: kept, and shown so.
  await loop.waitFor('the callback is done', async () => (await callbackOf(body))?.state === 'ignored');
  assert.equal((await callbackOf(body))?.error, '没有找到它所指的红冲申请');
});

test('when a callback cannot be read, then it is kept as received with why, answered so that the channel stops sending it, and asks nothing', async () => {
  const cases: [string | Buffer, string, string, string | null][] = [
    ['hello=world', 'application/x-www-form-urlencoded', '缺少回调类型 operater', null],
    [
      formBody({ operater: 'redConfirmCallback', content: '{not json' }),
      'application/x-www-form-urlencoded',
      '回调内容 content 不是 JSON',
      'redConfirmCallback',
    ],
    [formBody({ operater: 'redConfirmCallback', content: '[1]' }), 'text/plain', '回调内容 content 不是 JSON 对象', 'redConfirmCallback'],
    [
      formBody({ operater: 'callback', orderno: "x'; drop table invoices; --" }),
      'application/x-www-form-urlencoded',
      'orderNo 不是有效的单据标识（字母、数字、-、_，至多 64 个）',
      'callback',
    ],
    [
      formBody({ operater: 'callback' }),
      'application/x-www-form-urlencoded',
      '回调没有单据标识（billId、billNo、billUuid 或 orderno）',
      'callback',
    ],
    [Buffer.from([0x6f, 0x70, 0xff, 0xfe, 0x00, 0x3d]), 'application/octet-stream', '回调内容不是 UTF-8 文本', null],
  ];
  for (const [body, contentType, error, operater] of cases) {
    const before = (await callbacks()).length;
    const response = await postCallback(body, contentType);
    assert.deepEqual([response.status, response.body], [200, ANSWER], String(body));
    const all = await callbacks();
    assert.equal(all.length, before + 1);
    const row = all.at(-1) as CallbackRow;
    assert.deepEqual(
      { state: row.state, error: row.error, operater: row.operater, contentType: row.content_type, request: row.request_id },
      { state: 'unparsable', error, operater, contentType, request: null },
    );
    if (typeof body === 'string') assert.equal(row.body, body);
    else assert.equal(row.body, 'op\uFFFD\uFFFD\uFFFD=', 'the bytes that are not text are kept as U+FFFD');
  }
});

test('when the channel code is not a configured Nuonuo channel, then 404 and nothing is stored', async () => {
  const before = (await callbacks()).length;
  const response = await postCallback(formBody({ operater: 'callback', orderno: 'A1' }), undefined, 'nosuchchannel');
  assert.equal(response.status, 404);
  assert.equal(response.body.code, 'not_found');
  assert.equal(response.body.detail, '没有配置诺诺渠道 nosuchchannel');
  assert.equal((await callbacks()).length, before);
});

test('when the database fails at the commit, then the callback is answered 503, not success, and nothing is stored; sent again, it is', async () => {
  const db = loop.app.db;
  await sql`create function fail_callback_commit() returns trigger language plpgsql as $$
    begin raise exception 'connection lost' using errcode = '08006'; end $$`.execute(db);
  await sql`create constraint trigger fail_callback_commit after insert on channel_callbacks
    deferrable initially deferred for each row when (new.body like '%fail-at-commit%') execute function fail_callback_commit()`.execute(db);
  const body = formBody({ operater: 'callback', orderno: 'fail-at-commit' });
  try {
    const before = (await callbacks()).length;
    const response = await postCallback(body);
    assert.equal(response.status, 503, JSON.stringify(response.body));
    assert.equal(response.body.code, 'unavailable');
    assert.notDeepEqual(response.body, ANSWER);
    assert.ok(response.headers['retry-after']);
    assert.equal((await callbacks()).length, before);
  } finally {
    await sql`drop trigger fail_callback_commit on channel_callbacks`.execute(db);
    await sql`drop function fail_callback_commit()`.execute(db);
  }
  const again = await postCallback(body);
  assert.deepEqual([again.status, again.body], [200, ANSWER]);
  assert.ok(await callbackOf(body));
});

test('when an admin lists the callbacks, then they come newest first with their state, never their body; others may not', async () => {
  const admin = await signedInAs(loop.app, 'admin');
  const response = await admin.agent.get('/api/console/admin/callbacks?limit=2');
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('CallbackPage', response.body);
  const all = (await callbacks()).reverse();
  const { items, nextCursor } = response.body.value as { items: { id: string; state: string; bodyHash: string }[]; nextCursor: string };
  assert.deepEqual(
    items.map((item) => [item.id, item.state, item.bodyHash]),
    all.slice(0, 2).map((row) => [row.id, row.state, row.body_hash]),
  );
  assert.ok(!JSON.stringify(response.body).includes('operater='), 'no body');
  const next = await admin.agent.get(`/api/console/admin/callbacks?limit=2&cursor=${nextCursor}`);
  assert.deepEqual(
    next.body.value.items.map((item: { id: string }) => item.id),
    all.slice(2, 4).map((row) => row.id),
  );
  const unparsable = await admin.agent.get('/api/console/admin/callbacks?state=unparsable&limit=100');
  assert.deepEqual(
    unparsable.body.value.items.map((item: { id: string }) => item.id),
    all.filter((row) => row.state === 'unparsable').map((row) => row.id),
  );
  const bad = await admin.agent.get('/api/console/admin/callbacks?limit=0');
  assert.equal(bad.status, 400);
  const operator = await signedInAs(loop.app, 'operator');
  assert.equal((await operator.agent.get('/api/console/admin/callbacks')).status, 403);
});

test('when one address sends more callbacks than the limit, then the rest are answered 429 with Retry-After and not stored', async () => {
  const limited = buildApp({
    db: loop.app.db,
    logger: createLogger('silent'),
    bodyLimitBytes: 1 << 20,
    accessTokenTtlSeconds: 3600,
    callbackRateLimit: 2,
    callbackRateWindowSeconds: 600,
  });
  const server = limited.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (n: number) =>
      supertest(url)
        .post(callbackPath())
        .type('form')
        .send(formBody({ operater: 'callback', orderno: `LIMIT${process.pid}X${n}` }));
    const answers = [await send(1), await send(2), await send(3)];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 429],
    );
    assert.equal(answers[2]?.body.code, 'rate_limited');
    assert.ok(answers[2]?.headers['retry-after']);
    assert.equal((await callbacks()).filter((row) => row.body.includes(`LIMIT${process.pid}X`)).length, 2);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('when the channel calls back about a form the buyer entered against our invoice, then fapiao-hub asks the channel and records the form', async () => {
  const blue = await loop.pushBlue();
  const entered = await fetch(`${loop.sim.url}/_sim/buyer-forms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ blueInvoiceNumber: blue.invoiceNumber, redReason: '1' }),
  });
  assert.equal(entered.status, 201);
  const billId = ((await entered.json()) as { billId: string }).billId;
  await loop.sim.state.settled();
  await loop.waitFor('the buyer form is recorded', async () => {
    const form = await loop.app.db.selectFrom('red_confirm_forms').select('id').where('bill_id', '=', billId).executeTakeFirst();
    return form !== undefined;
  });
  const form = await loop.app.db
    .selectFrom('red_confirm_forms')
    .select(['origin', 'entered_by', 'state', 'channel_code'])
    .where('bill_id', '=', billId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(form, { origin: 'counterparty', entered_by: 'buyer', state: '03', channel_code: loop.channel });
  await loop.waitFor('its callback is processed', async () =>
    (await callbacks()).filter((row) => row.body.includes(billId)).every((row) => row.state === 'processed'),
  );
  const rows = (await callbacks()).filter((row) => row.body.includes(billId));
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0]?.operater, rows[0]?.request_id, rows[0]?.error], ['redConfirmCallback', null, null]);
});

test('when the database is cut away, then a callback is answered 503 (never success) and nothing is stored; once it is back, the same callback is stored and answered success' +
  (process.env.DATABASE_URL ? '' : ' (skipped: needs DATABASE_URL, the embedded database has no connection to cut)'), {
  skip: !process.env.DATABASE_URL,
}, async () => {
  const database = await createTestDatabase();
  const proxy = await startTcpProxy('127.0.0.1', Number(new URL(database.url as string).port || 5432));
  const viaProxy = new URL(database.url as string);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const handle = await openDatabase({ databaseUrl: viaProxy.toString(), connectTimeoutMs: 1500, statementTimeoutMs: 3000 });
  const app = buildApp({ db: handle.db, logger: createLogger('silent'), bodyLimitBytes: 1 << 20, accessTokenTtlSeconds: 3600 });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await setChannel(
      database.db,
      'cut',
      { adapter: 'nuonuo', endpoint: 'http://127.0.0.1:9', appKey: 'k', appSecret: 'secret-1', accessToken: 'token-1' },
      () => loop.secretsKey,
    );
    const http = supertest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const body = formBody({ operater: 'callback', orderno: 'CUT0000000000000001' });
    const send = () => http.post('/api/callbacks/nuonuo/cut').type('form').send(body);
    proxy.cut();
    const refused = await send();
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'unavailable');
    assert.ok(refused.headers['retry-after']);
    assert.notDeepEqual(refused.body, ANSWER);
    assert.equal(Number((await sql<{ n: string }>`select count(*) as n from channel_callbacks`.execute(database.db)).rows[0]?.n), 0);
    proxy.restore();
    let answered = await send();
    // The pool may hand out a connection the cut left dead once more.
    if (answered.status === 503) answered = await send();
    assert.deepEqual([answered.status, answered.body], [200, ANSWER]);
    const { rows } = await sql<{ body: string; state: string }>`select body, state from channel_callbacks`.execute(database.db);
    assert.deepEqual(rows, [{ body, state: 'received' }]);
  } finally {
    server.closeAllConnections();
    server.close();
    await handle.close();
    await proxy.close();
    await database.close();
  }
});

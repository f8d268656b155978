/**
 * Red flushes asked for by console users, through the same API as the apps
 * (oneKeyRedPunch, redPunchBatch, the preview), with a session cookie and
 * the session's CSRF token: an operator's or an admin's request records the
 * user who asked (no app), with an audit entry in the same transaction;
 * Idempotency-Keys are the user's own; a viewer, a request without the CSRF
 * token and a one-time password not yet changed are refused (403) and store
 * nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type supertest from 'supertest';
import { sqlState } from '../src/db/errors.ts';
import { assertValid, okValue } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Json, uniqueNumber } from './helpers/builders.ts';
import { makeUser, type SignedIn, signedInAs, signIn } from './helpers/console.ts';

const ONE_KEY = '/api/openapi/v2/invoicing/oneKeyRedPunch';
const BATCH = '/api/openapi/v2/invoicing/redPunchBatch';
const PREVIEW = '/api/openapi/v2/red-flushes/preview';
/** SQLSTATE check_violation. */
const PG_CHECK_VIOLATION = '23514';

type User = SignedIn & { readonly name: string };

let app: TestApp;
let pusher: TestToken;
let operator: User;
let admin: User;
let viewer: User;

before(async () => {
  app = await startTestApp();
  pusher = await app.token({ scopes: ['push'] });
  operator = await signedInAs(app, 'operator');
  admin = await signedInAs(app, 'admin');
  viewer = await signedInAs(app, 'viewer');
});
after(() => app.close());

/** Pushes blue 数电 invoices (01, 106.00 each, so they may be red-flushed in part) and returns them. */
async function pushBlue(count = 1): Promise<Json[]> {
  const data = Array.from({ length: count }, () =>
    buildInvoice({
      invoiceTypeCode: '01',
      invoiceCode: '',
      invoiceNumber: `241120000000${uniqueNumber()}`,
      details: [buildDetail({ taxTaxonomyCode: '3040201000000000000' })],
    }),
  );
  const response = await app.push(buildPush({ data }), pusher.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return data;
}

function bodyFor(invoice: Json, overrides: Json = {}): Json {
  return {
    channelCode: 'jcsk',
    reason: 2,
    invoiceTypeCode: 'FullDigitalSpecial',
    sellerTaxNo: invoice.sellerTaxNo,
    invoiceCode: invoice.invoiceCode,
    invoiceNumber: invoice.invoiceNumber,
    ...overrides,
  };
}

/** A POST in the user's session, with its CSRF token unless told otherwise. */
function post(user: SignedIn, path: string, body: unknown, options: { csrf?: boolean; key?: string } = {}): supertest.Test {
  const request = user.agent.post(path).set('Content-Type', 'application/json');
  if (options.csrf !== false) request.set('X-CSRF-Token', user.csrfToken);
  if (options.key !== undefined) request.set('Idempotency-Key', options.key);
  return request.send(JSON.stringify(body));
}

async function userId(user: { name: string }): Promise<string> {
  const row = await app.db.selectFrom('console_users').select('id').where('name', '=', user.name).executeTakeFirstOrThrow();
  return row.id;
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['red_flush_requests', 'red_flush_events', 'audit_log']) {
    const { rows } = await sql<{ count: string }>`select count(*)::text as count from ${sql.table(table)}`.execute(app.db);
    out[table] = Number(rows[0]?.count);
  }
  return out;
}

async function refusedAndNothingStored(request: () => supertest.Test, status: number, reason: string): Promise<Json> {
  const before = await counts();
  const response = await request();
  assert.equal(response.status, status, JSON.stringify(response.body));
  assertValid('RedFlushRefusal', response.body);
  assert.equal(response.body.code, String(status));
  assert.equal(response.body.data.reason, reason);
  assert.deepEqual(await counts(), before, 'a refusal stores nothing');
  return response.body as Json;
}

test('when an operator red-flushes through the console session, then the request records the user, not an app, with an audit entry', async () => {
  const [invoice] = (await pushBlue()) as [Json];
  const response = await post(operator, ONE_KEY, bodyFor(invoice));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedFlushAnswer', response.body);
  const { redFlushId: id } = response.body.data;
  assert.deepEqual(response.body, {
    code: '200',
    success: true,
    data: {
      msg: '红冲申请已受理，等待提交渠道',
      redFlushId: id,
      state: 'accepted',
      stateLabel: '已受理',
      kind: 'full',
      amount: '100.00',
      tax: '6.00',
      total: '106.00',
    },
    msg: '操作成功',
  });

  const stored = await app.db
    .selectFrom('red_flush_requests')
    .select(['app_id', 'user_id', 'state', 'total', 'request_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(stored, {
    app_id: null,
    user_id: await userId(operator),
    state: 'accepted',
    total: '106.00',
    request_id: stored.request_id,
  });
  assert.ok(stored.request_id);
  const events = await app.db
    .selectFrom('red_flush_events')
    .select(['source', 'to_state', 'detail'])
    .where('request_id', '=', id)
    .execute();
  assert.deepEqual(events, [{ source: 'api', to_state: 'accepted', detail: { userName: operator.name, requestId: stored.request_id } }]);
  const audit = await app.db.selectFrom('audit_log').selectAll().where('target', '=', `red_flush:${id}`).execute();
  assert.deepEqual(
    audit.map(({ id: _id, at: _at, ...entry }) => entry),
    [
      {
        actor_type: 'user',
        actor_id: await userId(operator),
        actor_name: operator.name,
        action: 'red_flush.request',
        target: `red_flush:${id}`,
        details: {
          invoiceCode: invoice.invoiceCode,
          invoiceNumber: invoice.invoiceNumber,
          reason: 2,
          kind: 'full',
          amount: '100.00',
          tax: '6.00',
          total: '106.00',
          state: 'accepted',
        },
        request_id: stored.request_id,
      },
    ],
  );

  // The read API names the user who asked; the audit log shows the entry to an admin.
  const view = await okValue<Json>(operator.agent.get(`/api/openapi/v2/red-flushes/${id}`), 'RedFlushViewResponse');
  assert.equal((view.request as Json).userName, operator.name);
  assert.equal((view.request as Json).appName, null);
  const listed = await okValue<{ items: Json[] }>(
    viewer.agent.get(`/api/openapi/v2/red-flushes?invoiceNumber=${invoice.invoiceNumber}`),
    'RedFlushPage',
  );
  assert.deepEqual(
    listed.items.map((item) => [item.id, item.userName, item.appName]),
    [[id, operator.name, null]],
  );
  const entries = await okValue<{ items: Json[] }>(
    admin.agent.get(`/api/console/admin/audit?action=red_flush.request&actorName=${operator.name}`),
    'AuditPageResponse',
  );
  assert.deepEqual(
    entries.items.map((entry) => entry.target),
    [`red_flush:${id}`],
  );
});

test('when an app red-flushes, then its request records the app and the audit log names the app', async () => {
  const [invoice] = (await pushBlue()) as [Json];
  const asker = await app.token({ scopes: ['redflush', 'read'] });
  const response = await app
    .http()
    .post(`${ONE_KEY}?accessToken=${asker.accessToken}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(bodyFor(invoice)));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const id = response.body.data.redFlushId as string;
  const stored = await app.db.selectFrom('red_flush_requests').select(['app_id', 'user_id']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(stored.user_id, null);
  assert.ok(stored.app_id);
  const audit = await app.db
    .selectFrom('audit_log')
    .select(['actor_type', 'actor_id', 'actor_name', 'action'])
    .where('target', '=', `red_flush:${id}`)
    .execute();
  assert.deepEqual(audit, [{ actor_type: 'app', actor_id: stored.app_id, actor_name: asker.name, action: 'red_flush.request' }]);
});

test("when a user sends an Idempotency-Key again, then the same body replays the user's request, while the same key of another user or an app is theirs", async () => {
  const invoices = await pushBlue(3);
  const partial = (invoice: Json) => bodyFor(invoice, { reason: 4, details: [{ detailRowNo: '1', amount: '10.00' }] });
  const key = 'console-key-1';
  const first = await post(operator, ONE_KEY, partial(invoices[0] as Json), { key });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const again = await post(operator, ONE_KEY, partial(invoices[0] as Json), { key });
  assert.equal(again.status, 200);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.body.data.redFlushId, first.body.data.redFlushId);

  const other = await refusedAndNothingStored(
    () => post(operator, ONE_KEY, partial(invoices[1] as Json), { key }),
    409,
    'idempotency_conflict',
  );
  assert.match(String(other.msg), /幂等键\(Idempotency-Key\)已用于另一个红冲请求/);

  // Another user's key of the same text is theirs.
  const byAdmin = await post(admin, ONE_KEY, partial(invoices[1] as Json), { key });
  assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
  assert.notEqual(byAdmin.body.data.redFlushId, first.body.data.redFlushId);
  assert.equal(byAdmin.headers['idempotent-replayed'], undefined);

  // And an app's too.
  const asker = await app.token({ scopes: ['redflush'] });
  const byApp = await app
    .http()
    .post(`${ONE_KEY}?accessToken=${asker.accessToken}`)
    .set('Content-Type', 'application/json')
    .set('Idempotency-Key', key)
    .send(JSON.stringify(partial(invoices[2] as Json)));
  assert.equal(byApp.status, 200, JSON.stringify(byApp.body));
  const rows = await app.db
    .selectFrom('red_flush_requests')
    .select(['app_id', 'user_id'])
    .where('idempotency_key', '=', key)
    .orderBy('created_at')
    .execute();
  assert.deepEqual(rows, [
    { app_id: null, user_id: await userId(operator) },
    { app_id: null, user_id: await userId(admin) },
    { app_id: rows[2]?.app_id, user_id: null },
  ]);
});

test('when an operator previews and sends a batch through the console, then the preview stores nothing and each item is decided on its own', async () => {
  const invoices = await pushBlue(2);
  const before = await counts();
  const preview = await post(operator, PREVIEW, bodyFor(invoices[0] as Json, { details: [{ detailRowNo: '1', amount: '30.00' }] }));
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assertValid('RedFlushPreviewAnswer', preview.body);
  assert.deepEqual(
    [preview.body.data.amount, preview.body.data.tax, preview.body.data.total, preview.body.data.remainingAfter],
    ['30.00', '1.80', '31.80', '74.20'],
  );
  assert.deepEqual(await counts(), before, 'a preview stores nothing');

  const batch = await post(admin, BATCH, {
    items: [bodyFor(invoices[0] as Json), bodyFor(invoices[0] as Json), bodyFor(invoices[1] as Json, { reason: '1' })],
  });
  assert.equal(batch.status, 200, JSON.stringify(batch.body));
  assertValid('RedFlushBatchAnswer', batch.body);
  assert.deepEqual(
    batch.body.data.items.map((item: Json) => [item.code, (item.data as Json).reason ?? (item.data as Json).state]),
    [
      ['200', 'accepted'],
      ['400', 'insufficient_remaining'],
      ['200', 'accepted'],
    ],
  );
  assert.match(batch.body.data.items[1].msg, /剩余可红冲金额不足/);
  const ids = batch.body.data.items.filter((item: Json) => item.success).map((item: Json) => (item.data as Json).redFlushId);
  const audited = await app.db
    .selectFrom('audit_log')
    .select(['target', 'actor_name'])
    .where('action', '=', 'red_flush.request')
    .where(
      'target',
      'in',
      ids.map((id: string) => `red_flush:${id}`),
    )
    .orderBy('id')
    .execute();
  assert.deepEqual(
    audited,
    ids.map((id: string) => ({ target: `red_flush:${id}`, actor_name: admin.name })),
    'one audit entry per accepted request',
  );
});

test('when a viewer asks for a red flush or its preview, then the API answers 403 in the seed envelope and stores nothing', async () => {
  const [invoice] = (await pushBlue()) as [Json];
  for (const path of [ONE_KEY, PREVIEW]) {
    const body = await refusedAndNothingStored(() => post(viewer, path, bodyFor(invoice)), 403, 'forbidden');
    assert.equal(body.msg, `用户 ${viewer.name} 的角色是查看员，此操作需要「操作员或管理员」角色`);
  }
  await refusedAndNothingStored(() => post(viewer, BATCH, { items: [bodyFor(invoice)] }), 403, 'forbidden');
});

test('when a console request lacks the CSRF token, or the user has not changed the one-time password, then it is refused (403) and stores nothing', async () => {
  const [invoice] = (await pushBlue()) as [Json];
  const noCsrf = await refusedAndNothingStored(() => post(operator, ONE_KEY, bodyFor(invoice), { csrf: false }), 403, 'forbidden');
  assert.match(String(noCsrf.msg), /X-CSRF-Token/);

  const freshUser = await makeUser(app, 'operator');
  const fresh = await signIn(app, freshUser);
  const oneTime = await refusedAndNothingStored(() => post(fresh, ONE_KEY, bodyFor(invoice)), 403, 'forbidden');
  assert.equal(oneTime.msg, `用户 ${freshUser.name} 须先修改一次性密码`);

  // Without a cookie or token, as ever: 401.
  const anonymous = await app
    .http()
    .post(ONE_KEY)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(bodyFor(invoice)));
  assert.equal(anonymous.status, 401);
});

test('when a request row names both an app and a user, or neither, then the database refuses it', async () => {
  const [invoice] = (await pushBlue()) as [Json];
  const response = await post(operator, ONE_KEY, bodyFor(invoice));
  const id = response.body.data.redFlushId as string;
  const app0 = await app.db.selectFrom('apps').select('id').limit(1).executeTakeFirstOrThrow();
  for (const change of [{ app_id: app0.id }, { user_id: null }]) {
    const error = await app.db
      .updateTable('red_flush_requests')
      .set(change)
      .where('id', '=', id)
      .execute()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    assert.equal(sqlState(error), PG_CHECK_VIOLATION, `${JSON.stringify(change)} is refused`);
  }
});

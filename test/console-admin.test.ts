/**
 * The console's admin API through HTTP: users made, disabled, re-enabled,
 * given other roles and new passwords by an admin, each change in the audit
 * log; the rules that keep the console from being locked out.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertValid, problem } from './helpers/api.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { type SignedIn, signedInAs, signIn } from './helpers/console.ts';
import { tableCounts } from './helpers/database.ts';

let app: TestApp;
let admin: SignedIn & { readonly name: string };

before(async () => {
  app = await startTestApp();
  admin = await signedInAs(app, 'admin');
});
after(() => app.close());

function post(path: string, body?: object) {
  const request = admin.agent.post(path).set('X-CSRF-Token', admin.csrfToken);
  return body === undefined ? request : request.send(body);
}

async function userIdOf(name: string): Promise<string> {
  const row = await app.db.selectFrom('console_users').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

test('when an admin makes a user, then the answer shows a one-time password once, and it signs in', async () => {
  const created = await post('/api/console/admin/users', { name: 'li.ming', role: 'operator' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assertValid('ConsoleUserWithPasswordResponse', created.body);
  assert.equal(created.headers['cache-control'], 'no-store');
  const { user, password } = created.body.value;
  assert.deepEqual(
    { ...user, id: 'x', createdAt: 0, createdAtIso: 'x' },
    {
      id: 'x',
      name: 'li.ming',
      role: 'operator',
      mustChangePassword: true,
      createdAt: 0,
      createdAtIso: 'x',
      passwordChangedAt: null,
      passwordChangedAtIso: null,
      disabledAt: null,
      disabledAtIso: null,
      lastSeenAt: null,
      lastSeenAtIso: null,
    },
  );
  assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]{16}$/);
  const stored = await app.db.selectFrom('console_users').selectAll().where('name', '=', 'li.ming').executeTakeFirstOrThrow();
  assert.notEqual(stored.password_hash, password);
  assert.doesNotMatch(stored.password_hash, new RegExp(password));

  const signedIn = await signIn(app, { name: 'li.ming', password });
  assert.ok(signedIn.csrfToken);

  const list = await admin.agent.get('/api/console/admin/users');
  assert.equal(list.status, 200);
  assertValid('ConsoleUserListResponse', list.body);
  const listed = list.body.value.items.find((item: { name: string }) => item.name === 'li.ming');
  assert.equal(typeof listed.lastSeenAt, 'number', 'signed in: last seen is known');
  assert.doesNotMatch(JSON.stringify(list.body), /password"/, 'no password (nor hash) in the list');

  const entry = await app.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'user.create')
    .where('target', '=', 'user:li.ming')
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    { type: entry.actor_type, name: entry.actor_name, details: entry.details },
    { type: 'user', name: admin.name, details: { role: 'operator' } },
  );
  assert.ok(entry.request_id, 'the request id is kept');
});

test('when a user is made with a bad or taken name, or an unknown role, then 4xx names the field and nothing is stored', async () => {
  assert.equal((await post('/api/console/admin/users', { name: 'Wang.Fang', role: 'viewer' })).status, 201);
  const before = await tableCounts(app.database);
  const taken = await problem(
    post('/api/console/admin/users', { name: 'wang.fang', role: 'admin' }).set('Accept-Language', 'en'),
    409,
    'conflict',
  );
  assert.match(String(taken.detail), /exists already/);
  const bad = await problem(post('/api/console/admin/users', { name: '王 芳', role: 'superuser' }), 400, 'validation_failed');
  assert.deepEqual(
    (bad.errors as { pointer: string }[]).map((error) => error.pointer),
    ['/name', '/role'],
  );
  await problem(post('/api/console/admin/users', { name: '', role: 'viewer' }), 400, 'validation_failed');
  const takenZh = await problem(
    post('/api/console/admin/users', { name: 'wang.fang', role: 'admin' }).set('Accept-Language', 'zh-CN'),
    409,
    'conflict',
  );
  assert.equal(takenZh.detail, '已有名为 wang.fang 的用户（用户名不区分大小写）');
  const badZh = await problem(
    post('/api/console/admin/users', { name: '李四', role: 'viewer' }).set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.equal(badZh.detail, 'name：应为 1–64 个字母、数字或 . _ @ -，以字母或数字开头');
  assert.deepEqual(await tableCounts(app.database), before);
});

test('when an admin disables a user, then their sessions end and they cannot sign in until enabled again', async () => {
  const worker = await signedInAs(app, 'operator');
  const id = await userIdOf(worker.name);

  const disabled = await post(`/api/console/admin/users/${id}/disable`);
  assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
  assertValid('ConsoleUserResponse', disabled.body);
  assert.equal(typeof disabled.body.value.disabledAt, 'number');
  await problem(worker.agent.get('/api/openapi/v2/invoices'), 401, 'unauthorized');
  await problem(app.http().post('/api/console/session').send({ name: worker.name, password: worker.password }), 401, 'unauthorized');

  const enabled = await post(`/api/console/admin/users/${id}/enable`);
  assert.equal(enabled.status, 200);
  assert.equal(enabled.body.value.disabledAt, null);
  assert.equal((await app.http().post('/api/console/session').send({ name: worker.name, password: worker.password })).status, 200);

  const actions = await app.db.selectFrom('audit_log').select('action').where('target', '=', `user:${worker.name}`).orderBy('id').execute();
  assert.deepEqual(
    actions.map((row) => row.action).filter((action) => action.startsWith('user.')),
    ['user.create', 'user.change_password', 'user.disable', 'user.enable'],
  );
});

test('when an admin resets a password, then the old one stops working and the new one-time password must be changed', async () => {
  const worker = await signedInAs(app, 'viewer');
  const reset = await post(`/api/console/admin/users/${await userIdOf(worker.name)}/reset-password`);
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  assertValid('ConsoleUserWithPasswordResponse', reset.body);
  assert.equal(reset.body.value.user.mustChangePassword, true);
  await problem(worker.agent.get('/api/openapi/v2/invoices'), 401, 'unauthorized');
  await problem(app.http().post('/api/console/session').send({ name: worker.name, password: worker.password }), 401, 'unauthorized');
  const fresh = await app.http().post('/api/console/session').send({ name: worker.name, password: reset.body.value.password });
  assert.equal(fresh.status, 200);
  assert.equal(fresh.body.value.user.mustChangePassword, true);
});

test('when an admin gives a user another role, then it applies to their next request', async () => {
  const worker = await signedInAs(app, 'viewer');
  const id = await userIdOf(worker.name);
  await problem(worker.agent.get('/api/console/admin/users'), 403, 'forbidden');
  const patched = await admin.agent.patch(`/api/console/admin/users/${id}`).set('X-CSRF-Token', admin.csrfToken).send({ role: 'admin' });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.value.role, 'admin');
  assert.equal((await worker.agent.get('/api/console/admin/users')).status, 200);
  const session = await worker.agent.get('/api/console/session');
  assert.deepEqual(session.body.value.scopes, ['read', 'redflush', 'admin']);
  const entry = await app.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'user.role')
    .where('target', '=', `user:${worker.name}`)
    .executeTakeFirstOrThrow();
  assert.deepEqual(entry.details, { from: 'viewer', to: 'admin' });
});

test('when an admin would lock the console out, then 409: not oneself, not the last admin', async () => {
  const lonely = await startTestApp();
  try {
    const only = await signedInAs(lonely, 'admin');
    const id = (await lonely.db.selectFrom('console_users').select('id').where('name', '=', only.name).executeTakeFirstOrThrow()).id;
    const self = await problem(
      only.agent.post(`/api/console/admin/users/${id}/disable`).set('X-CSRF-Token', only.csrfToken).set('Accept-Language', 'en'),
      409,
      'conflict',
    );
    assert.match(String(self.detail), /cannot disable yourself/);
    const demote = await problem(
      only.agent
        .patch(`/api/console/admin/users/${id}`)
        .set('X-CSRF-Token', only.csrfToken)
        .set('Accept-Language', 'en')
        .send({ role: 'viewer' }),
      409,
      'conflict',
    );
    assert.match(String(demote.detail), /would leave no admin who can sign in/);
    const selfZh = await problem(
      only.agent.post(`/api/console/admin/users/${id}/disable`).set('X-CSRF-Token', only.csrfToken).set('Accept-Language', 'zh-CN'),
      409,
      'conflict',
    );
    assert.deepEqual([selfZh.title, selfZh.detail], ['与已保存的数据冲突', '不能停用自己']);
    const demoteZh = await problem(
      only.agent
        .patch(`/api/console/admin/users/${id}`)
        .set('X-CSRF-Token', only.csrfToken)
        .set('Accept-Language', 'zh-CN')
        .send({ role: 'viewer' }),
      409,
      'conflict',
    );
    assert.equal(demoteZh.detail, `取消 ${only.name} 的管理员角色后将没有能登录的管理员；请先设置另一位管理员`);
    assert.equal((await only.agent.get('/api/console/admin/users')).status, 200, 'still an admin');
  } finally {
    await lonely.close();
  }
});

test('when an unknown or malformed user id is named, then 404 or 400', async () => {
  await problem(post('/api/console/admin/users/999999/disable'), 404, 'not_found');
  const bad = await problem(post('/api/console/admin/users/abc/reset-password').set('Accept-Language', 'en'), 400, 'validation_failed');
  assert.deepEqual(bad.errors, [{ parameter: 'id', message: 'must be a user id (digits, such as "3")' }]);
  const missingZh = await problem(post('/api/console/admin/users/999999/disable').set('Accept-Language', 'zh-CN'), 404, 'not_found');
  assert.deepEqual([missingZh.title, missingZh.detail], ['未找到', '未找到编号为 999999 的用户']);
  const badZh = await problem(
    admin.agent
      .patch('/api/console/admin/users/abc')
      .set('X-CSRF-Token', admin.csrfToken)
      .set('Accept-Language', 'zh-CN')
      .send({ role: 'viewer' }),
    400,
    'validation_failed',
  );
  assert.deepEqual(badZh.errors, [{ parameter: 'id', message: 'id：应为用户编号（数字，如 "3"）' }]);
});

test('when the audit log is read, then it lists every change newest first, filtered and paged', async () => {
  for (const name of ['audit.a', 'audit.b', 'audit.c'])
    assert.equal((await post('/api/console/admin/users', { name, role: 'viewer' })).status, 201);
  const first = await admin.agent.get(`/api/console/admin/audit?action=user.create&actorName=${encodeURIComponent(admin.name)}&limit=2`);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assertValid('AuditPageResponse', first.body);
  const page = first.body.value;
  assert.equal(page.items.length, 2);
  assert.deepEqual(
    page.items.map((item: { target: string }) => item.target),
    ['user:audit.c', 'user:audit.b'],
  );
  assert.ok(page.nextCursor);
  const second = await admin.agent.get(
    `/api/console/admin/audit?action=user.create&actorName=${encodeURIComponent(admin.name)}&limit=2&cursor=${page.nextCursor}`,
  );
  assert.equal(second.body.value.items[0].target, 'user:audit.a');

  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const dated = await admin.agent.get(`/api/console/admin/audit?from=${today}&to=${today}&target=user:audit.b`);
  assert.equal(dated.body.value.items.length, 1);
  const bad = await problem(admin.agent.get('/api/console/admin/audit?from=2026-02-30&cursor=x&limit=0'), 400, 'validation_failed');
  assert.deepEqual((bad.errors as { parameter: string }[]).map((error) => error.parameter).sort(), ['cursor', 'from', 'limit']);
  const badZh = await problem(
    admin.agent.get('/api/console/admin/audit?from=2026-02-30&cursor=abc').set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.deepEqual(badZh.errors, [
    { parameter: 'from', message: 'from：应为日期，如 2026-10-01' },
    { parameter: 'cursor', message: 'cursor：不是本接口给出的游标（请原样传回 nextCursor）' },
  ]);
  const backwards = await problem(
    admin.agent.get('/api/console/admin/audit?from=2026-02-02&to=2026-02-01').set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.deepEqual([backwards.detail, backwards.errors], ['to：不能早于 from', [{ parameter: 'to', message: 'to：不能早于 from' }]]);
});

/**
 * Console users through HTTP: signing in and out, the one-time password,
 * cookies, CSRF, expiry, and the session calling the same invoice API as
 * the apps with its role's scopes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { digest } from '../src/secrets.ts';
import { assertValid, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, uniqueNumber } from './helpers/builders.ts';
import { makeUser, signedInAs, signIn } from './helpers/console.ts';
import { tableCounts } from './helpers/database.ts';

let app: TestApp;
let pusher: TestToken;

before(async () => {
  app = await startTestApp();
  pusher = await app.token({ scopes: ['push', 'read'] });
});
after(() => app.close());

async function auditActions(target: string): Promise<string[]> {
  const rows = await app.db.selectFrom('audit_log').select('action').where('target', '=', target).orderBy('id').execute();
  return rows.map((row) => row.action);
}

test('when a user signs in with the one-time password, then the session can only change it; after that the role applies', async () => {
  const user = await makeUser(app, 'viewer');
  const agent = app.http();

  const signedIn = await agent.post('/api/console/session').send({ name: user.name.toUpperCase(), password: user.password });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  assertValid('ConsoleSessionResponse', signedIn.body);
  assert.equal(signedIn.headers['cache-control'], 'no-store');
  const session = signedIn.body.value;
  assert.deepEqual(session.user, { id: session.user.id, name: user.name, role: 'viewer', mustChangePassword: true });
  assert.deepEqual(session.scopes, []);

  const cookie = String(signedIn.headers['set-cookie']?.[0]);
  const token = /^fh_console=([\w-]+);/.exec(cookie)?.[1];
  assert.ok(token, cookie);
  assert.match(cookie, /; Path=\//);
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Strict/);
  assert.doesNotMatch(cookie, /Secure|Expires|Max-Age/, 'not Secure over plain HTTP; gone when the browser closes');
  const stored = await app.db.selectFrom('console_sessions').selectAll().where('user_id', '=', session.user.id).execute();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]?.token_hash, digest(token), 'only the digest of the token is stored');

  const refused = await problem(agent.get('/api/openapi/v2/invoices'), 403, 'forbidden');
  assert.match(String(refused.detail), /须先修改一次性密码$/);

  const changed = await agent
    .post('/api/console/session/password')
    .set('X-CSRF-Token', session.csrfToken)
    .send({ currentPassword: user.password, newPassword: 'a new secret of mine' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assertValid('ConsoleSessionResponse', changed.body);
  assert.equal(changed.body.value.user.mustChangePassword, false);
  assert.deepEqual(changed.body.value.scopes, ['read']);
  assert.equal(changed.body.value.csrfToken, session.csrfToken, 'the same session goes on');

  const list = await agent.get('/api/openapi/v2/invoices?limit=1');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assertValid('InvoicePage', list.body);

  const again = await app.http().post('/api/console/session').send({ name: user.name, password: user.password });
  assert.equal(again.status, 401, 'the one-time password no longer works');
  const own = await app.http().post('/api/console/session').send({ name: user.name, password: 'a new secret of mine' });
  assert.equal(own.status, 200);
  assert.equal(own.body.value.user.mustChangePassword, false);

  assert.deepEqual(await auditActions(`user:${user.name}`), ['user.create', 'session.login', 'user.change_password', 'session.login']);
  const changeEntry = await app.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'user.change_password')
    .where('target', '=', `user:${user.name}`)
    .executeTakeFirstOrThrow();
  assert.equal(changeEntry.actor_type, 'user');
  assert.equal(changeEntry.actor_name, user.name);
  assert.doesNotMatch(JSON.stringify(changeEntry), /a new secret of mine/, 'no password in the audit log');
});

test('when the name or the password is wrong, or the user is disabled, then 401 says the same; failures are rate-limited', async () => {
  const user = await makeUser(app, 'viewer');
  const limited = await startTestApp({ database: app.database, authRateLimit: 3 });
  try {
    const wrongPassword = await problem(
      limited.http().post('/api/console/session').send({ name: user.name, password: 'nope' }),
      401,
      'unauthorized',
    );
    const unknownName = await problem(
      limited.http().post('/api/console/session').send({ name: 'nobody-at-all', password: user.password }),
      401,
      'unauthorized',
    );
    assert.equal(wrongPassword.detail, unknownName.detail);
    assert.deepEqual([wrongPassword.title, wrongPassword.detail], ['需要认证', '用户名或密码不对，或该用户已停用']);
    const wrongEn = await problem(
      app.http().post('/api/console/session').set('Accept-Language', 'en').send({ name: user.name, password: 'nope' }),
      401,
      'unauthorized',
    );
    assert.deepEqual(
      [wrongEn.title, wrongEn.detail],
      ['Authentication required', 'the name or the password is wrong, or the user is disabled'],
    );
    const missing = await problem(limited.http().post('/api/console/session').send({ name: user.name }), 400, 'validation_failed');
    assert.deepEqual(missing.errors, [{ pointer: '/password', message: 'password：必填' }]);
    const limitedOut = await limited.http().post('/api/console/session').send({ name: user.name, password: user.password });
    assert.equal(limitedOut.status, 429, 'the fourth attempt after three failures is refused, even with the right password');
    assert.ok(Number(limitedOut.headers['retry-after']) >= 1);
  } finally {
    await limited.close();
  }
  const formPost = await app.http().post('/api/console/session').type('form').send({ name: user.name, password: user.password });
  assert.equal(formPost.status, 415, 'a cross-site form cannot sign anyone in');
});

test('when a request that changes something comes with the cookie but without its CSRF token, then 403 and nothing changes', async () => {
  const admin = await signedInAs(app, 'admin');
  const other = await signedInAs(app, 'admin');
  const before = await tableCounts(app.database);

  const none = await problem(admin.agent.post('/api/console/admin/users').send({ name: 'csrf-victim', role: 'admin' }), 403, 'forbidden');
  assert.match(String(none.detail), /X-CSRF-Token/);
  await problem(
    admin.agent.post('/api/console/admin/users').set('X-CSRF-Token', other.csrfToken).send({ name: 'csrf-victim', role: 'admin' }),
    403,
    'forbidden',
  );
  await problem(
    admin.agent.post('/api/console/session/password').send({ currentPassword: admin.password, newPassword: 'something else entirely' }),
    403,
    'forbidden',
  );
  const after = await tableCounts(app.database);
  assert.deepEqual({ ...after, console_sessions: 0 }, { ...before, console_sessions: 0 });

  const withToken = await admin.agent
    .post('/api/console/admin/users')
    .set('X-CSRF-Token', admin.csrfToken)
    .send({ name: 'csrf-ok', role: 'viewer' });
  assert.equal(withToken.status, 201, JSON.stringify(withToken.body));
});

test('when a viewer uses the invoice API with the session, then it reads like an app with read, and may not push nor administer', async () => {
  const invoice = buildInvoice({
    invoiceNumber: uniqueNumber(),
    invoiceTotalPriceTax: '1234567.89',
    invoiceAmount: '1165000.00',
    invoiceTaxAmount: '69567.89',
  });
  assert.equal((await app.push(buildPush({ data: [invoice] }), pusher.accessToken)).status, 200);
  const viewer = await signedInAs(app, 'viewer');

  const list = await viewer.agent.get(`/api/openapi/v2/invoices?invoiceNumber=${invoice.invoiceNumber}`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.value.items.length, 1);
  const id = list.body.value.items[0].id as string;
  assert.equal(list.body.value.items[0].invoiceTotalPriceTax, '1234567.89');

  const view = await viewer.agent.get(`/api/openapi/v2/invoices/${id}`);
  assert.equal(view.status, 200);
  assertValid('InvoiceViewResponse', view.body);

  const csv = await viewer.agent.get(`/api/openapi/v2/invoices/export.csv?invoiceNumber=${invoice.invoiceNumber}`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, new RegExp(String(invoice.invoiceNumber)));

  const admin = await problem(viewer.agent.get('/api/console/admin/users'), 403, 'forbidden');
  assert.match(String(admin.detail), /的角色是查看员，此操作需要「管理员」角色$/);
  const adminEn = await problem(viewer.agent.get('/api/console/admin/users').set('Accept-Language', 'en'), 403, 'forbidden');
  assert.match(String(adminEn.detail), /is a viewer; this needs the admin scope \(role admin\)/);
  await problem(viewer.agent.get('/api/console/admin/audit'), 403, 'forbidden');

  const push = await problem(
    viewer.agent.post('/api/openapi/v2/invoicing').set('X-CSRF-Token', viewer.csrfToken).send(buildPush()),
    403,
    'forbidden',
  );
  assert.match(String(push.detail), /的角色是查看员，此操作不对控制台用户开放$/);
});

test('when a request carries an access token and a session cookie, then the token decides', async () => {
  const admin = await signedInAs(app, 'admin');
  const pushOnly = await app.token({ scopes: ['push'] });
  await problem(admin.agent.get('/api/openapi/v2/invoices').set('accessToken', pushOnly.accessToken), 403, 'forbidden');
  await problem(admin.agent.get('/api/openapi/v2/invoices?accessToken=unknown'), 401, 'unauthorized');
  const withoutCookie = await problem(
    app.http().get('/api/console/admin/users').set('accessToken', pusher.accessToken),
    401,
    'unauthorized',
  );
  assert.equal(
    withoutCookie.detail,
    '请先登录控制台（POST /api/console/session）',
    'the admin API takes a console session, not an app token',
  );
});

test('when a session is not used for its idle time, or reaches its absolute end, then it has expired (401)', async () => {
  const idle = await startTestApp({ database: app.database, consoleSessions: { idleSeconds: 1, maxSeconds: 3600 } });
  const short = await startTestApp({ database: app.database, consoleSessions: { idleSeconds: 3600, maxSeconds: 2 } });
  try {
    const user = await makeUser(app, 'viewer');
    const idleSession = await signIn(idle, user);
    const shortSession = await signIn(short, user);
    assert.equal((await idleSession.agent.get('/api/console/session')).status, 200);
    // Used all the time, the short session still ends at its absolute expiry.
    for (let i = 0; i < 5; i++) {
      await sleep(500);
      await shortSession.agent.get('/api/console/session');
    }
    const expired = await problem(idleSession.agent.get('/api/openapi/v2/invoices'), 401, 'unauthorized');
    assert.equal(expired.detail, '控制台会话已过期或已结束，请重新登录');
    const expiredEn = await problem(idleSession.agent.get('/api/openapi/v2/invoices').set('Accept-Language', 'en'), 401, 'unauthorized');
    assert.match(String(expiredEn.detail), /expired or ended; sign in again/);
    await problem(shortSession.agent.get('/api/openapi/v2/invoices'), 401, 'unauthorized');
    const whoAmI = await idleSession.agent.get('/api/console/session');
    assert.deepEqual([whoAmI.status, whoAmI.body], [200, { value: null }], 'nobody: an answer, not an error');
    assert.match(String(whoAmI.headers['set-cookie']?.[0]), /^fh_console=;/, 'the dead cookie is cleared');
  } finally {
    await idle.close();
    await short.close();
  }
});

test('when a user signs out, then the cookie is cleared and the session ends for good', async () => {
  const viewer = await signedInAs(app, 'viewer');
  const session = await viewer.agent.get('/api/console/session');
  const userId = session.body.value.user.id as string;

  await problem(viewer.agent.delete('/api/console/session'), 403, 'forbidden');
  const out = await viewer.agent.delete('/api/console/session').set('X-CSRF-Token', viewer.csrfToken);
  assert.equal(out.status, 204);
  assert.match(String(out.headers['set-cookie']?.[0]), /^fh_console=; Path=\/; Expires=Thu, 01 Jan 1970/);

  const oldCookie = viewer.cookie.split(';')[0] as string;
  await problem(app.http().get('/api/openapi/v2/invoices').set('Cookie', oldCookie), 401, 'unauthorized');
  const nobody = await app.http().get('/api/console/session').set('Cookie', oldCookie);
  assert.deepEqual(nobody.body, { value: null });
  assertValid('ConsoleSessionOrNoneResponse', nobody.body);
  const ended = await app.db
    .selectFrom('console_sessions')
    .select(['end_reason'])
    .where('user_id', '=', userId)
    .where('ended_at', 'is not', null)
    .execute();
  assert.ok(ended.some((row) => row.end_reason === 'logout'));
  assert.equal((await app.http().delete('/api/console/session')).status, 204, 'signing out without a session is harmless');
});

test('when a new password is not acceptable, then 400 names the field and the password stays', async () => {
  const user = await makeUser(app, 'operator');
  const session = await signIn(app, user);
  const change = (body: object) => session.agent.post('/api/console/session/password').set('X-CSRF-Token', session.csrfToken).send(body);

  const wrong = await problem(
    change({ currentPassword: 'not it', newPassword: 'long enough password' }).set('Accept-Language', 'en'),
    400,
    'validation_failed',
  );
  assert.deepEqual(wrong.errors, [{ pointer: '/currentPassword', message: 'is not the current password' }]);
  const short = await problem(change({ currentPassword: user.password, newPassword: 'short' }), 400, 'validation_failed');
  assert.equal((short.errors as { pointer: string }[])[0]?.pointer, '/newPassword');
  const name = await problem(change({ currentPassword: user.password, newPassword: user.name.toUpperCase() }), 400, 'validation_failed');
  assert.deepEqual(name.errors, [{ pointer: '/newPassword', message: 'newPassword：不能与用户名相同' }]);
  const same = await problem(change({ currentPassword: user.password, newPassword: user.password }), 400, 'validation_failed');
  assert.deepEqual(same.errors, [{ pointer: '/newPassword', message: 'newPassword：不能与当前密码相同' }]);
  const wrongZh = await problem(change({ currentPassword: 'not it', newPassword: user.name }), 400, 'validation_failed');
  assert.deepEqual(
    [wrongZh.detail, wrongZh.errors],
    [
      'currentPassword：当前密码不正确；newPassword：不能与用户名相同',
      [
        { pointer: '/currentPassword', message: 'currentPassword：当前密码不正确' },
        { pointer: '/newPassword', message: 'newPassword：不能与用户名相同' },
      ],
    ],
  );

  assert.equal((await app.http().post('/api/console/session').send(user)).status, 200, 'the one-time password still works');
});

test('when a user changes their password, then their other sessions end and this one goes on', async () => {
  const user = await makeUser(app, 'viewer');
  const first = await signIn(app, user);
  const second = await signIn(app, user);
  const changed = await first.agent
    .post('/api/console/session/password')
    .set('X-CSRF-Token', first.csrfToken)
    .send({ currentPassword: user.password, newPassword: 'my very own password' });
  assert.equal(changed.status, 200);
  assert.equal((await first.agent.get('/api/console/session')).status, 200);
  await problem(second.agent.get('/api/openapi/v2/invoices'), 401, 'unauthorized');
  const rows = await app.db
    .selectFrom('console_sessions as s')
    .innerJoin('console_users as u', 'u.id', 's.user_id')
    .select(['s.end_reason'])
    .where('u.name', '=', user.name)
    .orderBy('s.id')
    .execute();
  assert.deepEqual(
    rows.map((row) => row.end_reason),
    [null, 'password_changed'],
  );
  const { rows: hashes } = await sql<{ password_hash: string }>`select password_hash from console_users where name = ${user.name}`.execute(
    app.db,
  );
  assert.match(hashes[0]?.password_hash ?? '', /^scrypt\$/);
});

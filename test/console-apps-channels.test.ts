/**
 * The console's admin API for apps and channels, through HTTP with an
 * admin's session and CSRF token: an app made with its scopes, channels and
 * sellers (its appSecurity shown once and working), revoked, rotated; a
 * channel's adapter set with its secrets (stored encrypted, never shown or
 * logged, replaceable), its refused findings; every change in the audit
 * log without a secret; operators, apps and requests without the CSRF
 * token kept out.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { channelAdapterSettings } from '../src/channels/channels.service.ts';
import { assertValid, problem } from './helpers/api.ts';
import { startTestApp, TEST_SECRETS_KEY, type TestApp } from './helpers/app.ts';
import type { Json } from './helpers/builders.ts';
import { type SignedIn, signedInAs } from './helpers/console.ts';

type User = SignedIn & { readonly name: string };

let app: TestApp;
let admin: User;
let operator: User;
const log: string[] = [];

before(async () => {
  app = await startTestApp({ logStream: { write: (line) => void log.push(line) } });
  admin = await signedInAs(app, 'admin');
  operator = await signedInAs(app, 'operator');
});
after(() => app.close());

function send(user: SignedIn, method: 'post' | 'patch', path: string, body?: unknown, options: { csrf?: boolean } = {}) {
  const request = user.agent[method](path);
  if (options.csrf !== false) request.set('X-CSRF-Token', user.csrfToken);
  return body === undefined ? request : request.set('Content-Type', 'application/json').send(JSON.stringify(body));
}

async function auditOf(target: string) {
  return app.db
    .selectFrom('audit_log')
    .select(['actor_type', 'actor_name', 'action', 'target', 'details'])
    .where('target', '=', target)
    .orderBy('id')
    .execute();
}

function getToken(appKey: string, appSecurity: string) {
  return app.http().post('/api/openapi/v1/auth/getAccessToken').send({ appKey, appSecurity });
}

test('when an admin makes an app, then its appSecurity is shown once and works, and the audit log names the admin without the secret', async () => {
  const created = await send(admin, 'post', '/api/console/admin/apps', {
    name: 'erp.finance',
    scopes: ['read', 'redflush'],
    channels: ['nuonuo'],
    sellers: ['91310000MA1FL0XX2Y'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assertValid('ConsoleAppCredentialsResponse', created.body);
  assert.equal(created.headers['cache-control'], 'no-store');
  const { app: made, appSecurity } = created.body.value;
  assert.deepEqual(made, {
    name: 'erp.finance',
    appKey: made.appKey,
    scopes: ['read', 'redflush'],
    channels: ['nuonuo'],
    sellers: ['91310000MA1FL0XX2Y'],
    createdAt: made.createdAt,
    createdAtIso: new Date(made.createdAt).toISOString(),
    revokedAt: null,
    revokedAtIso: null,
  });
  assert.match(made.appKey, /^fh/);
  assert.ok(appSecurity.length >= 32);

  const token = await getToken(made.appKey, appSecurity);
  assert.equal(token.status, 200, JSON.stringify(token.body));
  const stored = await app.db.selectFrom('apps').selectAll().where('name', '=', 'erp.finance').executeTakeFirstOrThrow();
  assert.doesNotMatch(stored.secret_hash, new RegExp(appSecurity));

  const listed = await admin.agent.get('/api/console/admin/apps');
  assert.equal(listed.status, 200);
  assertValid('ConsoleAppListResponse', listed.body);
  assert.deepEqual(
    listed.body.value.items.find((item: Json) => item.name === 'erp.finance'),
    made,
  );
  assert.doesNotMatch(JSON.stringify(listed.body), new RegExp(appSecurity), 'a listing never shows the secret');

  assert.deepEqual(await auditOf('app:erp.finance'), [
    {
      actor_type: 'user',
      actor_name: admin.name,
      action: 'app.create',
      target: 'app:erp.finance',
      details: { appKey: made.appKey, scopes: ['read', 'redflush'], channels: ['nuonuo'], sellers: ['91310000MA1FL0XX2Y'] },
    },
  ]);
  const all = await sql<{ text: string }>`select string_agg(details::text, ' ') as text from audit_log`.execute(app.db);
  assert.doesNotMatch(String(all.rows[0]?.text), new RegExp(appSecurity));
  assert.doesNotMatch(log.join(''), new RegExp(appSecurity), 'the secret is in no log line');
});

test('when an app is made with a taken name or bad fields, then 409 or 400 names the field, and nothing is made', async () => {
  const first = await send(admin, 'post', '/api/console/admin/apps', { name: 'dup', scopes: ['push'] });
  assert.equal(first.status, 201);
  const count = async () => Number((await sql<{ n: string }>`select count(*) as n from apps`.execute(app.db)).rows[0]?.n);
  const before = await count();
  await problem(send(admin, 'post', '/api/console/admin/apps', { name: 'dup', scopes: ['read'] }), 409, 'conflict');
  const bad = await problem(
    send(admin, 'post', '/api/console/admin/apps', { name: ' spaced', scopes: ['write'], sellers: ['abc'] }),
    400,
    'validation_failed',
  );
  assert.deepEqual((bad.errors as Json[]).map((error) => error.pointer).sort(), ['/name', '/scopes/0', '/sellers/0']);
  await problem(send(admin, 'post', '/api/console/admin/apps', { name: 'none', scopes: [] }), 400, 'validation_failed');
  const zh = await problem(
    send(admin, 'post', '/api/console/admin/apps', { name: '应用', scopes: ['read', 'read'], sellers: ['abc'] }).set(
      'Accept-Language',
      'zh-CN',
    ),
    400,
    'validation_failed',
  );
  const reasons = [
    'name：应为 1–64 个字母、数字或 . _ -，以字母或数字开头',
    'scopes：不能重复（第 1 项与第 2 项都是 read）',
    'sellers[0]：应为税号（15–20 位数字或大写字母）',
  ];
  assert.deepEqual(
    zh.errors,
    ['/name', '/scopes', '/sellers/0'].map((pointer, index) => ({ pointer, message: reasons[index] })),
  );
  assert.equal(zh.detail, reasons.join('；'));
  const longName = await problem(
    send(admin, 'post', `/api/console/admin/apps/${'a'.repeat(201)}/revoke`).set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.equal(longName.detail, 'name：应为 1–200 个字符');
  assert.equal(await count(), before);
});

test('when an admin revokes or rotates an app, then its old credentials stop working at once, each audited', async () => {
  const created = await send(admin, 'post', '/api/console/admin/apps', { name: 'pos', scopes: ['push', 'read'] });
  const { app: made, appSecurity } = created.body.value;
  const token = (await getToken(made.appKey, appSecurity)).body.value.accessToken as string;
  const read = (accessToken: string) => app.http().get('/api/openapi/v2/invoices').set('accessToken', accessToken);
  assert.equal((await read(token)).status, 200);

  const rotated = await send(admin, 'post', '/api/console/admin/apps/pos/rotate');
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
  assertValid('ConsoleAppCredentialsResponse', rotated.body);
  assert.equal(rotated.headers['cache-control'], 'no-store');
  assert.notEqual(rotated.body.value.appSecurity, appSecurity);
  assert.equal((await read(token)).status, 401, 'the tokens of the old secret stop working');
  assert.equal((await getToken(made.appKey, appSecurity)).status, 403);
  const fresh = (await getToken(made.appKey, rotated.body.value.appSecurity)).body.value.accessToken as string;

  const revoked = await send(admin, 'post', '/api/console/admin/apps/pos/revoke');
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assertValid('ConsoleAppResponse', revoked.body);
  assert.equal(typeof revoked.body.value.revokedAt, 'number');
  assert.equal((await read(fresh)).status, 401);
  await problem(send(admin, 'post', '/api/console/admin/apps/pos/rotate'), 409, 'conflict');
  await problem(send(admin, 'post', '/api/console/admin/apps/nobody/revoke'), 404, 'not_found');

  assert.deepEqual(
    (await auditOf('app:pos')).map((entry) => [entry.action, entry.actor_name, entry.details]),
    [
      ['app.create', admin.name, { appKey: made.appKey, scopes: ['push', 'read'], channels: null, sellers: null }],
      ['app.rotate', admin.name, {}],
      ['app.revoke', admin.name, {}],
    ],
  );
});

test('when an admin sets a channel adapter with its secrets, then they are stored encrypted, shown only as set, and replaceable one at a time', async () => {
  const appSecret = `secret-${randomBytes(8).toString('hex')}`;
  const accessToken = `token-${randomBytes(8).toString('hex')}`;
  const set = await send(admin, 'patch', '/api/console/admin/channels/nuonuo-sh', {
    adapter: 'nuonuo',
    endpoint: 'https://sdk.nuonuo.com/open/v1/services',
    appKey: 'SD63236305',
    userTax: '91310000MA1FL0XX2Y',
    appSecret,
    accessToken,
    rejectFindings: ['HEADER_SUM_MISMATCH'],
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assertValid('ConsoleChannelResponse', set.body);
  assert.deepEqual(set.body.value, {
    channelCode: 'nuonuo-sh',
    rejectFindings: ['HEADER_SUM_MISMATCH'],
    adapter: {
      kind: 'nuonuo',
      endpoint: 'https://sdk.nuonuo.com',
      appKey: 'SD63236305',
      userTax: '91310000MA1FL0XX2Y',
      secrets: { appSecret: 'set', accessToken: 'set' },
    },
    updatedAt: set.body.value.updatedAt,
  });
  const listed = await admin.agent.get('/api/console/admin/channels');
  assert.equal(listed.status, 200);
  assertValid('ConsoleChannelListResponse', listed.body);
  assert.deepEqual(
    listed.body.value.items.find((item: Json) => item.channelCode === 'nuonuo-sh'),
    set.body.value,
  );
  const row = await app.db.selectFrom('channels').selectAll().where('channel_code', '=', 'nuonuo-sh').executeTakeFirstOrThrow();
  assert.doesNotMatch(JSON.stringify(row), new RegExp(`${appSecret}|${accessToken}`), 'stored encrypted');
  const settings = await channelAdapterSettings(app.db, 'nuonuo-sh', TEST_SECRETS_KEY);
  assert.deepEqual([settings?.appSecret, settings?.accessToken], [appSecret, accessToken]);

  // Replace one secret; the other stays, and the rest of the settings too.
  const newSecret = `secret-${randomBytes(8).toString('hex')}`;
  const replaced = await send(admin, 'patch', '/api/console/admin/channels/nuonuo-sh', { appSecret: newSecret, userTax: 'none' });
  assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
  assert.equal(replaced.body.value.adapter.userTax, null);
  const after = await channelAdapterSettings(app.db, 'nuonuo-sh', TEST_SECRETS_KEY);
  assert.deepEqual([after?.appSecret, after?.accessToken, after?.appKey], [newSecret, accessToken, 'SD63236305']);

  assert.deepEqual(
    (await auditOf('channel:nuonuo-sh')).map((entry) => [entry.action, entry.actor_name, entry.details]),
    [
      [
        'channel.set',
        admin.name,
        {
          rejectFindings: ['HEADER_SUM_MISMATCH'],
          adapter: 'nuonuo',
          endpoint: 'https://sdk.nuonuo.com',
          appKey: 'SD63236305',
          userTax: '91310000MA1FL0XX2Y',
          appSecret: 'replaced',
          accessToken: 'replaced',
        },
      ],
      ['channel.set', admin.name, { userTax: null, appSecret: 'replaced' }],
    ],
  );
  const secrets = new RegExp(`${appSecret}|${accessToken}|${newSecret}`);
  const audit = await sql<{ text: string }>`select string_agg(details::text, ' ') as text from audit_log`.execute(app.db);
  assert.doesNotMatch(String(audit.rows[0]?.text), secrets);
  assert.doesNotMatch(log.join(''), secrets, 'no secret in a log line');
});

test('when a channel change is incomplete or wrong, then 400 says what and nothing changes', async () => {
  const before = await app.db.selectFrom('channels').selectAll().orderBy('channel_code').execute();
  const missing = await problem(
    send(admin, 'patch', '/api/console/admin/channels/half', { adapter: 'nuonuo', endpoint: 'https://sdk.nuonuo.com' }).set(
      'Accept-Language',
      'en',
    ),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    (missing.errors as Json[]).map((error) => error.pointer),
    ['/appKey', '/appSecret', '/accessToken'],
  );
  assert.match(String(missing.detail), /^3 fields are not valid; see errors$/);
  const missingZh = await problem(
    send(admin, 'patch', '/api/console/admin/channels/half', { adapter: 'nuonuo', endpoint: 'http://127.0.0.1:1', appKey: 'k' }).set(
      'Accept-Language',
      'zh-CN',
    ),
    400,
    'validation_failed',
  );
  const required = ['appSecret：渠道 half 配置诺诺适配器时必填', 'accessToken：渠道 half 配置诺诺适配器时必填'];
  assert.deepEqual(missingZh, {
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: '请求无效',
    status: 400,
    code: 'validation_failed',
    detail: required.join('；'),
    requestId: missingZh.requestId,
    errors: [
      { pointer: '/appSecret', message: required[0] },
      { pointer: '/accessToken', message: required[1] },
    ],
  });
  const zhCases: [Json, string, string][] = [
    [{ endpoint: 'ftp://x' }, '/endpoint', 'endpoint：应为 http(s) 地址，不带用户名密码、查询参数或片段，如 https://sdk.nuonuo.com'],
    [{ adapter: 'nuonuo', userTax: 'abc' }, '/userTax', 'userTax：应为税号（15–20 位数字或大写字母），或 none'],
    [{ adapter: 'none', appKey: 'x' }, '/adapter', 'adapter：为 none 时删除适配器及其设置和密钥，不能同时给出 appKey'],
    [{ endpoint: 'https://x' }, '/adapter', 'adapter：渠道 half 尚未配置适配器，给出 endpoint 时必填（可选 nuonuo）'],
    [{ adapter: 'nuonuo', appSecret: 'with space' }, '/appSecret', 'appSecret：应为 1–1024 个可见 ASCII 字符，不含空格'],
  ];
  for (const [body, pointer, message] of zhCases) {
    const refused = await problem(
      send(admin, 'patch', '/api/console/admin/channels/half', body).set('Accept-Language', 'zh-CN'),
      400,
      'validation_failed',
    );
    assert.deepEqual([refused.detail, refused.errors], [message, [{ pointer, message }]], JSON.stringify(body));
  }
  const unknown = await problem(
    send(admin, 'patch', '/api/console/admin/channels/half', { rejectFindings: ['NO_SUCH_CHECK'] }),
    400,
    'validation_failed',
  );
  assert.equal((unknown.errors as Json[])[0]?.pointer, '/rejectFindings/0');
  const empty = await problem(
    send(admin, 'patch', '/api/console/admin/channels/half', {}).set('Accept-Language', 'zh-CN'),
    400,
    'validation_failed',
  );
  assert.deepEqual([empty.detail, empty.errors], ['请求体：至少要改一项', [{ pointer: '', message: '请求体：至少要改一项' }]]);
  await problem(
    send(admin, 'patch', '/api/console/admin/channels/half', {
      adapter: 'nuonuo',
      endpoint: 'ftp://x',
      appKey: 'k',
      appSecret: 's',
      accessToken: 't',
    }),
    400,
    'validation_failed',
  );
  assert.deepEqual(await app.db.selectFrom('channels').selectAll().orderBy('channel_code').execute(), before);
});

test('when an operator, an app or a request without the CSRF token asks, then the admin API refuses it', async () => {
  const operatorList = await problem(operator.agent.get('/api/console/admin/apps'), 403, 'forbidden');
  assert.match(String(operatorList.detail), /的角色是操作员，此操作需要「管理员」角色$/);
  await problem(send(operator, 'post', '/api/console/admin/apps', { name: 'x', scopes: ['read'] }), 403, 'forbidden');
  await problem(send(operator, 'patch', '/api/console/admin/channels/x', { rejectFindings: [] }), 403, 'forbidden');
  await problem(send(admin, 'post', '/api/console/admin/apps', { name: 'x', scopes: ['read'] }, { csrf: false }), 403, 'forbidden');
  await problem(send(admin, 'patch', '/api/console/admin/channels/x', { rejectFindings: [] }, { csrf: false }), 403, 'forbidden');
  const token = await app.token({ scopes: ['push', 'read', 'redflush'] });
  await problem(app.http().get('/api/console/admin/channels').set('accessToken', token.accessToken), 401, 'unauthorized');
  assert.equal(await app.db.selectFrom('apps').select('id').where('name', '=', 'x').executeTakeFirst(), undefined);
  assert.equal(await app.db.selectFrom('channels').select('channel_code').where('channel_code', '=', 'x').executeTakeFirst(), undefined);
});

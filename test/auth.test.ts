import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { revokeApp, rotateApp } from '../src/auth/auth.service.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { buildPush } from './helpers/builders.ts';
import { tableCounts } from './helpers/database.ts';

let app: TestApp;

before(async () => {
  app = await startTestApp({ accessTokenTtlSeconds: 3600 });
});
after(() => app.close());

const getAccessToken = (body: unknown) =>
  app.http().post('/api/openapi/v1/auth/getAccessToken').set('Content-Type', 'application/json').send(JSON.stringify(body));

function assertProblem(response: { status: number; body: Record<string, unknown> }, status: number, code: string, detail?: string) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body.code, code);
  assert.equal(response.body.status, status);
  if (detail) assert.equal(response.body.detail, detail);
}

test('when appKey and appSecurity are right, then a token pair that lives the configured time', async () => {
  const { appKey, appSecurity } = await app.token();
  const started = Date.now();
  const response = await getAccessToken({ appKey, appSecurity });
  assert.equal(response.status, 200);
  assert.deepEqual(Object.keys(response.body), ['value']);
  assert.deepEqual(Object.keys(response.body.value).sort(), ['accessToken', 'expireTime', 'refreshToken']);
  const { accessToken, refreshToken, expireTime } = response.body.value;
  assert.match(accessToken, /^[\w-]{43}$/);
  assert.match(refreshToken, /^[\w-]{43}$/);
  assert.ok(Math.abs(expireTime - (started + 3600_000)) < 10_000, 'expires in an hour');
  const stored = await app.db.selectFrom('access_tokens').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.notEqual(stored.access_hash, accessToken, 'only a digest is stored');
  assert.equal(stored.expires_at.getTime(), expireTime);

  const push = await app.push(buildPush(), accessToken);
  assert.equal(push.status, 200);
});

test('when the secret is wrong, the appKey unknown, or the app revoked, then 403', async () => {
  const { appKey, appSecurity, name } = await app.token();
  const wrong = '应用标识(appKey)或应用密钥(appSecurity)不对，或应用已吊销';
  assertProblem(await getAccessToken({ appKey, appSecurity: `${appSecurity}x` }), 403, 'forbidden', wrong);
  assertProblem(await getAccessToken({ appKey: 'nobody', appSecurity }), 403, 'forbidden', wrong);
  await revokeApp(app.db, name);
  assertProblem(await getAccessToken({ appKey, appSecurity }), 403, 'forbidden', wrong);
});

test('when getAccessToken misses a field, then 400 names it', async () => {
  const response = await getAccessToken({ appKey: 'x' });
  assertProblem(response, 400, 'validation_failed', '应用密钥(appSecurity)：必填');
  assert.deepEqual(response.body.errors, [{ pointer: '/appSecurity', label: '应用密钥', message: '应用密钥(appSecurity)：必填' }]);
});

test('when a token pair is refreshed, then the new pair works and the old one does not', async () => {
  const token = await app.token();
  const response = await app
    .http()
    .post(`/api/openapi/v2/auth/refreshToken?accessToken=${token.accessToken}&refreshToken=${token.refreshToken}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const fresh = response.body.value;
  assert.notEqual(fresh.accessToken, token.accessToken);
  assert.equal((await app.push(buildPush(), fresh.accessToken)).status, 200);
  assertProblem(await app.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  const again = await app
    .http()
    .post(`/api/openapi/v2/auth/refreshToken?accessToken=${token.accessToken}&refreshToken=${token.refreshToken}`);
  assertProblem(again, 401, 'unauthorized', '这对 token 已吊销');
});

test('when the refresh token does not belong to the access token, then 401', async () => {
  const a = await app.token();
  const b = await app.token();
  const response = await app.http().post(`/api/openapi/v2/auth/refreshToken?accessToken=${a.accessToken}&refreshToken=${b.refreshToken}`);
  assertProblem(response, 401, 'unauthorized', '认证token(accessToken)与刷新token(refreshToken)不是本服务发出的一对');
  const missing = await app.http().post(`/api/openapi/v2/auth/refreshToken?accessToken=${a.accessToken}`);
  assertProblem(missing, 400, 'validation_failed', '刷新token(refreshToken)：必填，只传一次');
  assert.deepEqual(missing.body.errors, [
    { parameter: 'refreshToken', label: '刷新token', message: '刷新token(refreshToken)：必填，只传一次' },
  ]);
});

test('when a token has expired, then it cannot push and cannot be refreshed', async () => {
  const token = await app.token();
  await sql`update access_tokens set expires_at = now() - interval '1 second' where app_id = (select id from apps where name = ${token.name})`.execute(
    app.db,
  );
  assertProblem(await app.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已过期，请重新获取');
  const response = await app
    .http()
    .post(`/api/openapi/v2/auth/refreshToken?accessToken=${token.accessToken}&refreshToken=${token.refreshToken}`);
  assertProblem(response, 401, 'unauthorized', '这对 token 已过期，请重新调用 getAccessToken 获取');
});

test('when the token is missing, unknown or revoked, then push answers 401 and stores nothing', async () => {
  const before = await tableCounts(app.database);
  const missing = await app
    .http()
    .post('/api/openapi/v2/invoicing')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(buildPush()));
  assertProblem(missing, 401, 'unauthorized', '缺少认证token(accessToken)（查询参数或请求头）');
  assertProblem(await app.push(buildPush(), 'not-a-token'), 401, 'unauthorized', '认证token(accessToken)无效');
  const token = await app.token();
  await revokeApp(app.db, token.name);
  const afterSetup = await tableCounts(app.database);
  assertProblem(await app.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  assert.deepEqual((await tableCounts(app.database)).pushes, before.pushes);
  assert.deepEqual(await tableCounts(app.database), afterSetup);
});

test('when the token comes in the accessToken header, then the push is accepted', async () => {
  const token = await app.token();
  const response = await app
    .http()
    .post('/api/openapi/v2/invoicing')
    .set('accessToken', token.accessToken)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(buildPush()));
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
});

test('when the app lacks the push scope or pushes for a channel it may not, then 403 and nothing is stored', async () => {
  const reader = await app.token({ scopes: ['read'] });
  const before = await tableCounts(app.database);
  assertProblem(await app.push(buildPush(), reader.accessToken), 403, 'forbidden', `应用 ${reader.name} 没有 push 权限`);
  const nuonuoOnly = await app.token({ scopes: ['push'], channels: ['nuonuo'] });
  const afterSetup = await tableCounts(app.database);
  assertProblem(
    await app.push(buildPush({ channelCode: 'jcsk' }), nuonuoOnly.accessToken),
    403,
    'forbidden',
    `应用 ${nuonuoOnly.name} 无权推送渠道 jcsk 的数据`,
  );
  assert.deepEqual(await tableCounts(app.database), afterSetup);
  assert.equal(afterSetup.pushes, before.pushes);
  assert.equal((await app.push(buildPush({ channelCode: 'nuonuo' }), nuonuoOnly.accessToken)).status, 200);
});

test('when an app is rotated, then its old secret and every token it held stop working', async () => {
  const token = await app.token();
  const fresh = await rotateApp(app.db, token.name);
  assertProblem(await app.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  assertProblem(
    await getAccessToken({ appKey: token.appKey, appSecurity: token.appSecurity }),
    403,
    'forbidden',
    '应用标识(appKey)或应用密钥(appSecurity)不对，或应用已吊销',
  );
  const login = await getAccessToken({ appKey: fresh.appKey, appSecurity: fresh.appSecurity });
  assert.equal(login.status, 200);
  assert.equal((await app.push(buildPush(), login.body.value.accessToken)).status, 200);
});

/**
 * Operating the service: health, readiness, metrics, security headers and
 * the rate limit on authentication.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildPush, rawInvoice, rawPush } from './helpers/builders.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp({ metricsToken: METRICS_TOKEN, authRateLimit: 3, authRateWindowSeconds: 60 });
  token = await app.token({ channels: ['jcsk'] });
});
after(() => app.close());

test('when /healthz and /readyz are asked, then the process is up and the database ready', async () => {
  const health = await app.http().get('/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: 'ok' });
  const ready = await app.http().get('/readyz');
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.body, { status: 'ready', database: 'ok', migrations: 'applied' });
});

test('when any route answers, then helmet headers are set, no CORS headers and no x-powered-by', async () => {
  for (const response of [
    await app.http().get('/healthz').set('Origin', 'https://evil.example'),
    await app.push(buildPush(), token.accessToken).set('Origin', 'https://evil.example'),
    await app.http().get('/nowhere'),
  ]) {
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.ok(response.headers['content-security-policy']);
    assert.ok(response.headers['strict-transport-security']);
    assert.equal(response.headers['access-control-allow-origin'], undefined);
    assert.equal(response.headers['x-powered-by'], undefined);
  }
});

test('when /metrics is asked without the token, then 401', async () => {
  const response = await app.http().get('/metrics');
  assert.equal(response.status, 401);
  assert.equal(response.body.code, 'unauthorized');
  const wrong = await app.http().get('/metrics').set('Authorization', 'Bearer nope');
  assert.equal(wrong.status, 401);
});

test('when pushes succeed and fail, then /metrics counts them by channel, outcome, change and rule, with latency per route', async () => {
  await app.push(buildPush(), token.accessToken);
  await app.push(rawPush({ data: [rawInvoice({ invoiceType: 9, buyerName: undefined })] }), token.accessToken);
  await app.push(buildPush(), 'unknown-token');
  await app.push(buildPush({ channelCode: 'other' }), token.accessToken);
  const response = await app.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
  assert.equal(response.status, 200);
  assert.match(response.headers['content-type'] ?? '', /^text\/plain/);
  const text = response.text;
  const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}."/]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
  assert.ok(value('fapiao_pushes_total{channel="jcsk",outcome="stored"}') >= 1);
  assert.equal(value('fapiao_pushes_total{channel="jcsk",outcome="validation_failed"}'), 1);
  assert.equal(value('fapiao_pushes_total{channel="unknown",outcome="unauthorized"}'), 1);
  assert.equal(value('fapiao_pushes_total{channel="other",outcome="forbidden"}'), 1);
  assert.ok(value('fapiao_invoices_total{channel="jcsk",change="created"}') >= 1);
  assert.equal(value('fapiao_validation_failures_total{rule="enum"}'), 1);
  assert.equal(value('fapiao_validation_failures_total{rule="required"}'), 1);
  assert.match(
    text,
    /fapiao_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/api\/openapi\/v2\/invoicing",status="200"\}/,
  );
  assert.match(text, /^process_resident_memory_bytes /m);
  assert.equal(text.includes(token.accessToken), false);
  if (app.database.kind === 'postgres') assert.match(text, /^fapiao_db_pool_connections \d+/m);
});

test('when wrong secrets are sent repeatedly, then 429 with Retry-After, and good logins do not count', async () => {
  const login = (appSecurity: string) =>
    app
      .http()
      .post('/api/openapi/v1/auth/getAccessToken')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ appKey: token.appKey, appSecurity }));
  for (let i = 0; i < 5; i++) assert.equal((await login(token.appSecurity)).status, 200, 'successes are not counted');
  for (let i = 0; i < 3; i++) assert.equal((await login('wrong')).status, 403);
  const limited = await login('wrong');
  assert.equal(limited.status, 429);
  assert.equal(limited.body.code, 'rate_limited');
  const retryAfter = Number(limited.headers['retry-after']);
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`);
  assert.equal((await login(token.appSecurity)).status, 429, 'the address is blocked for the window');
  const refresh = await app.http().post('/api/openapi/v2/auth/refreshToken?accessToken=a&refreshToken=b');
  assert.equal(refresh.status, 429, 'refreshToken shares the limit');
});

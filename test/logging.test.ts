/**
 * Secrets never reach the logs: tokens travel in query strings and headers,
 * secrets in bodies; every log line carries the request id.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildPush, rawPush } from './helpers/builders.ts';

const lines: string[] = [];
let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp({ logStream: { write: (line) => lines.push(line) } });
  token = await app.token();
});
after(() => app.close());

function logged(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line));
}

test('when pushes, refreshes and failed logins happen, then no token or secret appears in any log line or error body', async () => {
  lines.length = 0;
  const bodies: string[] = [];
  const push = await app.push(buildPush(), token.accessToken);
  assert.equal(push.status, 200);
  const byHeader = await app
    .http()
    .post('/api/openapi/v2/invoicing')
    .set('accessToken', token.accessToken)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(rawPush({ data: [{ bad: true }] })));
  assert.equal(byHeader.status, 400);
  bodies.push(JSON.stringify(byHeader.body));
  const wrongSecret = await app
    .http()
    .post('/api/openapi/v1/auth/getAccessToken')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ appKey: token.appKey, appSecurity: `${token.appSecurity}-wrong` }));
  assert.equal(wrongSecret.status, 403);
  bodies.push(JSON.stringify(wrongSecret.body));
  const login = await app
    .http()
    .post('/api/openapi/v1/auth/getAccessToken')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ appKey: token.appKey, appSecurity: token.appSecurity }));
  assert.equal(login.status, 200);
  const refreshed = await app
    .http()
    .post(`/api/openapi/v2/auth/refreshToken?accessToken=${login.body.value.accessToken}&refreshToken=${login.body.value.refreshToken}`);
  assert.equal(refreshed.status, 200);
  const unknown = await app.push(buildPush(), 'an-unknown-token-value');
  assert.equal(unknown.status, 401);
  bodies.push(JSON.stringify(unknown.body));

  const secrets = [
    token.accessToken,
    token.refreshToken,
    token.appSecurity,
    login.body.value.accessToken,
    login.body.value.refreshToken,
    refreshed.body.value.accessToken,
    refreshed.body.value.refreshToken,
    'an-unknown-token-value',
  ];
  const text = lines.join('');
  assert.ok(lines.length >= 6, 'requests were logged');
  for (const secret of secrets) {
    assert.equal(text.includes(secret), false, 'a secret reached the log');
    for (const body of bodies) assert.equal(body.includes(secret), false, 'a secret reached an error body');
  }
  assert.match(text, /accessToken=\[REDACTED\]/, 'the URL is logged with the token masked');
});

test('when a token comes under a query key spelled otherwise (percent-encoded, with brackets), then the log line masks it and shows the rest of the URL as received', async () => {
  const login = await app
    .http()
    .post('/api/openapi/v1/auth/getAccessToken')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ appKey: token.appKey, appSecurity: token.appSecurity }));
  assert.equal(login.status, 200);
  const { accessToken, refreshToken } = login.body.value as { accessToken: string; refreshToken: string };
  const asked = [
    {
      url: `/api/openapi/v2/invoices?access%54oken=${accessToken}&limit=1`,
      status: 200,
      logged: '/api/openapi/v2/invoices?access%54oken=[REDACTED]&limit=1',
    },
    {
      url: `/api/openapi/v2/invoices?%61ccessToken=${accessToken}&limit=1`,
      status: 200,
      logged: '/api/openapi/v2/invoices?%61ccessToken=[REDACTED]&limit=1',
    },
    {
      url: `/api/openapi/v2/invoices?limit=1&accessToken[]=${accessToken}`,
      status: 401,
      logged: '/api/openapi/v2/invoices?limit=1&accessToken[]=[REDACTED]',
    },
    {
      url: `/api/openapi/v2/invoices?accessToken%5Ba%5D=${accessToken}`,
      status: 401,
      logged: '/api/openapi/v2/invoices?accessToken%5Ba%5D=[REDACTED]',
    },
    { url: `/api/openapi/v2/invoices?ACCESSTOKEN=${accessToken}`, status: 401, logged: '/api/openapi/v2/invoices?ACCESSTOKEN=[REDACTED]' },
  ];
  for (const { url, status, logged: expected } of asked) {
    lines.length = 0;
    const response = await app.http().get(url);
    assert.equal(response.status, status, `${url}: ${JSON.stringify(response.body)}`);
    assert.ok(lines.length >= 1, 'the request was logged');
    assert.equal(lines.join('').includes(accessToken), false, `the token of ${url} reached the log`);
    const urls = logged().map((entry) => (entry.req as { url?: string } | undefined)?.url);
    assert.ok(urls.includes(expected), `${url} is logged as ${expected}: ${JSON.stringify(urls)}`);
  }

  lines.length = 0;
  const refreshed = await app.http().post(`/api/openapi/v2/auth/refreshToken?accessToken=${accessToken}&refresh%54oken=${refreshToken}`);
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  const text = lines.join('');
  assert.equal(text.includes(accessToken), false, 'the access token reached the log');
  assert.equal(text.includes(refreshToken), false, 'the refresh token reached the log');
  assert.match(text, /accessToken=\[REDACTED\]&refresh%54oken=\[REDACTED\]/);
});

test('when a request carries X-Request-Id, then it is returned and on every log line of that request', async () => {
  lines.length = 0;
  const response = await app
    .http()
    .post(`/api/openapi/v2/invoicing?accessToken=${token.accessToken}`)
    .set('X-Request-Id', 'channel-req-42')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(buildPush()));
  assert.equal(response.status, 200);
  assert.equal(response.headers['x-request-id'], 'channel-req-42');
  const entries = logged();
  assert.ok(entries.length >= 2, 'the push and its completion are logged');
  for (const entry of entries) {
    const id = (entry.req as { id?: string } | undefined)?.id ?? entry.reqId;
    assert.equal(id, 'channel-req-42', JSON.stringify(entry));
  }
  const stored = await app.db.selectFrom('pushes').select('request_id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(stored.request_id, 'channel-req-42');
});

test('when no or an unusable X-Request-Id comes, then a fresh one is made and returned', async () => {
  const response = await app.http().get('/healthz').set('X-Request-Id', 'bad id with spaces');
  assert.match(response.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
});

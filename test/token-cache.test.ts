/**
 * The token cache (src/auth/token-cache.ts): two instances of the app on one
 * database, each keeping the tokens it verified; a change made through one
 * of them, or in plain SQL, reaches the other as soon as its notification
 * arrives (LISTEN/NOTIFY on Postgres, the same notifications in process on
 * the embedded database, where they arrive before the change returns).
 *
 * The instances keep tokens for an hour here: an instance that refuses a
 * token within the test's waits can only have heard the change.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { issueToken } from '../src/auth/auth.service.ts';
import { digest } from '../src/secrets.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildPush } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';
import { tableCounts } from './helpers/database.ts';

let a: TestApp;
let b: TestApp;

before(async () => {
  a = await startTestApp({ tokenCacheSeconds: 3600 });
  b = await startTestApp({ database: a.database, tokenCacheSeconds: 3600 });
});
after(async () => {
  await b.close();
  await a.close();
});

function assertProblem(response: { status: number; body: Record<string, unknown> }, status: number, code: string, detail: string) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body.code, code);
  assert.equal(response.body.status, status);
  assert.equal(response.body.detail, detail);
}

/** A push through `app` that the token lets through: 200 {value: true}. */
async function pushes(app: TestApp, token: TestToken): Promise<void> {
  const response = await app.push(buildPush(), token.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(response.body, { value: true });
}

/** Whether `app` holds the token in its cache. */
function holds(app: TestApp, token: TestToken): boolean {
  return app.tokens.get(digest(token.accessToken)) !== undefined;
}

/**
 * Waits until `app` heard the change and dropped the token: on Postgres the
 * other instance's notification travels on its own connection, so it may
 * come a little after the revoking instance's answer (on the embedded
 * database it came before). Bounded, so that a change never heard fails
 * the test rather than waiting for the hour the entries live.
 */
async function dropped(app: TestApp, token: TestToken): Promise<void> {
  for (let waited = 0; holds(app, token); waited += 10) {
    if (waited > 10_000) assert.fail('the change did not reach the instance');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A change in plain SQL (no answer waits for its notification): waits until both instances heard it. */
async function changedInSql(query: ReturnType<typeof sql>, token: TestToken): Promise<void> {
  await query.execute(a.db);
  await dropped(a, token);
  await dropped(b, token);
}

async function pushCount(): Promise<number> {
  return (await tableCounts(a.database)).pushes;
}

test('when an app is revoked through one instance, then it refuses its token at once, and the other once it heard', async () => {
  const token = await b.token();
  await pushes(a, token);
  await pushes(b, token);
  assert.equal(holds(a, token), true, 'instance a keeps the token it verified');
  assert.equal(holds(b, token), true, 'instance b keeps the token it verified');

  const admin = await signedInAs(a, 'admin');
  const revoked = await admin.agent.post(`/api/console/admin/apps/${token.name}/revoke`).set('X-CSRF-Token', admin.csrfToken);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));

  const before = await pushCount();
  // The revoking instance answered once it heard the change itself.
  assert.equal(holds(a, token), false);
  assertProblem(await a.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  await dropped(b, token);
  assertProblem(await b.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  assert.equal(holds(b, token), false);
  assert.equal(await pushCount(), before);
  const stored = await a.db.selectFrom('apps').select('revoked_at').where('name', '=', token.name).executeTakeFirstOrThrow();
  assert.ok(stored.revoked_at instanceof Date);
});

test('when a token pair is refreshed through one instance, then the other refuses the old token and takes the new one', async () => {
  const token = await b.token();
  await pushes(b, token);
  assert.equal(holds(b, token), true);

  const refreshed = await a
    .http()
    .post(`/api/openapi/v2/auth/refreshToken?accessToken=${token.accessToken}&refreshToken=${token.refreshToken}`);
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));

  await dropped(b, token);
  assertProblem(await b.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  await pushes(b, { ...token, accessToken: refreshed.body.value.accessToken });
});

test('when an app is rotated through one instance, then the other refuses every token it held', async () => {
  const token = await b.token();
  const second = { ...token, ...(await issueToken(b.db, token.appKey, token.appSecurity, 3600)) };
  await pushes(b, token);
  await pushes(b, second);

  const admin = await signedInAs(a, 'admin');
  const rotated = await admin.agent.post(`/api/console/admin/apps/${token.name}/rotate`).set('X-CSRF-Token', admin.csrfToken);
  assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
  await dropped(b, token);
  await dropped(b, second);

  assertProblem(await b.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  assertProblem(await b.push(buildPush(), second.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
});

test('when an app is disabled or its scopes or channels change in plain SQL, then both instances answer by the new row at once', async () => {
  const token = await b.token();
  await pushes(a, token);
  await pushes(b, token);

  await changedInSql(sql`update apps set scopes = '{read}' where name = ${token.name}`, token);
  for (const app of [a, b]) {
    assertProblem(await app.push(buildPush(), token.accessToken), 403, 'forbidden', `应用 ${token.name} 没有 push 权限`);
  }

  await changedInSql(sql`update apps set scopes = '{push,read}', channels = '{OTHER}' where name = ${token.name}`, token);
  for (const app of [a, b]) {
    assertProblem(
      await app.push(buildPush(), token.accessToken),
      403,
      'forbidden',
      `应用 ${token.name} 无权推送渠道 ${buildPush().channelCode} 的数据`,
    );
  }

  await changedInSql(sql`update apps set channels = null where name = ${token.name}`, token);
  await pushes(a, token);
  await pushes(b, token);
  await changedInSql(sql`update apps set revoked_at = now() where name = ${token.name}`, token);
  for (const app of [a, b]) {
    assertProblem(await app.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
  }
});

test('when a kept token expires, then it is refused from then on, though nothing announced it', async () => {
  const token = await b.token();
  const shortLived = { ...token, ...(await issueToken(b.db, token.appKey, token.appSecurity, 1)) };
  await pushes(b, shortLived);
  assert.equal(holds(b, shortLived), true, 'kept for what it has left');
  // Wait until the database clock says it expired (a wait, not a timing assertion).
  for (;;) {
    const { rows } = await sql<{ expired: boolean }>`
      select expires_at <= now() as expired from access_tokens where access_hash = ${digest(shortLived.accessToken)}`.execute(b.db);
    if (rows[0]?.expired) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const before = await pushCount();
  assertProblem(await b.push(buildPush(), shortLived.accessToken), 401, 'unauthorized', '认证token(accessToken)已过期，请重新获取');
  assert.equal(holds(b, shortLived), false);
  assert.equal(await pushCount(), before);
});

test('when the cache is off (TOKEN_CACHE_SECONDS=0), then nothing is kept and tokens work as before', async () => {
  const off = await startTestApp({ database: a.database, tokenCacheSeconds: 0 });
  try {
    const token = await off.token();
    await pushes(off, token);
    assert.equal(off.tokens.size, 0);
    assert.equal(off.tokens.isListening, false);
  } finally {
    await off.close();
  }
});

test('when the LISTEN connection is lost, then the cache is emptied and keeps nothing until it listens again', {
  skip: !process.env.DATABASE_URL,
}, async () => {
  const token = await b.token();
  await pushes(b, token);
  assert.equal(holds(b, token), true);

  // End every LISTEN connection of the test database (both instances'): as a network failure would.
  const admin = new pg.Client({ connectionString: a.database.url });
  await admin.connect();
  try {
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen %'`,
    );
  } finally {
    await admin.end();
  }
  while (b.tokens.isListening) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(b.tokens.size, 0);
  // Meanwhile every request asks the database.
  await pushes(b, token);
  assert.equal(holds(b, token), false);

  // Back (the listener reconnects after a second): kept again, and a revocation reaches it.
  while (!b.tokens.isListening || !a.tokens.isListening) await new Promise((resolve) => setTimeout(resolve, 100));
  await pushes(b, token);
  assert.equal(holds(b, token), true);
  await changedInSql(sql`update access_tokens set revoked_at = now() where access_hash = ${digest(token.accessToken)}`, token);
  assertProblem(await b.push(buildPush(), token.accessToken), 401, 'unauthorized', '认证token(accessToken)已吊销');
});

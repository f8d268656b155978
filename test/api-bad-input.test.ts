/**
 * Bad input on the API's routes other than the push (review of how the API
 * answers bad input): every refusal is a 400 (or the 404 of an id no row
 * can have) naming the field or parameter, never a 500, and leaves every
 * table as it was. Unknown fields of the bodies whose schema says
 * `additionalProperties: false` are refused by name.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type supertest from 'supertest';
import { problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import type { Json } from './helpers/builders.ts';
import { type SignedIn, signedInAs } from './helpers/console.ts';
import { tableRows } from './helpers/database.ts';

let app: TestApp;
let admin: SignedIn;
let token: TestToken;

before(async () => {
  app = await startTestApp();
  admin = await signedInAs(app, 'admin');
  token = await app.token({ scopes: ['push', 'read', 'redflush'] });
});
after(() => app.close());

type Method = 'get' | 'post' | 'patch';

/** A console admin's request (with its CSRF token), in Chinese as the console's browser asks, or in English. */
function asAdmin(method: Method, path: string, body?: unknown, language = 'zh-CN'): supertest.Test {
  const request = admin.agent[method](path).set('X-CSRF-Token', admin.csrfToken).set('Accept-Language', language);
  return body === undefined ? request : request.set('Content-Type', 'application/json').send(JSON.stringify(body));
}

/** An app's request with its token. */
function asApp(method: Method, path: string, body?: unknown): supertest.Test {
  const request = app.http()[method](path).set('accessToken', token.accessToken);
  return body === undefined ? request : request.set('Content-Type', 'application/json').send(JSON.stringify(body));
}

/** The validation problem as answered: the whole body but its request id. */
async function refused(request: supertest.Test, status = 400, code = 'validation_failed'): Promise<Json> {
  const body = await problem(request, status, code);
  assert.match(String(body.requestId), /^[0-9a-f-]{36}$/);
  const { requestId: _, ...rest } = body;
  return rest;
}

/** The 400 of one failing field, in Chinese. */
function oneFieldZh(pointer: string, message: string): Json {
  return {
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: '请求无效',
    status: 400,
    code: 'validation_failed',
    detail: message,
    errors: [{ pointer, message }],
  };
}

/** Runs `act` and checks that no table changed. */
async function changesNothing(act: () => Promise<void>): Promise<void> {
  const before = await tableRows(app.database);
  await act();
  assert.deepEqual(await tableRows(app.database), before, 'a refused request changed the database');
}

test('when a console body has a field its schema does not name, then it is refused by name with the known name it is likely a typo of, and nothing changes', async () => {
  const channel = await asAdmin('patch', '/api/console/admin/channels/nn1', {
    endpoint: 'http://127.0.0.1:10',
    appKey: 'k1',
    adapter: 'nuonuo',
    appSecret: 'OLD',
    accessToken: 'T',
  });
  assert.equal(channel.status, 200, JSON.stringify(channel.body));
  const user = await asAdmin('post', '/api/console/admin/users', { name: 'typo.user', role: 'viewer' });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const userId = String(user.body.value.user.id);

  await changesNothing(async () => {
    assert.deepEqual(
      await refused(asAdmin('post', '/api/console/admin/apps', { name: 'typo2', scopes: ['read'], seller: ['91110105MA01G6XXX5'] })),
      oneFieldZh('/seller', 'seller：不是本接口的字段（是否应为 sellers？）'),
    );
    assert.deepEqual(
      await refused(asAdmin('post', '/api/console/admin/apps', { name: 'typo2', scopes: ['read'], seller: ['91110105MA01G6XXX5'] }, 'en')),
      {
        type: 'urn:fapiao-hub:problem:validation_failed',
        title: 'The request is not valid',
        status: 400,
        code: 'validation_failed',
        detail: '/seller is not a field of this operation (did you mean sellers?)',
        errors: [{ pointer: '/seller', message: 'is not a field of this operation (did you mean sellers?)' }],
      },
    );
    assert.deepEqual(
      await refused(asAdmin('patch', '/api/console/admin/channels/nn1', { endpoint: 'http://127.0.0.1:11', appSecert: 'NEWSECRET' })),
      oneFieldZh('/appSecert', 'appSecert：不是本接口的字段（是否应为 appSecret？）'),
    );
    // Alone, the unknown field is the whole answer (not "too few fields" besides).
    assert.deepEqual(
      await refused(asAdmin('patch', '/api/console/admin/channels/nn1', { appSecert: 'NEWSECRET' })),
      oneFieldZh('/appSecert', 'appSecert：不是本接口的字段（是否应为 appSecret？）'),
    );
    assert.deepEqual(
      await refused(asAdmin('post', '/api/console/admin/findings/rechecks', { sinse: '2026-01-01' })),
      oneFieldZh('/sinse', 'sinse：不是本接口的字段（是否应为 since？）'),
    );
    assert.deepEqual(
      await refused(asAdmin('post', '/api/console/admin/users', { name: 'zz1', role: 'viewer', roel: 'admin' })),
      oneFieldZh('/roel', 'roel：不是本接口的字段（是否应为 role？）'),
    );
    assert.deepEqual(
      await refused(asAdmin('patch', `/api/console/admin/users/${userId}`, { role: 'admin', Role: 'viewer' })),
      oneFieldZh('/Role', 'Role：不是本接口的字段（是否应为 role？）'),
    );
    assert.deepEqual(
      await refused(
        asAdmin('post', '/api/console/session/password', {
          currentPassword: admin.password,
          newPassword: 'LongEnough-123',
          confirm: 'LongEnough-123',
        }),
      ),
      oneFieldZh('/confirm', 'confirm：不是本接口的字段'),
    );
    // Two unknown fields: both named.
    const two = await refused(asAdmin('post', '/api/console/admin/apps', { name: 'typo3', scopes: ['read'], chanels: ['nn1'], x: 1 }));
    assert.deepEqual(two, {
      type: 'urn:fapiao-hub:problem:validation_failed',
      title: '请求无效',
      status: 400,
      code: 'validation_failed',
      detail: 'chanels：不是本接口的字段（是否应为 channels？）；x：不是本接口的字段',
      errors: [
        { pointer: '/chanels', message: 'chanels：不是本接口的字段（是否应为 channels？）' },
        { pointer: '/x', message: 'x：不是本接口的字段' },
      ],
    });
  });
  const signIn = await app
    .http()
    .post('/api/console/session')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ name: 'typo.user', password: 'whatever', remember: true }));
  assert.equal(signIn.status, 400, JSON.stringify(signIn.body));
  assert.deepEqual(signIn.body.errors, [{ pointer: '/remember', message: 'is not a field of this operation' }]);
});

test('when a red confirmation form action or an info sheet has a field its schema does not name, then it is refused by name in Chinese, and nothing changes', async () => {
  await changesNothing(async () => {
    assert.deepEqual(
      await refused(asApp('post', '/api/openapi/v2/red-confirm-forms/2/reject', { reason: 'x', reasn: 'y' })),
      oneFieldZh('/reasn', 'reasn：不是本接口的字段（是否应为 reason？）'),
    );
    assert.deepEqual(
      await refused(asApp('post', '/api/openapi/v2/red-confirm-forms/2/confirm', { x: 1 })),
      oneFieldZh('/x', 'x：不是本接口的字段'),
    );
    assert.deepEqual(
      await refused(
        asApp('post', '/api/openapi/v2/red-flushes/00000000000000000000000000000000/info-sheet', {
          infoSheetNo: '4403012612000123',
          infoSheetN0: '1',
        }),
      ),
      oneFieldZh('/infoSheetN0', 'infoSheetN0：不是本接口的字段（是否应为 infoSheetNo？）'),
    );
  });
});

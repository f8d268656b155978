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
import { buildPush } from './helpers/builders.ts';
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
  assert.deepEqual(signIn.body.errors, [{ pointer: '/remember', message: 'remember：不是本接口的字段' }]);
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

/** A 400 of one failing query or path parameter, in English or Chinese. */
function oneParameter(parameter: string, message: string, language: 'en' | 'zh', place?: 'path'): Json {
  const zh = language === 'zh';
  return {
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: zh ? '请求无效' : 'The request is not valid',
    status: 400,
    code: 'validation_failed',
    detail: zh ? `${parameter}：${message}` : `${place ?? 'query'} parameter ${parameter} ${message}`,
    errors: [{ parameter, ...(place && { in: place }), message: zh ? `${parameter}：${message}` : message }],
  };
}

const OUT_OF_RANGE = {
  en: 'is out of range: the year must be 1900 to 9999 (at the latest 9999-12-31T23:59:59Z)',
  zh: '年份超出范围，应在 1900 至 9999 年之间（最晚 9999-12-31T23:59:59Z）',
};
const NOT_A_CURSOR = {
  en: 'is not a cursor this API gave out (pass nextCursor as it came)',
  zh: '不是本接口给出的游标（请原样传回 nextCursor）',
};

/** Every list that takes a time bound, with its bound parameters. */
const BOUNDED_LISTS = [
  { path: '/api/openapi/v2/invoices', parameters: ['invoiceDateFrom', 'invoiceDateTo'] },
  { path: '/api/openapi/v2/invoices/export.csv', parameters: ['invoiceDateFrom', 'invoiceDateTo'] },
  { path: '/api/openapi/v2/invoices/export-details.csv', parameters: ['invoiceDateFrom', 'invoiceDateTo'] },
  { path: '/api/openapi/v2/red-flushes', parameters: ['createdFrom', 'createdTo'] },
  { path: '/api/openapi/v2/invoicing/pushes', parameters: ['receivedFrom', 'receivedTo'] },
  { path: '/api/openapi/v2/invoicing/batch-list', parameters: ['updatedFrom', 'updatedTo'] },
  { path: '/api/openapi/v2/red-confirm-forms', parameters: ['deadlineBefore'] },
];

test('when a time bound is past the year 9999 or before 1900 (0001–0099 included), then every list answers 400 saying the year is out of range, never 500; the last instants accepted answer 200', async () => {
  const pushed = await app.push(buildPush(), token.accessToken);
  assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
  await changesNothing(async () => {
    for (const { path, parameters } of BOUNDED_LISTS) {
      for (const parameter of parameters) {
        for (const value of ['9999-12-31T23:59:59-23:59', '9999-12-31T23:59:59.001Z', '0001-01-01', '0099-12-31T00:00:00Z', '1899-12-31']) {
          const url = `${path}?${parameter}=${encodeURIComponent(value)}`;
          assert.deepEqual(
            await refused(asApp('get', url).set('Accept-Language', 'zh-CN')),
            oneParameter(parameter, OUT_OF_RANGE.zh, 'zh'),
            url,
          );
        }
        const english = `${path}?${parameter}=${encodeURIComponent('9999-12-31T23:59:59-23:59')}`;
        assert.deepEqual(await refused(asApp('get', english).set('Accept-Language', 'en')), oneParameter(parameter, OUT_OF_RANGE.en, 'en'));
        for (const value of ['9999-12-31T23:59:59Z', '9999-12-31', '1900-01-01', '1900-01-01T00:00:00+14:00', '9999999999999']) {
          const response = await asApp('get', `${path}?${parameter}=${encodeURIComponent(value)}`);
          assert.equal(response.status, 200, `${path}?${parameter}=${value}: ${response.text}`);
        }
      }
    }
    assert.deepEqual(await refused(asAdmin('post', '/api/console/admin/findings/rechecks', { since: '9999-12-31T23:59:59-23:59' })), {
      type: 'urn:fapiao-hub:problem:validation_failed',
      title: '请求无效',
      status: 400,
      code: 'validation_failed',
      detail: `since：${OUT_OF_RANGE.zh}`,
      errors: [{ pointer: '/since', message: `since：${OUT_OF_RANGE.zh}` }],
    });
    assert.deepEqual(
      (await refused(asAdmin('post', '/api/console/admin/findings/rechecks', { since: '0001-01-01' }))).detail,
      `since：${OUT_OF_RANGE.zh}`,
    );
    // The audit log's days (dates, Beijing time) too.
    for (const [query, parameter] of [
      ['from=0001-01-01', 'from'],
      ['from=1899-12-31', 'from'],
      ['to=0000-01-01', 'to'],
      ['to=1899-12-31', 'to'],
    ] as const) {
      assert.deepEqual(
        await refused(asAdmin('get', `/api/console/admin/audit?${query}`)),
        oneParameter(parameter, OUT_OF_RANGE.zh, 'zh'),
        query,
      );
    }
    for (const query of ['from=9999-12-31&to=9999-12-31', 'from=1900-01-01&to=1900-01-01']) {
      const audit = await asAdmin('get', `/api/console/admin/audit?${query}`);
      assert.equal(audit.status, 200, `audit?${query}: ${audit.text}`);
    }
  });
});

function cursorOf(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

test('when a cursor names an instant past the year 9999, text Postgres cannot hold, or an id past a bigint, then the list answers 400 "not a cursor this API gave out", never 500', async () => {
  const forged = [
    { path: '/api/openapi/v2/invoices', cursor: [9_000_000_000_000_000, '1'], language: 'en' as const },
    { path: '/api/openapi/v2/invoices', cursor: [253_402_300_800_000, '1'], language: 'en' as const },
    { path: '/api/openapi/v2/invoices', cursor: [1, '9223372036854775808'], language: 'en' as const },
    { path: '/api/openapi/v2/red-flushes', cursor: [8_640_000_000_000_000, '0'.repeat(32)], language: 'zh' as const },
    { path: '/api/openapi/v2/red-flushes', cursor: [253_402_300_800_000, '0'.repeat(32)], language: 'zh' as const },
    { path: '/api/openapi/v2/red-confirm-forms', cursor: [8_640_000_000_000_000, '1'], language: 'zh' as const },
    { path: '/api/openapi/v2/red-confirm-forms', cursor: [253_402_300_800_000, '1'], language: 'zh' as const },
    { path: '/api/openapi/v2/invoicing/batch-list', cursor: ['1', 'a\u0000', 'b'], language: 'en' as const },
    { path: '/api/openapi/v2/invoicing/batch-list', cursor: ['1', 'a', '\ud800b'], language: 'en' as const },
  ];
  await changesNothing(async () => {
    for (const { path, cursor, language } of forged) {
      const url = `${path}?cursor=${cursorOf(cursor)}`;
      const answer = await refused(asApp('get', url).set('Accept-Language', language === 'zh' ? 'zh-CN' : 'en'));
      assert.deepEqual(answer, oneParameter('cursor', NOT_A_CURSOR[language], language), `${path} ${JSON.stringify(cursor)}`);
    }
    // The last positions a cursor may name are answered.
    for (const [path, cursor] of [
      ['/api/openapi/v2/invoices', [253_402_300_799_999, '9223372036854775807']],
      ['/api/openapi/v2/red-flushes', [253_402_300_799_999, 'f'.repeat(32)]],
      ['/api/openapi/v2/red-confirm-forms', [253_402_300_799_999, '999999999999999999']],
      ['/api/openapi/v2/invoicing/batch-list', ['999999999999999999', 'a', 'b']],
      ['/api/openapi/v2/invoicing/pushes', ['999999999999999999', '9223372036854775807']],
    ] as const) {
      const response = await asApp('get', `${path}?cursor=${cursorOf(cursor)}`);
      assert.equal(response.status, 200, `${path} ${JSON.stringify(cursor)}: ${response.text}`);
    }
  });
});

const PAST_BIGINT = '9223372036854775808';

test('when an admin route names a user or re-check id past a bigint, then it answers 404 as for any id no row has; such an audit cursor is a 400; nothing changes', async () => {
  await changesNothing(async () => {
    for (const [method, path, body] of [
      ['patch', `/api/console/admin/users/${PAST_BIGINT}`, { role: 'viewer' }],
      ['post', `/api/console/admin/users/${PAST_BIGINT}/disable`, undefined],
      ['post', `/api/console/admin/users/${PAST_BIGINT}/enable`, undefined],
      ['post', `/api/console/admin/users/${PAST_BIGINT}/reset-password`, undefined],
      ['post', '/api/console/admin/users/9999999999999999999/disable', undefined],
      ['get', `/api/console/admin/findings/rechecks/${PAST_BIGINT}`, undefined],
    ] as const) {
      const answer = await problem(asAdmin(method, path, body), 404, 'not_found');
      assert.equal(answer.title, '未找到', path);
    }
    assert.deepEqual(
      await refused(asAdmin('get', `/api/console/admin/audit?cursor=${PAST_BIGINT}`)),
      oneParameter('cursor', NOT_A_CURSOR.zh, 'zh'),
    );
    assert.deepEqual(
      await refused(asAdmin('get', `/api/console/admin/audit?cursor=${PAST_BIGINT}`, undefined, 'en')),
      oneParameter('cursor', NOT_A_CURSOR.en, 'en'),
    );
    const last = await asAdmin('get', '/api/console/admin/audit?cursor=9223372036854775807');
    assert.equal(last.status, 200, last.text);
  });
});

test('when an admin path parameter holds a NUL character, then it answers 400 naming the parameter, and nothing changes', async () => {
  await changesNothing(async () => {
    assert.deepEqual(
      await refused(asAdmin('patch', '/api/console/admin/channels/a%00b', { rejectFindings: [] })),
      oneParameter('channelCode', '不能含 NUL 字符（\\u0000）', 'zh', 'path'),
    );
    assert.deepEqual(
      await refused(asAdmin('patch', '/api/console/admin/channels/a%00b', { rejectFindings: [] }, 'en')),
      oneParameter('channelCode', 'must not contain NUL characters (\\u0000)', 'en', 'path'),
    );
    for (const action of ['rotate', 'revoke']) {
      assert.deepEqual(
        await refused(asAdmin('post', `/api/console/admin/apps/a%00/${action}`)),
        oneParameter('name', '不能含 NUL 字符（\\u0000）', 'zh', 'path'),
      );
    }
  });
});

test('when red confirmation forms are listed by a state that is not one of 01–16 or waiting, then it answers 400; the known ones answer 200', async () => {
  await changesNothing(async () => {
    for (const state of ['99', '00', '17', '3', 'WAITING']) {
      assert.deepEqual(
        await refused(asApp('get', `/api/openapi/v2/red-confirm-forms?state=${state}`)),
        oneParameter('state', '应为 01–16 的状态代码（如 03）或 waiting（02 与 03）', 'zh'),
        state,
      );
    }
    for (const state of ['01', '09', '11', '16', 'waiting']) {
      const response = await asApp('get', `/api/openapi/v2/red-confirm-forms?state=${state}`);
      assert.equal(response.status, 200, `${state}: ${response.text}`);
      assert.deepEqual(response.body, { value: { items: [], nextCursor: null } });
    }
  });
});

/** `body` as JSON with the string `"<N>"` written as the bare number `number` (too large for a JS number to write). */
function withNumber(body: unknown, number: string): string {
  return JSON.stringify(body).replace('"<N>"', number);
}

test('when a string field gets a JSON number, then it is refused with 应为字符串 whatever its size (a 20-digit one as a 16-digit one), and nothing is stored', async () => {
  const redFlush = {
    channelCode: 'jcsk',
    reason: 4,
    invoiceTypeCode: 'FullDigitalNormal',
    sellerTaxNo: '91110105MA01G6XXX5',
    invoiceNumber: '<N>',
  };
  const push = buildPush();
  const detailed = { ...push, data: [{ ...push.data?.[0], details: [{ ...push.data?.[0]?.details?.[0], detailRowNo: '<N>' }] }] };
  await changesNothing(async () => {
    for (const number of ['26312000000000000001', '2631200000000001', '1']) {
      const preview = await app
        .http()
        .post(`/api/openapi/v2/red-flushes/preview?accessToken=${token.accessToken}`)
        .set('Content-Type', 'application/json')
        .send(withNumber(redFlush, number));
      assert.equal(preview.status, 400, preview.text);
      const { requestId: _, ...data } = preview.body.data;
      assert.deepEqual(
        { ...preview.body, data },
        {
          code: '400',
          success: false,
          data: {
            reason: 'validation_failed',
            errors: [{ field: 'invoiceNumber', label: '发票号码', message: '应为字符串', value: Number(number) }],
          },
          msg: '发票号码(invoiceNumber)：应为字符串',
        },
        number,
      );

      const pushed = await app.push(withNumber(detailed, number), token.accessToken);
      assert.equal(pushed.status, 400, pushed.text);
      assert.deepEqual(
        pushed.body.errors.map((error: Json) => [error.pointer, error.message]),
        [['/data/0/details/0/detailRowNo', '行序号(data[0].details[0].detailRowNo)：应为字符串']],
        number,
      );

      const login = await app
        .http()
        .post('/api/openapi/v1/auth/getAccessToken')
        .set('Content-Type', 'application/json')
        .send(withNumber({ appKey: token.appKey, appSecurity: '<N>' }, `${number}23`));
      assert.equal(login.status, 400, login.text);
      assert.deepEqual(
        login.body.errors.map((error: Json) => [error.pointer, error.message, error.value]),
        [['/appSecurity', `${login.body.errors[0].label}(appSecurity)：应为字符串`, undefined]],
      );
    }
  });
});

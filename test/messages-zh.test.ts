/**
 * Every route answers in Chinese by default, in English with
 * `Accept-Language: en`: the Ekuaibao-compatible endpoints (push,
 * getAccessToken, refreshToken, 一键红冲) with one entry per failing field,
 * its most telling reason, the seed's name of the field, and the value
 * received (shortened; never a secret); the query, admin and console
 * routes alike. Every refusal stores nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type supertest from 'supertest';
import { FIELD_LABELS, QUERY_PARAMETERS } from '../src/api/field-labels.ts';
import { resolve, schemas } from '../src/api/spec.ts';
import { get } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, type Json, rawPush } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';
import { tableCounts } from './helpers/database.ts';

let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp();
  token = await app.token({ scopes: ['push', 'read', 'redflush'] });
});
after(() => app.close());

const PUSH = '/api/openapi/v2/invoicing';

/** Posts a body to a path with the token, in a language; checks that nothing was stored; returns status and body. */
async function post(path: string, body: unknown, language?: string): Promise<{ status: number; body: Json; requestId: string }> {
  const before = await tableCounts(app.database);
  let request = app
    .http()
    .post(`${path}${path.includes('?') ? '&' : '?'}accessToken=${token.accessToken}`)
    .set('Content-Type', 'application/json');
  if (language) request = request.set('Accept-Language', language);
  const response = await request.send(typeof body === 'string' ? body : JSON.stringify(body));
  assert.deepEqual(await tableCounts(app.database), before, 'nothing stored');
  return { status: response.status, body: response.body, requestId: String(response.headers['x-request-id']) };
}

test('when result is "成功", then one Chinese entry for the field names it by the seed and shows the value', async () => {
  const { status, body, requestId } = await post(PUSH, rawPush({ result: '成功' }));
  assert.equal(status, 400);
  const message = '开票结果(result)：应为 0、1、2 之一（0-开票成功; 1-开票驳回; 2-开票中）';
  assert.deepEqual(body, {
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: '请求无效',
    status: 400,
    code: 'validation_failed',
    detail: message,
    requestId,
    errors: [{ pointer: '/result', label: '开票结果', message, value: '成功' }],
  });
});

test('when data is an object, then it is named once; sellerTaxNo missing reads as the seed says it', async () => {
  const { body } = await post(PUSH, { channelCode: 'jcsk', data: { invoiceNumber: '1' } });
  assert.deepEqual(body.errors, [
    { pointer: '/data', label: '发票数据', message: '发票数据(data)：应为数组', value: '{"invoiceNumber":"1"}' },
  ]);
  const invoice: Json = { ...buildInvoice() };
  delete invoice.sellerTaxNo;
  const missing = await post(PUSH, rawPush({ data: [invoice] }), 'zh-CN,zh;q=0.9');
  assert.equal(missing.body.detail, '销方税号(data[0].sellerTaxNo)：必填');
});

test('when English is preferred, then the same refusal is in English, with the same fields, labels and values', async () => {
  const { status, body, requestId } = await post(PUSH, rawPush({ result: '成功', channelCode: 'x'.repeat(65) }), 'en-US,en;q=0.9,zh;q=0.5');
  assert.equal(status, 400);
  assert.deepEqual(body, {
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: 'The request is not valid',
    status: 400,
    code: 'validation_failed',
    detail: '2 fields are not valid; see errors',
    requestId,
    errors: [
      {
        pointer: '/channelCode',
        label: '渠道编码',
        message: 'must NOT have more than 64 characters',
        value: `${'x'.repeat(40)}…（共 65 个字符）`,
      },
      { pointer: '/result', label: '开票结果', message: 'must be one of 0, 1, 2', value: '成功' },
    ],
  });
});

test('when getAccessToken gets a bad appSecurity, then the field is named but its value is never shown', async () => {
  const secret = 'a-secret-that-must-not-echo';
  const response = await app
    .http()
    .post('/api/openapi/v1/auth/getAccessToken')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ appKey: ['k'], appSecurity: { secret } }));
  assert.equal(response.status, 400);
  assert.deepEqual(response.body.errors, [
    { pointer: '/appKey', label: '应用标识', message: '应用标识(appKey)：应为字符串', value: '["k"]' },
    { pointer: '/appSecurity', label: '应用密钥', message: '应用密钥(appSecurity)：应为字符串' },
  ]);
  assert.equal(response.body.detail, '应用标识(appKey)：应为字符串；应用密钥(appSecurity)：应为字符串');
  assert.doesNotMatch(JSON.stringify(response.body), new RegExp(secret));
});

test('when refreshToken is called twice with one parameter, then its Chinese name and no value', async () => {
  const response = await app
    .http()
    .post(`/api/openapi/v2/auth/refreshToken?accessToken=${token.accessToken}&refreshToken=a&refreshToken=b`);
  assert.equal(response.status, 400);
  assert.deepEqual(response.body.errors, [
    { parameter: 'refreshToken', label: '刷新token', message: '刷新token(refreshToken)：必填，只传一次' },
  ]);
  assert.doesNotMatch(JSON.stringify(response.body), new RegExp(token.accessToken));
  const english = await app
    .http()
    .post('/api/openapi/v2/auth/refreshToken')
    .set('Accept-Language', 'en')
    .query({ accessToken: token.accessToken });
  assert.equal(english.body.detail, 'query parameter refreshToken is required, once');
  assert.equal(english.body.title, 'The request is not valid');
});

test('when a push has no token, then the 401 is Chinese, or English when asked', async () => {
  const response = await app.http().post(PUSH).set('Content-Type', 'application/json').send(JSON.stringify(buildPush()));
  assert.equal(response.status, 401);
  assert.deepEqual([response.body.title, response.body.detail], ['需要认证', '缺少认证token(accessToken)（查询参数或请求头）']);
  const english = await app
    .http()
    .post(PUSH)
    .set('Accept-Language', 'en')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(buildPush()));
  assert.deepEqual(
    [english.body.title, english.body.detail],
    ['Authentication required', 'accessToken is required (query parameter or header)'],
  );
});

test('when a red flush is refused for its fields, then one reason per field with the value, in Chinese or English', async () => {
  const body = {
    channelCode: 'jcsk',
    reason: '退货',
    invoiceTypeCode: 'FullDigitalSpecial',
    sellerTaxNo: '91310000MA1FL0XX2Y',
    invoiceNumber: '24112000000000000001',
  };
  const chinese = await post('/api/openapi/v2/invoicing/oneKeyRedPunch', body);
  assert.deepEqual(chinese, {
    status: 400,
    requestId: chinese.requestId,
    body: {
      code: '400',
      success: false,
      data: {
        reason: 'validation_failed',
        errors: [
          {
            field: 'reason',
            label: '红冲原因',
            message: '应为 1、2、3、4 之一（1：销货退回 2：开票有误 3：服务终止 4：销售折让）',
            value: '退货',
          },
        ],
      },
      msg: '红冲原因(reason)：应为 1、2、3、4 之一（1：销货退回 2：开票有误 3：服务终止 4：销售折让）',
    },
  });
  const english = await post('/api/openapi/v2/invoicing/oneKeyRedPunch', body, 'en');
  assert.deepEqual(english.body, {
    code: '400',
    success: false,
    data: {
      reason: 'validation_failed',
      errors: [{ field: 'reason', label: '红冲原因', message: 'must be one of 1, 2, 3, 4', value: '退货' }],
    },
    msg: 'reason: must be one of 1, 2, 3, 4',
  });
});

test('when the same bad request goes to a query, an admin and a console route, then each answers Chinese, English with Accept-Language: en, Chinese with zh-CN', async () => {
  const admin = await signedInAs(app, 'admin');
  const requests: Record<string, (language?: string) => supertest.Test> = {
    query: (language) => withLanguage(get(app, '/api/openapi/v2/invoices?limit=9999', token), language),
    admin: (language) => withLanguage(admin.agent.get('/api/console/admin/audit?limit=9999'), language),
    console: (language) => withLanguage(app.http().post('/api/console/session').send({ name: 'nobody' }), language),
  };
  const answers: Record<string, Record<string, Json>> = {};
  for (const [route, request] of Object.entries(requests)) {
    for (const language of [undefined, 'en', 'zh-CN']) {
      const response = await request(language);
      assert.equal(response.status, 400, `${route} ${language}`);
      const { requestId: _requestId, ...body } = response.body as Json;
      answers[route] = { ...answers[route], [language ?? 'none']: body };
    }
  }
  const chinese = (detail: string, error: Json): Json => ({
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: '请求无效',
    status: 400,
    code: 'validation_failed',
    detail,
    errors: [{ ...error, message: detail }],
  });
  const english = (detail: string, error: Json): Json => ({
    type: 'urn:fapiao-hub:problem:validation_failed',
    title: 'The request is not valid',
    status: 400,
    code: 'validation_failed',
    detail,
    errors: [error],
  });
  const limit = (maximum: number): Json => chinese(`limit：不能大于 ${maximum}`, { parameter: 'limit' });
  const password = chinese('password：必填', { pointer: '/password' });
  assert.deepEqual(answers, {
    query: {
      none: limit(500),
      en: english('query parameter limit must be <= 500', { parameter: 'limit', message: 'must be <= 500' }),
      'zh-CN': limit(500),
    },
    admin: {
      none: limit(200),
      en: english('query parameter limit must be <= 200', { parameter: 'limit', message: 'must be <= 200' }),
      'zh-CN': limit(200),
    },
    console: {
      none: password,
      en: english('/password is required', { pointer: '/password', message: 'is required' }),
      'zh-CN': password,
    },
  });
});

function withLanguage(request: supertest.Test, language: string | undefined): supertest.Test {
  return language === undefined ? request : request.set('Accept-Language', language);
}

test('when the label table is read, then every field of the Ekuaibao request schemas has its Chinese name, and the red-flush titles agree', () => {
  for (const [name, table] of Object.entries(FIELD_LABELS)) {
    const schema = resolve(schemas[name] ?? {});
    const properties = Object.keys(schema.properties ?? {});
    assert.deepEqual(Object.keys(table).sort(), properties.sort(), `labels of ${name}`);
    for (const [property, node] of Object.entries(schema.properties ?? {})) {
      if (typeof node.title === 'string') assert.equal(table[property]?.label, node.title, `${name}.${property}: title and label`);
    }
  }
  assert.deepEqual(Object.keys(QUERY_PARAMETERS).sort(), ['accessToken', 'refreshToken']);
});

test('when openapi.yaml checks a pattern or a format of a request, then it says in Chinese what is expected (x-error-zh), never the pattern', () => {
  const missing: string[] = [];
  const walk = (node: unknown, at: string, inQuery: boolean): void => {
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) walk(item, `${at}/${index}`, inQuery);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    const needsWords = schema.pattern !== undefined || schema['x-error'] !== undefined || (inQuery && schema.format !== undefined);
    if (needsWords && typeof schema['x-error-zh'] !== 'string') missing.push(at);
    for (const [key, value] of Object.entries(schema)) if (key !== 'examples') walk(value, `${at}/${key}`, inQuery);
  };
  for (const [name, schema] of Object.entries(schemas)) walk(schema, name, name.endsWith('Query'));
  assert.deepEqual(missing, []);
});

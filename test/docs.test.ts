/**
 * The API reference: /openapi.yaml is the document the server validates
 * with, /docs renders it with Swagger UI served from the installed
 * package (every file it references is served here, none from elsewhere),
 * under a content security policy that lets it run. No token needed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { type Json, PUSH_EXAMPLE } from './helpers/builders.ts';

let app: TestApp;

before(async () => {
  app = await startTestApp();
});
after(() => app.close());

test('when /openapi.yaml is fetched, then it is the document the server validates with, with every route of the query API', async () => {
  const response = await app.http().get('/openapi.yaml');
  assert.equal(response.status, 200);
  assert.equal(response.headers['content-type'], 'application/yaml; charset=utf-8');
  assert.equal(response.text, readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
  const document = parseYaml(response.text) as { paths: Record<string, Record<string, unknown>> };
  for (const path of [
    '/api/openapi/v2/invoices',
    '/api/openapi/v2/invoices/{id}',
    '/api/openapi/v2/invoices/lookup',
    '/api/openapi/v2/invoices/export.csv',
    '/api/openapi/v2/invoices/export-details.csv',
    '/api/openapi/v2/invoicing/batches',
    '/api/openapi/v2/invoicing/pushes',
    '/api/openapi/v2/invoicing/pushes/{id}',
    '/api/openapi/v2/invoicing/pushes/{id}/body',
    '/api/openapi/v2/red-flushes',
    '/api/openapi/v2/red-flushes/{id}',
    '/docs',
    '/openapi.yaml',
  ]) {
    assert.ok(document.paths[path]?.get, `GET ${path} is described`);
  }
  for (const path of [
    '/api/openapi/v2/invoicing/oneKeyRedPunch',
    '/api/openapi/v2/invoicing/redPunchBatch',
    '/api/openapi/v2/red-flushes/preview',
  ]) {
    assert.ok(document.paths[path]?.post, `POST ${path} is described`);
  }
});

test('when /docs is opened, then the page and every file it references are served from here, under a policy that lets them run', async () => {
  const page = await app.http().get('/docs');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  const policy = String(page.headers['content-security-policy']);
  assert.match(policy, /script-src 'self'/);
  assert.doesNotMatch(policy, /upgrade-insecure-requests/, 'the page loads its files over the scheme it was served with');
  assert.doesNotMatch(page.text, /<script>|<script [^>]*>[^<\s]/, 'no inline script');

  const references = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
  assert.deepEqual(references.sort(), ['/docs/favicon-32x32.png', '/docs/init.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']);
  const types: Record<string, RegExp> = { css: /^text\/css/, js: /^text\/javascript/, png: /^image\/png/ };
  for (const reference of references) {
    const response = await app.http().get(reference).buffer(true);
    assert.equal(response.status, 200, reference);
    assert.match(String(response.headers['content-type']), types[reference.split('.').pop() as string]!, reference);
    assert.ok(Number(response.headers['content-length'] ?? (response.body as Buffer).length) > 0, reference);
  }
  const bundle = await app.http().get('/docs/swagger-ui-bundle.js');
  assert.ok(bundle.text.length > 500_000 && bundle.text.includes('SwaggerUIBundle'), 'the real Swagger UI bundle');
  const init = await app.http().get('/docs/init.js');
  assert.match(init.text, /url: '\/docs\/openapi\.json'/);
  assert.doesNotMatch(init.text + page.text, /https?:\/\//, 'nothing is loaded from another site');
});

test('when a file of the package that the page does not use is asked for, then 404', async () => {
  for (const path of ['/docs/index.html', '/docs/package.json', '/docs/..%2Fpackage.json', '/docs/swagger-initializer.js']) {
    const response = await app.http().get(path);
    assert.equal(response.status, 404, path);
  }
});

test('when the page reads /docs/openapi.json, then every operation that needs a token has the accessToken schemes, the push its spec example, and each filter is its own field', async () => {
  const response = await app.http().get('/docs/openapi.json');
  assert.equal(response.status, 200);
  const document = response.body as {
    security: unknown;
    components: { securitySchemes: Record<string, unknown> };
    paths: Record<string, Record<string, { security?: unknown[]; parameters?: Record<string, unknown>[]; requestBody?: Json }>>;
  };
  assert.deepEqual(document.security, [{ accessTokenQuery: [] }, { accessTokenHeader: [] }]);
  assert.deepEqual(document.components.securitySchemes.accessTokenQuery, {
    type: 'apiKey',
    in: 'query',
    name: 'accessToken',
    description:
      'The access token of an app (`getAccessToken`), in the query string as the Ekuaibao spec sends it:\n`?accessToken=…`. Either this or the header; the operations that take none say so.\n',
  });
  // No operation takes the token as a parameter of its own (Authorize sends it), but refreshToken, which trades it.
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const names = (operation.parameters ?? []).map((parameter) => parameter.name);
      if (path !== '/api/openapi/v2/auth/refreshToken') assert.ok(!names.includes('accessToken'), `${method} ${path}`);
      for (const parameter of operation.parameters ?? []) {
        assert.ok(
          !(parameter.schema as Json | undefined)?.type || (parameter.schema as Json).type !== 'object',
          `${method} ${path} ${parameter.name}`,
        );
      }
    }
  }
  const content = (document.paths['/api/openapi/v2/invoicing']?.post?.requestBody?.content ?? {}) as Json;
  const example = content['application/json'] as Json;
  assert.deepEqual((example.examples as Record<string, Json>).spec?.value, JSON.parse(PUSH_EXAMPLE));

  const list = document.paths['/api/openapi/v2/invoices']?.get?.parameters ?? [];
  assert.deepEqual(
    list.map((parameter) => parameter.name),
    [
      'sellerTaxNo',
      'buyerTaxNo',
      'buyerName',
      'invoiceCode',
      'invoiceNumber',
      'invoiceType',
      'invoiceTypeCode',
      'invoicingStatus',
      'channelCode',
      'serialNo',
      'orderNo',
      'invoiceDateFrom',
      'invoiceDateTo',
      'redFlushStatus',
      'hasFindings',
      'findingCode',
      'limit',
      'cursor',
    ],
  );
  assert.deepEqual(list[0], {
    name: 'sellerTaxNo',
    in: 'query',
    required: false,
    description: '销方税号.',
    schema: { type: 'string', minLength: 1, maxLength: 30 },
    examples: { none: { summary: '不填 (not sent)', value: '' }, e1: { summary: '"91110105MA01G6XXX5"', value: '91110105MA01G6XXX5' } },
  });
  const lookup = document.paths['/api/openapi/v2/invoices/lookup']?.get?.parameters ?? [];
  assert.deepEqual(
    lookup.map((parameter) => [parameter.name, parameter.required, Object.values(parameter.examples as Json)[0]]),
    [
      ['invoiceCode', true, { summary: '"011002100111"', value: '011002100111' }],
      ['invoiceNumber', true, { summary: '"00000001"', value: '00000001' }],
    ],
    "a required parameter starts with the quick start's demo invoice",
  );
});

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
  assert.match(init.text, /url: '\/openapi\.yaml'/);
  assert.doesNotMatch(init.text + page.text, /https?:\/\//, 'nothing is loaded from another site');
});

test('when a file of the package that the page does not use is asked for, then 404', async () => {
  for (const path of ['/docs/index.html', '/docs/package.json', '/docs/..%2Fpackage.json', '/docs/swagger-initializer.js']) {
    const response = await app.http().get(path);
    assert.equal(response.status, 404, path);
  }
});

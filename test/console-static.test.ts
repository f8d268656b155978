/**
 * How the built console is served: `/` sends people there, every app path
 * answers the page with a fresh CSP nonce, files are served as built, and
 * a missing build or file says so. A small stand-in build (index.html with
 * the nonce placeholder, one asset) in a temporary folder; the real build
 * is driven in a browser by console.browser.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { problem } from './helpers/api.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-console-dist-'));
const PAGE = `<!doctype html><html><head><meta property="csp-nonce" nonce="fapiao-hub-csp-nonce" />
<script type="module" crossorigin src="/console/assets/index-abc123.js" nonce="fapiao-hub-csp-nonce"></script></head>
<body><div id="root"></div></body></html>`;

let app: TestApp;
let unbuilt: TestApp;

before(async () => {
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), PAGE);
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("console");\n');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = await startTestApp({ consoleDir: dir });
  unbuilt = await startTestApp({ database: app.database, consoleDir: path.join(dir, 'missing') });
});
after(async () => {
  await unbuilt.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function nonceOf(policy: string): string {
  const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  assert.ok(nonce, policy);
  return nonce;
}

test('when a browser opens /, then it is sent to /console/', async () => {
  const root = await app.http().get('/');
  assert.equal(root.status, 302);
  assert.equal(root.headers.location, '/console/');
  const bare = await app.http().get('/console');
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.location, '/console/');
});

test('when any console path is opened, then the page comes with a strict CSP and a fresh nonce written into it', async () => {
  const nonces = new Set<string>();
  for (const url of [
    '/console/',
    '/console/invoices',
    '/console/invoices/42?tab=history',
    '/console/index.html',
    '/console/settings/users',
  ]) {
    const response = await app.http().get(url);
    assert.equal(response.status, 200, url);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(response.headers['cache-control'], 'no-store');
    const policy = String(response.headers['content-security-policy']);
    assert.equal(
      policy,
      `default-src 'none'; script-src 'self'; style-src 'self' 'nonce-${nonceOf(policy)}'; img-src 'self' data:; font-src 'self'; ` +
        "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|https:|\*/);
    const nonce = nonceOf(policy);
    assert.equal(response.text, PAGE.replaceAll('fapiao-hub-csp-nonce', nonce), 'the page as built, with the nonce of its policy');
    nonces.add(nonce);
  }
  assert.equal(nonces.size, 5, 'a new nonce for every page load');
});

test('when a built file is asked for, then it is served (hashed assets cached for good); a missing file is a 404, not the page', async () => {
  const asset = await app.http().get('/console/assets/index-abc123.js');
  assert.equal(asset.status, 200);
  assert.match(String(asset.headers['content-type']), /javascript/);
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(asset.text, 'console.log("console");\n');
  const icon = await app.http().get('/console/favicon.svg');
  assert.equal(icon.status, 200);
  assert.equal(icon.headers['cache-control'], 'public, max-age=0');

  const missing = await problem(app.http().get('/console/assets/index-gone.js'), 404, 'not_found');
  assert.equal(missing.detail, '控制台没有文件 /console/assets/index-gone.js');
  await problem(app.http().get('/console/../package.json'), 404, 'not_found');
});

test('when the console is not built, then its pages answer 503 saying how to build it', async () => {
  const response = await unbuilt.http().get('/console/invoices');
  assert.equal(response.status, 503);
  assert.match(response.text, /npm run build:console/);
  assert.match(response.text, /控制台尚未构建/);
});

/**
 * Keyset pages of GET /api/openapi/v2/invoices: every invoice exactly once
 * in a stable order (invoice_date desc, id desc, ties included), `limit`
 * bounds and default, and cursors that were not given out.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, type Json } from './helpers/builders.ts';

const S9 = '91310000000000009A';
const S8 = '91310000000000008B';
const TIE = Date.UTC(2025, 5, 1, 2);

let app: TestApp;
let reader: TestToken;
let pusher: TestToken;
/** Every invoice id in list order. */
let order: string[];

interface Page {
  items: Json[];
  nextCursor: string | null;
}

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  pusher = await app.token({ scopes: ['push'] });
  // 60 invoices: 20 share one invoiceDate (ties are ordered by id), 40 have their own; two sellers.
  const data = Array.from({ length: 60 }, (_, index) =>
    buildInvoice({
      sellerTaxNo: index % 3 === 0 ? S8 : S9,
      invoiceDate: index < 20 ? TIE : Date.UTC(2025, 0, 1) + index * 3_600_000,
    }),
  );
  const response = await app.push(buildPush({ data }), pusher.accessToken);
  assert.equal(response.status, 200);
  const rows = await app.db.selectFrom('invoices').select(['id', 'invoice_date']).execute();
  order = rows
    .sort((x, y) => y.invoice_date.getTime() - x.invoice_date.getTime() || Number(BigInt(y.id) - BigInt(x.id)))
    .map((row) => row.id);
});
after(() => app.close());

async function page(query: string, token = reader): Promise<Page> {
  return okValue<Page>(get(app, `/api/openapi/v2/invoices?${query}`, token), 'InvoicePage');
}

/** Follows nextCursor from the first page to the last; returns every page's ids. */
async function allPages(query: string, token = reader): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const current: Page = await page(`${query}${cursor ? `&cursor=${cursor}` : ''}`, token);
    pages.push(current.items.map((item) => item.id as string));
    cursor = current.nextCursor;
    assert.ok(pages.length <= 100, 'pages end');
  } while (cursor);
  return pages;
}

test('when pages are followed with nextCursor, then every invoice comes once, in the order of one big page, ties by id', async () => {
  const pages = await allPages('limit=7');
  assert.deepEqual(
    pages.map((ids) => ids.length),
    [7, 7, 7, 7, 7, 7, 7, 7, 4],
  );
  assert.deepEqual(pages.flat(), order);
  const whole = await page('limit=500');
  assert.deepEqual(
    whole.items.map((item) => item.id),
    order,
  );
  assert.equal(whole.nextCursor, null);
});

test('when pages are followed with a filter or for an app of several sellers, then the filter holds on every page', async () => {
  const s9 = (await app.db.selectFrom('invoices').select('id').where('seller_tax_no', '=', S9).execute()).map((row) => row.id);
  const filtered = await allPages(`sellerTaxNo=${S9}&limit=6`);
  assert.deepEqual(
    filtered.flat(),
    order.filter((id) => s9.includes(id)),
  );
  const both = await app.token({ scopes: ['read'], sellers: [S9, S8] });
  assert.deepEqual((await allPages('limit=9', both)).flat(), order);
  const s8Only = await app.token({ scopes: ['read'], sellers: [S8] });
  assert.deepEqual(
    (await allPages('limit=4', s8Only)).flat(),
    order.filter((id) => !s9.includes(id)),
  );
});

test('when an invoice newer than the cursor is pushed between pages, then the next pages neither repeat nor skip any', async () => {
  const first = await page('limit=10');
  const newer = buildInvoice({ sellerTaxNo: S9, invoiceDate: Date.UTC(2030, 0, 1) });
  assert.equal((await app.push(buildPush({ data: [newer] }), pusher.accessToken)).status, 200);
  const rest: string[] = [];
  let cursor = first.nextCursor;
  while (cursor) {
    const next = await page(`limit=10&cursor=${cursor}`);
    rest.push(...next.items.map((item) => item.id as string));
    cursor = next.nextCursor;
  }
  assert.deepEqual([...first.items.map((item) => item.id), ...rest], order);
  const newest = await page('limit=1');
  assert.equal(newest.items[0]?.invoiceNumber, newer.invoiceNumber, 'a new first page shows it');
  await app.db.deleteFrom('invoices').where('invoice_number', '=', newer.invoiceNumber).execute();
});

test('when limit is absent, then pages hold 50; limit 1 and 500 are allowed', async () => {
  const first = await page('');
  assert.equal(first.items.length, 50);
  assert.ok(first.nextCursor);
  const second = await page(`cursor=${first.nextCursor}`);
  assert.deepEqual(
    [...first.items, ...second.items].map((item) => item.id),
    order,
  );
  assert.equal(second.nextCursor, null);
  const one = await page('limit=1');
  assert.deepEqual(
    one.items.map((item) => item.id),
    order.slice(0, 1),
  );
  assert.equal((await page('limit=500')).items.length, 60);
});

test('when limit is out of bounds or not an integer, then 400 names limit', async () => {
  const cases: [string, string][] = [
    ['0', 'limit：不能小于 1'],
    ['-1', 'limit：不能小于 1'],
    ['501', 'limit：不能大于 500'],
    ['1.5', 'limit：应为整数'],
    ['ten', 'limit：应为整数'],
    ['', 'limit：应为整数'],
  ];
  for (const [limit, message] of cases) {
    const body = await problem(get(app, `/api/openapi/v2/invoices?limit=${limit}`, reader), 400, 'validation_failed');
    assert.deepEqual(body.errors, [{ parameter: 'limit', message }], `limit=${limit}`);
  }
});

test('when the cursor was not given out by the API, then 400 names cursor', async () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const notOurs = 'cursor：不是本接口给出的游标（请原样传回 nextCursor）';
  const cases: [string, string][] = [
    ['garbage', notOurs],
    [encode({ d: 1, i: '1' }), notOurs],
    [encode([1]), notOurs],
    [encode([-1, '1']), notOurs],
    [encode([1.5, '1']), notOurs],
    [encode([1, 'x']), notOurs],
    [encode([1, '01']), notOurs],
    [encode([1, '99999999999999999999']), notOurs],
    [encode([1, '9223372036854775808']), notOurs],
    [encode([1e300, '1']), notOurs],
    ['', 'cursor：不能为空'],
    ['x'.repeat(201), 'cursor：不能超过 200 个字符'],
  ];
  for (const [cursor, message] of cases) {
    const body = await problem(get(app, `/api/openapi/v2/invoices?cursor=${cursor}`, reader), 400, 'validation_failed');
    assert.deepEqual(body.errors, [{ parameter: 'cursor', message }], `cursor=${cursor}`);
  }
  // A well-formed position past the end is simply an empty last page.
  assert.deepEqual(await page(`cursor=${encode([0, '1'])}`), { items: [], nextCursor: null });
});

/**
 * The red-flush request queries read through indexes: with 60,000
 * requests (and 20,000 invoices) seeded in SQL and ANALYZEd, the plan of
 * each list filter walks an index in list order from the cursor on, and
 * what is left of an invoice (the lock-holding check) and its rows with
 * what earlier requests reversed are found through indexes. Plans only: no
 * timing is asserted.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Compilable, type RawBuilder, sql } from 'kysely';
import {
  blueDetailRowsQuery,
  blueInvoiceQuery,
  listQuery,
  type RequestFilter,
  type RequestKeyset,
} from '../src/red-flush/requests.repository.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { describe, nodes, planOf } from './helpers/plans.ts';

const INVOICES = 20_000;
const REQUESTS = 60_000;
const BIG_TABLES = new Set(['invoices', 'invoice_details', 'red_flush_requests', 'red_flush_request_rows']);

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await db.transaction().execute(async (tx) => {
    // Foreign keys hold by construction here: skip their per-row checks while loading.
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`insert into apps (name, app_key, secret_hash, scopes) values ('seed', 'seed', 'x', '{redflush}')`.execute(tx);
    await sql`insert into pushes (app_id, channel_code, result, invoice_count, received_at, body)
      select id, 'ch0', 0, 0, now(), '{}' from apps`.execute(tx);
    await sql`
      insert into invoices (channel_code, first_push_id, last_push_id, content_hash, created_at, updated_at, invoice_type, invoice_type_code,
        buyer_name, seller_name, seller_tax_no, originals, invoicing_status, invoice_code, invoice_number, invoice_date,
        invoice_amount, invoice_tax_amount, invoice_total_price_tax)
      select 'ch' || (n % 5), 1, 1, 'x', now(), now(), 0, '026', '购方' || (n % 2000), '销方', 'SELLER' || (n % 50), 0, '00',
        '0110', lpad(n::text, 8, '0'), timestamptz '2024-01-01' + n * interval '5 minutes', 100.00, 6.00, 106.00
      from generate_series(1, ${INVOICES}) n
    `.execute(tx);
    await sql`
      insert into invoice_details (invoice_id, row_index, bill_number, detail_row_no, goods_cost, goods_name, goods_vat, tax_rate)
      select id, 0, '1', '1', 100.00, '服务', 6.00, 0.06 from invoices
    `.execute(tx);
    await sql`
      insert into red_flush_requests (id, blue_invoice_id, invoice_code, invoice_number, invoice_type_code, channel_code, seller_tax_no,
        path, reason, kind, amount, tax, total, state, app_id, body_hash, body, created_at, updated_at)
      select lpad(to_hex(n), 32, '0'), i.id, i.invoice_code, i.invoice_number, '026', i.channel_code, i.seller_tax_no,
        'direct', 2, 'partial', 10.00, 0.60, 10.60,
        (array['accepted', 'submitted', 'awaiting_confirmation', 'info_sheet_required', 'issued', 'refused', 'failed', 'cancelled'])[1 + n % 8],
        1, 'x', '{}', timestamptz '2026-01-01' + n * interval '1 minute', timestamptz '2026-01-01' + n * interval '1 minute'
      from generate_series(1, ${REQUESTS}) n
      join invoices i on i.id = 1 + n % ${INVOICES}
    `.execute(tx);
    await sql`
      insert into red_flush_request_rows (request_id, position, blue_row_index, blue_detail_row_no, goods_name, tax_rate, amount, tax)
      select id, 0, 0, '1', '服务', 0.06, -10.00, -0.60 from red_flush_requests
    `.execute(tx);
  });
  await sql`analyze`.execute(db);
});
after(() => database.close());

/** No sequential scan of a big table; `index` (one of them) used; with `ordered`, no sort and the keyset position an index condition. */
async function assertIndexed(
  query: Compilable<unknown> | RawBuilder<unknown>,
  expected: { index?: string | readonly string[]; ordered?: boolean; keyset?: boolean } = {},
): Promise<void> {
  const plan = await planOf(database.db, query);
  const all = nodes(plan);
  const text = describe(plan);
  assert.deepEqual(
    all
      .filter((node) => node['Node Type'] === 'Seq Scan' && BIG_TABLES.has(node['Relation Name'] ?? ''))
      .map((node) => node['Relation Name']),
    [],
    `sequential scan in:\n${text}`,
  );
  if (expected.index) {
    const names = typeof expected.index === 'string' ? [expected.index] : expected.index;
    assert.ok(
      all.some((node) => names.includes(node['Index Name'] ?? '')),
      `${names.join(' or ')} not used in:\n${text}`,
    );
  }
  if (expected.ordered) assert.ok(!all.some((node) => /Sort/.test(node['Node Type'])), `sorts in:\n${text}`);
  if (expected.keyset) {
    assert.ok(
      all.some((node) => /created_at/.test(node['Index Cond'] ?? '') && /\bid\b/.test(node['Index Cond'] ?? '')),
      `the keyset position is not an index condition in:\n${text}`,
    );
  }
}

const FIRST = { after: null, limit: 51 };
const DEEP: { after: RequestKeyset; limit: number } = {
  after: { createdAt: new Date('2026-01-10T00:00:00Z'), id: '0'.repeat(32) },
  limit: 51,
};

test('when requests are listed by any filter, then an index serves it in list order, deep pages from the cursor on', async () => {
  // A common state or channel (here one request in 8, or in 5) may walk the date index and filter, as the invoice list does.
  const cases: [string, RequestFilter, string | string[]][] = [
    ['all', { sellers: null }, 'red_flush_requests_created'],
    ['state', { sellers: null, state: 'info_sheet_required' }, ['red_flush_requests_state_created', 'red_flush_requests_created']],
    ['channel', { sellers: null, channelCode: 'ch3' }, ['red_flush_requests_channel_created', 'red_flush_requests_created']],
    ['one seller', { sellers: ['SELLER7'] }, 'red_flush_requests_seller_created'],
    ['invoice number', { sellers: null, invoiceNumber: '00000042' }, 'red_flush_requests_number_created'],
  ];
  for (const [name, filter, index] of cases) {
    for (const page of [FIRST, DEEP]) {
      await assertIndexed(listQuery(database.db, filter, page), { index, ordered: true, keyset: page === DEEP }).catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }
  }
  await assertIndexed(
    listQuery(database.db, { sellers: null, createdFrom: new Date('2026-01-20'), createdBefore: new Date('2026-01-21') }, FIRST),
    {
      index: 'red_flush_requests_created',
      ordered: true,
    },
  );
  await assertIndexed(listQuery(database.db, { sellers: ['SELLER1', 'SELLER2', 'SELLER3'], state: 'accepted' }, DEEP));
});

test('when what is left of an invoice is read, or its rows with what requests reversed, then indexes find every part', async () => {
  await assertIndexed(blueInvoiceQuery('0110', '00004049'), { index: 'red_flush_requests_blue' });
  await assertIndexed(blueDetailRowsQuery('4049'), { index: ['red_flush_requests_blue', 'red_flush_request_rows_pkey'] });
});

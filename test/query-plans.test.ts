/**
 * Every filter of the query API is served by an index: with 100,000
 * invoices seeded in SQL (generate_series, not HTTP) and ANALYZEd, the
 * plan of each query the repositories build (the very SQL they run) reads
 * the big tables through indexes and never with a sequential scan; a page
 * deep in a list is the same plan as the first page (a keyset walk, no
 * sort). Plans only: no timing is asserted here.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RawBuilder, sql } from 'kysely';
import { batchInvoicesQuery, batchPushesQuery, findBatchQuery, listBatchesQuery } from '../src/batches/batches.repository.ts';
import { DETAIL_FIELDS, INVOICE_FIELDS, toColumn } from '../src/db/invoice-fields.ts';
import { refreshFindingCodesQuery, removeFindingsQuery } from '../src/findings/findings.repository.ts';
import type { InvoiceFilter, Keyset } from '../src/invoices/invoice-filter.ts';
import { isPlannedOnce, listQuery, VIEW_BY_ID, VIEW_BY_IDENTITY } from '../src/invoices/invoices.repository.ts';
import { storePushQuery } from '../src/push/push.repository.ts';
import { loadGroupsQuery, readBlueQuery, recomputeQuery } from '../src/red-flush/red-flush.repository.ts';
import { heldFormsQuery, openRequestsQuery, storedRedsQuery } from '../src/red-flush/red-invoice-link.ts';
import { buildInvoice, type Json } from './helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { describe, genericPlanOf, nodes, type PlanNode, planOf } from './helpers/plans.ts';

const INVOICES = 100_000;
const BIG_TABLES = new Set([
  'invoices',
  'invoice_history',
  'invoice_details',
  'pushes',
  'batches',
  'invoice_findings',
  'red_flush_requests',
  'red_confirm_forms',
]);

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
  await seed();
});
after(() => database.close());

/**
 * 100,000 invoices of 100 sellers, 2,000 buyers and 5 channels, one every
 * 5 minutes from 2024 on, in 5,000 batches of 20 (one push each, one
 * history entry and one detail row per invoice). Every 50th invoice is a red invoice of the
 * one before it; every 97th is voided. Every 10th has a USCC warning (a
 * common finding code), every 1,000th a header that does not add up (a
 * rare one).
 */
async function seed(): Promise<void> {
  const db = database.db;
  // Loading is faster without the secondary indexes: drop them, load, and build them again from their own definitions.
  const { rows: indexes } = await sql<{ indexname: string; indexdef: string }>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = 'public' and i.tablename in ('invoices', 'invoice_history')
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
  `.execute(db);
  for (const index of indexes) await sql`drop index ${sql.ref(index.indexname)}`.execute(db);
  await db.transaction().execute(async (tx) => {
    // Foreign keys hold by construction here: skip their per-row checks while loading.
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`insert into apps (name, app_key, secret_hash, scopes) values ('seed', 'seed', 'x', '{push}')`.execute(tx);
    await sql`
      insert into pushes (app_id, channel_code, serial_no, result, invoice_count, received_at, body)
      select (select id from apps where name = 'seed'), 'ch' || (b % 5), 'SEED-' || b, 0, 20, now(), '{}'
      from generate_series(0, ${INVOICES / 20 - 1}) b
    `.execute(tx);
    await sql`
      insert into batches (channel_code, serial_no, result, first_push_id, last_push_id, created_at, updated_at)
      select channel_code, serial_no, case id % 50 when 0 then 1 when 1 then 2 else 0 end, id, id,
        now() - id * interval '1 minute', now() - id * interval '1 minute'
      from pushes
    `.execute(tx);
    await sql`
      insert into invoices (
        channel_code, serial_no, first_push_id, last_push_id, content_hash, voided_at, created_at, updated_at,
        invoice_type, invoice_type_code, buyer_name, buyer_tax_no, seller_name, seller_tax_no, originals, invoicing_status,
        invoice_code, invoice_number, invoice_date, invoice_amount, invoice_tax_amount, invoice_total_price_tax, order_no,
        original_invoice_code, original_invoice_number, red_flush_status, red_flushed_total, finding_codes
      )
      select p.channel_code, p.serial_no, p.id, p.id, 'seed', null, now(), now(),
        case when g % 50 = 0 then 1 else 0 end, case when g % 3 = 0 then '01' else '026' end,
        '购方' || (g % 2000) || '有限公司', 'BUYER' || (g % 2000), '销方' || (g % 100), 'SELLER' || (g % 100), 0,
        case when g % 97 = 0 then '03' else '00' end,
        '0110', lpad(g::text, 8, '0'), timestamptz '2024-01-01 00:00:00+08' + g * interval '5 minutes',
        '100.00', '6.00', '106.00', 'ORD' || g,
        case when g % 50 = 0 then '0110' end, case when g % 50 = 0 then lpad((g - 1)::text, 8, '0') end,
        case when g % 50 = 0 then 'linked' when g % 97 = 0 then 'voided' when g % 50 = 49 then 'full' else 'none' end,
        case when g % 50 = 0 then null when g % 50 = 49 then 106.00 else 0 end,
        case when g % 1000 = 7 then '{HEADER_SUM_MISMATCH}' when g % 10 = 3 then '{USCC_CHECK_CHARACTER}' else '{}' end::text[]
      from generate_series(1, ${INVOICES}) g
      join pushes p on p.id = (select min(id) from pushes) + (g - 1) / 20
    `.execute(tx);
    await sql`
      insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
      select id, first_push_id, 0, 'created', invoicing_status, now() from invoices
    `.execute(tx);
    await sql`
      insert into invoice_details (invoice_id, row_index, bill_number, detail_row_no, goods_cost, goods_name, goods_vat)
      select id, 0, '1', '1', 100.00, '服务费', 6.00 from invoices
    `.execute(tx);
    await sql`
      insert into invoice_findings (invoice_id, scope, position, code, severity, pointer, message, figures)
      select id, 'invoice', 0, finding_codes[1], case when finding_codes[1] = 'USCC_CHECK_CHARACTER' then 'warning' else 'error' end,
        '/sellerTaxNo', 'seeded', '{}'
      from invoices where finding_codes <> '{}'
    `.execute(tx);
    // Red-flush requests of every 5th blue invoice (one in ten still open) and counterparty forms of every 7th (one in ten holding).
    await sql`
      insert into red_flush_requests (id, blue_invoice_id, invoice_code, invoice_number, invoice_type_code, channel_code,
        seller_tax_no, path, reason, kind, amount, tax, total, state, app_id, body_hash, body)
      select md5(i.id::text), i.id, i.invoice_code, i.invoice_number, i.invoice_type_code, i.channel_code, i.seller_tax_no,
        'confirmation_form', 1, 'full', 100.00, 6.00, 106.00, case when i.id % 50 = 0 then 'awaiting_confirmation' else 'cancelled' end,
        (select id from apps where name = 'seed'), 'seed', '{}'
      from invoices i where i.invoice_type = 0 and i.id % 5 = 0
    `.execute(tx);
    await sql`
      insert into red_confirm_forms (channel_code, bill_id, origin, entered_by, blue_invoice_id, state, held)
      select i.channel_code, md5(i.id::text), 'counterparty', 'buyer', i.id, '04', i.id % 70 = 0
      from invoices i where i.invoice_type = 0 and i.id % 7 = 0
    `.execute(tx);
  });
  for (const index of indexes) await sql.raw(index.indexdef).execute(db);
  for (const table of BIG_TABLES) await sql`analyze ${sql.table(table)}`.execute(db);
}

interface Expected {
  /** false: the index order serves the list order (no sort). */
  readonly sorts?: boolean;
  /** One of these indexes is used. */
  readonly index?: string | readonly string[];
  /** The keyset position is an index condition: a deep page starts reading where the cursor points. */
  readonly keyset?: boolean;
  /** Check the generic plan (for statements prepared once per connection) instead of the one made for the values. */
  readonly generic?: boolean;
}

/** No sequential scan of a big table; at least one index read; and what `expected` says. */
async function assertIndexed(query: RawBuilder<unknown>, expected: Expected = {}): Promise<void> {
  const plan = await (expected.generic ? genericPlanOf(database.db, query) : planOf(database.db, query));
  const all = nodes(plan);
  const text = describe(plan);
  const seqScans = all.filter((node) => node['Node Type'] === 'Seq Scan' && BIG_TABLES.has(node['Relation Name'] ?? ''));
  assert.deepEqual(
    seqScans.map((node) => node['Relation Name']),
    [],
    `sequential scan in:\n${text}`,
  );
  assert.ok(
    all.some((node) => /Index/.test(node['Node Type'])),
    `no index used in:\n${text}`,
  );
  if (expected.sorts === false) assert.ok(!all.some((node) => /Sort/.test(node['Node Type'])), `sorts in:\n${text}`);
  if (expected.index) {
    const names = typeof expected.index === 'string' ? [expected.index] : expected.index;
    assert.ok(
      all.some((node) => names.includes(node['Index Name'] ?? '')),
      `${names.join(' or ')} not used in:\n${text}`,
    );
  }
  if (expected.keyset) {
    assert.ok(
      all.some((node) => /invoice_date/.test(node['Index Cond'] ?? '') && /\bid\b/.test(node['Index Cond'] ?? '')),
      `the keyset position is not an index condition in:\n${text}`,
    );
  }
}

const ANY: InvoiceFilter = { sellers: null };
const FIRST_PAGE = { after: null, limit: 51 };
/** A position deep in the list: far down (as page 10,000 of a long list would be). */
const DEEP: Keyset = { invoiceDate: new Date('2024-03-01T00:00:00+08:00'), id: '17000' };
const DEEP_PAGE = { after: DEEP, limit: 51 };

test('when an invoice is looked up by number (with or without code, scoped or not), then indexes find it and all its view shows', async () => {
  // Prepared statements: their generic plan too.
  for (const generic of [false, true]) {
    const blue = { invoiceCode: '0110', invoiceNumber: '00004049' };
    await assertIndexed(VIEW_BY_IDENTITY.query({ ...blue, sellers: null }), { generic, index: ['invoices_identity', 'invoices_number'] });
    await assertIndexed(VIEW_BY_IDENTITY.query({ ...blue, sellers: ['SELLER49'] }), { generic, index: 'invoices_original' });
    await assertIndexed(VIEW_BY_IDENTITY.query({ invoiceCode: '', invoiceNumber: '00012345', sellers: ['SELLER45'] }), { generic });
    await assertIndexed(VIEW_BY_ID.query({ id: '4050', sellers: ['SELLER50'] }), { generic, index: 'invoices_pkey' });
    await assertIndexed(VIEW_BY_ID.query({ id: '4049', sellers: null }), { generic, index: 'invoice_details_pkey' });
  }
  await assertIndexed(listQuery({ ...ANY, invoiceNumber: '00012345' }, FIRST_PAGE));
});

test('when invoices are listed by seller and date range, then the seller index is walked in order, on page 1 and deep pages', async () => {
  const filter: InvoiceFilter = {
    sellers: ['SELLER7'],
    dateFrom: new Date('2024-02-01T00:00:00+08:00'),
    dateBefore: new Date('2024-06-01T00:00:00+08:00'),
  };
  await assertIndexed(listQuery(filter, FIRST_PAGE), { sorts: false, index: 'invoices_seller_date' });
  await assertIndexed(listQuery(filter, DEEP_PAGE), { sorts: false, index: 'invoices_seller_date', keyset: true });
});

test('when a list query is prepared (one seller or none, dates), then its generic plan walks the index in order, from the cursor on', async () => {
  const from = new Date('2024-02-01T00:00:00+08:00');
  const before = new Date('2024-06-01T00:00:00+08:00');
  const prepared: InvoiceFilter[] = [
    ANY,
    { ...ANY, dateFrom: from, dateBefore: before },
    { ...ANY, dateBefore: before },
    { sellers: ['SELLER7'] },
    { sellers: ['SELLER7'], dateFrom: from, dateBefore: before },
    { sellers: ['SELLER7'], dateFrom: from },
  ];
  for (const filter of prepared) {
    assert.ok(isPlannedOnce(filter), JSON.stringify(filter));
    const index = filter.sellers ? 'invoices_seller_date' : 'invoices_date';
    await assertIndexed(listQuery(filter, FIRST_PAGE), { generic: true, sorts: false, index });
    await assertIndexed(listQuery(filter, DEEP_PAGE), { generic: true, sorts: false, index, keyset: true });
  }
  // Planned for their values each time.
  assert.ok(!isPlannedOnce({ ...ANY, buyerTaxNo: 'BUYER42' }));
  assert.ok(!isPlannedOnce({ sellers: ['SELLER7'], hasFindings: false }));
  assert.ok(!isPlannedOnce({ sellers: ['SELLER1', 'SELLER2'] }));
});

test('when invoices are listed by buyer tax number, then the buyer index serves it, deep pages from the cursor on', async () => {
  // 50 invoices per buyer: the planner may read them all and sort them, which costs the same at any depth.
  await assertIndexed(listQuery({ ...ANY, buyerTaxNo: 'BUYER42' }, FIRST_PAGE), { index: 'invoices_buyer_date' });
  await assertIndexed(listQuery({ ...ANY, buyerTaxNo: 'BUYER42' }, DEEP_PAGE), { index: 'invoices_buyer_date', keyset: true });
});

test('when a batch is read by serialNo, then the batch, its pushes and its invoices are found through indexes', async () => {
  const key = { channelCode: 'ch3', serialNo: 'SEED-1234' };
  await assertIndexed(findBatchQuery(key, null), { index: 'batches_pkey' });
  await assertIndexed(findBatchQuery(key, ['SELLER7']));
  await assertIndexed(batchPushesQuery(key, null, 1001), { index: 'pushes_channel_serial' });
  await assertIndexed(batchPushesQuery(key, ['SELLER7'], 1001));
  await assertIndexed(batchInvoicesQuery(key, null, 1001));
  await assertIndexed(batchInvoicesQuery(key, ['SELLER7'], 1001));
});

test('when batches are listed, last updated first, then batches_updated is walked in order, deep pages from the cursor', async () => {
  const any = { sellers: null };
  const after = { updatedMicros: '1704067200000000', channelCode: 'ch3', serialNo: 'SEED-1234' };
  await assertIndexed(listBatchesQuery(any, { after: null, limit: 51 }), { sorts: false, index: 'batches_updated' });
  await assertIndexed(listBatchesQuery(any, { after, limit: 51 }), { sorts: false, index: 'batches_updated' });
  // The console's first look, today's rejected or in-progress batches: the day's range of the index (sorted after, a day's worth at most).
  const today = { ...any, results: [1, 2], updatedFrom: new Date(Date.now() - 86_400_000) };
  await assertIndexed(listBatchesQuery(today, { after: null, limit: 51 }), { index: 'batches_updated' });
});

test('when the list is not filtered, or filtered by a common value, then the date index is walked in order', async () => {
  await assertIndexed(listQuery(ANY, FIRST_PAGE), { sorts: false, index: 'invoices_date' });
  await assertIndexed(listQuery(ANY, DEEP_PAGE), { sorts: false, index: 'invoices_date', keyset: true });
  await assertIndexed(listQuery({ ...ANY, invoiceTypeCode: '026' }, DEEP_PAGE), { sorts: false });
  await assertIndexed(listQuery({ ...ANY, channelCode: 'ch2' }, DEEP_PAGE), { sorts: false });
  await assertIndexed(listQuery({ ...ANY, invoiceType: 0 }, DEEP_PAGE), { sorts: false });
  // The console's 发票红冲 list: blue, not voided, nothing or part red-flushed (most invoices).
  await assertIndexed(listQuery({ ...ANY, invoiceType: 0, invoicingStatus: '00', redFlushStatus: ['none', 'partial'] }, DEEP_PAGE), {
    sorts: false,
    keyset: true,
  });
  // A substring every buyer has: walking the date index finds a page at once (a rare one goes through the trigram index, below).
  await assertIndexed(listQuery({ ...ANY, buyerName: '有限公司' }, DEEP_PAGE), { sorts: false, index: 'invoices_date', keyset: true });
});

test('when the list is filtered by any other parameter, then an index serves it', async () => {
  const cases: [string, InvoiceFilter, string?][] = [
    ['invoiceCode', { ...ANY, invoiceCode: '0110' }],
    ['serialNo', { ...ANY, serialNo: 'SEED-77' }, 'invoices_serial_date'],
    ['orderNo', { ...ANY, orderNo: 'ORD4242' }, 'invoices_order_date'],
    ['invoiceType red', { ...ANY, invoiceType: 1 }, 'invoices_red_date'],
    ['invoicingStatus voided', { ...ANY, invoicingStatus: '03' }, 'invoices_voided_date'],
    ['redFlushStatus', { ...ANY, redFlushStatus: ['full'] }, 'invoices_red_flush_date'],
    ['buyerName', { ...ANY, buyerName: '购方1234有限' }, 'invoices_buyer_name_trgm'],
    ['several sellers', { sellers: ['SELLER1', 'SELLER2', 'SELLER3'] }, 'invoices_seller_date'],
    ['several sellers and a buyer', { sellers: ['SELLER1', 'SELLER2'], buyerTaxNo: 'BUYER1' }],
  ];
  for (const [name, filter, index] of cases) {
    await assertIndexed(listQuery(filter, FIRST_PAGE), index ? { index } : {}).catch((error: Error) => {
      throw new Error(`${name}: ${error.message}`);
    });
  }
});

test('when a push refreshes the red-flush state, or an invoice view reads it, then indexes serve every lookup', async () => {
  const pushed = Array.from({ length: 20 }, (_, index) => ({ invoiceCode: '0110', invoiceNumber: String(4000 + index).padStart(8, '0') }));
  await assertIndexed(recomputeQuery(pushed.map((key) => ({ code: key.invoiceCode, number: key.invoiceNumber }))));
});

test('when what is left of a blue invoice is read, then indexes serve it', async () => {
  await assertIndexed(readBlueQuery({ code: '0110', number: '00004049' }), { index: ['invoices_identity', 'invoices_original'] });
});

test('when the list is filtered by findings, then an index serves it: with or without findings in order, one code through its index', async () => {
  await assertIndexed(listQuery({ ...ANY, hasFindings: true }, FIRST_PAGE), { sorts: false, index: 'invoices_findings_date' });
  await assertIndexed(listQuery({ ...ANY, hasFindings: true }, DEEP_PAGE), { sorts: false, index: 'invoices_findings_date', keyset: true });
  await assertIndexed(listQuery({ ...ANY, hasFindings: false }, DEEP_PAGE), {
    sorts: false,
    index: ['invoices_no_findings_date', 'invoices_date'],
    keyset: true,
  });
  // One code: the planner walks the invoices with findings in order, or takes the code's GIN index (and sorts what it finds),
  // by how common it estimates the code; either way from the cursor on.
  await assertIndexed(listQuery({ ...ANY, findingCode: 'USCC_CHECK_CHARACTER' }, DEEP_PAGE), {
    index: ['invoices_findings_date', 'invoices_finding_codes'],
    keyset: true,
  });
  await assertIndexed(listQuery({ ...ANY, findingCode: 'HEADER_SUM_MISMATCH' }, FIRST_PAGE), {
    index: ['invoices_finding_codes', 'invoices_findings_date'],
  });
  await assertIndexed(listQuery({ sellers: ['SELLER7'], findingCode: 'HEADER_SUM_MISMATCH' }, DEEP_PAGE));
});

test('when a push checks red invoices against their blue invoice or stores findings, or a view reads them, then indexes serve it', async () => {
  const blues = Array.from({ length: 20 }, (_, index) => ({ code: '0110', number: String(4049 + index * 50).padStart(8, '0') }));
  await assertIndexed(loadGroupsQuery(blues));
  await assertIndexed(refreshFindingCodesQuery(Array.from({ length: 20 }, (_, index) => String(4000 + index))));
});

/** STORE_PUSH for one new blue invoice; `alone`: STORE_PUSH_ALONE, the one-trip variant with its gate. */
function storeBluePushQuery(alone = false) {
  const built = buildInvoice({ invoiceType: 0, invoiceCode: '0110', invoiceNumber: '00004049' });
  const invoice: Json = built;
  const details = built.details.map((row) => {
    const detail: Json = row;
    return DETAIL_FIELDS.map((field) => toColumn(field, detail[field.name]));
  });
  return storePushQuery(
    {
      appId: '1',
      channelCode: 'ch1',
      serialNo: null,
      result: 0,
      rejectMsg: null,
      invoiceCount: 1,
      requestId: null,
      body: '{}',
      contentType: 'application/json',
    },
    [{ position: 0, contentHash: 'x', values: INVOICE_FIELDS.map((field) => toColumn(field, invoice[field.name])), details, findings: [] }],
    alone,
  );
}

/** Its invoices are read through invoices_original alone, by the original's number. */
function assertProbesByOriginal(plan: PlanNode): void {
  const reads = nodes(plan).filter((node) => node['Relation Name'] === 'invoices' && /Scan/.test(node['Node Type']));
  assert.deepEqual(
    reads.map((node) => node['Index Name']),
    ['invoices_original'],
    `invoices read otherwise than through invoices_original in:\n${describe(plan)}`,
  );
  assert.match(reads[0]?.['Index Cond'] ?? '', /original_invoice_number/);
}

test('when a push stores new blue invoices, then its generic plan asks for red invoices naming them through the index, never reading all red invoices', async () => {
  assertProbesByOriginal(await genericPlanOf(database.db, storeBluePushQuery()));
});

/** A new database holding `count` blue invoices, analysed: what a young installation's statistics say. */
async function newDatabaseWith(count: number): Promise<TestDatabase> {
  const fresh = await createTestDatabase();
  try {
    await sql`insert into apps (name, app_key, secret_hash, scopes) values ('seed', 'seed', 'x', '{push}')`.execute(fresh.db);
    await sql`
      insert into pushes (app_id, channel_code, result, invoice_count, received_at, body)
      select id, 'ch1', 0, 1, now(), '{}' from apps
    `.execute(fresh.db);
    await sql`
      insert into invoices (channel_code, first_push_id, last_push_id, content_hash, created_at, updated_at,
        invoice_type, invoice_type_code, buyer_name, seller_name, seller_tax_no, originals, invoicing_status,
        invoice_code, invoice_number, invoice_date, invoice_amount, red_flush_status, red_flushed_total, finding_codes)
      select 'ch1', p.id, p.id, 'seed', now(), now(), 0, '026', '购方', '销方', 'SELLER', 0, '00',
        '0110', lpad(g::text, 8, '0'), now(), '100.00', 'none', 0, '{}'
      from generate_series(1, ${count}::int) g, pushes p
    `.execute(fresh.db);
    await sql`analyze invoices`.execute(fresh.db);
    return fresh;
  } catch (error) {
    await fresh.close();
    throw error;
  }
}

test('when the statistics say no red invoice is stored (a new database), then the generic plan of a push still asks through invoices_original, which stays right as red invoices come', async () => {
  const fresh = await newDatabaseWith(2000);
  try {
    assertProbesByOriginal(await genericPlanOf(fresh.db, storeBluePushQuery()));
  } finally {
    await fresh.close();
  }
});

// Written as a join, the gate's probe by number was planned as a hash join over all of invoices at this size (and kept as it grew).
test('when the one-trip push statement is planned on a new database (400 invoices analysed), then its generic plan reads invoices by index only, by number and by original', async () => {
  const fresh = await newDatabaseWith(400);
  try {
    const plan = await genericPlanOf(fresh.db, storeBluePushQuery(true));
    const reads = nodes(plan).filter((node) => node['Relation Name'] === 'invoices' && /Scan/.test(node['Node Type']));
    const [byNumber, byOriginal] = reads.map((node) => node['Index Name']);
    assert.equal(reads.length, 2, `invoices read otherwise than by two probes in:\n${describe(plan)}`);
    assert.ok(byNumber === 'invoices_identity' || byNumber === 'invoices_number', `the gate's probe by number:\n${describe(plan)}`);
    assert.equal(byOriginal, 'invoices_original', `the probe for red invoices:\n${describe(plan)}`);
  } finally {
    await fresh.close();
  }
});

/** The statements a push of red invoices naming blue ones runs besides its own (unnamed: planned for their rows). */
function redPushStatements(): [string, RawBuilder<unknown>][] {
  const blues = Array.from({ length: 20 }, (_, index) => ({ code: '0110', number: String(4049 + index * 50).padStart(8, '0') }));
  const reds = blues.map((blue) => ({
    invoiceType: 1,
    invoiceCode: blue.code,
    invoiceNumber: String(Number(blue.number) + 1).padStart(8, '0'),
    originalInvoiceNumber: blue.number,
    invoicingStatus: '00',
  }));
  const ids = Array.from({ length: 20 }, (_, index) => String(4050 + index * 50));
  return [
    ['loadGroups', loadGroupsQuery(blues)],
    ['recompute', recomputeQuery(blues)],
    ['storedReds', storedRedsQuery(reds)],
    ['openRequests', openRequestsQuery(ids)],
    ['heldForms', heldFormsQuery(ids)],
    ['removeFindings', removeFindingsQuery('red_flush', ids)],
    ['refreshFindingCodes', refreshFindingCodesQuery(ids)],
  ];
}

test('when a push carries red invoices naming blue ones, then every statement it adds reads through indexes (requests and forms too)', async () => {
  for (const [name, query] of redPushStatements()) {
    await assertIndexed(query).catch((error: Error) => {
      throw new Error(`${name}: ${error.message}`);
    });
  }
});

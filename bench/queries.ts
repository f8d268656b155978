/**
 * The query scenarios at scale (issue 3's routes), against the seeded
 * tables: lookup by the invoice's own identity, list by seller and date
 * range, and page 1 against a deep page of the keyset walk over every
 * invoice, newest first.
 *
 * The deep page's cursor is obtained by walking, as a client would: pages
 * of 500 (the largest limit) and then of 50 up to the page before it. A
 * keyset cursor names a position, not a page size, so this lands where
 * 9,999 pages of 50 would; the bench checks that the page starts at the
 * invoice that OFFSET would give.
 */
import type pg from 'pg';
import { httpLoad, type Measurement, type Measuring, type Phase, type UnderLoad } from './load.ts';
import type { Plan } from './plan.ts';
import { SEED_FROM, SEED_SELLERS, SEED_TO, seedSeller } from './seed.ts';

const INVOICES_PATH = '/api/openapi/v2/invoices';
const WALK_LIMIT = 500;
const DAY = 24 * 3600 * 1000;
const LIST_RANGE_DAYS = 30;

export interface QueryResults {
  /** Why the queries were not measured, when they were not. */
  readonly missing?: string;
  readonly lookup?: UnderLoad;
  readonly list?: UnderLoad;
  readonly firstPage?: UnderLoad;
  readonly deepPage?: UnderLoad;
  readonly walkRequests?: number;
}

export interface QueryContext {
  readonly client: pg.Client;
  readonly url: string;
  readonly accessToken: string;
  readonly plan: Plan;
  underLoad(run: (measuring: Measuring) => Promise<Measurement>): Promise<UnderLoad>;
  log(message: string): void;
}

interface Page {
  readonly items: { id?: unknown }[];
  readonly nextCursor: string | null;
}

export async function queryScenarios(context: QueryContext): Promise<QueryResults> {
  const { client, url, accessToken, plan, underLoad, log } = context;
  const query = (path: string, params: Record<string, string | number>) =>
    `${path}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])), accessToken })}`;

  const probe = await fetch(`${url}${query(INVOICES_PATH, { limit: 1 })}`);
  if (probe.status === 404) {
    await probe.body?.cancel();
    return { missing: `the query API (issue 3) is not in this build: GET ${INVOICES_PATH} answers 404` };
  }
  if (!probe.ok) throw new Error(`GET ${INVOICES_PATH} answers ${probe.status}: ${await probe.text()}`);
  await probe.body?.cancel();

  const phase: Phase = { warmupSeconds: plan.warmupSeconds, seconds: plan.seconds, connections: plan.queryConnections };
  const get = (path: () => string) => () => ({ method: 'GET' as const, path: path() });

  // Lookup by identity, over a thousand seeded invoices picked at random.
  const keys = await randomKeys(client, plan.seedInvoices, 1000);
  let k = 0;
  const lookup = await underLoad((measuring) =>
    httpLoad(
      url,
      phase,
      get(() => {
        const key = keys[k++ % keys.length]!;
        return query(`${INVOICES_PATH}/lookup`, { invoiceCode: key.invoice_code, invoiceNumber: key.invoice_number });
      }),
      measuring,
    ),
  );
  log(`lookup: ${lookup.measurement.rate.toFixed(1)}/s, p99 ${lookup.measurement.p99.toFixed(1)} ms`);

  // A seller's invoices over 30 days, sellers and windows at random.
  const list = await underLoad((measuring) =>
    httpLoad(
      url,
      phase,
      get(() => {
        const from = SEED_FROM + Math.floor(Math.random() * ((SEED_TO - SEED_FROM) / DAY - LIST_RANGE_DAYS)) * DAY;
        return query(INVOICES_PATH, {
          sellerTaxNo: seedSeller(Math.floor(Math.random() * SEED_SELLERS)),
          invoiceDateFrom: from,
          invoiceDateTo: from + LIST_RANGE_DAYS * DAY,
          limit: plan.pageLimit,
        });
      }),
      measuring,
    ),
  );
  log(`list by seller and dates: ${list.measurement.rate.toFixed(1)}/s, p99 ${list.measurement.p99.toFixed(1)} ms`);

  // Page 1 and the deep page of the walk over every invoice, newest first.
  const { cursor, requests } = await walkTo(url, query, plan);
  await checkDeepPage(client, url, query(INVOICES_PATH, { limit: plan.pageLimit, cursor }), plan);
  const firstPage = await underLoad((measuring) =>
    httpLoad(
      url,
      phase,
      get(() => query(INVOICES_PATH, { limit: plan.pageLimit })),
      measuring,
    ),
  );
  log(`page 1: p50 ${firstPage.measurement.p50.toFixed(1)} ms, p99 ${firstPage.measurement.p99.toFixed(1)} ms`);
  const deepPage = await underLoad((measuring) =>
    httpLoad(
      url,
      phase,
      get(() => query(INVOICES_PATH, { limit: plan.pageLimit, cursor })),
      measuring,
    ),
  );
  log(`page ${plan.deepPage}: p50 ${deepPage.measurement.p50.toFixed(1)} ms, p99 ${deepPage.measurement.p99.toFixed(1)} ms`);

  return { lookup, list, firstPage, deepPage, walkRequests: requests };
}

async function randomKeys(client: pg.Client, invoices: number, count: number) {
  const ids = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * invoices));
  const { rows } = await client.query<{ invoice_code: string; invoice_number: string }>(
    'select invoice_code, invoice_number from invoices where id = any($1::bigint[])',
    [ids],
  );
  return rows;
}

async function fetchPage(url: string): Promise<Page> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`GET ${url.replace(/accessToken=[^&]*/, 'accessToken=…')} answers ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { value: Page }).value;
}

/** The cursor of page `plan.deepPage` (of `plan.pageLimit` items), by walking. */
async function walkTo(url: string, query: (path: string, params: Record<string, string | number>) => string, plan: Plan) {
  const skip = (plan.deepPage - 1) * plan.pageLimit;
  let cursor: string | null = null;
  let skipped = 0;
  let requests = 0;
  while (skipped < skip) {
    const limit = skip - skipped >= WALK_LIMIT ? WALK_LIMIT : plan.pageLimit;
    const page: Page = await fetchPage(`${url}${query(INVOICES_PATH, cursor === null ? { limit } : { limit, cursor })}`);
    requests++;
    if (page.items.length !== limit || page.nextCursor === null)
      throw new Error(`the walk ended early, after ${skipped + page.items.length} invoices`);
    skipped += limit;
    cursor = page.nextCursor;
  }
  if (cursor === null) throw new Error('the deep page is page 1');
  return { cursor, requests };
}

/** The deep page starts where OFFSET would start it. */
async function checkDeepPage(client: pg.Client, url: string, path: string, plan: Plan): Promise<void> {
  const page = await fetchPage(`${url}${path}`);
  const { rows } = await client.query<{ id: string }>('select id from invoices order by invoice_date desc, id desc offset $1 limit 1', [
    (plan.deepPage - 1) * plan.pageLimit,
  ]);
  const expected = rows[0]?.id;
  if (String(page.items[0]?.id) !== expected) {
    throw new Error(`page ${plan.deepPage} starts at invoice ${String(page.items[0]?.id)}, OFFSET says ${expected}`);
  }
}

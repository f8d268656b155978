/**
 * The database ceilings: the rows one push stores (the push record with
 * its body as received, the batch state when the push names a batch, the
 * invoices, their detail rows, one history entry per invoice) written
 * straight through pg, with nothing in front: no HTTP, no auth, no parsing
 * or validation, values prepared once and prepared statements.
 *
 * The column values come from the receiver's own mapping of the example
 * (normalisation, validation, `toColumn`), so the rows are the receiver's
 * rows; only the invoice number and the raw body change per push.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { parseJson } from '../src/api/json.ts';
import { MAX_DEPTH } from '../src/api/normalize.ts';
import type { Schemas } from '../src/api/spec.ts';
import { type ColumnType, DETAIL_FIELDS, INVOICE_FIELDS, toColumn } from '../src/db/invoice-fields.ts';
import { validBody } from '../src/http/validate.ts';
import { batchPush, EXAMPLE_TEXT, invoiceNumber, singlePush } from './bodies.ts';

type Value = string | number | null;

const parsed = parseJson(EXAMPLE_TEXT, MAX_DEPTH);
if (!parsed.ok) throw new Error(`the push example is not JSON: ${parsed.reason}`);
const example = validBody('PushRequest', parsed.value) as Schemas['PushRequest'];
const exampleInvoice = example.data?.[0];
if (!exampleInvoice) throw new Error('the push example has no invoice');

const INVOICE_VALUES: readonly Value[] = INVOICE_FIELDS.map((field) =>
  toColumn(field, (exampleInvoice as unknown as Record<string, unknown>)[field.name]),
);
const DETAIL_ROWS: readonly (readonly Value[])[] = exampleInvoice.details.map((detail) =>
  DETAIL_FIELDS.map((field) => toColumn(field, (detail as unknown as Record<string, unknown>)[field.name])),
);
const NUMBER_INDEX = INVOICE_FIELDS.findIndex((field) => field.name === 'invoiceNumber');
const STATUS = exampleInvoice.invoicingStatus;
/** A stand-in of the receiver's content hash (same length); hashing is the receiver's work, not the database's. */
const CONTENT_HASH = createHash('sha256').update(EXAMPLE_TEXT).digest('base64url');

const invoiceColumns = ['channel_code', 'serial_no', 'first_push_id', 'last_push_id', 'content_hash', 'created_at', 'updated_at']
  .concat(INVOICE_FIELDS.map((field) => field.column))
  .join(', ');
const detailColumns = DETAIL_FIELDS.map((field) => field.column).join(', ');

/** `$n::type[], …` for columns bound as arrays from `offset` on, and the arrays for rows. */
function arrays(columns: readonly { type: ColumnType | 'bigint' }[], offset: number) {
  return {
    sql: columns.map((column, index) => `$${offset + index}::${column.type}[]`).join(', '),
    params: (rows: readonly (readonly Value[])[]) => columns.map((_, index) => rows.map((row) => row[index] ?? null)),
  };
}

/**
 * How the rows travel: `statements`, one statement per table in a
 * transaction (the receiver's shape); `one-statement`, every table in one
 * statement of data-modifying CTEs, a single round trip.
 */
export const STRATEGIES = ['statements', 'one-statement'] as const;
export type Strategy = (typeof STRATEGIES)[number];

const PUSH = `insert into pushes (app_id, channel_code, serial_no, result, invoice_count, request_id, received_at, body)
  values ($1, $2, $3, 0, $4, $5, now(), $6) returning id`;

/** One transaction, one statement per table: the receiver's shape, with nothing in front. */
const STATEMENTS = {
  batch: `insert into batches (channel_code, serial_no, result, first_push_id, last_push_id, created_at, updated_at)
    values ($1, $2, 0, $3, $3, now(), now())`,
  invoices: `insert into invoices (${invoiceColumns})
    select $1, $2, $3, $3, $4, now(), now(), u.* from unnest(${arrays(INVOICE_FIELDS, 5).sql}) as u
    returning id, invoice_number`,
  details: `insert into invoice_details (invoice_id, row_index, ${detailColumns})
    select * from unnest(${arrays([{ type: 'bigint' }, { type: 'integer' }, ...DETAIL_FIELDS], 1).sql})`,
  history: `insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
    select u.id, $2, u.position - 1, 'created', $3, now() from unnest($1::bigint[]) with ordinality as u(id, position)`,
};

/** Every table in one statement of data-modifying CTEs: one round trip, no explicit transaction. */
function oneStatement(batch: boolean): string {
  // $1 app, $2 channel, $3 serialNo, $4 invoice count, $5 request id, $6 body, $7 content hash, $8 status,
  // then the invoice arrays, the detail arrays, and the invoice numbers in push order.
  const invoices = arrays(INVOICE_FIELDS, 9);
  const details = arrays([{ type: 'text' }, { type: 'integer' }, ...DETAIL_FIELDS], 9 + INVOICE_FIELDS.length);
  return `with p as (${PUSH}),
    ${batch ? `b as (insert into batches (channel_code, serial_no, result, first_push_id, last_push_id, created_at, updated_at) select $2, $3, 0, p.id, p.id, now(), now() from p),` : ''}
    i as (insert into invoices (${invoiceColumns})
      select $2, $3, p.id, p.id, $7, now(), now(), u.* from p, unnest(${invoices.sql}) as u
      returning id, invoice_number),
    d as (insert into invoice_details (invoice_id, row_index, ${detailColumns})
      select i.id, r.row_index, ${DETAIL_FIELDS.map((field) => `r.${field.column}`).join(', ')}
      from i join unnest(${details.sql}) as r(invoice_number, row_index, ${detailColumns}) using (invoice_number)),
    h as (insert into invoice_history (invoice_id, push_id, position, change, invoicing_status, recorded_at)
      select i.id, p.id, n.position - 1, 'created', $8, now()
      from p, i join unnest($${9 + INVOICE_FIELDS.length + 2 + DETAIL_FIELDS.length}::text[]) with ordinality as n(invoice_number, position) using (invoice_number))
    select count(*) from i`;
}

/**
 * Writes a push of the example's invoice under the given numbers, one
 * transaction per push, each table by one multi-row `INSERT … SELECT FROM
 * unnest(…)`. A push of more than one invoice names a batch, as the bench's
 * batch pushes do.
 */
export class PushWriter {
  readonly strategy: Strategy;
  private readonly appId: string;

  constructor(strategy: Strategy, appId: string) {
    this.strategy = strategy;
    this.appId = appId;
  }

  async write(client: pg.Client, numbers: readonly number[], serial: number): Promise<void> {
    const serialNo = numbers.length > 1 ? `CEILING-${serial}` : null;
    const body = serialNo === null ? singlePush(numbers[0]!) : batchPush(serialNo, numbers);
    const invoiceRows = numbers.map((n) => {
      const row = [...INVOICE_VALUES];
      row[NUMBER_INDEX] = invoiceNumber(n);
      return row;
    });
    const push = [this.appId, example.channelCode, serialNo, numbers.length, `ceiling-${serial}`, body];
    const kind = `${this.strategy}-${serialNo === null ? 'single' : 'batch'}`;
    const invoiceArrays = arrays(INVOICE_FIELDS, 0).params(invoiceRows);

    if (this.strategy === 'one-statement') {
      const detailRows = numbers.flatMap((n) => DETAIL_ROWS.map((row, index) => [invoiceNumber(n), index, ...row]));
      const detailArrays = arrays([{ type: 'text' }, { type: 'integer' }, ...DETAIL_FIELDS], 0).params(detailRows);
      await client.query({
        name: kind,
        text: oneStatement(serialNo !== null),
        values: [...push, CONTENT_HASH, STATUS, ...invoiceArrays, ...detailArrays, numbers.map(invoiceNumber)],
      });
      return;
    }
    await client.query('begin');
    try {
      const pushId = (await client.query<{ id: string }>({ name: `${kind}-push`, text: PUSH, values: push })).rows[0]!.id;
      if (serialNo !== null) {
        await client.query({ name: `${kind}-batch`, text: STATEMENTS.batch, values: [example.channelCode, serialNo, pushId] });
      }
      const inserted = await client.query<{ id: string; invoice_number: string }>({
        name: `${kind}-invoices`,
        text: STATEMENTS.invoices,
        values: [example.channelCode, serialNo, pushId, CONTENT_HASH, ...invoiceArrays],
      });
      const ids = new Map(inserted.rows.map((row) => [row.invoice_number, row.id]));
      const invoiceIds = numbers.map((n) => ids.get(invoiceNumber(n))!);
      const detailRows = invoiceIds.flatMap((id) => DETAIL_ROWS.map((row, index) => [id, index, ...row]));
      await client.query({
        name: `${kind}-details`,
        text: STATEMENTS.details,
        values: arrays([{ type: 'bigint' }, { type: 'integer' }, ...DETAIL_FIELDS], 0).params(detailRows),
      });
      await client.query({ name: `${kind}-history`, text: STATEMENTS.history, values: [invoiceIds, pushId, STATUS] });
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  }
}

export async function connectAll(url: string, count: number): Promise<pg.Client[]> {
  const clients = Array.from({ length: count }, () => new pg.Client({ connectionString: url }));
  await Promise.all(clients.map((client) => client.connect()));
  return clients;
}

export async function endAll(clients: readonly pg.Client[]): Promise<void> {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
}

/**
 * A push that carries no red invoice runs no red-flush request SQL (issue
 * 11, "closing the loop"; issue 14, "adds nothing measurable"): the app
 * talks to Postgres through a real TCP proxy on 127.0.0.1 that reads the
 * frontend protocol and records the text of every statement the app
 * executes (simple queries, and each Bind of a prepared statement, named or
 * not, by the text its Parse gave it on that connection). Counting what is
 * sent, not timing it.
 *
 * The embedded database has no wire to listen on: there the test is skipped.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Invoice, PUSH_EXAMPLE } from './helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

/** The red-flush request side's tables, and the job queue's schema (a request's call is a pg-boss job). */
const REQUEST_SQL = /\b(red_flush_requests|red_flush_request_rows|red_flush_events|channel_calls|pgboss)\b/;

interface StatementRecorder {
  readonly port: number;
  /** The statements executed since the last `clear()`, in order. */
  readonly statements: string[];
  /** For each of `statements`, how many answers (ReadyForQuery) its connection had received when it was sent. */
  readonly answered: number[];
  clear(): void;
  close(): Promise<void>;
}

/** A proxy in front of Postgres that records what each client connection executes. */
async function startStatementRecorder(host: string, port: number): Promise<StatementRecorder> {
  const statements: string[] = [];
  const answered: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    // The server's messages (type byte, length) are counted for their ReadyForQuery ('Z'): one per answered query.
    let answers = 0;
    let fromServer = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      fromServer = Buffer.concat([fromServer, chunk]);
      while (fromServer.length >= 5 && fromServer.length >= 1 + fromServer.readInt32BE(1)) {
        if (fromServer[0] === 0x5a) answers += 1;
        fromServer = fromServer.subarray(1 + fromServer.readInt32BE(1));
      }
    });
    const prepared = new Map<string, string>();
    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (startup) {
          // StartupMessage / SSLRequest: length, then a code, no type byte.
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          startup = pending.readInt32BE(4) === 80877103; // after an SSLRequest comes the StartupMessage
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0]!);
        const strings = pending
          .subarray(5, 1 + length)
          .toString('utf8')
          .split('\0');
        if (type === 'Q') statements.push(strings[0]!);
        if (type === 'P') prepared.set(strings[0]!, strings[1]!);
        if (type === 'B') statements.push(prepared.get(strings[1]!) ?? `(unknown prepared statement ${strings[1]})`);
        if (type === 'Q' || type === 'B') answered.push(answers);
        pending = pending.subarray(1 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    statements,
    answered,
    clear() {
      statements.length = 0;
      answered.length = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const onPostgres = Boolean(process.env.DATABASE_URL);
const name = (text: string) => (onPostgres ? text : `${text} (skipped: the embedded database has no protocol to observe)`);

let database: TestDatabase;
let recorder: StatementRecorder;
let proxied: TestDatabase;
let app: TestApp;
let pusher: TestToken;
let asker: TestToken;

before(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  const url = new URL(database.url!);
  recorder = await startStatementRecorder(url.hostname, Number(url.port || 5432));
  url.hostname = '127.0.0.1';
  url.port = String(recorder.port);
  proxied = { ...(await openDatabase({ databaseUrl: url.toString(), poolMax: 4 })), url: url.toString() };
  app = await startTestApp({ database: proxied });
  pusher = await app.token({ scopes: ['push'] });
  asker = await app.token({ scopes: ['redflush'] });
});
after(async () => {
  if (!onPostgres) return;
  await app.close();
  await proxied.close();
  await recorder.close();
  await database.close();
});

/** STORE_PUSH_ALONE, as the recorder shows it: the gate before the writes, and the function that fails it on a race. */
const ONE_TRIP_STATEMENT = /^with pushed as \( .* gate as materialized \( .* insert into pushes .* fapiao_hub_push_needs_transaction\(\)/;

/** What the recorder saw since it was cleared, each statement on one line. */
function recordedStatements(): string[] {
  return recorder.statements.map((statement) => statement.replace(/\s+/g, ' ').trim());
}

/** What the recorder saw of a push that went the long way: the trip (BEGIN with the locks, the one-trip statement, COMMIT), then BEGIN with the locks, STORE_PUSH, …, COMMIT. */
function assertTripThenLongWay(): void {
  const statements = recordedStatements();
  assert.match(statements[0]!, /^begin; select case when u\.exclusive/);
  assert.match(statements[1]!, ONE_TRIP_STATEMENT);
  assert.equal(statements[2], 'commit');
  assert.match(statements[3]!, /^begin; select case when u\.exclusive/);
  assert.match(statements[4]!, /^with p as \( insert into pushes /);
  assert.doesNotMatch(statements[4]!, /fapiao_hub_push_needs_transaction/);
  assert.equal(statements.at(-1), 'commit');
}

/** How many pushes are stored. */
async function countPushes(): Promise<number> {
  const { count } = await app.db
    .selectFrom('pushes')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The red invoice that red-flushes `blue` in full, naming it. */
function redOf(blue: Invoice): Invoice {
  return buildInvoice({
    invoiceType: 1,
    invoiceCode: '011002100112',
    originalInvoiceCode: blue.invoiceCode,
    originalInvoiceNumber: blue.invoiceNumber,
    invoiceAmount: '-100.00',
    invoiceTaxAmount: '-6.00',
    invoiceTotalPriceTax: '-106.00',
    details: [buildDetail({ goodsNum: '-2', goodsCost: '-100.00', goodsVat: '-6.00' })],
  });
}

test(name(
  'when a push carries only blue invoices, one of them with an open red-flush request, then it runs no red-flush request SQL; when the red invoice comes, its push closes the request',
), { skip: !onPostgres }, async () => {
  const withRequest = buildInvoice();
  assert.equal((await app.push(buildPush({ data: [withRequest] }), pusher.accessToken)).status, 200);
  const asked = await app
    .http()
    .post(`/api/openapi/v2/invoicing/oneKeyRedPunch?accessToken=${encodeURIComponent(asker.accessToken)}`)
    .send({
      channelCode: 'jcsk',
      reason: 2,
      invoiceTypeCode: 'VATElectronicInvoice',
      sellerTaxNo: withRequest.sellerTaxNo,
      invoiceCode: withRequest.invoiceCode,
      invoiceNumber: withRequest.invoiceNumber,
    });
  assert.equal(asked.status, 200, JSON.stringify(asked.body));
  const requestId = asked.body.data.redFlushId as string;
  assert.equal(asked.body.data.state, 'accepted'); // no job worker in this app: the request stays open

  // A push of blue invoices: a new one, and the one with the open request again, unchanged.
  const fresh = buildInvoice();
  recorder.clear();
  const blue = await app.push(buildPush({ data: [fresh, withRequest] }), pusher.accessToken);
  assert.equal(blue.status, 200);
  assert.deepEqual(blue.body, { value: true });
  const bluePush = [...recorder.statements];
  assert.ok(
    bluePush.some((statement) => /insert into "?invoices"?/i.test(statement)),
    `the recorder saw the push store its invoices: ${bluePush.join('\n---\n')}`,
  );
  assert.deepEqual(
    bluePush.filter((statement) => REQUEST_SQL.test(statement)),
    [],
  );

  // The red invoice of the request: its push reads and closes the request.
  const red = redOf(withRequest);
  recorder.clear();
  const redPush = await app.push(buildPush({ data: [red] }), pusher.accessToken);
  assert.equal(redPush.status, 200);
  assert.deepEqual(redPush.body, { value: true });
  assert.ok(
    recorder.statements.some((statement) => /\bred_flush_requests\b/.test(statement)),
    'the red push runs red-flush request SQL',
  );

  const stored = await app.db
    .selectFrom('invoices')
    .select(['id', 'invoice_number', 'invoice_type', 'red_flush_status'])
    .where('invoice_number', 'in', [withRequest.invoiceNumber, fresh.invoiceNumber, red.invoiceNumber])
    .orderBy('id')
    .execute();
  assert.deepEqual(
    stored.map((row) => [row.invoice_number, row.invoice_type, row.red_flush_status]),
    [
      [withRequest.invoiceNumber, 0, 'full'],
      [fresh.invoiceNumber, 0, 'none'],
      [red.invoiceNumber, 1, 'linked'],
    ],
  );
  const request = await app.db
    .selectFrom('red_flush_requests')
    .select(['state', 'red_invoice_id'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    { state: request.state, redInvoiceId: String(request.red_invoice_id) },
    { state: 'issued', redInvoiceId: String(stored[2]!.id) },
  );
});

test(name(
  'when new blue invoices are pushed with a token used before, then the push is one round trip: BEGIN with the group locks, the push statement and COMMIT sent together',
), { skip: !onPostgres }, async () => {
  assert.equal((await app.push(buildPush({ data: [buildInvoice()] }), pusher.accessToken)).status, 200);
  recorder.clear();
  const pushed = [buildInvoice(), buildInvoice()];
  const response = await app.push(buildPush({ data: pushed }), pusher.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
  // The token was verified by the first push and kept (src/auth/token-cache.ts): no lookup.
  const statements = recordedStatements();
  assert.equal(statements.length, 3, statements.join('\n---\n'));
  assert.match(
    statements[0]!,
    /^begin; select case when u\.exclusive then pg_advisory_xact_lock\(\d+, u\.bucket\).* from unnest\('\{\d+(,\d+)?\}'::int\[\], '\{f(,f)?\}'::bool\[\]\)/,
  );
  assert.match(statements[1]!, ONE_TRIP_STATEMENT);
  assert.equal(statements[2], 'commit');
  // All three were sent before the first answer came back.
  assert.equal(new Set(recorder.answered).size, 1, `answers received before each statement: ${recorder.answered.join(', ')}`);
  const stored = await app.db
    .selectFrom('invoices')
    .select(['invoice_number', 'red_flush_status'])
    .where(
      'invoice_number',
      'in',
      pushed.map((invoice) => invoice.invoiceNumber),
    )
    .orderBy('invoice_number')
    .execute();
  assert.deepEqual(
    stored,
    pushed
      .map((invoice) => ({ invoice_number: invoice.invoiceNumber, red_flush_status: 'none' }))
      .sort((a, b) => (a.invoice_number < b.invoice_number ? -1 : 1)),
  );
});

test(name(
  'when the spec’s own example is pushed (a red invoice naming no blue one: no group to lock), then it is one statement, a transaction of its own',
), { skip: !onPostgres }, async () => {
  recorder.clear();
  const response = await app.push(PUSH_EXAMPLE, pusher.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
  const statements = recordedStatements();
  assert.equal(statements.length, 1, statements.join('\n---\n'));
  assert.match(statements[0]!, ONE_TRIP_STATEMENT);
  const example = JSON.parse(PUSH_EXAMPLE) as { data: Invoice[] };
  const stored = await app.db
    .selectFrom('invoices')
    .innerJoin('invoice_history', 'invoice_history.invoice_id', 'invoices.id')
    .select(['invoices.invoice_number', 'invoices.red_flush_status', 'invoice_history.change'])
    .where('invoices.invoice_number', '=', example.data[0]!.invoiceNumber)
    .execute();
  assert.deepEqual(stored, [{ invoice_number: example.data[0]!.invoiceNumber, red_flush_status: 'unlinked', change: 'created' }]);
});

test(name(
  'when a push holds an invoice stored already, then its one-trip statement writes nothing, and the push is stored the long way, once',
), { skip: !onPostgres }, async () => {
  const stored = buildInvoice();
  assert.equal((await app.push(buildPush({ data: [stored] }), pusher.accessToken)).status, 200);
  const pushesBefore = await countPushes();
  const fresh = buildInvoice();
  recorder.clear();
  const response = await app.push(buildPush({ data: [stored, fresh] }), pusher.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
  assertTripThenLongWay();
  assert.equal(await countPushes(), pushesBefore + 1);
  const history = await app.db
    .selectFrom('invoice_history')
    .innerJoin('invoices', 'invoices.id', 'invoice_history.invoice_id')
    .select(['invoices.invoice_number', 'invoice_history.change'])
    .where('invoices.invoice_number', 'in', [stored.invoiceNumber, fresh.invoiceNumber])
    .orderBy('invoice_history.id')
    .execute();
  assert.deepEqual(history, [
    { invoice_number: stored.invoiceNumber, change: 'created' },
    { invoice_number: fresh.invoiceNumber, change: 'created' },
    { invoice_number: stored.invoiceNumber, change: 'unchanged' },
  ]);
  // The connection the failed trip used went back to the pool out of any transaction: the next push is one trip again.
  recorder.clear();
  assert.equal((await app.push(buildPush({ data: [buildInvoice()] }), pusher.accessToken)).status, 200);
  assert.equal(recorder.statements.length, 3);
  assert.equal(new Set(recorder.answered).size, 1);
});

test(name(
  'when another transaction stores a pushed invoice after the one-trip statement looked, then that statement fails, its writes roll back, and the push is stored the long way, once',
), { skip: !onPostgres }, async () => {
  const template = buildInvoice();
  assert.equal((await app.push(buildPush({ data: [template] }), pusher.accessToken)).status, 200);
  const raced = buildInvoice();
  const pushesBefore = await countPushes();

  // Another transaction inserts the invoice the push is about to store (a copy of the template under its number), and holds it.
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  try {
    const { rows } = await other.query<{ column_name: string }>(
      `select column_name from information_schema.columns
       where table_name = 'invoices' and is_identity = 'NO' and is_generated = 'NEVER' order by ordinal_position`,
    );
    const columns = rows.map((row) => row.column_name);
    const values = columns.map((column) => (column === 'invoice_code' ? '$1' : column === 'invoice_number' ? '$2' : column));
    await other.query('begin');
    await other.query(
      `insert into invoices (${columns.join(', ')}) select ${values.join(', ')} from invoices where invoice_number = $3 and invoice_code = $4`,
      [raced.invoiceCode, raced.invoiceNumber, template.invoiceNumber, template.invoiceCode],
    );

    recorder.clear();
    const pushing = app.push(buildPush({ data: [raced] }), pusher.accessToken).then((response) => response);
    // The push's statement waits on the held row (its gate saw nothing: the row is not committed).
    for (let waited = 0; ; waited += 20) {
      const { rows: waiting } = await other.query(
        // (pg_stat_activity.query still shows the connection's previous statement while a pipelined one waits.)
        `select 1 from pg_stat_activity where datname = current_database() and wait_event = 'transactionid' and pid <> pg_backend_pid()`,
      );
      if (waiting.length > 0) break;
      assert.ok(waited < 10_000, 'the push never waited on the held invoice');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await other.query('commit');
    const response = await pushing;
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { value: true });
  } finally {
    await other.end();
  }

  assertTripThenLongWay();
  assert.equal(await countPushes(), pushesBefore + 1);
  // One invoice under that number, and one history entry: the long way's, which found the other transaction's row and updated it.
  const history = await app.db
    .selectFrom('invoices')
    .leftJoin('invoice_history', 'invoice_history.invoice_id', 'invoices.id')
    .select(['invoices.invoice_number', 'invoice_history.change'])
    .where('invoices.invoice_number', '=', raced.invoiceNumber)
    .execute();
  assert.deepEqual(history, [{ invoice_number: raced.invoiceNumber, change: 'updated' }]);
});

test(name(
  'when a channel’s pushes keep needing the long way, then it stops trying the one trip but for one push in 16, and takes it up again once its pushes are new',
), { skip: !onPostgres }, async () => {
  const channelCode = 'repushing-channel';
  const stored = buildInvoice();
  assert.equal((await app.push(buildPush({ channelCode, data: [stored] }), pusher.accessToken)).status, 200);
  /** Pushes `invoice`, and tells whether it was tried in one trip. */
  const tried = async (invoice: Invoice): Promise<boolean> => {
    recorder.clear();
    const response = await app.push(buildPush({ channelCode, data: [invoice] }), pusher.accessToken);
    assert.equal(response.status, 200);
    return recordedStatements().some((statement) => ONE_TRIP_STATEMENT.test(statement));
  };
  const repushes: boolean[] = [];
  for (let push = 0; push < 22; push++) repushes.push(await tried(stored));
  // Six misses bring the moving share of misses over a half; then one push in 16 tries.
  assert.deepEqual(repushes, [...Array(6).fill(true), ...Array(15).fill(false), true]);
  const fresh: boolean[] = [];
  for (let push = 0; push < 33; push++) fresh.push(await tried(buildInvoice()));
  // The tries that now succeed bring the share down again: after two, every push tries.
  assert.deepEqual(fresh, [...Array(15).fill(false), true, ...Array(15).fill(false), true, true]);
  const history = await app.db
    .selectFrom('invoice_history')
    .innerJoin('invoices', 'invoices.id', 'invoice_history.invoice_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('invoices.invoice_number', '=', stored.invoiceNumber)
    .executeTakeFirstOrThrow();
  assert.equal(Number(history.count), 23);
});

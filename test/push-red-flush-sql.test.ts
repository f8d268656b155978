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
import { openDatabase } from '../src/db/connect.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildDetail, buildInvoice, buildPush, type Invoice } from './helpers/builders.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

/** The red-flush request side's tables, and the job queue's schema (a request's call is a pg-boss job). */
const REQUEST_SQL = /\b(red_flush_requests|red_flush_request_rows|red_flush_events|channel_calls|pgboss)\b/;

interface StatementRecorder {
  readonly port: number;
  /** The statements executed since the last `clear()`, in order. */
  readonly statements: string[];
  clear(): void;
  close(): Promise<void>;
}

/** A proxy in front of Postgres that records what each client connection executes. */
async function startStatementRecorder(host: string, port: number): Promise<StatementRecorder> {
  const statements: string[] = [];
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
        pending = pending.subarray(1 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    statements,
    clear() {
      statements.length = 0;
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
  'when new blue invoices are pushed with a token used before, then the push is three round trips: BEGIN with the group locks, the push statement, COMMIT',
), { skip: !onPostgres }, async () => {
  assert.equal((await app.push(buildPush({ data: [buildInvoice()] }), pusher.accessToken)).status, 200);
  recorder.clear();
  const pushed = [buildInvoice(), buildInvoice()];
  const response = await app.push(buildPush({ data: pushed }), pusher.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
  // The token was verified by the first push and kept (src/auth/token-cache.ts): no lookup.
  const statements = recorder.statements.map((statement) => statement.replace(/\s+/g, ' ').trim());
  assert.equal(statements.length, 3, statements.join('\n---\n'));
  assert.match(
    statements[0]!,
    /^begin; select case when u\.exclusive then pg_advisory_xact_lock\(\d+, u\.bucket\).* from unnest\('\{\d+(,\d+)?\}'::int\[\], '\{f(,f)?\}'::bool\[\]\)/,
  );
  assert.match(statements[1]!, /^with p as \( insert into pushes /);
  assert.equal(statements[2], 'commit');
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

/**
 * Re-checking stored invoices (the admin API; the job on the real queue,
 * on the test's database): invoices stored without their findings (as
 * before a check existed) get exactly the findings a push would store, in
 * batches that each send the next, with the progress on the re-check; one
 * re-check at a time; a re-check goes on from where it stopped, and an
 * attempt of a batch already counted does nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { invoiceFindings } from '../src/findings/findings.ts';
import { FINDINGS_RECHECK, RECHECK_BATCH, type RecheckJobData } from '../src/findings/recheck.service.ts';
import { registerFindingsJobs } from '../src/jobs/findings-recheck.job.ts';
import { createLogger } from '../src/logger.ts';
import { createJobQueue, type JobQueue } from '../src/queue/queue.ts';
import { assertValid } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, type Invoice, type Json } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';

let app: TestApp;
let queue: JobQueue | undefined;
let pusher: TestToken;
let admin: Awaited<ReturnType<typeof signedInAs>>;

const PATH = '/api/console/admin/findings/rechecks';

before(async () => {
  app = await startTestApp({
    jobs: async (database, metrics) => {
      queue = createJobQueue({
        db: database.db,
        pglite: database.pglite,
        connectionString: database.url,
        pollIntervalMs: 500,
        logger: createLogger('silent'),
        metrics,
      });
      registerFindingsJobs({ db: database.db, jobs: queue, logger: createLogger('silent'), metrics });
      await queue.start();
      return queue;
    },
  });
  pusher = await app.token({ scopes: ['push'] });
  admin = await signedInAs(app, 'admin');
});
after(() => app.close());

/** Pushes invoices (in pushes of at most 1,000); returns them. */
async function pushAll(invoices: Invoice[]): Promise<Invoice[]> {
  for (let start = 0; start < invoices.length; start += 1000) {
    const response = await app.push(buildPush({ data: invoices.slice(start, start + 1000) }), pusher.accessToken);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }
  return invoices;
}

/** Takes the invoices' own findings away, as an invoice stored before the checks existed has none. */
async function forgetFindings(invoices: readonly Invoice[]): Promise<void> {
  const numbers = invoices.map((invoice) => invoice.invoiceNumber);
  await sql`delete from invoice_findings f using invoices i
    where f.invoice_id = i.id and f.scope = 'invoice' and i.invoice_number = any(${numbers}::text[])`.execute(app.db);
  await sql`update invoices set finding_codes = '{}' where invoice_number = any(${numbers}::text[])`.execute(app.db);
}

/** The stored findings of an invoice as [code, pointer, message, figures], and its finding codes. */
async function storedFindings(invoice: Invoice): Promise<{ findings: unknown[]; codes: string[] }> {
  const row = await app.db
    .selectFrom('invoices')
    .select(['id', 'finding_codes'])
    .where('invoice_code', '=', invoice.invoiceCode)
    .where('invoice_number', '=', invoice.invoiceNumber)
    .executeTakeFirstOrThrow();
  const findings = await app.db
    .selectFrom('invoice_findings')
    .select(['code', 'severity', 'pointer', 'message', 'figures'])
    .where('invoice_id', '=', row.id)
    .where('scope', '=', 'invoice')
    .orderBy('position')
    .execute();
  return { findings: findings.map((finding) => ({ ...finding, figures: { ...(finding.figures as Json) } })), codes: row.finding_codes };
}

/** What a push stores for the invoice. */
function expectedFindings(invoice: Invoice): { findings: unknown[]; codes: string[] } {
  const findings = invoiceFindings(invoice).map(({ code, severity, pointer, message, figures }) => ({
    code,
    severity,
    pointer,
    message,
    figures,
  }));
  return { findings, codes: [...new Set(findings.map((finding) => finding.code))].sort() };
}

/** Polls the re-check until it ends (the job runs on the queue), then returns it. */
async function finished(id: string): Promise<Json> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await admin.agent.get(`${PATH}/${id}`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    if (response.body.value.state === 'done' || response.body.value.state === 'failed') return response.body.value as Json;
    await sleep(100);
  }
  throw new Error(`re-check ${id} did not end`);
}

test('when an admin re-checks stored invoices, then those without their findings get what a push stores, batch by batch, with the progress', async () => {
  const flawed = (index: number) =>
    index % 3 === 0
      ? buildInvoice({ invoiceTotalPriceTax: '107.00' })
      : index % 3 === 1
        ? buildInvoice({ invoiceDate: 1619539200 })
        : buildInvoice();
  const invoices = await pushAll(Array.from({ length: RECHECK_BATCH * 2 + 50 }, (_, index) => flawed(index)));
  const stale = invoices.filter((_, index) => index % 3 !== 2);
  await forgetFindings(stale);
  const total = Number((await sql<{ count: string }>`select count(*)::text as count from invoices`.execute(app.db)).rows[0]?.count);

  const started = await admin.agent.post(PATH).set('X-CSRF-Token', admin.csrfToken).send({});
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assertValid('FindingRecheckResponse', started.body);
  const id = started.body.value.id as string;
  assert.deepEqual(
    { ...started.body.value, createdAt: 0, createdAtIso: '', updatedAt: 0, updatedAtIso: '' },
    {
      id,
      state: 'queued',
      since: null,
      sinceIso: null,
      requestedBy: admin.name,
      total,
      checked: 0,
      changed: 0,
      lastInvoiceId: '0',
      error: null,
      createdAt: 0,
      createdAtIso: '',
      updatedAt: 0,
      updatedAtIso: '',
      finishedAt: null,
      finishedAtIso: null,
    },
  );

  const done = await finished(id);
  const lastId = (await sql<{ id: string }>`select max(id)::text as id from invoices`.execute(app.db)).rows[0]?.id;
  assert.deepEqual(
    [done.state, done.checked, done.changed, done.lastInvoiceId, done.error, typeof done.finishedAt],
    ['done', total, stale.length, lastId, null, 'number'],
  );
  for (const invoice of [...stale.slice(0, 5), ...stale.slice(-5), invoices[2] as Invoice]) {
    assert.deepEqual(await storedFindings(invoice), expectedFindings(invoice), invoice.invoiceNumber);
  }
  // Every stale invoice has its codes back; the seconds-for-milliseconds one says so.
  const codes = await app.db
    .selectFrom('invoices')
    .select(['invoice_number', 'finding_codes'])
    .where(
      'invoice_number',
      'in',
      stale.map((invoice) => invoice.invoiceNumber),
    )
    .execute();
  assert.equal(codes.filter((row) => row.finding_codes.length === 0).length, 0);
  assert.ok(codes.some((row) => row.finding_codes.includes('INVOICE_DATE_IMPLAUSIBLE')));

  // Batches: one job each, each sending the next (the queue's jobs, done).
  const jobs = await sql<{
    step: number;
  }>`select (data->>'step')::int as step from pgboss.job where name = ${FINDINGS_RECHECK} order by 1`.execute(app.db);
  assert.deepEqual(
    jobs.rows.map((row) => row.step),
    [0, 1, 2],
  );
  const listed = await admin.agent.get(PATH);
  assert.equal(listed.status, 200);
  assertValid('FindingRecheckList', listed.body);
  assert.equal(listed.body.value.items[0].id, id);
  const audited = await app.db
    .selectFrom('audit_log')
    .select(['actor_name', 'action', 'target', 'details'])
    .where('action', '=', 'findings.recheck')
    .execute();
  assert.deepEqual(audited, [
    { actor_name: admin.name, action: 'findings.recheck', target: `recheck:${id}`, details: { since: null, total } },
  ]);

  // Again: nothing left to change.
  const again = await admin.agent.post(PATH).set('X-CSRF-Token', admin.csrfToken).send({ since: '2021-01-01' });
  assert.equal(again.status, 202);
  const second = await finished(again.body.value.id);
  assert.deepEqual([second.changed, second.sinceIso], [0, '2020-12-31T16:00:00.000Z']);
});

test('when a re-check is open, then another is refused with 409 and nothing is started', async () => {
  const [open] = await sql<{ id: string }>`insert into finding_rechecks (state, since, requested_by, total, created_at, updated_at)
    values ('running', null, 'someone', 10, now(), now()) returning id::text as id`
    .execute(app.db)
    .then((result) => result.rows);
  const before = await app.db.selectFrom('finding_rechecks').select('id').execute();
  const refused = await admin.agent.post(PATH).set('X-CSRF-Token', admin.csrfToken).send({});
  assert.equal(refused.status, 409);
  assert.equal(refused.body.detail, `重新校验 ${open?.id} 尚未结束（已校验 0 / 10 张），请等它完成`);
  assert.deepEqual(await app.db.selectFrom('finding_rechecks').select('id').execute(), before);
  await sql`update finding_rechecks set state = 'done' where id = ${open?.id}::bigint`.execute(app.db);
});

test('when a re-check resumes after a restart, then it goes on from where it stopped, and a batch already counted is not done again', async () => {
  const invoices = await pushAll(Array.from({ length: 20 }, () => buildInvoice({ invoiceTotalPriceTax: '107.00' })));
  await forgetFindings(invoices);
  const ids = (
    await app.db
      .selectFrom('invoices')
      .select('id')
      .where(
        'invoice_number',
        'in',
        invoices.map((invoice) => invoice.invoiceNumber),
      )
      .orderBy('id')
      .execute()
  ).map((row) => row.id);
  const middle = ids[9] as string;
  // As the server left it when it stopped: three batches done, the last ending at the 10th invoice.
  const [row] = await sql<{
    id: string;
  }>`insert into finding_rechecks (state, since, requested_by, total, checked, last_invoice_id, step, created_at, updated_at)
    values ('running', null, 'cli', 20, 10, ${middle}::bigint, 3, now(), now()) returning id::text as id`
    .execute(app.db)
    .then((result) => result.rows);
  const recheckId = row?.id as string;
  // A late attempt of batch 2 does nothing; the job of batch 3 (as pg-boss runs it again after the restart) goes on.
  await queue?.send<RecheckJobData>(FINDINGS_RECHECK, { recheckId, step: 2 });
  await queue?.send<RecheckJobData>(FINDINGS_RECHECK, { recheckId, step: 3 });
  const done = await finished(recheckId);
  assert.equal(done.state, 'done');
  assert.equal(done.step, undefined, 'the step is internal');
  const stepAfter = await app.db
    .selectFrom('finding_rechecks')
    .select(['step', 'checked', 'changed'])
    .where('id', '=', recheckId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(stepAfter, { step: 4, checked: 20, changed: 10 });
  const restored = await app.db.selectFrom('invoices').select(['id', 'finding_codes']).where('id', 'in', ids).orderBy('id').execute();
  assert.deepEqual(
    restored.map((invoice) => invoice.finding_codes),
    [...Array(10).fill([]), ...Array(10).fill(['HEADER_SUM_MISMATCH', 'USCC_CHECK_CHARACTER'])],
    'the invoices before where it stopped are left as they were; those after are re-checked',
  );
});

test('when the id or the body is wrong, or the user is not an admin, then 400, 404 or 403', async () => {
  const badId = await admin.agent.get(`${PATH}/abc`).set('Accept-Language', 'en');
  assert.equal(badId.status, 400);
  assert.deepEqual(badId.body.errors, [{ parameter: 'id', in: 'path', message: 'must be a re-check id (digits, such as "1")' }]);
  assert.equal((await admin.agent.get(`${PATH}/999999`)).status, 404);
  const badSince = await admin.agent.post(PATH).set('X-CSRF-Token', admin.csrfToken).send({ since: 'yesterday' });
  assert.equal(badSince.status, 400);
  const zh = (request: ReturnType<typeof admin.agent.get>) => request.set('Accept-Language', 'zh-CN');
  const badIdZh = await zh(admin.agent.get(`${PATH}/abc`));
  assert.equal(badIdZh.body.detail, 'id：应为重新校验编号（数字，如 "1"）');
  const missingZh = await zh(admin.agent.get(`${PATH}/999999`));
  assert.deepEqual([missingZh.status, missingZh.body.detail], [404, '未找到编号为 999999 的重新校验']);
  const unrealSince = await zh(admin.agent.post(PATH).set('X-CSRF-Token', admin.csrfToken)).send({ since: '2026-02-30' });
  assert.deepEqual(unrealSince.body.errors, [{ pointer: '/since', message: 'since：不是真实存在的日期或时间' }]);
  const viewer = await signedInAs(app, 'viewer');
  assert.equal((await viewer.agent.post(PATH).set('X-CSRF-Token', viewer.csrfToken).send({})).status, 403);
  assert.equal((await app.http().get(PATH)).status, 401);
});

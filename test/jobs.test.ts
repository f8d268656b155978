/**
 * The job queue (pg-boss) on the test's database, Postgres or embedded: a
 * job commits or rolls back with the caller's transaction, runs once, is
 * retried with backoff, survives a restart, and two instances on one
 * Postgres database never run a job twice. Handlers record what they do in
 * a table, as a real job records its calls.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createLogger } from '../src/logger.ts';
import { Metrics } from '../src/metrics/metrics.ts';
import { createJobQueue, type Job, type JobQueue, type JobQueueOptions } from '../src/queue/queue.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

let database: TestDatabase;
const running: JobQueue[] = [];

before(async () => {
  database = await createTestDatabase();
  await sql`create table job_effects (
    id bigserial primary key,
    queue text not null,
    job_id text not null,
    attempt int not null,
    instance text not null,
    event text not null,
    data jsonb,
    at timestamptz not null default clock_timestamp()
  )`.execute(database.db);
});

after(async () => {
  for (const queue of running) await queue.stop({ timeoutMs: 1000 });
  await database.close();
});

let queues = 0;
/** A queue name of its own for each test. */
const queueName = () => `test-${++queues}`;

/** A job queue on the test's database, with short intervals; stopped after the file if a test did not. */
function jobQueue(options: Partial<JobQueueOptions> = {}): JobQueue {
  const queue = createJobQueue({
    db: database.db,
    pglite: database.pglite,
    connectionString: database.url,
    logger: createLogger('silent'),
    pollIntervalMs: 500,
    ...options,
  });
  running.push(queue);
  return queue;
}

/** A fast retry policy: one second between attempts, the shortest pg-boss allows. */
const FAST_RETRIES = { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true, retryDelayMaxSeconds: 1 } as const;

async function record(job: Job<unknown>, instance: string, event: string): Promise<void> {
  await sql`insert into job_effects (queue, job_id, attempt, instance, event, data)
            values (${job.name}, ${job.id}, ${job.retryCount}, ${instance}, ${event}, ${JSON.stringify(job.data)}::jsonb)`.execute(
    database.db,
  );
}

interface Effect {
  job_id: string;
  attempt: number;
  instance: string;
  event: string;
  data: unknown;
  at: Date;
}

async function effects(queue: string): Promise<Effect[]> {
  const { rows } = await sql<Effect>`select job_id, attempt, instance, event, data, at from job_effects
                                     where queue = ${queue} order by id`.execute(database.db);
  return rows;
}

interface StoredJob {
  state: string;
  retry_count: number;
  output: unknown;
}

async function storedJob(queue: string, id: string): Promise<StoredJob | undefined> {
  const { rows } = await sql<StoredJob>`select state, retry_count, output from pgboss.job
                                        where name = ${queue} and id = ${id}::uuid`.execute(database.db);
  return rows[0];
}

/** Waits for a condition the queue brings about (checked every 50 ms), failing after `ms`. */
async function until(what: string, condition: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

const jobIs = (queue: string, id: string, state: string) => async () => (await storedJob(queue, id))?.state === state;

async function callerRows(queue: string): Promise<string[]> {
  const { rows } = await sql<{ event: string }>`select event from job_effects
                                                where queue = ${queue} and instance = 'caller' order by id`.execute(database.db);
  return rows.map((row) => row.event);
}

function counts(metrics: Metrics, queue: string): Promise<Record<string, number>> {
  return metrics.jobs
    .get()
    .then(({ values }) =>
      Object.fromEntries(values.filter((value) => value.labels.queue === queue).map((value) => [value.labels.outcome, value.value])),
    );
}

test('when a job is sent in a transaction that commits, then it runs exactly once with its data', async () => {
  const name = queueName();
  const metrics = new Metrics();
  const jobs = jobQueue({ metrics });
  jobs.defineQueue(name);
  jobs.work(name, (job) => record(job, 'worker', 'done'));
  await jobs.start();

  const id = await database.db.transaction().execute(async (trx) => {
    await sql`insert into job_effects (queue, job_id, attempt, instance, event) values (${name}, '-', 0, 'caller', 'row')`.execute(trx);
    return jobs.sendInTransaction(trx, name, { requestId: 'rf-1', amount: '106.00' });
  });
  assert.ok(id);
  await until('the job is completed', jobIs(name, id, 'completed'));

  assert.deepEqual(await callerRows(name), ['row']);
  const done = (await effects(name)).filter((effect) => effect.instance === 'worker');
  assert.deepEqual(
    done.map(({ job_id, attempt, event, data }) => ({ job_id, attempt, event, data })),
    [{ job_id: id, attempt: 0, event: 'done', data: { requestId: 'rf-1', amount: '106.00' } }],
  );
  assert.deepEqual(await counts(metrics, name), { completed: 1 });
  await jobs.stop();
});

test('when the transaction that sent a job rolls back, then the job does not exist and never runs', async () => {
  const name = queueName();
  const jobs = jobQueue();
  jobs.defineQueue(name);
  jobs.work(name, (job) => record(job, 'worker', 'done'));
  await jobs.start();

  let rolledBack: string | null = null;
  await assert.rejects(
    database.db.transaction().execute(async (trx) => {
      await sql`insert into job_effects (queue, job_id, attempt, instance, event) values (${name}, '-', 0, 'caller', 'row')`.execute(trx);
      rolledBack = await jobs.sendInTransaction(trx, name, { n: 1 });
      throw new Error('the caller fails after sending');
    }),
    /the caller fails after sending/,
  );
  assert.ok(rolledBack);
  assert.equal(await storedJob(name, rolledBack), undefined, 'no job row');
  assert.deepEqual(await callerRows(name), [], "the caller's row is gone too");

  // A job committed afterwards runs; the rolled-back one is not there to run.
  const committed = await database.db.transaction().execute((trx) => jobs.sendInTransaction(trx, name, { n: 2 }));
  assert.ok(committed);
  await until('the committed job is completed', jobIs(name, committed, 'completed'));
  assert.deepEqual(
    (await effects(name)).map(({ job_id, data }) => ({ job_id, data })),
    [{ job_id: committed, data: { n: 2 } }],
  );
  await jobs.stop();
});

test('when a handler fails, then the job is retried after the queue delay and completes on a later attempt', async () => {
  const name = queueName();
  const metrics = new Metrics();
  const jobs = jobQueue({ metrics });
  jobs.defineQueue(name, FAST_RETRIES);
  jobs.work(name, async (job) => {
    await record(job, 'worker', job.retryCount < 2 ? 'failed' : 'done');
    if (job.retryCount < 2) throw new Error(`channel unavailable (attempt ${job.retryCount})`);
  });
  await jobs.start();

  const id = await jobs.send(name, { requestId: 'rf-2' });
  assert.ok(id);
  await until('the job is completed', jobIs(name, id, 'completed'));

  const attempts = await effects(name);
  assert.deepEqual(
    attempts.map(({ attempt, event }) => ({ attempt, event })),
    [
      { attempt: 0, event: 'failed' },
      { attempt: 1, event: 'failed' },
      { attempt: 2, event: 'done' },
    ],
  );
  // Each retry waited at least the queue's delay (one second) after the failed attempt.
  for (let i = 1; i < attempts.length; i++) {
    const waited = (attempts[i] as Effect).at.getTime() - (attempts[i - 1] as Effect).at.getTime();
    assert.ok(waited >= 1000, `attempt ${i} came ${waited} ms after the previous one`);
  }
  assert.deepEqual(await storedJob(name, id), { state: 'completed', retry_count: 2, output: null });
  assert.deepEqual(await counts(metrics, name), { retried: 2, completed: 1 });

  // The policy is the queue's, as pg-boss stores it.
  const { rows } = await sql`select retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds, policy
                             from pgboss.queue where name = ${name}`.execute(database.db);
  assert.deepEqual(rows, [
    { retry_limit: 3, retry_delay: 1, retry_backoff: true, retry_delay_max: 1, expire_seconds: 300, policy: 'standard' },
  ]);
  await jobs.stop();
});

test('when a handler keeps failing, then the job ends failed with the last error after its retries', async () => {
  const name = queueName();
  const metrics = new Metrics();
  const jobs = jobQueue({ metrics });
  jobs.defineQueue(name, { ...FAST_RETRIES, retryLimit: 1 });
  jobs.work(name, async (job) => {
    await record(job, 'worker', 'failed');
    throw Object.assign(new Error(`refused (attempt ${job.retryCount})`), { code: 'E9999' });
  });
  await jobs.start();

  const id = await jobs.send(name, {});
  assert.ok(id);
  await until('the job is failed', jobIs(name, id, 'failed'));

  assert.deepEqual(
    (await effects(name)).map(({ attempt }) => attempt),
    [0, 1],
  );
  assert.deepEqual(await storedJob(name, id), {
    state: 'failed',
    retry_count: 1,
    output: { name: 'Error', message: 'refused (attempt 1)', code: 'E9999' },
  });
  assert.deepEqual(await counts(metrics, name), { retried: 1, failed: 1 });
  await jobs.stop();
});

test('when the queue stops before committed jobs are taken, then the next start on the same database runs each once', async () => {
  const name = queueName();
  // An instance that only sends (no worker here), stopped with the job waiting.
  const first = jobQueue();
  first.defineQueue(name);
  await first.start();
  const id = await database.db.transaction().execute((trx) => first.sendInTransaction(trx, name, { requestId: 'rf-3' }));
  assert.ok(id);
  await first.stop();
  // A request still being answered during the shutdown sends too: the job waits for the next worker.
  const late = await database.db.transaction().execute((trx) => first.sendInTransaction(trx, name, { requestId: 'rf-late' }));
  assert.ok(late);
  assert.equal((await storedJob(name, id))?.state, 'created');
  assert.equal((await storedJob(name, late))?.state, 'created');

  const second = jobQueue();
  second.defineQueue(name);
  second.work(name, (job) => record(job, 'second', 'done'));
  await second.start();
  await until('both jobs are completed', async () => (await jobIs(name, id, 'completed')()) && (await jobIs(name, late, 'completed')()));
  const byJob = (x: { job_id: string }, y: { job_id: string }) => x.job_id.localeCompare(y.job_id);
  assert.deepEqual(
    (await effects(name)).map(({ job_id, attempt, instance }) => ({ job_id, attempt, instance })).toSorted(byJob),
    [
      { job_id: id, attempt: 0, instance: 'second' },
      { job_id: late, attempt: 0, instance: 'second' },
    ].toSorted(byJob),
  );
  await second.stop();
});

test('when the queue stops while a handler is still running, then the job is aborted there and run again by the next start', async () => {
  const name = queueName();
  const first = jobQueue();
  first.defineQueue(name, FAST_RETRIES);
  first.work(name, async (job) => {
    await record(job, 'first', 'started');
    // A call that does not finish before the grace period: it gives up when the queue aborts it.
    await new Promise((resolve) => job.signal.addEventListener('abort', resolve, { once: true }));
    await record(job, 'first', 'aborted');
    throw new Error('aborted by shutdown');
  });
  await first.start();
  const id = await first.send(name, { requestId: 'rf-4' });
  assert.ok(id);
  await until('the first instance has started the job', async () => (await effects(name)).length === 1);
  await first.stop({ timeoutMs: 1000 });
  assert.equal((await storedJob(name, id))?.state, 'retry', 'failed by the shutdown, to be retried');

  const second = jobQueue();
  second.defineQueue(name, FAST_RETRIES);
  second.work(name, (job) => record(job, 'second', 'done'));
  await second.start();
  await until('the job is completed', jobIs(name, id, 'completed'));
  assert.deepEqual(
    (await effects(name)).map(({ attempt, instance, event }) => ({ attempt, instance, event })),
    [
      { attempt: 0, instance: 'first', event: 'started' },
      { attempt: 0, instance: 'first', event: 'aborted' },
      { attempt: 1, instance: 'second', event: 'done' },
    ],
  );
  await second.stop();
});

test('when a job is committed, then an idle worker takes it at once, not at its next poll', async () => {
  const name = queueName();
  const jobs = jobQueue();
  jobs.defineQueue(name);
  // Polls every five minutes: only the commit's NOTIFY can bring the job in time.
  jobs.work(name, (job) => record(job, 'worker', 'done'), { pollIntervalMs: 300_000 });
  await jobs.start();
  await sleep(300); // the worker has looked once, found nothing, and sleeps

  const id = await database.db.transaction().execute((trx) => jobs.sendInTransaction(trx, name, { n: 1 }));
  assert.ok(id);
  await until('the job is completed', jobIs(name, id, 'completed'), 60_000);
  await jobs.stop();
});

test('when a job is sent twice with the same id, or twice with one key on an exclusive queue, then it is stored and run once', async () => {
  const name = queueName();
  const exclusive = queueName();
  const jobs = jobQueue();
  jobs.defineQueue(name);
  jobs.defineQueue(exclusive, { policy: 'exclusive' });
  await jobs.start();

  const id = '8f6d2f64-3c1e-4c39-9a55-4b0b1f8f9d21';
  assert.equal(await jobs.send(name, { n: 1 }, { id }), id);
  assert.equal(await jobs.send(name, { n: 2 }, { id }), null);
  const first = await jobs.send(exclusive, { n: 1 }, { singletonKey: 'blue-1' });
  assert.ok(first);
  assert.equal(await jobs.send(exclusive, { n: 2 }, { singletonKey: 'blue-1' }), null);
  assert.ok(await jobs.send(exclusive, { n: 3 }, { singletonKey: 'blue-2' }));
  const { rows } = await sql<{ name: string; n: number }>`select name, (data->>'n')::int as n from pgboss.job
                                                         where name in (${name}, ${exclusive}) order by name, n`.execute(database.db);
  assert.deepEqual(rows, [
    { name, n: 1 },
    { name: exclusive, n: 1 },
    { name: exclusive, n: 3 },
  ]);
  await jobs.stop();
});

test('when a queue is not defined or not started, then sending to it says so', async () => {
  const name = queueName();
  const jobs = jobQueue();
  jobs.defineQueue(name);
  await assert.rejects(jobs.send(name, {}), /jobs: the queue is not started/);
  await jobs.start();
  await assert.rejects(jobs.send('undefined-queue', {}), /jobs: queue "undefined-queue" is not defined/);
  assert.throws(() => jobs.defineQueue('late'), /defineQueue must come before start/);
  await jobs.stop();
});

test('when two instances work one queue on one Postgres database, then each job runs exactly once' +
  (onPostgres ? '' : ' (skipped: the embedded database belongs to one process)'), { skip: !onPostgres }, async () => {
  const name = queueName();
  const instances = ['a', 'b'].map((instance) => {
    const jobs = jobQueue();
    jobs.defineQueue(name, FAST_RETRIES);
    jobs.work(
      name,
      async (job) => {
        await record(job, instance, 'started');
        // Hold the job until the other instance has one too, so both are taking jobs at the same time.
        await until('both instances have taken a job', async () => {
          const { rows } = await sql<{ n: number }>`select count(distinct instance)::int as n from job_effects
                                                      where queue = ${name} and event = 'started'`.execute(database.db);
          return rows[0]?.n === 2;
        });
        await record(job, instance, 'done');
      },
      { concurrency: 2, batchSize: 2 },
    );
    return jobs;
  });
  await Promise.all(instances.map((jobs) => jobs.start()));

  const ids = await database.db.transaction().execute(async (trx) => {
    const sent: string[] = [];
    for (let n = 0; n < 40; n++) sent.push((await (instances[0] as JobQueue).sendInTransaction(trx, name, { n })) as string);
    return sent;
  });
  await until('every job is done', async () => (await effects(name)).filter((effect) => effect.event === 'done').length >= 40);
  await Promise.all(instances.map((jobs) => jobs.stop()));

  const all = await effects(name);
  for (const event of ['started', 'done']) {
    const byJob = all.filter((effect) => effect.event === event).map((effect) => effect.job_id);
    assert.deepEqual(byJob.toSorted(), ids.toSorted(), `each job ${event} once`);
  }
  assert.deepEqual(new Set(all.map((effect) => effect.instance)), new Set(['a', 'b']));
  const { rows } = await sql<{ state: string; n: number }>`select state, count(*)::int as n from pgboss.job
                                                           where name = ${name} group by state`.execute(database.db);
  assert.deepEqual(rows, [{ state: 'completed', n: 40 }]);
});

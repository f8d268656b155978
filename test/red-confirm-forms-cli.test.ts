/**
 * `cli forms sync`: queues one run of the 红字确认单 sync for the server
 * (its job asks the channels); a second while one waits queues nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type CliWorld, cliWorld } from './helpers/cli.ts';

let world: CliWorld;
before(async () => {
  world = await cliWorld('forms-cli');
});
after(() => world.close());

test('when forms sync is run, then one sync run is queued for the server; a second while it waits queues nothing', async () => {
  const first = await world.cli(['forms', 'sync']);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout), { queued: true });
  const second = await world.cli(['forms', 'sync']);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(JSON.parse(second.stdout), { queued: false });
  const jobs = await world.withDatabase((db) =>
    db
      .selectFrom(sql`pgboss.job`.as('j'))
      .select([sql<string>`name`.as('name'), sql<unknown>`data`.as('data')])
      .execute(),
  );
  assert.deepEqual(
    jobs.map((job) => [job.name, job.data]),
    [['red-confirm-form-sync', { run: 'once' }]],
  );
});

test('when forms is given another command, then it is wrong usage (exit 2) and nothing is queued', async () => {
  const wrong = await world.cli(['forms', 'fetch']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /unknown command forms fetch/);
});

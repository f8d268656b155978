import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { App, Database, Db, NewApp } from '../db/database.ts';
import { FixedStatement } from '../db/prepared.ts';

export async function insertApp(db: Db, app: NewApp): Promise<App> {
  return db.insertInto('apps').values(app).returningAll().executeTakeFirstOrThrow();
}

export async function findAppByKey(db: Db, appKey: string): Promise<App | undefined> {
  return db.selectFrom('apps').selectAll().where('app_key', '=', appKey).executeTakeFirst();
}

export async function findAppByName(db: Db, name: string): Promise<App | undefined> {
  return db.selectFrom('apps').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listApps(db: Db): Promise<App[]> {
  return db.selectFrom('apps').selectAll().orderBy('id').execute();
}

export async function countApps(db: Db): Promise<number> {
  const row = await db
    .selectFrom('apps')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function revokeApp(db: Db, appId: string): Promise<void> {
  await db.updateTable('apps').set({ revoked_at: sql`now()` }).where('id', '=', appId).where('revoked_at', 'is', null).execute();
  await revokeTokensOfApp(db, appId);
}

export async function updateAppSecret(db: Db, appId: string, secretHash: string): Promise<void> {
  await db.updateTable('apps').set({ secret_hash: secretHash }).where('id', '=', appId).execute();
}

export async function revokeTokensOfApp(db: Db, appId: string): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ revoked_at: sql`now()` })
    .where('app_id', '=', appId)
    .where('revoked_at', 'is', null)
    .execute();
}

export interface NewToken {
  appId: string;
  accessHash: string;
  refreshHash: string;
  ttlSeconds: number;
}

/** Stores a token pair; returns when it expires. */
export async function insertToken(db: Db, token: NewToken): Promise<Date> {
  const row = await db
    .insertInto('access_tokens')
    .values({
      app_id: token.appId,
      access_hash: token.accessHash,
      refresh_hash: token.refreshHash,
      expires_at: sql<Date>`date_trunc('milliseconds', now()) + make_interval(secs => ${token.ttlSeconds})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return row.expires_at;
}

function findTokenQuery(qb: Kysely<Database>, accessHash: RawBuilder<string>) {
  return qb
    .selectFrom('access_tokens as t')
    .innerJoin('apps as a', 'a.id', 't.app_id')
    .select([
      't.id as tokenId',
      't.refresh_hash as refreshHash',
      't.app_id as appId',
      'a.name as appName',
      'a.scopes',
      'a.channels',
      'a.sellers',
      sql<boolean>`t.expires_at <= now()`.as('expired'),
      // What it has left by the database clock, for the token cache (auth/token-cache.ts).
      sql<number>`(extract(epoch from t.expires_at - now()) * 1000)::float8`.as('remainingMs'),
      sql<boolean>`t.revoked_at is not null or a.revoked_at is not null`.as('revoked'),
    ])
    .where('t.access_hash', '=', accessHash);
}

export type StoredToken = NonNullable<Awaited<ReturnType<ReturnType<typeof findTokenQuery>['executeTakeFirst']>>>;

/** Runs on every authenticated request, only its parameter changes: compiled once, prepared once per connection. */
const FIND_TOKEN = new FixedStatement<'accessHash', StoredToken, ReturnType<typeof findTokenQuery>>((value, qb) =>
  findTokenQuery(qb, value('accessHash')),
);

/** A stored token with its app, and whether it is usable right now (judged by the database clock). */
export async function findToken(db: Db, accessHash: string): Promise<StoredToken | undefined> {
  return (await FIND_TOKEN.execute(db, { accessHash }))[0];
}

/** Revokes one token pair; false when it was already revoked (a concurrent refresh won). */
export async function revokeToken(db: Db, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('access_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

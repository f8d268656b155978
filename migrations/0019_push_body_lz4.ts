import { type Kysely, sql } from 'kysely';

/**
 * A push's body as received (`pushes.body`) is stored compressed with lz4
 * where the server has it, instead of Postgres's default pglz. Postgres
 * compresses a value once its row is over about 2 KB: the doc's example as
 * the spec writes it (2.7 KB) and every batch (a batch of 100 of it is
 * 267 KB) are; pglz spends far more CPU on them: inserting the 267 KB body
 * cost the backend 3.5–3.7 ms with pglz against 2.2 ms with lz4, for the
 * same stored size (bench/RESULTS.md).
 *
 * lz4 takes Postgres 14 or later built with it (Debian's, Ubuntu's and the
 * major clouds' are); the embedded database (PGlite) is not, and keeps
 * pglz, as does an older server. Rows stored before keep their compression;
 * both read the same.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    begin
      if exists (select from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then
        alter table pushes alter column body set compression lz4;
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    begin
      if exists (select from pg_settings where name = 'default_toast_compression') then
        alter table pushes alter column body set compression default;
      end if;
    end $$`.execute(db);
}

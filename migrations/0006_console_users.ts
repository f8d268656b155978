import { type Kysely, sql } from 'kysely';

/** Runs statements one by one: the embedded database takes one statement per query. */
async function run(db: Kysely<any>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}

/**
 * The people who use the console (not apps), their sessions, and the audit
 * log of every action that changes something.
 *
 * - `console_users`: a login name (unique whatever its case), a role, the
 *   password as a scrypt hash, and whether it must be changed at the next
 *   sign-in (a password someone else has seen: created or reset by an admin).
 * - `console_sessions`: one row per sign-in. The cookie holds a random token;
 *   only its SHA-256 digest is stored. A session ends at the first of: its
 *   idle expiry (pushed forward by each request, never past the absolute
 *   one), its absolute expiry, or `ended_at` (logout, password change,
 *   disabled user). `idle_seconds` is the idle lifetime it was made with.
 * - `audit_log`: who (a console user, an app, the CLI), when, what action,
 *   on what, with details. Rows are only ever added.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    create table console_users (
      id bigint generated always as identity primary key,
      name text not null,
      role text not null check (role in ('viewer', 'operator', 'admin')),
      password_hash text not null,
      must_change_password boolean not null default true,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz,
      disabled_at timestamptz
    );
    create unique index console_users_name on console_users (lower(name));

    create table console_sessions (
      id bigint generated always as identity primary key,
      token_hash text not null unique,
      user_id bigint not null references console_users (id),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      idle_seconds integer not null check (idle_seconds > 0),
      idle_expires_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text
    );
    create index console_sessions_user on console_sessions (user_id);
    create index console_sessions_expires on console_sessions (expires_at);

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('user', 'app', 'cli', 'system')),
      actor_id text,
      actor_name text not null,
      action text not null,
      target text,
      details jsonb not null default '{}',
      request_id text
    );
    create index audit_log_action on audit_log (action, id);
    create index audit_log_actor on audit_log (actor_name, id);
    create index audit_log_at on audit_log (at, id)
    `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await run(
    db,
    `
    drop table audit_log;
    drop table console_sessions;
    drop table console_users
    `,
  );
}

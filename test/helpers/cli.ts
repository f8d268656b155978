/**
 * The CLI as a user runs it, for tests: a child process, on the test's own
 * Postgres database when DATABASE_URL is set, else on an embedded database
 * in a temporary directory; and that database opened by the test once the
 * CLI has exited (the embedded one takes one process at a time).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../src/db/connect.ts';
import type { Db } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

const execFileAsync = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../../src/cli.ts');

export interface CliResult {
  /** The exit code: 0 done, 1 failed, 2 wrong usage. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliWorld {
  /** The embedded database's folder (made either way; the CLI uses it without DATABASE_URL). */
  readonly dataDir: string;
  /** The test's Postgres database; undefined on the embedded one. */
  readonly database: TestDatabase | undefined;
  /** The environment each command runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `cli ARGS…` to its end (with `extra` added to the environment). */
  cli(args: readonly string[], extra?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Opens the database the CLI wrote to (after it exited) and runs `fn`. */
  withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A database for the CLI of one test file. `envOf` adds to each command's
 * environment, told which database it is (channel secrets want a key on
 * Postgres, none on the embedded database).
 */
export async function cliWorld(
  name: string,
  envOf: (world: { readonly database: TestDatabase | undefined; readonly dataDir: string }) => NodeJS.ProcessEnv = () => ({}),
): Promise<CliWorld> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `fapiao-hub-${name}-`));
  const database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '', DATA_DIR: dataDir }),
    ...envOf({ database, dataDir }),
  };
  return {
    dataDir,
    database,
    env,
    async cli(args, extra = {}) {
      try {
        const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], { env: { ...env, ...extra } });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    },
    async withDatabase(fn) {
      const handle = database ?? (await openDatabase({ dataDir }));
      try {
        return await fn(handle.db);
      } finally {
        if (!database) await handle.close();
      }
    },
    async close() {
      await database?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

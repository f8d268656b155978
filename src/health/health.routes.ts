import { Router } from 'express';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { migrationsApplied } from '../db/migrate.ts';

const READY_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `GET /healthz`: the process is up. `GET /readyz`: the database answers and
 * every migration is applied; 503 otherwise (load balancers stop sending).
 */
export function healthRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (req, res) => {
    try {
      await withTimeout(sql`select 1`.execute(db), READY_TIMEOUT_MS);
    } catch (error) {
      req.log.warn({ err: error }, 'not ready: database unreachable');
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable', database: 'unreachable', migrations: 'unknown' });
      return;
    }
    const applied = await withTimeout(migrationsApplied(db), READY_TIMEOUT_MS).catch(() => false);
    if (!applied) {
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable', database: 'ok', migrations: 'pending' });
      return;
    }
    res.json({ status: 'ready', database: 'ok', migrations: 'applied' });
  });

  return router;
}

/**
 * LISTEN on a notification channel, for as long as the process runs.
 *
 * On Postgres a connection of its own (not from the pool: a pooled
 * connection is handed to other work and its LISTEN would go with it),
 * opened again after it is lost, one second later at first, then up to 30
 * seconds apart. `onState(false)` says the notifications may have stopped
 * (the connection failed or ended), `onState(true)` that they arrive again
 * (LISTEN done): what a listener caches must not be trusted in between, as
 * notifications sent meanwhile are lost. The embedded database is one
 * process: its notifications are delivered before the statement that sent
 * them (or its COMMIT) returns, and it is never lost.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface ListenHandlers {
  /** A notification's payload. */
  readonly onNotify: (payload: string) => void;
  /** Whether notifications arrive (true once LISTEN is done; false when the connection is lost, until it is back). */
  readonly onState: (listening: boolean) => void;
  /** A failure to connect or listen (the next attempt follows). */
  readonly onError?: (error: unknown) => void;
}

export interface Listening {
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

/** Channel names are fixed by the code; checked anyway, as LISTEN takes no parameter. */
function checkChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
}

export function listenPostgres(connectionString: string, channel: string, handlers: ListenHandlers): Listening {
  checkChannel(channel);
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = FIRST_RETRY_MS;

  const lost = (current: pg.Client, error?: unknown) => {
    if (client !== current) return;
    client = undefined;
    handlers.onState(false);
    if (error !== undefined) handlers.onError?.(error);
    current.removeAllListeners('notification');
    current.end().catch(() => {});
    if (closed) return;
    timer = setTimeout(connect, delay);
    timer.unref();
    delay = Math.min(delay * 2, LAST_RETRY_MS);
  };

  const connect = () => {
    timer = undefined;
    if (closed) return;
    // Keep-alive: a peer gone without a reset is noticed by the kernel, not only at the next write.
    const current = new pg.Client({ connectionString, keepAlive: true });
    client = current;
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current));
    current.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotify(message.payload ?? '');
    });
    current
      .connect()
      .then(() => current.query(`listen ${channel}`))
      .then(() => {
        if (client !== current) return;
        delay = FIRST_RETRY_MS;
        handlers.onState(true);
      })
      .catch((error: unknown) => lost(current, error));
  };

  connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      handlers.onState(false);
      await current?.end().catch(() => {});
    },
  };
}

export async function listenEmbedded(pglite: PGlite, channel: string, handlers: ListenHandlers): Promise<Listening> {
  checkChannel(channel);
  const unlisten = await pglite.listen(channel, handlers.onNotify);
  handlers.onState(true);
  return {
    async close() {
      handlers.onState(false);
      if (!pglite.closed) await unlisten();
    },
  };
}

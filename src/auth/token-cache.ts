/**
 * The access tokens this instance verified, kept in memory so that a
 * request with a known token does not ask the database again (the lookup
 * was one of the push's four round trips).
 *
 * A revocation reaches every instance at once: a trigger on `apps` and
 * `access_tokens` (migrations/0014_token_events.ts) sends a notification on
 * `fh_tokens` when the change commits, whoever made it (an instance, the
 * CLI, plain SQL), and each instance LISTENs and drops what it names: the
 * token (`token:ID`: refreshed, revoked, deleted) or every token of the app
 * (`app:ID`: revoked, rotated, its scopes, channels or sellers changed).
 * On the embedded database (one process) the notification is delivered
 * before the revoking statement returns.
 *
 * Entries are kept only while notifications arrive: when the LISTEN
 * connection is lost, the cache is emptied and every request asks the
 * database until LISTEN is done again. A connection that dies without
 * anyone noticing (no reset, no keep-alive answer yet) is bounded by the
 * entries' lifetime: at most `maxAgeSeconds` (TOKEN_CACHE_SECONDS, 30 by
 * default; 0 turns the cache off), and never past the token's expiry. Both
 * are measured on this process's monotonic clock from the database's own
 * answer (how long the token had left by the database clock), so a clock
 * that differs between the instance and the database changes nothing.
 *
 * Only usable tokens are kept; an unknown, revoked or expired token is
 * asked again each time (and answered as before).
 */
import type { DatabaseHandle } from '../db/connect.ts';
import type { Listening } from '../db/listen.ts';
import type { Principal } from '../principal.ts';

/** The notification channel of token and app changes (the trigger of migrations/0014_token_events.ts sends on it). */
export const TOKEN_CHANNEL = 'fh_tokens';

/** How long a change made here waits for its own notification at most (the LISTEN connection may be down). */
const HEARD_TIMEOUT_MS = 2000;

/** Tokens kept at most; past it the oldest goes (an instance serves a few apps, each with a token or two). */
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly principal: Principal;
  readonly tokenId: string;
  /** performance.now() after which the entry is not used. */
  readonly until: number;
}

/** A token as the lookup found it usable, with the milliseconds it had left by the database clock. */
export interface VerifiedToken {
  readonly tokenId: string;
  readonly principal: Principal;
  readonly remainingMs: number;
}

/** A lookup in progress: what the cache was when it began. */
export interface Lookup {
  readonly generation: number;
  readonly startedAt: number;
}

/** A change of this instance's, waiting for its notification (see `expect`). */
export interface Expected {
  /** Ends once this instance heard the notification (at most HEARD_TIMEOUT_MS; at once when not listening). */
  heard(): Promise<void>;
  /** The change did not happen: stop waiting for it. */
  cancel(): void;
}

export interface TokenCacheOptions {
  /** How long an entry is used at most, in seconds; 0: no cache. */
  readonly maxAgeSeconds: number;
  /** A failure of the LISTEN connection (it is opened again). */
  readonly onError?: (error: unknown) => void;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxAgeMs: number;
  #listening = false;
  /** Moves on every notification and every change of `#listening`: a lookup that saw it move keeps nothing. */
  #generation = 0;
  #listener: Listening | undefined;
  readonly #expected = new Map<string, Set<() => void>>();

  constructor(maxAgeSeconds: number) {
    this.#maxAgeMs = maxAgeSeconds * 1000;
  }

  /** The principal of a token (by its digest) verified before and not dropped since. */
  get(accessHash: string): Principal | undefined {
    const entry = this.#entries.get(accessHash);
    if (entry === undefined) return undefined;
    if (entry.until > performance.now()) return entry.principal;
    this.#entries.delete(accessHash);
    return undefined;
  }

  /** Taken before the database lookup, given back to `keep`. */
  begin(): Lookup {
    return { generation: this.#generation, startedAt: performance.now() };
  }

  /**
   * Keeps a token the database found usable, unless a change was announced
   * (or the notifications stopped) since the lookup began: the lookup may
   * have read the row before the change. Its lifetime counts from the
   * lookup's start, which is before the database read its clock, so the
   * entry ends no later than the token.
   */
  keep(accessHash: string, token: VerifiedToken, lookup: Lookup): void {
    if (!this.#listening || this.#maxAgeMs === 0 || lookup.generation !== this.#generation) return;
    const until = lookup.startedAt + Math.min(this.#maxAgeMs, token.remainingMs);
    if (!(until > performance.now())) return;
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(accessHash, { principal: token.principal, tokenId: token.tokenId, until });
  }

  /**
   * Before a change to a token or an app that this instance makes (revoke,
   * rotate, refresh): its answer waits, with `heard()` after the commit,
   * until this instance's own LISTEN connection brought the change's
   * notification back. Postgres signals every listening connection at the
   * same commit, so by then the other instances' connections have it too,
   * and a client told "revoked" that turns to another instance is refused
   * there (barring that instance's own delay in reading its connection).
   */
  expect(payload: string): Expected {
    if (!this.#listening) return { heard: async () => {}, cancel: () => {} };
    const { promise, resolve } = Promise.withResolvers<void>();
    const waiting = this.#expected.get(payload) ?? new Set();
    waiting.add(resolve);
    this.#expected.set(payload, waiting);
    const cancel = () => {
      resolve();
      waiting.delete(resolve);
      if (waiting.size === 0 && this.#expected.get(payload) === waiting) this.#expected.delete(payload);
    };
    return {
      async heard() {
        const timer = setTimeout(resolve, HEARD_TIMEOUT_MS);
        await promise;
        clearTimeout(timer);
        cancel();
      },
      cancel,
    };
  }

  /** A notification on TOKEN_CHANNEL: drops the token or the app's tokens it names; anything else empties the cache. */
  changed(payload: string): void {
    this.#generation++;
    for (const resolve of this.#expected.get(payload) ?? []) resolve();
    const [kind, id] = payload.split(':');
    if ((kind === 'token' || kind === 'app') && id) {
      for (const [hash, entry] of this.#entries) {
        if (kind === 'token' ? entry.tokenId === id : entry.principal.appId === id) this.#entries.delete(hash);
      }
    } else {
      this.#entries.clear();
    }
  }

  /** Notifications arrive (true) or may have stopped (false: emptied, nothing kept until they arrive again). */
  listening(on: boolean): void {
    this.#generation++;
    this.#listening = on;
    this.#entries.clear();
    // Nothing is kept meanwhile: no change needs waiting for.
    if (!on) for (const waiting of this.#expected.values()) for (const resolve of waiting) resolve();
  }

  /** Tokens kept now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether notifications arrive (LISTEN done, connection up); only then is anything kept. */
  get isListening(): boolean {
    return this.#listening;
  }

  /**
   * LISTENs on the database's token changes (see the module's comment);
   * returns once LISTEN is done or its first attempt failed (the cache then
   * keeps nothing until a later attempt succeeds).
   */
  async start(database: Pick<DatabaseHandle, 'listen'>, onError?: (error: unknown) => void): Promise<void> {
    if (this.#maxAgeMs === 0 || this.#listener) return;
    const { promise: first, resolve } = Promise.withResolvers<void>();
    this.#listener = await database.listen(TOKEN_CHANNEL, {
      onNotify: (payload) => this.changed(payload),
      onState: (on) => {
        this.listening(on);
        if (on) resolve();
      },
      onError: (error) => {
        resolve();
        onError?.(error);
      },
    });
    await first;
  }

  async close(): Promise<void> {
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.close();
    this.listening(false);
  }
}

/** A token cache listening on the database's token changes. */
export async function startTokenCache(database: Pick<DatabaseHandle, 'listen'>, options: TokenCacheOptions): Promise<TokenCache> {
  const cache = new TokenCache(options.maxAgeSeconds);
  await cache.start(database, options.onError);
  return cache;
}

/**
 * Who is calling, whatever the way in: an app behind an access token
 * (src/auth/) or a console user behind a session (src/users/). Both folders
 * need it, so it lives below them.
 */

export const SCOPES = ['push', 'read', 'redflush'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the app behind a valid access token. */
export interface Principal {
  readonly appId: string;
  readonly appName: string;
  readonly scopes: readonly string[];
  /** Channel codes the app may push for; null: any. */
  readonly channels: readonly string[] | null;
  /** Seller tax numbers the app may read; null: any. */
  readonly sellers: readonly string[] | null;
  /** Set when a console user calls through their session (src/users/session.http.ts); appId is then empty. */
  readonly user?: { readonly id: string; readonly name: string; readonly role: string };
}

/**
 * Console users' roles and what each may do, as API scopes: the one table
 * that decides. A console user calls the same API as the apps; a route
 * asks for a scope (`requireToken(db, 'read')`) and a user has the scopes of
 * their role. Users are never limited to channels or sellers.
 *
 * - viewer: reads invoices (and everything else that is read-only)
 * - operator: also red-flushes and answers red-letter confirmation forms
 * - admin: also manages apps, channels and users (the admin API, /api/console/admin)
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_SCOPES: Readonly<Record<Role, readonly string[]>> = {
  viewer: ['read'],
  operator: ['read', 'redflush'],
  admin: ['read', 'redflush', 'admin'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

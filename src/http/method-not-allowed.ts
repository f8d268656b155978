/**
 * A known path asked with a method it does not take: 405 with `Allow`
 * (RFC 9110), rather than the 404 of a path that does not exist. Runs after
 * every route, before the 404: it reads the app's own routes, so the
 * methods it allows are exactly those the routes take.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';

/** What this reads of Express's router: its layers, a route's methods, a nested router's layers. */
interface Layer {
  match(path: string): unknown;
  readonly route?: { readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

function allowedMethods(stack: readonly Layer[], path: string, into: Set<string>): Set<string> {
  for (const layer of stack) {
    if (!layer.match(path)) continue;
    if (layer.route) {
      for (const [method, takes] of Object.entries(layer.route.methods)) if (takes && method !== '_all') into.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      allowedMethods(layer.handle.stack, path, into);
    }
  }
  if (into.has('GET')) into.add('HEAD');
  return into;
}

export function methodNotAllowed(router: { readonly stack: readonly unknown[] }): RequestHandler {
  return (req, _res, next) => {
    const allowed = [...allowedMethods(router.stack as readonly Layer[], req.path, new Set())].sort();
    // No route takes the path, or one takes the method and passed it on (a file that does not exist): 404.
    if (allowed.length === 0 || allowed.includes(req.method)) {
      next();
      return;
    }
    const list = allowed.join(', ');
    throw new AppError(
      405,
      'method_not_allowed',
      { en: `${req.method} is not allowed on ${req.path}; it takes ${list}`, zh: `${req.path} 不接受 ${req.method}，只接受 ${list}` },
      undefined,
      { Allow: list },
    );
  };
}

/**
 * Serves the console (the built single-page app in console/dist) under
 * /console, and sends `GET /` there.
 *
 * - `/console/` and every `/console/…` path without a file extension answer
 *   the app's index.html (the app routes in the browser), with a fresh CSP
 *   nonce written into it; files (`/console/assets/…`, the icon) are served
 *   as built, hashed ones cached for a year; a missing file is a 404.
 * - Content-Security-Policy of the page: scripts only from this server
 *   (`script-src 'self'`, no inline script: the build emits none), API calls
 *   only to it, nothing from another site, no frames. Styles: antd's CSS-in-JS
 *   adds <style> elements at run time; instead of `'unsafe-inline'`, each
 *   page load gets a random nonce that the policy names and that antd puts
 *   on every <style> it adds (`ConfigProvider csp`), so an injected <style>
 *   or style attribute is refused. React sets `style` props through the
 *   CSSOM, which a policy does not govern.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, Router } from 'express';
import { AppError } from '../errors.ts';

/** What console/vite.config.ts writes where the nonce goes (its `html.cspNonce`). */
const NONCE_PLACEHOLDER = 'fapiao-hub-csp-nonce';

/** console/dist at the project's top, from `src/console` or `dist/src/console`. */
export function defaultConsoleDir(): string {
  for (const relative of ['../../console', '../../../console']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path.join(dir, 'vite.config.ts'))) return path.join(dir, 'dist');
  }
  return fileURLToPath(new URL('../../console/dist', import.meta.url));
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const NOT_BUILT = `The console is not built. Run: npm run build:console (npm start builds it when needed).
控制台尚未构建：请运行 npm run build:console（npm start 会在需要时自动构建）。
`;

export function consoleRoutes(options: { readonly dir?: string } = {}): Router {
  const dir = options.dir ?? defaultConsoleDir();
  const router = Router();

  router.get('/', (_req, res) => res.redirect(302, '/console/'));
  // Routing is not strict: this route also sees `/console/`, which is the page.
  router.get('/console', (req, res, next) => (req.path.endsWith('/') ? next() : res.redirect(301, '/console/')));

  const page = async (_req: Request, res: Response) => {
    let html: string;
    try {
      // Read on each load (a few hundred bytes): a rebuild is served without a restart.
      html = await readFile(path.join(dir, 'index.html'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      res.status(503).type('text/plain; charset=utf-8').set('Retry-After', '30').send(NOT_BUILT);
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res
      .status(200)
      .type('html')
      .set('Content-Security-Policy', contentSecurityPolicy(nonce))
      .set('Cache-Control', 'no-store')
      .send(html.replaceAll(NONCE_PLACEHOLDER, nonce));
  };

  router.get('/console/index.html', page);
  router.use(
    '/console',
    express.static(dir, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders(res, file) {
        // Built files carry a content hash in their name: they never change.
        if (file.startsWith(path.join(dir, 'assets') + path.sep)) res.set('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  router.get('/console/{*rest}', (req, res, next) => {
    // A file that is not there is a 404, not the app.
    if (/\.[A-Za-z0-9]+$/.test(req.path)) {
      next(new AppError(404, 'not_found', { en: `no console file ${req.path}`, zh: `控制台没有文件 ${req.path}` }));
      return;
    }
    page(req, res).catch(next);
  });

  return router;
}

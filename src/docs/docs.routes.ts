/**
 * The API reference: `openapi.yaml` as the server reads it, and a page at
 * `/docs` that renders it with Swagger UI from the installed
 * `swagger-ui-dist` package (nothing is loaded from another site). No token
 * is needed: the document describes the API, it holds no data.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router } from 'express';
import helmet from 'helmet';
import { specText } from '../api/spec.ts';

const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files of the package the page uses, served under /docs/. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>fapiao-hub API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// A file rather than an inline script, so that the page runs under a CSP without 'unsafe-inline' scripts.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

export function docsRoutes(): Router {
  const router = Router();

  // helmet's policy as everywhere, but without upgrade-insecure-requests: the page loads its own
  // files, and a browser would otherwise ask for them over https from a server that speaks http.
  const docsPolicy = helmet.contentSecurityPolicy({ directives: { upgradeInsecureRequests: null } });

  router.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml; charset=utf-8').send(specText);
  });

  router.get('/docs', docsPolicy, (_req, res) => {
    res.type('text/html; charset=utf-8').send(PAGE);
  });

  router.get('/docs/init.js', docsPolicy, (_req, res) => {
    res.type('text/javascript; charset=utf-8').send(INIT);
  });

  router.get('/docs/:file', docsPolicy, (req, res, next) => {
    const file = req.params.file;
    const type = ASSETS[file];
    if (!type) {
      next();
      return;
    }
    res.type(type).sendFile(path.join(SWAGGER_UI_DIR, file), { maxAge: '1d' });
  });

  return router;
}

/**
 * The API reference: `openapi.yaml` as the server reads it, and a page at
 * `/docs` that renders it with Swagger UI from the installed
 * `swagger-ui-dist` package (nothing is loaded from another site). No token
 * is needed: the document describes the API, it holds no data.
 *
 * The page renders the same document with the query parameters spelled out
 * (`/docs/openapi.json`, see `forSwaggerUi`): `openapi.yaml` describes a
 * list's filters as one object parameter (`style: form, explode: true`),
 * which Swagger UI shows as one JSON box; spelled out, each filter is its
 * own field with its examples, and "Try it out" sends only those filled in.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router } from 'express';
import helmet from 'helmet';
import { parse as parseYaml } from 'yaml';
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
  url: '/docs/openapi.json',
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

  const forUi = JSON.stringify(forSwaggerUi(parseYaml(specText) as OpenApiDocument));
  router.get('/docs/openapi.json', (_req, res) => {
    res.type('application/json; charset=utf-8').send(forUi);
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

interface Schema {
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly allOf?: readonly Schema[];
  readonly required?: readonly string[];
  readonly description?: string;
  readonly examples?: readonly unknown[];
  readonly [keyword: string]: unknown;
}

interface Parameter {
  readonly $ref?: string;
  readonly name?: string;
  readonly in?: string;
  readonly style?: string;
  readonly explode?: boolean;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: Schema;
  readonly [keyword: string]: unknown;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { parameters?: Parameter[] } & Record<string, unknown>>>;
  readonly components: { readonly schemas: Record<string, Schema> };
  readonly [key: string]: unknown;
}

/**
 * The document as Swagger UI shows it best, the same API: each query
 * parameter that is an object of filters (`style: form, explode: true`,
 * which is how OpenAPI says "each property is a parameter") becomes one
 * parameter per property, with its description and its schema; a
 * parameter's `examples` (from its schema's `examples`) become a choice of
 * examples. An optional parameter's first choice is empty (`不填`), so that
 * "Try it out" does not send every filter at once (Swagger UI fills each
 * field with its first example); a required one starts with its first
 * example, which the quick start's demo invoice answers.
 */
export function forSwaggerUi(document: OpenApiDocument): OpenApiDocument {
  const schemas = document.components.schemas;
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(schemas[schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1)] ?? {}) : schema;
  const propertiesOf = (schema: Schema): [string, Schema][] => {
    const resolved = resolve(schema);
    return [...(resolved.allOf ?? []).flatMap(propertiesOf), ...Object.entries(resolved.properties ?? {})];
  };
  const withExamples = (parameter: Parameter, examples: readonly unknown[] | undefined): Parameter => {
    if (!examples || examples.length === 0) return parameter;
    const chosen = Object.fromEntries(examples.map((value, index) => [`e${index + 1}`, { summary: JSON.stringify(value), value }]));
    return { ...parameter, examples: parameter.required ? chosen : { none: { summary: '不填 (not sent)', value: '' }, ...chosen } };
  };
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => {
          if (!Array.isArray(operation.parameters)) return [method, operation];
          const parameters = operation.parameters.flatMap((parameter): Parameter[] => {
            if (parameter.in === 'path' && parameter.schema) return [withExamples(parameter, resolve(parameter.schema).examples)];
            if (parameter.in !== 'query' || parameter.style !== 'form' || parameter.explode !== true || !parameter.schema)
              return [parameter];
            const required = new Set(resolve(parameter.schema).required ?? []);
            return propertiesOf(parameter.schema).map(([name, { description, examples, ...schema }]) =>
              withExamples({ name, in: 'query', required: required.has(name), description, schema }, examples ?? resolve(schema).examples),
            );
          });
          return [method, { ...operation, parameters }];
        }),
      ),
    ]),
  );
  return { ...document, paths };
}

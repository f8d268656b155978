/**
 * Writes `src/generated/openapi.ts`, the TypeScript types of the schemas in
 * `openapi.yaml` (openapi-typescript), under a header that marks it as
 * generated.
 *
 *   npm run generate:types     regenerate after editing openapi.yaml
 *   npm run check:generated    regenerate into a temporary file and fail when it differs from the committed one (CI)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';

const SPEC = new URL('../openapi.yaml', import.meta.url);
const TARGET = new URL('../src/generated/openapi.ts', import.meta.url);

const HEADER = `/**
 * GENERATED FILE, DO NOT EDIT. The types of the schemas in openapi.yaml,
 * written by openapi-typescript: edit openapi.yaml, then run
 * \`npm run generate:types\` (CI runs \`npm run check:generated\`, which fails
 * when this file differs from what openapi.yaml gives).
 */

`;

// emptyObjectsUnknown: an object schema without properties (`ext`, free key/value pairs) is Record<string, unknown>, not Record<string, never>.
async function generate(): Promise<string> {
  return `${HEADER}${astToString(await openapiTS(SPEC, { silent: true, emptyObjectsUnknown: true }))}`;
}

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const text = await generate();
if (!values.check) {
  writeFileSync(TARGET, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), TARGET.pathname)}\n`);
} else {
  const folder = mkdtempSync(path.join(tmpdir(), 'fapiao-hub-generated-'));
  try {
    const fresh = path.join(folder, 'openapi.ts');
    writeFileSync(fresh, text);
    if (readFileSync(fresh, 'utf8') !== readFileSync(TARGET, 'utf8')) {
      process.stderr.write('src/generated/openapi.ts differs from what openapi.yaml gives: run npm run generate:types and commit it\n');
      process.exit(1);
    }
    process.stdout.write('src/generated/openapi.ts matches openapi.yaml\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

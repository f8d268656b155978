/**
 * Runs the test files with node's test runner (`npm test`, `npm run test:quick`).
 *
 *   npm test                                      every file of test/
 *   npm run test:quick                            a fast subset (QUICK below)
 *   npm test -- --test-name-pattern "pushes"      the tests whose name matches, in the files that have one
 *   npm test -- test/pushes.test.ts               these files only (any other node --test option passes through)
 *
 * Why a script: npm appends its arguments after the files, where node no
 * longer reads them as options; and with a name pattern, a file in which no
 * test matches would never finish (node runs its `after` hook, closing the
 * test app, while its `before` hook is still starting it, so the app stays
 * open). So with `--test-name-pattern`, only the files that name a
 * matching test (`test('when …', …)`, read from their text) are run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TEST_DIR = path.resolve(import.meta.dirname, '../test');

/** The quick subset: push, errors, findings, the query API, pushes, batches, docs (about a minute on 2 cores). */
const QUICK = [
  'auth',
  'push-bad-input',
  'push-quirks',
  'push-storage',
  'push-example',
  'messages-zh',
  'findings',
  'findings-checks',
  'invoices-view',
  'invoices-list',
  'invoices-findings',
  'pushes',
  'batches',
  'docs',
  'schema',
  'json',
  'red-flush-rules',
].map((name) => `test/${name}.test.ts`);

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const options = args.filter((arg) => arg !== '--quick' && !arg.endsWith('.test.ts'));
const named = args.filter((arg) => arg.endsWith('.test.ts'));
const all = readdirSync(TEST_DIR)
  .filter((file) => file.endsWith('.test.ts'))
  .sort()
  .map((file) => `test/${file}`);
let files = named.length > 0 ? named : quick ? QUICK : all;

const pattern = patternOf(options);
if (pattern) {
  files = files.filter((file) => titlesOf(file).some((title) => pattern.test(title)));
  if (files.length === 0) {
    process.stderr.write(`no test name matches ${pattern}\n`);
    process.exit(1);
  }
}

const result = spawnSync(process.execPath, ['--test', ...options, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

/** The value of `--test-name-pattern` (as node reads it: a regular expression, or `/re/flags`). */
function patternOf(list: readonly string[]): RegExp | undefined {
  const index = list.findIndex((arg) => arg === '--test-name-pattern' || arg.startsWith('--test-name-pattern='));
  if (index < 0) return undefined;
  const arg = list[index] as string;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (list[index + 1] ?? '');
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(value);
  return literal ? new RegExp(literal[1] ?? '', literal[2]) : new RegExp(value);
}

/** The titles of a file's tests, as written (`test('…'`, `test("…"`, `` test(`…` ``). */
function titlesOf(file: string): string[] {
  const text = readFileSync(path.resolve(TEST_DIR, '..', file), 'utf8');
  return [...text.matchAll(/\btest\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs)].map((match) => match[2] as string);
}

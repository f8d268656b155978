/**
 * Property: random mutations of valid push bodies (wrong types, missing
 * fields, NUL characters, unpaired surrogates, huge numbers, __proto__ and
 * constructor keys, 10,000-deep nesting, 1 MB strings) never give a 5xx or
 * a crash; every 400 is a problem document naming, by JSON Pointer, the
 * failing path (a mutated one, or inside or above it); and nothing in the
 * database changes after an answer that is not 2xx.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { escapePointer, validator } from '../src/api/spec.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { assertProperty, type Body, identityShape, invoice, jsonText, objectOf, Raw, withIdentity } from './helpers/arbitraries.ts';

let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp();
  token = await app.token({ scopes: ['push'] });
});
after(() => app.close());

type Path = readonly (string | number)[];
type Json = { [key: string]: Body };

const base = fc.record({
  invoices: fc.array(fc.tuple(invoice({ min: 1, max: 3 }), identityShape), { minLength: 1, maxLength: 2 }),
  result: fc.constantFrom(0, 1, 2),
  rejectMsg: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
});

type Base = typeof base extends fc.Arbitrary<infer T> ? T : never;

function bodyOf({ invoices, result, rejectMsg }: Base): Json {
  const body: Json = {
    channelCode: 'jcsk',
    serialNo: `MUT-${Math.random().toString(36).slice(2, 10)}`,
    result,
    data: invoices.map(([generated, shape]) => withIdentity(generated, shape)),
  };
  if (rejectMsg !== undefined) body.rejectMsg = rejectMsg;
  return body;
}

/** Every path in a body: the root, each field, each array element, all the way down. */
function pathsOf(value: Body, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...path, index]));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Raw)) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
  }
  return paths;
}

const DEEP = 10_000;

/** What a mutation puts at a path (or `undefined`: remove it). */
const replacement: fc.Arbitrary<Body | undefined> = fc.oneof(
  // wrong types
  fc.constantFrom<Body>(null, true, false, 0, -1, [], {}, 'x', '', ' ', [1, 'a'], { a: 1 }),
  fc.integer().map((value): Body => value),
  fc.string({ maxLength: 10 }).map((value): Body => value),
  // missing
  fc.constant(undefined),
  // NUL characters and unpaired surrogates
  fc.constantFrom<Body>('a\u0000b', '\u0000', '\ud800', 'x\udfff', '\udc00\ud800', '中\u0000文'),
  // huge, tiny and exotic numbers
  fc.constantFrom<Body>(
    new Raw('1e400'),
    new Raw('-1e400'),
    new Raw('1e-400'),
    new Raw('9'.repeat(400)),
    new Raw('123456789012345678901234567890.123456789012345678901234567890'),
    new Raw('1e999999999'),
    new Raw('-0'),
    new Raw('0.1e1'),
    Number.MAX_SAFE_INTEGER + 2,
  ),
  // prototype keys
  fc.constantFrom<Body>(
    objectOf([['__proto__', { polluted: 'yes' }]]),
    objectOf([['constructor', { prototype: { polluted: 'yes' } }]]),
    objectOf([
      ['__proto__', null],
      ['prototype', 1],
    ]),
  ),
  // 10,000-deep nesting
  fc.constantFrom<Body>(
    new Raw(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`),
    new Raw(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`),
    new Raw(JSON.stringify(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`)), // a JSON string holding deep nesting (data may be one)
  ),
  // 1 MB strings
  fc.constantFrom<Body>('x'.repeat(1024 * 1024), '发'.repeat(350_000), `${'😀'.repeat(262_144)}`),
);

/** A mutation: at one path, replace the value, remove it, or add a prototype key to the object there. */
type Mutation = { path: Path; kind: 'set'; value: Body | undefined } | { path: Path; kind: 'addKey'; key: string; value: Body };

function mutationOf(paths: readonly Path[]): fc.Arbitrary<Mutation> {
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    { arbitrary: fc.record({ path, kind: fc.constant('set' as const), value: replacement }), weight: 5 },
    {
      arbitrary: fc.record({
        path,
        kind: fc.constant('addKey' as const),
        key: fc.constantFrom('__proto__', 'constructor', 'prototype', ' invoiceCode ', 'taxrate', '\u0000', '\ud800'),
        value: replacement.map((value) => value ?? null),
      }),
      weight: 1,
    },
  );
}

const cases = base.chain((generated) => {
  // The paths of the body's shape; identities are set when the case runs, at the same paths.
  const paths = pathsOf(bodyOf(generated));
  return fc.tuple(fc.constant(generated), fc.array(mutationOf(paths), { minLength: 1, maxLength: 3 }));
});

function clone(value: Body): Body {
  if (value instanceof Raw) return value;
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object') return objectOf(Object.entries(value).map(([key, item]) => [key, clone(item)] as const));
  return value;
}

/** Applies a mutation in place (the root itself is replaced through the returned value). */
function apply(body: Body, mutation: Mutation): Body {
  if (mutation.path.length === 0) {
    if (mutation.kind === 'set') return mutation.value === undefined ? new Raw('') : mutation.value;
    return isObject(body) ? objectOf([...Object.entries(body), [mutation.key, mutation.value]]) : body;
  }
  let parent: Body = body;
  for (const segment of mutation.path.slice(0, -1)) {
    const next: Body | undefined = Array.isArray(parent)
      ? parent[segment as number]
      : isObject(parent)
        ? parent[segment as string]
        : undefined;
    if (next === undefined) return body; // an earlier mutation removed or replaced the path
    parent = next;
  }
  const last = mutation.path[mutation.path.length - 1] as string | number;
  if (mutation.kind === 'addKey') {
    const target = Array.isArray(parent) ? parent[last as number] : isObject(parent) ? parent[last as string] : undefined;
    if (isObject(target))
      Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, writable: true, configurable: true });
    return body;
  }
  if (Array.isArray(parent) && typeof last === 'number') {
    if (mutation.value === undefined) parent.splice(last, 1);
    else parent[last] = mutation.value;
  } else if (isObject(parent)) {
    if (mutation.value === undefined) delete parent[last as string];
    else Object.defineProperty(parent, last as string, { value: mutation.value, enumerable: true, writable: true, configurable: true });
  }
  return body;
}

function isObject(value: Body | undefined): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Raw);
}

function pointerOf(path: Path): string {
  return path.map((segment) => `/${escapePointer(String(segment))}`).join('');
}

/** Everything a refused push could have changed, in one string. */
async function fingerprint(): Promise<string> {
  const { rows } = await sql<{ state: string }>`
    select concat_ws('|',
      (select count(*) from pushes), (select count(*) from invoices), (select count(*) from invoice_details),
      (select count(*) from invoice_history), (select count(*) from invoice_findings), (select count(*) from channels),
      (select md5(coalesce(string_agg(concat_ws(',', id, content_hash, invoicing_status, updated_at), ';' order by id), '')) from invoices),
      (select md5(coalesce(string_agg(concat_ws(',', channel_code, serial_no, result, reject_msg, updated_at), ';' order by channel_code, serial_no), '')) from batches)
    ) as state`.execute(app.db);
  return rows[0]?.state ?? '';
}

const problem = validator('Problem');

test('when valid bodies are mutated at random, then never a 5xx; every 400 names the failing path; a refusal changes nothing', async () => {
  let refusedCount = 0;
  await assertProperty(
    fc.asyncProperty(cases, async ([generated, mutations]) => {
      // A deep copy: mutations work in place, and fast-check reuses generated values while shrinking.
      let body: Body = clone(bodyOf(generated));
      for (const mutation of mutations) {
        body = apply(body, { ...mutation, value: mutation.value === undefined ? undefined : clone(mutation.value) } as Mutation);
      }
      const mutated = mutations.map((mutation) => pointerOf(mutation.path));
      const before = await fingerprint();
      const response = await app.push(jsonText(body), token.accessToken);

      assert.ok(response.status < 500, `status ${response.status}: ${JSON.stringify(response.body)}`);
      assert.ok([200, 400].includes(response.status), `status ${response.status}: ${JSON.stringify(response.body)}`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
      if (response.status === 200) {
        assert.deepEqual(response.body, { value: true });
        return;
      }
      refusedCount += 1;
      const refusal = response.body as { errors?: { pointer?: string; message: string }[] };
      assert.ok(problem(refusal), `a problem document: ${JSON.stringify(problem.errors)}`);
      const errors = refusal.errors ?? [];
      assert.ok(errors.length > 0, `the 400 names the failing path: ${JSON.stringify(response.body)}`);
      for (const error of errors) {
        assert.equal(typeof error.pointer, 'string', JSON.stringify(error));
        const pointer = error.pointer as string;
        assert.ok(
          mutated.some((path) => pointer === path || pointer.startsWith(`${path}/`) || path.startsWith(`${pointer}/`)),
          `${pointer} (${error.message}) is at, in or above a mutated path: ${mutated.join(', ')}`,
        );
      }
      assert.equal(await fingerprint(), before, 'nothing changed');
    }),
    { numRuns: 150 },
  );
  assert.ok(refusedCount > 50, `most mutations are refused (${refusedCount})`);
  const alive = await app.http().get('/healthz');
  assert.equal(alive.status, 200, 'the server still answers');
});

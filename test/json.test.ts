/**
 * Body parsing takes a fast way (JSON.parse) where it can keep every number
 * exact; whichever way it takes, the value and every error are what
 * lossless-json alone gives: numbers with their digits as written,
 * repeated keys resolved the same way, the same nesting limit and messages.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LosslessNumber, parse } from 'lossless-json';
import { parseJson, tooDeep } from '../src/api/json.ts';
import { PUSH_EXAMPLE } from './helpers/builders.ts';

/** What lossless-json alone makes of a text (the parsing before the fast way existed). */
function lossless(text: string, maxDepth: number): string {
  const at = tooDeep(text, maxDepth);
  if (at !== undefined) return `too deep at ${at}`;
  try {
    return shape(parse(text, null, { onDuplicateKey: ({ newValue }) => newValue }));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

function viaParseJson(text: string, maxDepth: number): string {
  const parsed = parseJson(text, maxDepth);
  if (parsed.ok) return shape(parsed.value);
  return parsed.tooDeepAt === undefined ? `error: ${parsed.reason}` : `too deep at ${parsed.tooDeepAt}`;
}

/** A value written out with its key order, own keys only, and each number as its text. */
function shape(value: unknown): string {
  if (value instanceof LosslessNumber) return `n(${value.value})`;
  if (typeof value === 'number') return `n(${String(value)})`;
  if (Array.isArray(value)) return `[${value.map(shape).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    if (Object.getPrototypeOf(value) !== Object.prototype) return 'an object with another prototype';
    const entries = Object.keys(value).map((key) => `${JSON.stringify(key)}:${shape(Object.getOwnPropertyDescriptor(value, key)?.value)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const NUMBERS = ['0', '-0', '7', '-12', '1.0', '828.30', '1.5', '1e3', '1E+3', '1e21', '0.1', '1e-7', '5e-324', '1e400'];
const BIG_NUMBERS = [
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '123456789012345',
  '1234567890123456',
  '12345678901234567890',
];
const NOT_NUMBERS = ['01', '-', '1.', '.5', '+1', '1e', '00'];
const STRINGS = ['"a"', '"\\""', '"\\\\"', '"x\\\\\\"y"', '"\\u0000"', '"\\ud800"', '"中文"', '"08:05"', '"[{"', '"__proto__"'];
const KEYS = ['"a"', '"b"', '"__proto__"', '"\\u0061"', '"0"', '" a "', '"taxrate"', '"taxRate"'];
const SPACE = ['', ' ', '\n', '\t', '\r\n', '\u00a0', '\ufeff'];

const leaf = fc.oneof(
  fc.constantFrom(...NUMBERS, ...BIG_NUMBERS, ...NOT_NUMBERS),
  fc.constantFrom(...STRINGS),
  fc.constantFrom('true', 'false', 'null', 'tru'),
);
const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 4 })
    .map((entries) => `{${entries.map(([key, item]) => `${key}:${item}`).join(',')}}`),
}));
/** JSON texts, some broken by a character put anywhere. */
const texts = fc
  .tuple(
    value,
    fc.constantFrom(...SPACE),
    fc.constantFrom(...SPACE),
    fc.nat(40),
    fc.constantFrom('', ',', ']', '}', '[', '{', '"', '\\', ':'),
  )
  .map(([text, before, after, at, extra]) => {
    const spaced = `${before}${text}${after}`;
    return spaced.slice(0, at) + extra + spaced.slice(at);
  });

test('when texts hold numbers in any spelling, repeated keys, __proto__ or errors, then parseJson gives what lossless-json gives', () => {
  fc.assert(
    fc.property(texts, fc.integer({ min: 0, max: 6 }), (text, maxDepth) => {
      assert.equal(viaParseJson(text, maxDepth), lossless(text, maxDepth), text);
      assert.equal(viaParseJson(text, 32), lossless(text, 32), text);
    }),
    { numRuns: 20_000 },
  );
});

test('when a key repeats, then the last value wins, in the place of the first, whatever the values', () => {
  for (const text of [
    '{"a":{"x":1,"y":2},"b":0,"a":{"y":2,"x":1}}',
    '{"k":[],"k":{}}',
    '{"a":1,"a":1.0}',
    '{"__proto__":1,"__proto__":{}}',
  ]) {
    assert.equal(viaParseJson(text, 32), lossless(text, 32), text);
  }
  assert.equal(viaParseJson('{"a":{"x":1,"y":2},"b":0,"a":{"y":2,"x":1}}', 32), '{"a":{"y":n(2),"x":n(1)},"b":n(0)}');
});

test('when the doc example is nested at every limit, then parseJson and lossless-json agree', () => {
  for (let maxDepth = 0; maxDepth <= 5; maxDepth++) {
    assert.equal(viaParseJson(PUSH_EXAMPLE, maxDepth), lossless(PUSH_EXAMPLE, maxDepth));
  }
  assert.equal(viaParseJson(PUSH_EXAMPLE, 32), lossless(PUSH_EXAMPLE, 32));
  assert.match(viaParseJson('{"a":[1.50, 2]}', 32), /n\(1\.50\),n\(2\)/, 'digits as written');
});

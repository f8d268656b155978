/**
 * The one place where the quirks of what channels send are smoothed out,
 * before schema validation. Every rule here is listed in the description of
 * the push operation in `openapi.yaml`:
 *
 * - object keys are trimmed; `x-aliases` names are the same field;
 * - `""` or `null` in an optional field, or in any numeric field, is absent;
 * - schema defaults apply to absent fields (`result`, `originals`);
 * - decimal fields take JSON numbers, kept exactly as written;
 *   integer fields take strings of digits; string fields take no JSON
 *   number, whatever its size (`应为字符串`: a 20-digit 数电 number sent as
 *   a number is refused as a 16-digit one is, not taken as its text);
 * - an array marked `x-accepts-json-string` may come as a JSON string;
 * - fields the schema does not name are dropped (the raw body keeps them),
 *   except in an object whose schema says `additionalProperties: false`
 *   (the console's bodies, a form's rejection, the info sheet), where each
 *   is refused by name, with the close known name it may be a typo of;
 * - strings with NUL characters or unpaired surrogates, and nesting deeper
 *   than MAX_DEPTH, are errors (Postgres cannot store the former).
 *
 * The plan of each schema is built once, on its first use, from `openapi.yaml`.
 */
import damerauLevenshtein from 'damerau-levenshtein';
import { isSafeNumber, LosslessNumber } from 'lossless-json';
import type { FieldError } from '../errors.ts';
import { parseJson, whereNotJson } from './json.ts';
import { escapePointer, refName, resolve, type SchemaNode, schemas } from './spec.ts';

export const MAX_DEPTH = 32;

type Plan =
  | {
      kind: 'object';
      properties: Map<string, Property>;
      aliases: Map<string, string>;
      defaults: readonly Property[];
      /** `additionalProperties: false`: a field the schema does not name is refused, not dropped. */
      strict: boolean;
    }
  | { kind: 'array'; items: Plan; acceptsJsonString: boolean }
  | { kind: 'decimal' }
  | { kind: 'integer' }
  | { kind: 'string' }
  | { kind: 'free' };

interface Property {
  readonly name: string;
  /** `/name`, escaped: the name's segment of a JSON Pointer. */
  readonly segment: string;
  readonly plan: Plan;
  readonly required: boolean;
  readonly default: unknown;
}

const plans = new Map<string, Plan>();

function planOf(node: SchemaNode): Plan {
  if (node.$ref && refName(node.$ref) === 'Decimal') return { kind: 'decimal' };
  const schema = resolve(node);
  if (schema.type === 'integer') return { kind: 'integer' };
  if (schema.type === 'string') return { kind: 'string' };
  if (schema.type === 'array' && schema.items) {
    return { kind: 'array', items: planOf(schema.items), acceptsJsonString: node['x-accepts-json-string'] === true };
  }
  const strict = schema.additionalProperties === false;
  if (schema.type === 'object' && (schema.properties || strict)) {
    const properties = new Map<string, Property>();
    const aliases = new Map<string, string>();
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const segment = `/${escapePointer(name)}`;
      properties.set(name, { name, segment, plan: planOf(property), required: required.has(name), default: property.default });
      for (const alias of property['x-aliases'] ?? []) aliases.set(alias, name);
    }
    const defaults = [...properties.values()].filter((property) => property.default !== undefined);
    return { kind: 'object', properties, aliases, defaults, strict };
  }
  return { kind: 'free' };
}

function planFor(schemaName: string): Plan {
  let plan = plans.get(schemaName);
  if (!plan) {
    const schema = schemas[schemaName];
    if (!schema) throw new Error(`schema ${schemaName} is not in openapi.yaml`);
    plan = planOf(schema);
    plans.set(schemaName, plan);
  }
  return plan;
}

export interface Normalized {
  readonly value: unknown;
  readonly errors: FieldError[];
}

/** Normalises a body as parseJson gives it (numbers as LosslessNumber or exact JS numbers) for validation against `schemaName`. */
export function normalize(schemaName: string, body: unknown): Normalized {
  const errors: FieldError[] = [];
  const value = walk(body, planFor(schemaName), '', 0, errors);
  return { value, errors };
}

function walk(value: unknown, plan: Plan, pointer: string, depth: number, errors: FieldError[]): unknown {
  if (depth > MAX_DEPTH) {
    errors.push({ pointer, message: `nests deeper than ${MAX_DEPTH} levels`, zh: `嵌套超过 ${MAX_DEPTH} 层`, rule: 'depth' });
    return undefined;
  }
  switch (plan.kind) {
    case 'decimal':
      if (typeof value === 'number') return String(value); // parseJson gives a number only where this is its text
      return value instanceof LosslessNumber ? value.value : plain(value, pointer, depth, errors);
    case 'integer':
      if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
      return plain(value, pointer, depth, errors);
    case 'string':
      // A number, as the schema sees it: plain() would make one too large for a JS number its text, a string.
      if (value instanceof LosslessNumber) return Number(value.value);
      return plain(value, pointer, depth, errors);
    case 'array':
      if (plan.acceptsJsonString && typeof value === 'string') return arrayFromString(value, plan, pointer, depth, errors);
      if (!Array.isArray(value)) return plain(value, pointer, depth, errors);
      return value.map((item, index) => walk(item, plan.items, `${pointer}/${index}`, depth + 1, errors) ?? null);
    case 'object':
      return isObject(value) ? walkObject(value, plan, pointer, depth, errors) : plain(value, pointer, depth, errors);
    default:
      return plain(value, pointer, depth, errors);
  }
}

function walkObject(
  value: Record<string, unknown>,
  plan: Extract<Plan, { kind: 'object' }>,
  pointer: string,
  depth: number,
  errors: FieldError[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const trimmed = key.trim();
    const name = plan.aliases.get(trimmed) ?? trimmed;
    const property = plan.properties.get(name);
    if (!property) {
      if (plan.strict) errors.push(unknownField(key, plan, `${pointer}/${escapePointer(key)}`));
      continue;
    }
    // A key spelled exactly wins over a trimmed or aliased one that comes after it.
    if (key !== name && comesBefore(keys, name, index)) continue;
    const raw = value[key];
    const normalized = absent(raw, property) ? undefined : walk(raw, property.plan, pointer + property.segment, depth + 1, errors);
    if (normalized === undefined) delete out[name];
    else out[name] = normalized;
  }
  for (const property of plan.defaults) {
    if (out[property.name] === undefined) out[property.name] = property.default;
  }
  return out;
}

/** A field a strict schema does not name: refused by name, with the known name it is likely a typo of (`seller` → `sellers`). */
function unknownField(key: string, plan: Extract<Plan, { kind: 'object' }>, pointer: string): FieldError {
  const known = closestName(key.trim(), [...plan.properties.keys(), ...plan.aliases.keys()]);
  return known === undefined
    ? { pointer, message: 'is not a field of this operation', zh: '不是本接口的字段', rule: 'additionalProperties' }
    : {
        pointer,
        message: `is not a field of this operation (did you mean ${known}?)`,
        zh: `不是本接口的字段（是否应为 ${known}？）`,
        rule: 'additionalProperties',
      };
}

/** The known name closest to `key`, ignoring case, if it is a likely typo: one edit away (two for names over 4 characters). */
function closestName(key: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= (name.length > 4 ? 2 : 1) && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edits (insertion, deletion, substitution, swap of neighbours) that turn `a` into `b`; keys longer than 64 are not compared. */
function editDistance(a: string, b: string): number {
  return a.length > 64 || b.length > 64 ? Number.POSITIVE_INFINITY : damerauLevenshtein(a, b).steps;
}

/** Whether `key` is one of `keys` (which are distinct) before `index`. */
function comesBefore(keys: readonly string[], key: string, index: number): boolean {
  const at = keys.indexOf(key);
  return at >= 0 && at < index;
}

function absent(value: unknown, property: Property): boolean {
  if (value === null) return true;
  if (value !== '') return false;
  return !property.required || property.plan.kind === 'decimal' || property.plan.kind === 'integer';
}

function arrayFromString(text: string, plan: Plan, pointer: string, depth: number, errors: FieldError[]): unknown {
  const parsed = parseJson(text, MAX_DEPTH - depth);
  if (!parsed.ok) {
    if (parsed.tooDeepAt !== undefined) {
      errors.push({
        pointer: `${pointer}${parsed.tooDeepAt}`,
        message: `nests deeper than ${MAX_DEPTH} levels`,
        zh: `嵌套超过 ${MAX_DEPTH} 层`,
        rule: 'depth',
      });
    } else {
      errors.push({
        pointer,
        message: `is a string that is not a JSON array: ${parsed.reason}`,
        zh: `是字符串，但不是合法的 JSON 数组${whereNotJson(parsed)}`,
        rule: 'json_string',
      });
    }
    return undefined;
  }
  if (!Array.isArray(parsed.value)) {
    errors.push({ pointer, message: 'is a string that is not a JSON array', zh: '是字符串，但不是 JSON 数组', rule: 'json_string' });
    return undefined;
  }
  return walk(parsed.value, plan, pointer, depth, errors);
}

/**
 * A value outside the schema's shape (free maps such as `ext`, or a value of
 * the wrong type that validation will report): numbers become JS numbers
 * (kept as their text where a JS number would not hold them exactly), and
 * every string is checked for what Postgres cannot store.
 */
function plain(value: unknown, pointer: string, depth: number, errors: FieldError[]): unknown {
  if (depth > MAX_DEPTH) {
    errors.push({ pointer, message: `nests deeper than ${MAX_DEPTH} levels`, zh: `嵌套超过 ${MAX_DEPTH} 层`, rule: 'depth' });
    return undefined;
  }
  if (typeof value === 'string') {
    checkText(value, pointer, errors);
    return value;
  }
  if (value instanceof LosslessNumber) return isSafeNumber(value.value) ? Number(value.value) : value.value;
  if (Array.isArray(value)) return value.map((item, index) => plain(item, `${pointer}/${index}`, depth + 1, errors));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const at = `${pointer}/${escapePointer(key)}`;
      checkText(key, at, errors);
      // defineProperty: a key named "__proto__" stays an ordinary key.
      Object.defineProperty(out, key, { value: plain(item, at, depth + 1, errors), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function checkText(text: string, pointer: string, errors: FieldError[]): void {
  if (text.includes('\u0000'))
    errors.push({ pointer, message: 'must not contain NUL characters (\\u0000)', zh: '不能含 NUL 字符（\\u0000）', rule: 'nul' });
  else if (!text.isWellFormed())
    errors.push({
      pointer,
      message: 'must not contain unpaired UTF-16 surrogates',
      zh: '不能含不成对的 UTF-16 代理字符',
      rule: 'surrogate',
    });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LosslessNumber);
}

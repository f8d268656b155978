/**
 * What a failing field is told, in Chinese, and which of its failures to
 * tell: ajv reports every keyword that fails (an integer field sent
 * `"成功"` fails `type` and `enum`), a person wants one reason per field,
 * the most useful one, with the value that was sent.
 *
 * Chinese reasons: our own for the keywords that say most (`required`,
 * `type`, `enum`, lengths, sizes, a field not in the schema, repeated
 * items, dates), a schema's `x-error-zh` where it has one (`Decimal`: how
 * to write a decimal; every `pattern` has one, so that no regular
 * expression is shown), ajv-i18n's for the rest.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';

const localizeZh = localizeZhModule as unknown as (errors: ErrorObject[]) => void;

/** What a `format` asks for, in words (ajv-i18n would name the format: `应当匹配格式 "date"`). */
const FORMATS: Readonly<Record<string, string>> = {
  date: '应为日期，如 2026-10-01',
  'date-time': '应为带时区的时间，如 2026-10-01T08:00:00+08:00',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '字符串',
  integer: '整数',
  number: '数字',
  array: '数组',
  object: '对象',
  boolean: '布尔值',
  null: 'null',
};

/** The reason of one ajv error in Chinese (without the field's name). */
export function chineseReason(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const custom = (error.parentSchema as { readonly 'x-error-zh'?: unknown } | undefined)?.['x-error-zh'];
  if (typeof custom === 'string' && error.keyword !== 'required') return custom;
  const limit = Number(params.limit);
  switch (error.keyword) {
    case 'required':
      return '必填';
    case 'type':
      return `应为${String(params.type)
        .split(',')
        .map((type) => TYPE_NAMES[type] ?? type)
        .join('或')}`;
    case 'enum':
      return `应为 ${(params.allowedValues as unknown[]).map(String).join('、')} 之一`;
    case 'const':
      return `应为 ${String(params.allowedValue)}`;
    case 'minLength':
      return limit === 1 ? '不能为空' : `至少 ${limit} 个字符`;
    case 'maxLength':
      return `不能超过 ${limit} 个字符`;
    case 'minItems':
      return `至少 ${limit} 项`;
    case 'maxItems':
      return `最多 ${limit} 项`;
    case 'maxProperties':
      return `最多 ${limit} 个键`;
    case 'minimum':
      return `不能小于 ${limit}`;
    case 'maximum':
      return `不能大于 ${limit}`;
    case 'anyOf':
      return '类型不对';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      // Named by the field itself (src/api/spec.ts points at it): `x：不是本接口的字段`.
      return '不是本接口的字段';
    case 'uniqueItems': {
      // People count from 1.
      const [first = 0, second = 0] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      const item: unknown = Array.isArray(error.data) ? error.data[first] : undefined;
      const same = typeof item === 'string' || typeof item === 'number' ? `都是 ${item}` : '相同';
      return `不能重复（第 ${first + 1} 项与第 ${second + 1} 项${same}）`;
    }
    case 'minProperties':
      // Only PATCH bodies (what changes) ask for a least number of fields.
      return limit === 1 ? '至少要改一项' : `至少要改 ${limit} 项`;
    case 'format':
      if (FORMATS[String(params.format)]) return FORMATS[String(params.format)] as string;
      return localized(error);
    default:
      return localized(error);
  }
}

/** ajv-i18n's Chinese message of an error. */
function localized(error: ErrorObject): string {
  const copy = { ...error };
  localizeZh([copy]);
  return copy.message ?? '无效';
}

/**
 * How telling each kind of failure is, best first: a missing field; a value
 * outside the allowed set (it lists them); the wrong type; the wrong form;
 * then limits. What normalisation refused (NUL characters, nesting) is told
 * before anything the schema says about the same field.
 */
const RANK: Readonly<Record<string, number>> = {
  nul: 0,
  surrogate: 0,
  depth: 0,
  json_string: 0,
  required: 1,
  enum: 2,
  const: 2,
  type: 3,
  pattern: 4,
  format: 4,
  anyOf: 4,
};
const OTHER_RANK = 5;

/** One failure per place (pointer or parameter), the most telling, in the order the places first fail. */
export function onePerField<T extends { readonly rule?: string }>(errors: readonly T[], placeOf: (error: T) => string): T[] {
  const best = new Map<string, T>();
  for (const error of errors) {
    const place = placeOf(error);
    const kept = best.get(place);
    if (!kept || rankOf(error) < rankOf(kept)) best.set(place, error);
  }
  return [...best.values()];
}

function rankOf(error: { readonly rule?: string }): number {
  return RANK[error.rule ?? ''] ?? OTHER_RANK;
}

/** The value at a JSON Pointer of a parsed body; undefined when there is none. */
export function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let value: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof value !== 'object' || value === null) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Longest text of a value shown back. */
export const SHOWN_LENGTH = 40;

/**
 * A received value as an error shows it: numbers, booleans and null as
 * they are; a string of at most SHOWN_LENGTH characters as it is; a longer
 * string, an object or an array as (the start of) its JSON text, cut at
 * SHOWN_LENGTH characters with `…` and the full length, such as
 * `"{\"a\":1,…（共 812 个字符）"`. Undefined when absent.
 */
export function shownValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const characters = [...text];
  if (characters.length <= SHOWN_LENGTH) return text;
  return `${characters.slice(0, SHOWN_LENGTH).join('')}…（共 ${characters.length} 个字符）`;
}

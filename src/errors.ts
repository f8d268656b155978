/**
 * The one error class of the service and its codes. Services, repositories,
 * jobs and the CLI throw it; it knows nothing of HTTP frameworks. The HTTP
 * layer (http/errors.ts) renders it as a problem document with its status,
 * in the request's language (Chinese, or English when the client prefers
 * it); the CLI prints its detail.
 */
import type { components } from './generated/openapi.ts';

type Schemas = components['schemas'];

/** The stable codes of errors (schema `Problem` in openapi.yaml). */
export type ErrorCode = Schemas['Problem']['code'];

/**
 * A failing body field (by JSON Pointer) or query or path parameter (by
 * name), and why. `rule` names the check that failed (for metrics; not sent
 * to clients); `finding`, the code of a finding the channel refuses.
 * `message` is the reason in English, `zh` in Chinese (both without the
 * field's name); `label` is the field's Chinese name (src/api/field-labels.ts)
 * and `field` its path (`data[0].sellerTaxNo`); `value` what was received
 * (shortened, never a secret). The error handler renders them in the
 * request's language (src/http/language.ts).
 */
export type FieldError = (
  | { readonly pointer: string; readonly message: string; readonly finding?: Schemas['FindingCode'] }
  | { readonly parameter: string; readonly message: string; readonly in?: 'query' | 'path' }
) & {
  readonly rule?: string;
  readonly zh?: string;
  readonly label?: string;
  readonly field?: string;
  readonly value?: unknown;
};

/** A text in both languages of the API's messages. */
export interface Text {
  readonly en: string;
  readonly zh: string;
}

export class AppError extends Error {
  /** The HTTP status it is answered with. */
  readonly status: number;
  readonly code: ErrorCode;
  /** In English. */
  readonly detail: string;
  /** In Chinese (absent: the Chinese title, the English detail in brackets). */
  readonly detailZh?: string;
  readonly errors?: readonly FieldError[];
  /** Headers that go with the answer (`Retry-After`, `WWW-Authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: ErrorCode,
    detail: string | Text,
    errors?: readonly FieldError[],
    headers?: Readonly<Record<string, string>>,
  ) {
    const text = typeof detail === 'string' ? { en: detail, zh: undefined } : detail;
    super(text.en);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.detail = text.en;
    this.detailZh = text.zh;
    this.errors = errors;
    this.headers = headers;
  }

  /** A 400 listing the failing fields. */
  static validation(errors: readonly FieldError[]): AppError {
    const first = errors[0];
    const detail =
      errors.length === 1 && first ? `${subject(first)} ${first.message}` : `${errors.length} fields are not valid; see errors`;
    return new AppError(400, 'validation_failed', { en: detail, zh: chineseSummary(errors) }, errors);
  }
}

function subject(error: FieldError): string {
  if ('parameter' in error) return `${error.in ?? 'query'} parameter ${error.parameter}`;
  return error.pointer === '' ? 'the body' : error.pointer;
}

/** Fields named in a Chinese `detail`; the others are in `errors`. */
const MAX_IN_DETAIL = 5;

/** The Chinese messages of the first few failing fields, `；`-separated: `销方税号(data[0].sellerTaxNo)：必填；…`. */
export function chineseSummary(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, MAX_IN_DETAIL).map(chineseMessage);
  if (errors.length > MAX_IN_DETAIL) shown.push(`等 ${errors.length} 处`);
  return shown.join('；');
}

/** `销方税号(data[0].sellerTaxNo)：必填`: the field's Chinese name, its place, and why. */
export function chineseMessage(error: FieldError): string {
  const field = error.field ?? ('parameter' in error ? error.parameter : pathAt(error.pointer));
  const label = error.label ?? (field === '' ? '请求体' : field);
  const reason = error.zh ?? error.message;
  return label === field ? `${field}：${reason}` : fieldMessage({ field, label }, reason);
}

/** `销方税号(data[0].sellerTaxNo)：必填`; `请求体：应为对象` for the body itself. */
export function fieldMessage(field: { readonly field: string; readonly label: string }, reason: string): string {
  return field.field === '' ? `${field.label}：${reason}` : `${field.label}(${field.field})：${reason}`;
}

/** `/details/0/amount` → `details[0].amount`; `` → `` (the body itself). */
export function pathAt(pointer: string): string {
  return (pointer === '' ? [] : pointer.split('/').slice(1))
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

/**
 * The one way the console talks to the server: the same JSON API the apps
 * use, authenticated by the session cookie (HttpOnly, sent by the browser)
 * and, on every request that changes something, the session's CSRF token in
 * the X-CSRF-Token header. Errors are the API's problem documents.
 */

export interface FieldProblem {
  readonly parameter?: string;
  readonly pointer?: string;
  /** The field's Chinese name (`销方税号`), where the API gives it. */
  readonly label?: string;
  /** Why, in the answer's language: `名称(place)：reason` in Chinese, often the reason alone in English. */
  readonly message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
  readonly requestId: string | undefined;

  constructor(status: number, code: string, detail: string, errors: readonly FieldProblem[] = [], requestId?: string) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.requestId = requestId;
  }
}

let csrfToken: string | undefined;

/** Set from `GET /api/console/session` and the login answer; cleared on logout. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Called when the server says the session is gone (401): the app returns to the sign-in page. */
let onUnauthorized: ((error: ApiError) => void) | undefined;

export function handleUnauthorized(handler: (error: ApiError) => void): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Query;
  readonly body?: unknown;
  /** Sent as the Idempotency-Key header: a retry of the same request is answered, not done again. */
  readonly idempotencyKey?: string;
  /** Do not report a 401 to the app (the session probe and the sign-in itself). */
  readonly quiet401?: boolean;
}

/** The status and the parsed JSON body (undefined when there is none or it is not JSON). */
async function send(path: string, options: RequestOptions): Promise<{ response: Response; body: unknown }> {
  const method = options.method ?? 'GET';
  // The console is Chinese: the API's messages are asked for in Chinese whatever the browser's own language.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': 'zh-CN' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const response = await fetch(`${path}${queryString(options.query)}`, {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return { response, body: undefined };
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { response, body };
}

function failed(response: Response, error: ApiError, options: RequestOptions): ApiError {
  if (response.status === 401 && !options.quiet401) onUnauthorized?.(error);
  return error;
}

/** A call of the JSON API: `{"value": …}` on success, a problem document otherwise. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { response, body } = await send(path, options);
  if (!response.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; errors?: FieldProblem[]; requestId?: string };
    throw failed(
      response,
      new ApiError(
        response.status,
        problem.code ?? 'internal',
        problem.detail ?? `${response.status} ${response.statusText}`,
        problem.errors,
        problem.requestId,
      ),
      options,
    );
  }
  return (body as { value: T }).value;
}

/** Seed 000's envelope: `code`, `success`, `data`, and `msg` in Chinese. */
export interface Envelope<T> {
  readonly code: string;
  readonly success: boolean;
  readonly data: T;
  readonly msg: string;
}

/**
 * A call of an endpoint that answers in seed 000's envelope (the red-flush
 * requests): the envelope on success; otherwise an ApiError whose `code` is
 * `data.reason` and whose `detail` is the Chinese `msg`, shown as it is.
 */
export async function envelopeApi<T>(path: string, options: RequestOptions = {}): Promise<Envelope<T>> {
  const { response, body } = await send(path, options);
  if (!response.ok) {
    const envelope = (body ?? {}) as Partial<Envelope<{ reason?: string; requestId?: string }>>;
    throw failed(
      response,
      new ApiError(
        response.status,
        envelope.data?.reason ?? 'internal',
        envelope.msg ?? `${response.status} ${response.statusText}`,
        [],
        envelope.data?.requestId,
      ),
      options,
    );
  }
  return body as Envelope<T>;
}

/** `/details/0/amount` → `details[0].amount` (as the API names a place in its messages). */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

/**
 * An API name in brackets right after Chinese words: `红冲金额(details[0].amount)`,
 * `「已开具」（issued）`. Callers of the API want it; a clerk reads the Chinese
 * name beside it and has no use for the path.
 */
const API_NAME = /(?<=[\u3400-\u9fff」』])\s?[(（][A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*[)）]/g;

/** A message of the API as a clerk should read it: without the API's field paths and codes in brackets. */
export function forClerk(text: string): string {
  return text.replace(API_NAME, '');
}

export const hasChinese = (text: string): boolean => /[\u3400-\u9fff]/.test(text);

/** The names a field's message may start with: `销方税号(sellerTaxNo)`, `sellerTaxNo`, `销方税号`. */
function namesOf(field: FieldProblem): string[] {
  const places = [field.parameter, field.pointer === undefined ? undefined : pathOf(field.pointer), field.pointer].filter(
    (place): place is string => !!place,
  );
  const labelled = field.label ? places.flatMap((place) => [`${field.label}(${place})`, `${field.label}（${place}）`]) : [];
  return [...labelled, ...places, ...(field.label ? [field.label] : [])];
}

/** The message without the field's name before it, when it starts with one (`currentPassword：is not…` → `is not…`). */
export function fieldReason(field: FieldProblem): string {
  const text = field.message.trim();
  for (const name of namesOf(field)) {
    const rest = text.startsWith(name) ? text.slice(name.length) : undefined;
    const reason = rest === undefined ? undefined : /^\s*[：:]\s*(.+)$/s.exec(rest)?.[1];
    if (reason) return reason;
  }
  return text;
}

/** A failing field as a clerk reads it: its Chinese name (or the API's, when that is all there is) and why, once each. */
function describeField(field: FieldProblem): string {
  const name = field.label ?? field.parameter ?? (field.pointer ? pathOf(field.pointer) : '');
  const reason = forClerk(fieldReason(field));
  return name ? `${name}：${reason}` : reason;
}

/** What to tell a person about a failed request, in Chinese. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return '网络错误：无法连接服务器，请稍后重试';
  const detail = forClerk(error.detail);
  // The server's own Chinese summary names every field already; the fields one by one otherwise (an English answer).
  const fields = hasChinese(detail) ? '' : error.errors.map(describeField).join('；');
  switch (error.status) {
    case 400:
      return `请求有误：${fields || detail}`;
    case 401:
      return '登录已失效，请重新登录';
    case 403:
      return `没有权限：${detail}`;
    case 404:
      return '未找到，或您无权查看';
    case 409:
      return `操作冲突：${detail}`;
    case 429:
      return '尝试次数过多，请稍后再试';
    case 503:
      return '服务暂时不可用（数据库无法连接），请稍后重试';
    default:
      return `服务器错误${error.requestId ? `（请求编号 ${error.requestId}）` : ''}，请联系管理员`;
  }
}

/**
 * The one error handler: every error is answered with an RFC 9457 problem
 * document (schema `Problem` in openapi.yaml), an AppError (errors.ts) with
 * its status and code. Body-parser failures and an unreachable database are
 * mapped to theirs; unknown errors become a 500 that names only the request
 * id; the details go to the log, never to the client.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { isDatabaseUnavailable, isStatementCancelled } from '../db/errors.ts';
import { AppError, chineseMessage, type ErrorCode } from '../errors.ts';
import { type Language, languageOf } from './language.ts';

const TITLES: Record<ErrorCode, string> = {
  bad_json: 'The body is not valid JSON',
  validation_failed: 'The request is not valid',
  unsupported_media_type: 'The body must be JSON',
  payload_too_large: 'The body is too large',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict with stored data',
  findings_rejected: 'The push fails checks this channel enforces',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

/** The titles in Chinese, the default language of messages (src/http/language.ts). */
const TITLES_ZH: Record<ErrorCode, string> = {
  bad_json: '请求体不是合法的 JSON',
  validation_failed: '请求无效',
  unsupported_media_type: '请求体须为 JSON',
  payload_too_large: '请求体过大',
  unauthorized: '需要认证',
  forbidden: '无权操作',
  not_found: '未找到',
  method_not_allowed: '不支持该请求方法',
  conflict: '与已保存的数据冲突',
  findings_rejected: '推送未通过该渠道要求的校验',
  rate_limited: '请求过于频繁',
  unavailable: '服务暂不可用',
  internal: '内部错误',
};

export const MAX_REPORTED_ERRORS = 100;

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Maps any thrown value to the AppError the client sees. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const bodyError = error as BodyParserError;
  switch (bodyError?.type) {
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', { en: 'the body is larger than the limit', zh: '请求体超过大小上限' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_media_type', { en: 'the body must be JSON in UTF-8', zh: '请求体须为 UTF-8 编码的 JSON' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'entity.verify.failed':
      return new AppError(400, 'bad_json', { en: 'the body could not be read', zh: '无法读取请求体' });
  }
  const status = (error as { status?: unknown } | null)?.status;
  // A path parameter that is not valid percent-encoding (`/forms/%ZZ`): the router says 400 with a URIError.
  if (error instanceof URIError && status === 400) {
    return new AppError(400, 'validation_failed', {
      en: 'a path parameter is not valid percent-encoding (%XX)',
      zh: '路径参数不是合法的 URL 编码（%XX）',
    });
  }
  // A body the parser could not read otherwise (`Content-Encoding: gzip` over bytes that are not gzip): its 400, not a 500.
  if (status === 400 && (error as { expose?: unknown }).expose === true) {
    return new AppError(400, 'bad_json', { en: 'the body could not be read', zh: '无法读取请求体' });
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      503,
      'unavailable',
      { en: 'the database is unavailable; nothing was stored, retry later', zh: '数据库暂不可用，未保存任何内容，请稍后重试' },
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
  if (isStatementCancelled(error)) {
    return new AppError(
      503,
      'unavailable',
      {
        en: 'the database took too long (statement timeout); nothing was stored, retry later',
        zh: '数据库处理超时，未保存任何内容，请稍后重试',
      },
      undefined,
      { 'Retry-After': '5' },
    );
  }
  return undefined;
}

/**
 * The problem document of an error in a language: in Chinese the title and
 * detail are Chinese and each failing field's message names it by its
 * Chinese name (`销方税号(data[0].sellerTaxNo)：必填`); in English the
 * message is the reason alone. Each field carries its Chinese name
 * (`label`) and the value received (`value`, shortened; never a secret)
 * where known.
 */
export function problemBody(error: AppError, requestId: string, language: Language): Record<string, unknown> {
  const zh = language === 'zh';
  const body: Record<string, unknown> = {
    type: `urn:fapiao-hub:problem:${error.code}`,
    title: zh ? TITLES_ZH[error.code] : TITLES[error.code],
    status: error.status,
    code: error.code,
    detail: zh ? (error.detailZh ?? `${TITLES_ZH[error.code]}（${error.detail}）`) : error.detail,
    requestId,
  };
  if (error.errors) {
    body.errors = error.errors.slice(0, MAX_REPORTED_ERRORS).map((field) => {
      const { rule: _rule, zh: _zh, field: _field, label, value, message, ...place } = field;
      return {
        ...place,
        message: zh ? chineseMessage(field) : message,
        ...(label === undefined ? {} : { label }),
        ...(value === undefined ? {} : { value }),
      };
    });
    if (error.errors.length > MAX_REPORTED_ERRORS) body.truncated = true;
  }
  return body;
}

export function sendProblem(res: Parameters<RequestHandler>[1], error: AppError): void {
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res
    .status(error.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(error, String(res.req.id ?? ''), languageOf(res.req))));
}

export const notFound: RequestHandler = (req) => {
  throw new AppError(404, 'not_found', { en: `no route for ${req.method} ${req.path}`, zh: `没有这个接口：${req.method} ${req.path}` });
};

/**
 * Renders every error as a problem document. `observe` sees each error as
 * the client will (metrics count them there).
 */
export function errorHandler(observe?: (error: AppError, req: Request) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toAppError(error);
    if (!known || known.status >= 500) req.log?.error({ err: error }, 'request failed');
    const shown =
      known ??
      new AppError(500, 'internal', {
        en: 'an internal error occurred; quote the requestId when asking for support',
        zh: '内部错误；联系支持时请提供 requestId',
      });
    observe?.(shown, req);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, shown);
  };
}

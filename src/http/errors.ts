/**
 * The one error handler: every error is answered with an RFC 9457 problem
 * document (schema `Problem` in openapi.yaml), an AppError (errors.ts) with
 * its status and code. Body-parser failures and an unreachable database are
 * mapped to theirs; unknown errors become a 500 that names only the request
 * id; the details go to the log, never to the client.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { AppError, type ErrorCode } from '../errors.ts';

const TITLES: Record<ErrorCode, string> = {
  bad_json: 'The body is not valid JSON',
  validation_failed: 'The request is not valid',
  unsupported_media_type: 'The body must be JSON',
  payload_too_large: 'The body is too large',
  unauthorized: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict with stored data',
  findings_rejected: 'The push fails checks this channel enforces',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
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
      return new AppError(413, 'payload_too_large', 'the body is larger than the limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_media_type', 'the body must be JSON in UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'entity.verify.failed':
      return new AppError(400, 'bad_json', 'the body could not be read');
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError(503, 'unavailable', 'the database is unavailable; nothing was stored, retry later', undefined, {
      'Retry-After': '5',
    });
  }
  return undefined;
}

export function problemBody(error: AppError, requestId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: `urn:fapiao-hub:problem:${error.code}`,
    title: TITLES[error.code],
    status: error.status,
    code: error.code,
    detail: error.detail,
    requestId,
  };
  if (error.errors) {
    body.errors = error.errors.slice(0, MAX_REPORTED_ERRORS).map(({ rule: _rule, ...shown }) => shown);
    if (error.errors.length > MAX_REPORTED_ERRORS) body.truncated = true;
  }
  return body;
}

export function sendProblem(res: Parameters<RequestHandler>[1], error: AppError): void {
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res
    .status(error.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(error, String(res.req.id ?? ''))));
}

export const notFound: RequestHandler = (req) => {
  throw new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`);
};

/**
 * Renders every error as a problem document. `observe` sees each error as
 * the client will (metrics count them there).
 */
export function errorHandler(observe?: (error: AppError, req: Request) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toAppError(error);
    if (!known || known.status >= 500) req.log?.error({ err: error }, 'request failed');
    const shown = known ?? new AppError(500, 'internal', 'an internal error occurred; quote the requestId when asking for support');
    observe?.(shown, req);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, shown);
  };
}

/**
 * Reads a JSON request body: checks the media type, enforces the size limit,
 * decodes UTF-8 strictly and parses with exact numbers (see api/json.ts). The
 * text as received is kept on the request (`req.rawBody`) for the record.
 */
import express, { type RequestHandler } from 'express';
import { parseJson, whereNotJson } from '../api/json.ts';
import { MAX_DEPTH } from '../api/normalize.ts';
import { AppError } from '../errors.ts';

declare global {
  namespace Express {
    interface Request {
      /** The body exactly as received, decoded from UTF-8. */
      rawBody?: string;
    }
  }
}

/** An empty body: the failing path is the body itself (""). */
function noBody(): AppError {
  return new AppError(400, 'bad_json', { en: 'a JSON body is required', zh: '缺少请求体（JSON）' }, [
    { pointer: '', message: 'is required', zh: '必填' },
  ]);
}

const JSON_TYPES = ['application/json', 'application/*+json'];

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.headers['content-type'] && !Number(req.headers['content-length'] ?? 0) && !req.headers['transfer-encoding']) {
    throw noBody();
  }
  if (!req.is(JSON_TYPES)) {
    throw new AppError(415, 'unsupported_media_type', {
      en: 'the body must be JSON: send Content-Type: application/json',
      zh: '请求体须为 JSON：请发送 Content-Type: application/json',
    });
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(415, 'unsupported_media_type', {
      en: `the body must be JSON in UTF-8, not ${charset}`,
      zh: `请求体须为 UTF-8 编码的 JSON，不是 ${charset}`,
    });
  }
  next();
};

const decoder = new TextDecoder('utf-8', { fatal: true });

const parse: RequestHandler = (req, _res, next) => {
  const bytes: unknown = req.body;
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw noBody();
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new AppError(400, 'bad_json', { en: 'the body is not valid UTF-8', zh: '请求体不是合法的 UTF-8 编码' });
  }
  const parsed = parseJson(text, MAX_DEPTH);
  if (!parsed.ok) {
    // Too deep is valid JSON that the server refuses: name where, as for any other failing field.
    const errors =
      parsed.tooDeepAt === undefined
        ? undefined
        : [{ pointer: parsed.tooDeepAt, message: `nests deeper than ${MAX_DEPTH} levels`, zh: `嵌套超过 ${MAX_DEPTH} 层` }];
    const zh = parsed.tooDeepAt === undefined ? `请求体不是合法的 JSON${whereNotJson(parsed)}` : `请求体嵌套超过 ${MAX_DEPTH} 层`;
    throw new AppError(400, 'bad_json', { en: `the body is not valid JSON: ${parsed.reason}`, zh }, errors);
  }
  req.rawBody = text;
  req.body = parsed.value;
  next();
};

/** Middleware for a route that takes a JSON body of at most `limitBytes`. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  return [requireJson, express.raw({ type: () => true, limit: limitBytes }), parse];
}

/** The same for a route whose body may be left out (then `{}`): an action that takes no fields but may be sent `{}`. */
export function optionalJsonBody(limitBytes: number): RequestHandler[] {
  const [check, read, parsed] = jsonBody(limitBytes) as [RequestHandler, RequestHandler, RequestHandler];
  const none = (req: Parameters<RequestHandler>[0]) =>
    !req.headers['content-type'] && !Number(req.headers['content-length'] ?? 0) && !req.headers['transfer-encoding'];
  return [
    (req, res, next) => {
      if (!none(req)) return check(req, res, next);
      req.body = {};
      req.rawBody = '';
      next();
    },
    (req, res, next) => (req.rawBody === '' ? next() : read(req, res, next)),
    (req, res, next) => (req.rawBody === '' ? next() : parsed(req, res, next)),
  ];
}

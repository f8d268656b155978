/**
 * The language of error messages. The Ekuaibao-compatible endpoints (push,
 * getAccessToken, refreshToken, the red-flush asking operations) answer in
 * Chinese, as Ekuaibao's own API does, unless the client prefers English
 * (`Accept-Language: en`); the other routes answer in English unless the
 * client prefers Chinese (`Accept-Language: zh-CN`, as a browser set to
 * Chinese sends: the console's messages are then Chinese). Finding
 * messages are Chinese unless the client prefers English, on every route.
 */
import type { Request, RequestHandler } from 'express';

export type Language = 'zh' | 'en';

declare global {
  namespace Express {
    interface Request {
      /** The language of this request's error messages (set on the Ekuaibao-compatible routes). */
      language?: Language;
    }
  }
}

/** The client's choice by `Accept-Language` between Chinese and English; `fallback` when it names neither. */
export function preferredLanguage(req: Request, fallback: Language): Language {
  if (!req.headers['accept-language']) return fallback;
  const other: Language = fallback === 'zh' ? 'en' : 'zh';
  const chosen = req.acceptsLanguages(fallback, other);
  return chosen === 'en' || chosen === 'zh' ? chosen : fallback;
}

/** Middleware of the Ekuaibao-compatible routes: errors in Chinese unless the client asks for English. */
export const chineseByDefault: RequestHandler = (req, _res, next) => {
  req.language = preferredLanguage(req, 'zh');
  next();
};

/**
 * The language of a request's error messages: what its route chose, else
 * the client's choice by `Accept-Language` (the console's browser asks for
 * zh-CN), else English.
 */
export function languageOf(req: Request | undefined): Language {
  if (!req) return 'en';
  return req.language ?? preferredLanguage(req, 'en');
}

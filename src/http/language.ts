/**
 * The language of error messages: Chinese, on every route, unless the
 * client prefers English by `Accept-Language` (`Accept-Language: en`, or
 * `en` ranked above `zh`). The service's users are Chinese (the apps'
 * developers, the finance staff at the console), and Ekuaibao's own API
 * answers in Chinese. This holds for problem documents (src/http/errors.ts),
 * the field messages of the red-flush envelope (src/red-flush/request-input.ts)
 * and finding messages (src/findings/finding-messages.ts) alike.
 */
import type { Request } from 'express';

export type Language = 'zh' | 'en';

/**
 * The language of a request's messages: English when the client's
 * `Accept-Language` prefers it to Chinese (a higher q, or listed first at
 * the same q), else Chinese (no header, a header that names neither,
 * `zh-CN`).
 */
export function languageOf(req: Request | undefined): Language {
  if (!req?.headers['accept-language']) return 'zh';
  return req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh';
}

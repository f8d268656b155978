/**
 * Access log and request ids. An incoming `X-Request-Id` (if it looks like
 * one) is kept, otherwise one is made; it is on every log line of the
 * request and in the `X-Request-Id` response header. Tokens travel in query
 * strings, so logged URLs have them masked.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { unescape as unescapeQuery } from 'node:querystring';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.ts';

const REQUEST_ID = /^[\w.:@-]{1,128}$/;
const SECRET_NAMES = ['accesstoken', 'refreshtoken', 'appsecurity'];

/**
 * The URL as received, with the value of every query parameter whose key,
 * decoded as Express decodes it (`access%54oken`, `+`), names a secret masked
 * (`accessToken=[REDACTED]`): any key containing `accessToken`,
 * `refreshToken` or `appSecurity` in any case (`accessToken[]`, `xrefreshToken`).
 * Everything else is shown as it came.
 */
export function maskUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const parameters = url
    .slice(start + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      const key = equals < 0 ? parameter : parameter.slice(0, equals);
      return equals >= 0 && namesSecret(key) ? `${key}=[REDACTED]` : parameter;
    });
  return `${url.slice(0, start + 1)}${parameters.join('&')}`;
}

function namesSecret(rawKey: string): boolean {
  // querystring.unescape, as Express's query parser (querystring.parse) decodes keys, malformed escapes included.
  const key = unescapeQuery(rawKey.replaceAll('+', ' ')).toLowerCase();
  return SECRET_NAMES.some((name) => key.includes(name));
}

export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req(req: { id: unknown; method: string; url: string; remoteAddress?: string }) {
        return { id: req.id, method: req.method, url: maskUrl(req.url), remoteAddress: req.remoteAddress };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
  });
}

import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors.ts';
import { sendProblem } from './errors.ts';

/**
 * Limits failed attempts at a secret (app credentials, console passwords)
 * per client address: successful requests do not count. 429 with
 * `Retry-After` beyond the limit. The count is kept in memory, per instance.
 */
export function failedAttemptsLimiter(limit: number, windowSeconds: number): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler(req, res) {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
      sendProblem(
        res,
        new AppError(429, 'rate_limited', `too many failed attempts from this address; retry after ${retryAfter} s`, undefined, {
          'Retry-After': String(retryAfter),
        }),
      );
    },
  });
}

import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors.ts';
import { sendProblem } from './errors.ts';

export interface AddressLimit {
  readonly limit: number;
  readonly windowSeconds: number;
  /** Count only the requests answered with an error (failed attempts at a secret). */
  readonly skipSuccessfulRequests?: boolean;
  /** What the 429 says, given the seconds until the window resets. */
  readonly message: (retryAfterSeconds: number) => { en: string; zh: string };
}

/**
 * Limits requests per client address: 429 with `Retry-After` beyond the
 * limit, as a problem document. The count is kept in memory, per instance.
 */
export function addressLimiter({ limit, windowSeconds, skipSuccessfulRequests = false, message }: AddressLimit): RequestHandler {
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    skipSuccessfulRequests,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler(req, res) {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
      sendProblem(res, new AppError(429, 'rate_limited', message(retryAfter), undefined, { 'Retry-After': String(retryAfter) }));
    },
  });
}

/**
 * Limits failed attempts at a secret (app credentials, console passwords)
 * per client address: successful requests do not count.
 */
export function failedAttemptsLimiter(limit: number, windowSeconds: number): RequestHandler {
  return addressLimiter({
    limit,
    windowSeconds,
    skipSuccessfulRequests: true,
    message: (retryAfter) => ({
      en: `too many failed attempts from this address; retry after ${retryAfter} s`,
      zh: `此地址失败次数过多，请 ${retryAfter} 秒后重试`,
    }),
  });
}

/**
 * Channels' callbacks and their admin listing:
 *
 *   POST /api/callbacks/nuonuo/{channelCode}   Nuonuo's callbacks (form-encoded; no token: the channel calls; rate limited per address)
 *   GET  /api/console/admin/callbacks          the callbacks received, newest first, with their state (admin)
 *
 * A callback is answered `{"status":"0000","message":"同步成功"}` (what
 * Nuonuo waits for) only once it is stored, a repeat and an unreadable one
 * included; a callback that could not be stored (the database is away) is
 * answered 503, so the channel sends it again. See callbacks.service.ts.
 */
import express, { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { validQuery } from '../http/query.ts';
import { addressLimiter } from '../http/rate-limit.ts';
import type { JobQueue } from '../queue/queue.ts';
import { requireSession } from '../users/session.http.ts';
import { type CallbackReceipt, listCallbacks, receiveCallback } from './callbacks.service.ts';

export interface CallbackRoutesOptions {
  readonly db: Kysely<Database>;
  /** The started job queue; absent, callbacks are stored and wait (state `received`) for a server that has one. */
  readonly jobs?: JobQueue | undefined;
  /** Callbacks taken from one address per window (CALLBACK_RATE_LIMIT); beyond, 429 with Retry-After. */
  readonly rateLimit: number;
  readonly rateWindowSeconds: number;
}

/** A callback body is small (a form's state, an order's result): larger is refused 413, unread. */
export const CALLBACK_BODY_LIMIT = 256 * 1024;

/** What Nuonuo waits for: anything else, and it sends the callback again. */
export const CALLBACK_ANSWER = Object.freeze({ status: '0000', message: '同步成功' });

const CHANNEL_CODE = /^[\w.-]{1,64}$/;

export function callbackRoutes({ db, jobs, rateLimit: limit, rateWindowSeconds }: CallbackRoutesOptions): Router {
  const router = Router();
  const limiter = addressLimiter({
    limit,
    windowSeconds: rateWindowSeconds,
    message: (retryAfter) => ({
      en: `too many callbacks from this address; retry after ${retryAfter} s`,
      zh: `此地址回调过多，请 ${retryAfter} 秒后重试`,
    }),
  });

  router.post(
    '/api/callbacks/nuonuo/:channelCode',
    limiter,
    express.raw({ type: () => true, limit: CALLBACK_BODY_LIMIT }),
    async (req: Request<{ channelCode: string }>, res: Response) => {
      const { channelCode } = req.params;
      if (!CHANNEL_CODE.test(channelCode)) {
        throw new AppError(404, 'not_found', {
          en: `no Nuonuo channel ${channelCode} is configured`,
          zh: `没有配置诺诺渠道 ${channelCode}`,
        });
      }
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
      const receipt: CallbackReceipt = await receiveCallback(db, jobs, {
        channelCode,
        contentType: req.headers['content-type'] ?? null,
        bytes,
      });
      // Never the body: it is the channel's (and may carry what only it and we should know).
      req.log.info(
        { channelCode, callbackId: receipt.id, repeat: receipt.repeat, state: receipt.state, bytes: bytes.length },
        'channel callback stored',
      );
      res.json(CALLBACK_ANSWER);
    },
  );

  router.get('/api/console/admin/callbacks', requireSession(db, 'admin'), async (req: Request, res: Response) => {
    const query = validQuery('CallbackListQuery', req.query);
    res.json({
      value: await listCallbacks(db, {
        limit: query.limit ?? 50,
        ...(query.state !== undefined && { state: query.state }),
        ...(query.cursor !== undefined && { beforeId: query.cursor }),
      }),
    });
  });

  return router;
}

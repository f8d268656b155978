/**
 * The red-flush request API. Asking (`oneKeyRedPunch`, `redPunchBatch`,
 * `red-flushes/preview`, `redflush` scope) answers in seed 000's envelope
 * (`code`, `success`, `data`, `msg`), errors included (a missing token, bad
 * JSON, an unreachable database: the HTTP status and `code` agree, `msg` in
 * Chinese, `data.reason` for machines). Reading (`red-flushes`, `read`
 * scope) answers as the invoice API does: `{"value": …}`, errors as
 * problem documents; so does giving a request its 红字信息表 number
 * (`red-flushes/{id}/info-sheet`, `redflush` scope), in Chinese.
 */
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { stringify } from 'lossless-json';
import { principalOf, requireToken } from '../auth/auth.middleware.ts';
import type { TokenCache } from '../auth/token-cache.ts';
import type { Database } from '../db/database.ts';
import type { AppError } from '../errors.ts';
import { jsonBody } from '../http/body.ts';
import { toAppError } from '../http/errors.ts';
import { languageOf } from '../http/language.ts';
import { validPathId, validQuery } from '../http/query.ts';
import { validBody } from '../http/validate.ts';
import type { JobQueue } from '../queue/queue.ts';
import { answersOf, type RequestAnswer } from './request-answers.ts';
import { parseIdempotencyKey, parseRedFlushRequest } from './request-input.ts';
import { RedFlushRefusal } from './request-refusal.ts';
import {
  type AcceptedRequest,
  BATCH_LIMIT,
  getRedFlush,
  giveInfoSheet,
  listRedFlushes,
  previewRedFlush,
  requestRedFlush,
} from './requests.service.ts';

export interface RedFlushRoutesOptions {
  readonly db: Kysely<Database>;
  /** Verified access tokens kept in memory (auth/token-cache.ts); absent: every request asks the database. */
  readonly tokens?: TokenCache | undefined;
  readonly bodyLimitBytes: number;
  /** The job queue: accepted requests are sent to their channel (absent: they stay accepted). */
  readonly jobs?: JobQueue | undefined;
  /** How long an answer waits for the channel's first answer (with `jobs`; default 3000). */
  readonly syncWaitMs?: number | undefined;
}

const ONE_KEY_PATH = '/api/openapi/v2/invoicing/oneKeyRedPunch';
const BATCH_PATH = '/api/openapi/v2/invoicing/redPunchBatch';
const PREVIEW_PATH = '/api/openapi/v2/red-flushes/preview';

const OK = '操作成功';

export function redFlushRoutes({ db, tokens, bodyLimitBytes, jobs, syncWaitMs = 3000 }: RedFlushRoutesOptions): Router {
  const router = Router();
  const waitMs = jobs ? syncWaitMs : null;
  const redflush = requireToken(db, 'redflush', tokens);
  const read = requireToken(db, 'read', tokens);

  router.post(ONE_KEY_PATH, redflush, ...jsonBody(bodyLimitBytes), async (req: Request, res: Response) => {
    const idempotencyKey = parseIdempotencyKey(req.headers['idempotency-key']);
    const input = parseRedFlushRequest(req.body, languageOf(req));
    const accepted = await requestRedFlush(
      db,
      principalOf(req),
      input,
      { idempotencyKey, requestId: String(req.id), body: req.rawBody ?? '' },
      jobs,
    );
    req.log.info({ redFlushId: accepted.redFlushId, state: accepted.state, replayed: accepted.replayed }, 'red flush accepted');
    if (accepted.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const [outcome] = await answersOf(db, [accepted], waitMs);
    if (!outcome) throw new Error('no answer');
    if (outcome.success) res.json(answer(outcome));
    else res.status(outcome.status).json(endedEnvelope(outcome));
  });

  router.post(BATCH_PATH, redflush, ...jsonBody(bodyLimitBytes), async (req: Request, res: Response) => {
    const idempotencyKey = parseIdempotencyKey(req.headers['idempotency-key']);
    const items = batchItems(req.body);
    const principal = principalOf(req);
    const decided: (AcceptedRequest | ReturnType<typeof refusalEnvelope>)[] = [];
    // Each item on its own, in order: one that cannot be red-flushed says why, the others go ahead.
    for (const [index, item] of items.entries()) {
      try {
        const request = await requestRedFlush(
          db,
          principal,
          parseRedFlushRequest(item, languageOf(req)),
          {
            idempotencyKey: idempotencyKey === null ? null : `${idempotencyKey}#${index}`,
            requestId: String(req.id),
            body: stringify(item) ?? 'null',
          },
          jobs,
        );
        decided.push(request);
      } catch (error) {
        decided.push(refusalEnvelope(asRefusal(error, req)));
      }
    }
    // The accepted items wait together for their channels' first answers.
    const outcomes = await answersOf(
      db,
      decided.filter((item) => 'redFlushId' in item),
      waitMs,
    );
    const answers = decided.map((item) => {
      if (!('redFlushId' in item)) return item;
      const outcome = outcomes.shift();
      if (!outcome) throw new Error('no answer');
      return outcome.success ? answer(outcome) : endedEnvelope(outcome);
    });
    const accepted = answers.filter((item) => item.success).length;
    req.log.info({ items: items.length, accepted }, 'red flush batch decided');
    res.json({
      code: '200',
      success: true,
      data: { accepted, refused: answers.length - accepted, items: answers },
      msg: `${OK}：受理 ${accepted} 张，拒绝 ${answers.length - accepted} 张`,
    });
  });

  router.post(PREVIEW_PATH, redflush, ...jsonBody(bodyLimitBytes), async (req: Request, res: Response) => {
    const preview = await previewRedFlush(db, principalOf(req), parseRedFlushRequest(req.body, languageOf(req)));
    res.json({ code: '200', success: true, data: preview, msg: OK });
  });

  // Every failure of the asking routes, in seed 000's envelope.
  router.use([ONE_KEY_PATH, BATCH_PATH, PREVIEW_PATH], (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const refusal = asRefusal(error, req);
    for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
    res.status(refusal.status).json(refusalEnvelope(refusal));
  });

  router.get('/api/openapi/v2/red-flushes', read, async (req: Request, res: Response) => {
    res.json({ value: await listRedFlushes(db, principalOf(req), validQuery('RedFlushListQuery', req.query)) });
  });

  router.post(
    '/api/openapi/v2/red-flushes/:id/info-sheet',
    redflush,
    ...jsonBody(4 * 1024),
    async (req: Request<{ id: string }>, res: Response) => {
      const id = validPathId('RedFlushId', req.params.id);
      const { infoSheetNo } = validBody('RedFlushInfoSheet', req.body);
      await giveInfoSheet(db, principalOf(req), id, infoSheetNo, { requestId: String(req.id), jobs });
      req.log.info({ redFlushId: id }, 'red flush: info sheet number given');
      res.json({ value: await getRedFlush(db, principalOf(req), id) });
    },
  );

  router.get('/api/openapi/v2/red-flushes/:id', read, async (req: Request<{ id: string }>, res: Response) => {
    validQuery('EmptyQuery', req.query);
    res.json({ value: await getRedFlush(db, principalOf(req), validPathId('RedFlushId', req.params.id)) });
  });

  return router;
}

function answer(outcome: Extract<RequestAnswer, { success: true }>) {
  return { code: '200' as const, success: true as const, data: { msg: outcome.msg, ...outcome.request }, msg: OK };
}

/** A request that ended without a red invoice (the channel refused it, its form was voided, it failed), in seed 000's failure envelope. */
function endedEnvelope(outcome: Extract<RequestAnswer, { success: false }>) {
  return {
    code: String(outcome.status),
    success: false as const,
    data: {
      reason: outcome.reason,
      ...outcome.request,
      channelCode: outcome.channel.code,
      channelMessage: outcome.channel.message,
      formState: outcome.channel.formState,
    },
    msg: outcome.msg,
  };
}

function refusalEnvelope(refusal: RedFlushRefusal) {
  return {
    code: String(refusal.status),
    success: false as const,
    data: { reason: refusal.reason, ...refusal.data },
    msg: refusal.msg,
  };
}

/** The items of a batch: 1 to BATCH_LIMIT; more is refused whole with Kingdee's words. */
function batchItems(body: unknown): unknown[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(items)) {
    throw RedFlushRefusal.fields([{ field: 'items', label: '红冲请求', message: '必填，应为数组' }]);
  }
  if (items.length > BATCH_LIMIT) {
    throw new RedFlushRefusal(400, 'too_many_items', `一次最多只能批量红冲${BATCH_LIMIT}张，本次 ${items.length} 张`, {
      limit: BATCH_LIMIT,
      count: items.length,
    });
  }
  if (items.length === 0) throw RedFlushRefusal.fields([{ field: 'items', label: '红冲请求', message: '至少 1 张' }]);
  return items;
}

/** Chinese messages for the failures that happen before (or beside) the red-flush rules. */
const MESSAGES: Readonly<Partial<Record<AppError['code'], readonly [RedFlushRefusal['reason'], string]>>> = {
  bad_json: ['bad_json', '请求体不是合法的 JSON'],
  unsupported_media_type: ['unsupported_media_type', '请求体须为 JSON（Content-Type: application/json，UTF-8 编码）'],
  payload_too_large: ['payload_too_large', '请求体过大'],
  unauthorized: ['unauthorized', '访问令牌(accessToken)缺失、无效、已过期或已吊销'],
  forbidden: ['forbidden', '应用没有红冲权限（redflush）'],
  validation_failed: ['validation_failed', '请求无效'],
  unavailable: ['unavailable', '数据库暂不可用，未保存任何内容，请稍后重试'],
};

/** Any failure as a refusal; an unknown one is logged and answered 500 with the request id only. */
function asRefusal(error: unknown, req: Request): RedFlushRefusal {
  if (error instanceof RedFlushRefusal) return error;
  const known = toAppError(error);
  const message = known && MESSAGES[known.code];
  if (known && message && known.status < 500) {
    // A console user's session (a viewer, a one-time password not yet changed, a missing CSRF token) is not an app.
    const user = known.code === 'forbidden' ? req.consoleSession?.user : undefined;
    const text = user ? `用户 ${user.name} 不能红冲` : message[1];
    // An error that says itself in Chinese (src/errors.ts) is answered so; the others behind the reason in Chinese.
    const msg = known.detailZh ?? `${text}：${known.detail}`;
    return new RedFlushRefusal(known.status as RedFlushRefusal['status'], message[0], msg);
  }
  if (known && message) {
    req.log.error({ err: error }, 'red flush failed');
    return new RedFlushRefusal(503, message[0], message[1], {}, known.headers ?? {});
  }
  req.log.error({ err: error }, 'red flush failed');
  return new RedFlushRefusal(500, 'internal', `内部错误，请凭请求编号 ${String(req.id)} 联系支持`, { requestId: String(req.id) });
}

/**
 * The channel call of a red-flush request: loads the request, asks its
 * channel once, records what it said.
 *
 * Exactly once, whatever fails when: the request's id is the form's
 * `billId` (数电, `applyRedConfirm`), its `channel_order_no` the red
 * invoice's `orderNo` (tax-control invoices, `fastInvoiceRed`: ordinary
 * ones at once, special ones once their 红字信息表 number was given, sent
 * with it),
 * and the channel refuses a second one with the same id (`duplicate`,
 * Nuonuo E9106). Every call is recorded before it is made, so an attempt
 * that finds an earlier call whose outcome it does not know (`pending`: the
 * process died during it; `unknown`: a timeout; `duplicate`; or `ok` whose
 * result was not recorded) first asks the channel for that id and applies
 * what it has; it asks for a form only when the channel has none.
 *
 * | outcome       | the request                                                                      |
 * | ------------- | -------------------------------------------------------------------------------- |
 * | `ok`          | `submitted`, taken by the channel; followed by its polls (red-flush-follow.job.ts) |
 * | `refused`     | `refused` with the channel's code and message; its amount is free again           |
 * | `duplicate`   | looked up and read back, never sent again                                          |
 * | `unknown`     | stays `submitted`; the attempt fails, the retry looks it up first                  |
 * | `unavailable` | stays `submitted`; the attempt fails and is retried with backoff                   |
 *
 * When the retries run out: a request the channel never got (every call
 * certainly not sent) ends `failed` and frees its amount; one it may have
 * got stays `submitted` and is followed by slow polls, which find it or,
 * once the channel answers that it has nothing, send this job again.
 */
import Big from 'big.js';
import {
  AdapterInputError,
  type ChannelAdapter,
  type RedRow as ChannelRow,
  type InvoiceTypeCode,
  type RedConfirmApplication,
  type RedReason,
} from '../channels/adapter.ts';
import type { ChannelCallOutcome } from '../db/database.ts';
import type { Job, JobHandler } from '../queue/queue.ts';
import * as progress from '../red-flush/progress.repository.ts';
import { end, move, recordedCall } from '../red-flush/progress.service.ts';
import type { CallJobData } from '../red-flush/red-flush-queues.ts';
import { channelOrderNo } from '../red-flush/request-progress.ts';
import { RedFlushRefusal } from '../red-flush/request-refusal.ts';
import { type RedRow, rowsOfRest, rowsSent } from '../red-flush/request-rows.ts';
import { wholeOnly } from '../red-flush/request-states.ts';
import { blueDetailRows, insertRows, requestRows, type StoredRow } from '../red-flush/requests.repository.ts';
import { ChannelPending, describe, lookUp, nextPoll, type RedFlushContext, stopIfAborted } from './red-flush-channel.ts';

/** Outcomes of an earlier call after which the channel may have the request. */
const MAYBE_SENT: ReadonlySet<ChannelCallOutcome> = new Set(['pending', 'unknown', 'duplicate', 'ok']);

/** The request cannot be sent as it is (the rows of what is left cannot be worked out). */
class NotSendable extends Error {}

export function redFlushCallJob(context: RedFlushContext): JobHandler<CallJobData> {
  return async (job) => {
    const { db } = context;
    const request = await progress.findChannelRequest(db, job.data.requestId);
    // Ended, waiting for its 红字信息表 number, or taken by the channel already (its polls follow it): nothing to do.
    if (!request || (request.state !== 'accepted' && request.state !== 'submitted')) return;
    if (request.path === 'info_sheet' && request.info_sheet_no === null) return;
    if (request.channel_accepted_at !== null) return;
    const adapter = await context.adapterOf(request.channel_code);
    if (!adapter) {
      const code = request.channel_code;
      await end(db, request.id, 'failed', { message: `渠道 ${code} 没有配置开票接口（channel set ${code} --adapter …），无法提交` }, 'job');
      return;
    }
    try {
      await callChannel(context, adapter, request, job);
    } catch (error) {
      if (error instanceof AdapterInputError || error instanceof NotSendable || error instanceof RedFlushRefusal) {
        const message =
          error instanceof AdapterInputError
            ? error.zh === undefined
              ? `渠道接口不接受这张发票的数据（${error.message}），未提交渠道`
              : `渠道接口不接受这张发票的数据：${error.zh}，未提交渠道`
            : (error instanceof RedFlushRefusal ? error.msg : error.message).replace(/^发票号码：\S+ /, '');
        await end(db, request.id, 'failed', { message }, 'job');
        return;
      }
      if (job.retryCount >= job.retryLimit) await giveUp(context, request, job);
      throw error;
    }
  };
}

/** 数电 invoices apply for a form; tax-control ones ask for the red invoice (a special one with its 红字信息表 number). */
const operationOf = (request: progress.ChannelRequest) => (request.path === 'confirmation_form' ? 'applyRedConfirm' : 'fastInvoiceRed');

async function callChannel(context: RedFlushContext, adapter: ChannelAdapter, found: progress.ChannelRequest, job: Job<CallJobData>) {
  const { db, metrics } = context;
  const operation = operationOf(found);
  const firstPoll = nextPoll(context, found.id, () => 0);
  const earlier = await progress.callOutcomes(db, found.id, [operation]);
  if (earlier.some((outcome) => MAYBE_SENT.has(outcome))) {
    if ((await lookUp(context, adapter, found, 'job', firstPoll)) === 'found') return;
  }
  stopIfAborted(job.signal);
  if (wholeOnly(found.path) && (found.kind !== 'full' || !new Big(found.total).eq(found.blue_total))) {
    // Nuonuo's fastInvoiceRed reverses a whole tax-control invoice, with no rows (seed 002: 仅支持全额红冲). Such a request is
    // refused when asked (requests.service.ts `whole_invoice_only`); this holds for one stored before that rule, never sent.
    throw new NotSendable(
      `税控发票快速红冲只能全额红冲整张发票（价税合计 ${found.blue_total}），本次${found.kind === 'full' ? '全额' : '部分'}红冲 ${found.total}，未提交渠道`,
    );
  }

  // Recorded before the call: submitted, its order number, and the rows it is sent with.
  const orderNo = found.channel_order_no ?? channelOrderNo(found.id);
  const stored = await requestRows(db, found.id);
  const computed =
    stored.length === 0 && found.kind === 'full' && rowsSent(found.path, new Big(found.total).eq(found.blue_total))
      ? await rowsOfWhatIsLeft(db, found)
      : [];
  const state = await move(db, found.id, {
    to: 'submitted',
    source: 'job',
    detail: { operation, message: '提交渠道', orderNo },
    changes: found.channel_order_no === null ? { channel_order_no: orderNo } : {},
    andThen: computed.length > 0 ? (trx) => insertRows(trx, found.id, computed) : undefined,
  });
  // A red invoice pushed meanwhile may have closed it.
  if (state !== 'submitted') return;
  const request = { ...found, state, channel_order_no: orderNo };
  const rows = computed.length > 0 ? computed.map(channelRowOfRed) : stored.map(channelRowOfStored);
  stopIfAborted(job.signal);

  const method = adapter.methods[operation];
  const outcome =
    request.path !== 'confirmation_form'
      ? await recordedCall(db, metrics, request, {
          operation,
          method,
          run: () =>
            adapter.fastInvoiceRed({
              orderNo,
              sellerTaxNo: request.seller_tax_no,
              blue: blueOf(request),
              infoSheetNo: request.info_sheet_no,
            }),
        })
      : await recordedCall(db, metrics, request, {
          operation,
          method,
          run: () => adapter.applyRedConfirm(application(request, rows, orderNo)),
        });
  switch (outcome.outcome) {
    case 'ok':
      await move(db, request.id, {
        to: 'submitted',
        source: 'job',
        detail: { operation, code: outcome.call.code, message: outcome.call.message },
        changes: { channel_accepted_at: new Date(), ...(request.path === 'confirmation_form' && { form_bill_id: request.id }) },
        andThen: (trx) => firstPoll(trx, 'fast'),
      });
      return;
    case 'refused':
      await end(db, request.id, 'refused', { code: outcome.code, message: outcome.message }, 'job');
      return;
    case 'duplicate':
      // The channel has it already (an earlier attempt whose answer was lost): read it back, never send again.
      stopIfAborted(job.signal);
      if ((await lookUp(context, adapter, request, 'job', firstPoll)) === 'found') return;
      throw new ChannelPending(`${operation}: the channel answers ${outcome.code} (duplicate) but does not show the request yet`);
    default:
      throw new ChannelPending(`${operation}: ${describe(outcome)}`);
  }
}

/**
 * The retries ran out. A request the channel certainly never got ends
 * `failed` (its amount is free again); one it may have got stays open and
 * is followed slowly.
 */
async function giveUp(context: RedFlushContext, request: progress.ChannelRequest, job: Job<CallJobData>): Promise<void> {
  const { db } = context;
  const earlier = await progress.callOutcomes(db, request.id, [operationOf(request)]);
  if (!earlier.some((outcome) => MAYBE_SENT.has(outcome))) {
    const message = `渠道 ${request.channel_code} 一直不可用：${job.retryCount + 1} 次尝试均未送达，红冲申请未提交渠道，已释放金额`;
    await end(db, request.id, 'failed', { message }, 'job');
    return;
  }
  context.logger.warn(
    { redFlushId: request.id },
    'red flush: the channel call gave no answer after every retry; the request is followed by slow polls',
  );
  await move(db, request.id, {
    to: null,
    source: 'job',
    detail: {},
    andThen: (trx) => nextPoll(context, request.id, () => 0)(trx, 'slow'),
  });
}

function blueOf(request: progress.ChannelRequest) {
  return {
    invoiceTypeCode: request.invoice_type_code as InvoiceTypeCode,
    invoiceCode: request.invoice_code,
    invoiceNumber: request.invoice_number,
  };
}

function application(request: progress.ChannelRequest, rows: readonly ChannelRow[], orderNo: string): RedConfirmApplication {
  return {
    billId: request.id,
    blue: blueOf(request),
    reason: String(request.reason) as RedReason,
    seller: { taxNo: request.seller_tax_no, name: request.seller_name },
    buyer: { taxNo: request.buyer_tax_no, name: request.buyer_name },
    // A full red flush of an untouched invoice is sent without rows (the channel takes the whole invoice).
    rows: rows.length > 0 ? rows : null,
    // The red invoice the channel issues by itself carries it: the push links it back by it.
    orderNo,
  };
}

/**
 * A full red flush of an invoice partly red-flushed already: the channel
 * needs the rows of what is left (Nuonuo refuses a form without rows
 * then). Each row's remainder, after the rows of the other requests and
 * counterparty forms; their total must be what the request holds, else a
 * red invoice made elsewhere took part of the rows and what is left of each
 * cannot be known (request-rows.ts `rowsOfRest`).
 */
async function rowsOfWhatIsLeft(db: RedFlushContext['db'], request: progress.ChannelRequest): Promise<RedRow[]> {
  // Checked when the request was made (requests.service.ts), and again now: an open request may have ended, the blue invoice been pushed again.
  const blueRows = await blueDetailRows(db, request.blue_invoice_id);
  return [...rowsOfRest(request.invoice_number, blueRows, request.invoice_tax_rate, request.total).rows];
}

function channelRowOfRed(row: RedRow): ChannelRow {
  return {
    blueRowNo: String(row.blueRowIndex + 1),
    detailRowNo: row.detailRowNo,
    goodsName: row.goodsName,
    taxClassificationCode: row.goodsCode ?? '',
    unit: row.unit,
    specification: row.specification,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    amount: row.amount,
    taxAmount: row.tax,
    taxRate: row.taxRate,
  };
}

function channelRowOfStored(row: StoredRow): ChannelRow {
  return {
    blueRowNo: String(row.blue_row_index + 1),
    detailRowNo: row.blue_detail_row_no,
    goodsName: row.goods_name,
    taxClassificationCode: row.goods_code ?? '',
    unit: row.unit,
    specification: row.specification,
    quantity: row.quantity,
    unitPrice: row.unit_price,
    amount: row.amount,
    taxAmount: row.tax,
    taxRate: row.tax_rate,
  };
}

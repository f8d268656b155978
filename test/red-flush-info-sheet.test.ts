/**
 * The 红字信息表 path, end to end with the Nuonuo simulator: a
 * tax-control special invoice (004) is red-flushed, its request waits in
 * `info_sheet_required` without calling the channel, the number is given
 * (by an app, by a console operator), the channel is asked for the red
 * invoice with it (`fastInvoiceRed`, `billInfoNo`), and the red invoice it
 * pushes back closes the request. A bad number and a request in another
 * state are refused in Chinese and change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import supertest from 'supertest';
import { assertValid } from './helpers/api.ts';
import { uniqueNumber } from './helpers/builders.ts';
import { signedInAs } from './helpers/console.ts';
import { type Loop, redFlushBody, startLoop } from './helpers/red-flush-loop.ts';

let loop: Loop;

before(async () => {
  loop = await startLoop();
});
after(async () => {
  await loop?.close();
});

const INFO_SHEET_NO = '4403012612000123';

function giveInfoSheet(id: string, body: unknown) {
  return supertest(loop.app.url)
    .post(`/api/openapi/v2/red-flushes/${id}/info-sheet`)
    .set('accessToken', loop.token.accessToken)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(body));
}

/** A 004 invoice pushed and red-flushed in full: the request waits for its 红字信息表 number. */
async function waitingRequest(): Promise<string> {
  const blue = await loop.pushBlue({ invoiceTypeCode: '004', invoiceCode: '3100261130', invoiceNumber: uniqueNumber() });
  const response = await loop.redFlush(redFlushBody(loop, blue));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual([response.body.data.state, response.body.data.stateLabel], ['info_sheet_required', '待填红字信息表']);
  return response.body.data.redFlushId as string;
}

async function stored(id: string) {
  return loop.app.db
    .selectFrom('red_flush_requests')
    .select(['state', 'info_sheet_no', 'channel_order_no'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

const fastCalls = (orderNo: string | null) =>
  loop.sim.state.callsOf('fastInvoiceRed').filter((call) => (call.body as { orderNo?: string }).orderNo === orderNo);

test('when a special invoice is red-flushed, then it waits for its 红字信息表 number; given, the channel issues the red invoice with it and its push closes the request', async () => {
  const id = await waitingRequest();
  await sleep(500);
  const waiting = await loop.view(id);
  assert.deepEqual([waiting.request.state, waiting.request.infoSheetNo], ['info_sheet_required', null]);
  assert.deepEqual(waiting.channelCalls, [], 'the channel is not asked without the number');

  const response = await giveInfoSheet(id, { infoSheetNo: INFO_SHEET_NO });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assertValid('RedFlushViewResponse', response.body);
  assert.equal(response.body.value.request.id, id);
  const given = response.body.value.events.find((event: { fromState: string | null }) => event.fromState === 'info_sheet_required');
  assert.deepEqual(
    { to: given.toState, source: given.source, message: given.detail.message, number: given.detail.infoSheetNo, app: given.detail.appName },
    { to: 'accepted', source: 'api', message: '填写红字信息表编号', number: INFO_SHEET_NO, app: loop.token.name },
  );

  const issued = await loop.until(id, 'issued');
  const row = await stored(id);
  assert.deepEqual([row.state, row.info_sheet_no], ['issued', INFO_SHEET_NO]);
  assert.equal(issued.request.infoSheetNo, INFO_SHEET_NO, 'the request shows it');
  const calls = fastCalls(row.channel_order_no);
  assert.equal(calls.length, 1, 'asked once');
  assert.equal((calls[0]?.body as { billInfoNo?: string } | undefined)?.billInfoNo, INFO_SHEET_NO, 'with the number');
  assert.deepEqual(issued.channelCalls[0] && [issued.channelCalls[0].method, issued.channelCalls[0].outcome], [
    'nuonuo.OpeMplatform.fastInvoiceRed',
    'ok',
  ]);
  assert.ok(issued.redInvoice, 'the red invoice pushed back is linked');
  assert.equal(issued.redInvoice?.invoiceTotalPriceTax, '-106.00');
  assert.deepEqual(issued.figures, { totalPriceTax: '106.00', redFlushedTotal: '106.00', heldByOpenRequests: '0', remaining: '0.00' });

  // Given again: the request is no longer waiting for it.
  const again = await giveInfoSheet(id, { infoSheetNo: '4403012612000999' });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'conflict');
  assert.equal(again.body.detail, '红冲申请状态为「已开具」（issued），不是待填红字信息表，不能填写红字信息表编号(infoSheetNo)');
  assert.equal((await stored(id)).info_sheet_no, INFO_SHEET_NO);
});

test('when the number is not 16 digits, or missing, then 400 names the field in Chinese and nothing changes', async () => {
  const id = await waitingRequest();
  const cases: [unknown, string][] = [
    [{ infoSheetNo: '12345' }, '红字信息表编号(infoSheetNo)：应为 16 位数字（税局出具的红字信息表编号）'],
    [{ infoSheetNo: '440301261200012X' }, '红字信息表编号(infoSheetNo)：应为 16 位数字（税局出具的红字信息表编号）'],
    [{ infoSheetNo: 4403012612000123 }, '红字信息表编号(infoSheetNo)：应为 16 位数字（税局出具的红字信息表编号）'],
    [{}, '红字信息表编号(infoSheetNo)：必填'],
  ];
  for (const [body, detail] of cases) {
    const response = await giveInfoSheet(id, body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.body.code, 'validation_failed');
    assert.equal(response.body.detail, detail);
  }
  assert.deepEqual(await stored(id), { state: 'info_sheet_required', info_sheet_no: null, channel_order_no: null });
  const unknown = await giveInfoSheet('0'.repeat(32), { infoSheetNo: INFO_SHEET_NO });
  assert.deepEqual([unknown.status, unknown.body.title, unknown.body.detail], [404, '未找到', '未找到该红冲申请']);
  const badId = await giveInfoSheet('not-an-id', { infoSheetNo: INFO_SHEET_NO });
  assert.deepEqual([badId.status, badId.body.detail], [400, 'id：应为红冲申请编号（32 位小写十六进制数字，如 redFlushId）']);
});

test('when the request is not waiting for a 红字信息表 (a 数电 invoice), then 409 says its state and nothing changes', async () => {
  const blue = await loop.pushBlue();
  const response = await loop.redFlush(redFlushBody(loop, blue));
  const id = response.body.data.redFlushId as string;
  await loop.until(id, 'issued');
  const refused = await giveInfoSheet(id, { infoSheetNo: INFO_SHEET_NO });
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /^红冲申请状态为「已开具」（issued），不是待填红字信息表/);
  assert.equal((await stored(id)).info_sheet_no, null);
  const after = await loop.view(id);
  assert.equal(after.request.state, 'issued');
  assert.ok(
    !after.events.some((event) => 'infoSheetNo' in event.detail),
    'no event records a number (polls may still note the form after the push)',
  );
});

test('when a console operator gives the number, then it is recorded with the user, in the audit log too; a viewer may not', async () => {
  const id = await waitingRequest();
  const viewer = await signedInAs(loop.app, 'viewer');
  const denied = await viewer.agent
    .post(`/api/openapi/v2/red-flushes/${id}/info-sheet`)
    .set('X-CSRF-Token', viewer.csrfToken)
    .send({ infoSheetNo: INFO_SHEET_NO });
  assert.equal(denied.status, 403);
  const operator = await signedInAs(loop.app, 'operator');
  const response = await operator.agent
    .post(`/api/openapi/v2/red-flushes/${id}/info-sheet`)
    .set('X-CSRF-Token', operator.csrfToken)
    .send({ infoSheetNo: INFO_SHEET_NO });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const event = response.body.value.events.find((entry: { fromState: string | null }) => entry.fromState === 'info_sheet_required');
  assert.equal(event.detail.userName, operator.name);
  const { rows } = await sql<{ actor_type: string; actor_name: string; details: { infoSheetNo: string } }>`
    select actor_type, actor_name, details from audit_log where action = 'red_flush.info_sheet' and target = ${`red_flush:${id}`}`.execute(
    loop.app.db,
  );
  assert.deepEqual(rows, [{ actor_type: 'user', actor_name: operator.name, details: { infoSheetNo: INFO_SHEET_NO } }]);
  await loop.until(id, 'issued');
});

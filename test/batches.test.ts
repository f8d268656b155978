/**
 * GET /api/openapi/v2/invoicing/batches: what a channel pushed for a batch
 * (state, rejectMsg, every push with time, app and outcome, the invoices
 * carried), and what an app limited to some sellers may see of it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Schemas } from '../src/api/spec.ts';
import { expectedRecord, get, okValue, problem } from './helpers/api.ts';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, type PushRequest } from './helpers/builders.ts';

type Batch = Schemas['Batch'];

const S1 = '91310000000000001A';
const S2 = '91440300000000002B';

let app: TestApp;
let reader: TestToken;
let erp: TestToken;
let gateway: TestToken;
const one = buildInvoice({ sellerTaxNo: S1, invoiceDate: Date.UTC(2026, 9, 2) });
const two = buildInvoice({ sellerTaxNo: S2, invoiceDate: Date.UTC(2026, 9, 1) });
const times: number[] = [];

async function push(token: TestToken, body: PushRequest): Promise<void> {
  times.push(Date.now());
  const response = await app.push(body, token.accessToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

before(async () => {
  app = await startTestApp();
  reader = await app.token({ scopes: ['read'] });
  erp = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  gateway = await app.token({ scopes: ['push'], channels: ['jcsk'] });
  await push(erp, { channelCode: 'jcsk', serialNo: 'B-1', result: 2 });
  await push(gateway, { channelCode: 'jcsk', serialNo: 'B-1', result: 1, rejectMsg: '购方税号有误' });
  await push(erp, { channelCode: 'jcsk', serialNo: 'B-1', result: 0, data: [one, two] });
  await push(gateway, { channelCode: 'jcsk', serialNo: 'B-1', result: 0, data: [one, { ...two, invoicingStatus: '03' }] });
  times.push(Date.now());
  await push(erp, { channelCode: 'jcsk', serialNo: 'B-REJECTED', result: 1, rejectMsg: '额度不足' });
  await push(erp, { channelCode: 'jcsk', serialNo: 'B-2', result: 0, data: [buildInvoice({ sellerTaxNo: S2 })] });
});
after(() => app.close());

const changes = (counts: Partial<Record<'created' | 'updated' | 'voided' | 'unchanged' | 'ignored', number>>) => ({
  created: 0,
  updated: 0,
  voided: 0,
  unchanged: 0,
  ignored: 0,
  ...counts,
});

test('when a batch is asked for, then its state, every push received (time, app, outcome) and the invoices it carried come back', async () => {
  const batch = await okValue<Batch>(get(app, '/api/openapi/v2/invoicing/batches?channelCode=jcsk&serialNo=B-1', reader), 'BatchResponse');
  const { pushes, invoices } = batch;
  assert.deepEqual(batch, {
    channelCode: 'jcsk',
    serialNo: 'B-1',
    result: 0,
    rejectMsg: null,
    createdAt: batch.createdAt,
    createdAtIso: new Date(batch.createdAt).toISOString(),
    updatedAt: batch.updatedAt,
    updatedAtIso: new Date(batch.updatedAt).toISOString(),
    pushes: [
      { appName: erp.name, result: 2, rejectMsg: null, changes: changes({}) },
      { appName: gateway.name, result: 1, rejectMsg: '购方税号有误', changes: changes({}) },
      { appName: erp.name, result: 0, rejectMsg: null, changes: changes({ created: 2 }) },
      { appName: gateway.name, result: 0, rejectMsg: null, changes: changes({ unchanged: 1, voided: 1 }) },
    ].map((expected, index) => ({
      pushId: pushes[index]?.pushId,
      receivedAt: pushes[index]?.receivedAt,
      receivedAtIso: new Date(pushes[index]!.receivedAt).toISOString(),
      ...expected,
      requestId: pushes[index]?.requestId,
    })),
    pushesTruncated: false,
    invoices: [
      expectedRecord(one, { channelCode: 'jcsk', serialNo: 'B-1', redFlushStatus: 'none' }, invoices[0]!),
      expectedRecord(
        { ...two, invoicingStatus: '03' },
        { channelCode: 'jcsk', serialNo: 'B-1', redFlushStatus: 'voided', voided: true },
        invoices[1]!,
      ),
    ],
    invoicesTruncated: false,
  });
  pushes.forEach((received, index) => {
    assert.ok(received.receivedAt >= times[index]! - 1000 && received.receivedAt <= times[index + 1]! + 1000, 'received in turn');
    assert.match(received.requestId ?? '', /^[\w-]+$/);
  });
  assert.equal(batch.createdAt, pushes[0]?.receivedAt);
  assert.equal(batch.updatedAt, pushes[3]?.receivedAt);
  const stored = await app.db.selectFrom('pushes').select(['id', 'request_id']).where('serial_no', '=', 'B-1').orderBy('id').execute();
  assert.deepEqual(
    pushes.map((received) => [received.pushId, received.requestId]),
    stored.map((row) => [row.id, row.request_id]),
  );
});

test('when a batch was rejected and carried no invoice, then it shows the reason', async () => {
  const batch = await okValue<Batch>(
    get(app, '/api/openapi/v2/invoicing/batches?channelCode=jcsk&serialNo=B-REJECTED', reader),
    'BatchResponse',
  );
  assert.deepEqual([batch.result, batch.rejectMsg, batch.invoices, batch.pushes.length], [1, '额度不足', [], 1]);
});

test('when an app is limited to some sellers, then it sees a batch only if it carried their invoices, and only those', async () => {
  const s1 = await app.token({ scopes: ['read'], sellers: [S1] });
  const batch = await okValue<Batch>(get(app, '/api/openapi/v2/invoicing/batches?channelCode=jcsk&serialNo=B-1', s1), 'BatchResponse');
  assert.deepEqual(
    batch.invoices.map((invoice) => invoice.invoiceNumber),
    [one.invoiceNumber],
  );
  assert.deepEqual(
    batch.pushes.map((received) => received.changes),
    [changes({}), changes({}), changes({ created: 1 }), changes({ unchanged: 1 })],
    'only its own invoices are counted',
  );
  for (const serialNo of ['B-2', 'B-REJECTED', 'NONE']) {
    const body = await problem(get(app, `/api/openapi/v2/invoicing/batches?channelCode=jcsk&serialNo=${serialNo}`, s1), 404, 'not_found');
    assert.deepEqual([body.title, body.detail], ['未找到', `未找到渠道 jcsk 的批次 ${serialNo}`]);
  }
  const english = await problem(
    get(app, '/api/openapi/v2/invoicing/batches?channelCode=jcsk&serialNo=NONE', s1).set('Accept-Language', 'en'),
    404,
    'not_found',
  );
  assert.deepEqual([english.title, english.detail], ['Not found', 'no batch NONE of channel jcsk']);
});

test('when the batch is unknown or the parameters are wrong, then 404 or 400 naming them', async () => {
  await problem(get(app, '/api/openapi/v2/invoicing/batches?channelCode=other&serialNo=B-1', reader), 404, 'not_found');
  const body = await problem(get(app, '/api/openapi/v2/invoicing/batches?serialNo=B-1&page=2', reader), 400, 'validation_failed');
  assert.deepEqual(body.errors, [
    { parameter: 'channelCode', message: 'channelCode：必填' },
    { parameter: 'page', message: 'page：不是本接口的参数' },
  ]);
});

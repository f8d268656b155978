/**
 * The Nuonuo adapter against the channel simulator, a real HTTP server on a
 * local port that checks every signature: each operation's outcomes (ok,
 * refused, duplicate, unknown, unavailable), what the channel receives,
 * and that no call record holds a secret.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, test } from 'node:test';
import { type Simulator, startSimulator } from '../simulator/simulator.ts';
import {
  AdapterInputError,
  type ChannelAdapter,
  type ChannelCall,
  type ChannelOutcome,
  type InvoiceTypeCode,
  type RedConfirmApplication,
} from '../src/channels/adapter.ts';
import { nuonuoAdapter } from '../src/channels/nuonuo/nuonuo.adapter.ts';
import { nuonuoSignature } from '../src/channels/nuonuo/nuonuo.sign.ts';

const CREDENTIALS = { appKey: 'sim-app-key', appSecret: 'sim-app-secret-3f9c21', accessToken: 'sim-access-token-77ab01' };
const SELLER = { taxNo: '91310000MA1FL0XX2Y', name: '上海示例科技有限公司' };
const BUYER = { taxNo: '91110105MA01G6XX1X', name: '北京文化产业有限公司' };
const REQUIRES_CONFIRMATION = '91440101MA5APD8X8J';

let sim: Simulator;
let adapter: ChannelAdapter;
/** Every call record the adapters returned, checked for secrets at the end. */
const records: ChannelCall[] = [];
let sequence = 0;

function makeAdapter(overrides: Partial<Parameters<typeof nuonuoAdapter>[0]> = {}): ChannelAdapter {
  return nuonuoAdapter({
    channelCode: 'nuonuo-sim',
    endpoint: sim.url,
    ...CREDENTIALS,
    userTax: SELLER.taxNo,
    connectTimeoutMs: 2000,
    timeoutMs: 5000,
    ...overrides,
  });
}

async function kept<T>(outcome: Promise<ChannelOutcome<T>>): Promise<ChannelOutcome<T>> {
  const result = await outcome;
  records.push(result.call);
  return result;
}

function billId(): string {
  sequence += 1;
  return `RF${process.pid}T${Date.now() % 1_000_000}N${sequence}`;
}

function fullyDigital(number = `2631200000${String(Date.now() % 1e8).padStart(8, '0')}${String(sequence).padStart(2, '0')}`): {
  invoiceTypeCode: InvoiceTypeCode;
  invoiceCode: string;
  invoiceNumber: string;
} {
  return { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: number.slice(0, 20) };
}

function application(overrides: Partial<RedConfirmApplication> = {}): RedConfirmApplication {
  return {
    billId: billId(),
    blue: fullyDigital(),
    reason: '2',
    seller: SELLER,
    buyer: BUYER,
    rows: null,
    ...overrides,
  };
}

before(async () => {
  sim = await startSimulator({ ...CREDENTIALS, userTax: SELLER.taxNo, settings: { buyers: { [REQUIRES_CONFIRMATION]: 'required' } } });
  adapter = makeAdapter();
});
afterEach(() => {
  assert.deepEqual(sim.state.failures, [], 'every call reached the simulator signed and authorised');
});
after(async () => {
  await sim.close();
});

test('when a full red flush of a 数电 invoice is applied for, then the channel receives seed 003 fields, signed, and the answer is ok', async () => {
  const input = application();
  const outcome = await kept(adapter.applyRedConfirm(input));
  assert.equal(outcome.outcome, 'ok', JSON.stringify(outcome));
  assert.deepEqual(outcome.outcome === 'ok' && outcome.data, { billId: input.billId });

  const [received] = sim.state.callsOf('saveInvoiceRedConfirm').slice(-1);
  assert.ok(received);
  assert.deepEqual(received.body, {
    billId: input.billId,
    blueInvoiceLine: 'pc',
    applySource: '0',
    blueElecInvoiceNumber: input.blue.invoiceNumber,
    sellerTaxNo: SELLER.taxNo,
    sellerName: SELLER.name,
    buyerTaxNo: BUYER.taxNo,
    buyerName: BUYER.name,
    redReason: '2',
  });
  assert.equal(received.method, 'nuonuo.OpeMplatform.saveInvoiceRedConfirm');
  assert.deepEqual(received.headers, {
    sign: true,
    accessToken: true,
    userTax: SELLER.taxNo,
    contentType: 'application/json;charset=utf-8',
  });
  assert.equal(received.signatureValid, true);
  assert.equal(received.path, '/open/v1/services');
  assert.deepEqual(Object.keys(received.query).sort(), ['appkey', 'nonce', 'senid', 'timestamp']);
  assert.equal(received.query.appkey, CREDENTIALS.appKey);
  assert.match(received.query.senid ?? '', /^[0-9a-f]{32}$/);
  assert.match(received.query.nonce ?? '', /^[1-9]\d{7}$/);
  assert.match(received.query.timestamp ?? '', /^\d{10}$/);

  const { startedAt, durationMs, ...call } = outcome.call;
  assert.ok(startedAt instanceof Date && Number.isInteger(durationMs) && durationMs >= 0);
  assert.deepEqual(call, {
    operation: 'applyRedConfirm',
    method: 'nuonuo.OpeMplatform.saveInvoiceRedConfirm',
    outcome: 'ok',
    httpStatus: 200,
    code: 'E0000',
    message: '调用成功',
    error: null,
    reference: received.query.senid,
    requestBody: JSON.stringify(received.body),
    responseBody: JSON.stringify({ code: 'E0000', describe: '调用成功', result: input.billId }),
  });
});

test('when a partial red flush is applied for, then the rows go as detail: negative quantity, amounts and tax with 2 decimals, positive unit price', async () => {
  const input = application({
    rows: [
      {
        blueRowNo: '1',
        goodsName: '*信息技术服务*软件开发服务',
        taxClassificationCode: '3040201000000000000',
        quantity: '-1',
        unitPrice: '30',
        amount: '-30',
        taxAmount: '-1.8',
        taxRate: '0.06',
        unit: '次',
      },
      {
        blueRowNo: '3',
        goodsName: '*现代服务*咨询',
        taxClassificationCode: '3049900000000000000',
        amount: '-10.5',
        taxAmount: '0',
        taxRate: '0',
      },
    ],
  });
  const outcome = await kept(adapter.applyRedConfirm(input));
  assert.equal(outcome.outcome, 'ok', JSON.stringify(outcome));
  const [received] = sim.state.callsOf('saveInvoiceRedConfirm').slice(-1);
  assert.deepEqual((received?.body as { detail?: unknown } | undefined)?.detail, [
    {
      blueDetailIndex: '1',
      goodsName: '*信息技术服务*软件开发服务',
      unit: '次',
      num: '-1',
      taxExcludedPrice: '30',
      taxExcludedAmount: '-30.00',
      taxAmount: '-1.80',
      taxRate: '0.06',
      goodsCode: '3040201000000000000',
    },
    {
      blueDetailIndex: '3',
      goodsName: '*现代服务*咨询',
      taxExcludedAmount: '-10.50',
      taxAmount: '0.00',
      taxRate: '0',
      goodsCode: '3049900000000000000',
    },
  ]);
});

test('when each kind of blue invoice is applied for, then blueInvoiceLine and the numbers follow its type code', async () => {
  const cases: [InvoiceTypeCode, string, string, string][] = [
    ['01', '', '26312000000000000101', 'bs'],
    ['02', '', '26312000000000000102', 'pc'],
    ['004', '3100212130', '00000104', 's'],
    ['007', '011002100111', '00000107', 'c'],
    ['026', '011002100111', '00000126', 'p'],
    ['028', '011002100211', '00000128', 'b'],
  ];
  for (const [invoiceTypeCode, invoiceCode, invoiceNumber, line] of cases) {
    const outcome = await kept(adapter.applyRedConfirm(application({ blue: { invoiceTypeCode, invoiceCode, invoiceNumber } })));
    assert.equal(outcome.outcome, 'ok', `${invoiceTypeCode}: ${JSON.stringify(outcome)}`);
    const body = sim.state.callsOf('saveInvoiceRedConfirm').slice(-1)[0]?.body as Record<string, unknown>;
    const numbers =
      invoiceCode === '' ? { blueElecInvoiceNumber: invoiceNumber } : { blueInvoiceNumber: invoiceNumber, blueInvoiceCode: invoiceCode };
    assert.deepEqual(
      { line: body.blueInvoiceLine, elec: body.blueElecInvoiceNumber, number: body.blueInvoiceNumber, code: body.blueInvoiceCode },
      { line, elec: numbers.blueElecInvoiceNumber, number: numbers.blueInvoiceNumber, code: numbers.blueInvoiceCode },
      invoiceTypeCode,
    );
  }
});

test('when a form is queried by billId, then its state and figures come back; an unknown billId is ok with null', async () => {
  const none = application({
    rows: [
      { blueRowNo: '1', goodsName: '服务', taxClassificationCode: '3049900000000000000', amount: '-5', taxAmount: '-0.3', taxRate: '0.06' },
    ],
  });
  const waits = application({ buyer: { taxNo: REQUIRES_CONFIRMATION, name: '浙江诺诺网络科技有限公司' } });
  for (const input of [none, waits]) assert.equal((await kept(adapter.applyRedConfirm(input))).outcome, 'ok');
  await sim.state.settled();

  const first = await kept(adapter.queryRedConfirm({ billId: none.billId }));
  assert.equal(first.outcome, 'ok', JSON.stringify(first));
  const form = first.outcome === 'ok' ? first.data : null;
  assert.ok(form);
  const simulated = sim.state.forms.get(none.billId);
  assert.ok(simulated);
  assert.deepEqual(
    { ...form, enteredAt: form.enteredAt?.toISOString(), rows: form.rows.length },
    {
      billId: none.billId,
      billNo: simulated.billNo,
      billUuid: simulated.billUuid,
      state: '01',
      message: null,
      operationStatus: null,
      enteredBy: 'seller',
      blue: { invoiceCode: '', invoiceNumber: none.blue.invoiceNumber },
      sellerTaxNo: SELLER.taxNo,
      sellerName: SELLER.name,
      buyerTaxNo: BUYER.taxNo,
      buyerName: BUYER.name,
      amount: '-5.00',
      taxAmount: '-0.30',
      reason: '2',
      enteredAt: new Date(Math.floor(simulated.enteredAt / 1000) * 1000).toISOString(),
      confirmedAt: null,
      redInvoice: {
        issued: true,
        serialNo: simulated.invoice?.serialNo,
        orderNo: none.billId,
        invoiceNumber: simulated.invoice?.invoiceNumber,
      },
      rows: 1,
    },
  );
  assert.equal(sim.state.callsOf('queryInvoiceRedConfirm').slice(-1)[0]?.answer?.code, '0000', 'the query answers 0000, also success');

  const second = await kept(adapter.queryRedConfirm({ billId: waits.billId }));
  assert.equal(second.outcome === 'ok' && second.data?.state, '02');
  const missing = await kept(adapter.queryRedConfirm({ billId: 'NO-SUCH-FORM' }));
  assert.deepEqual([missing.outcome, missing.outcome === 'ok' && missing.data], ['ok', null]);
});

test('when the same billId is applied for again, then the channel says duplicate (E9106) and keeps one form', async () => {
  const input = application();
  assert.equal((await kept(adapter.applyRedConfirm(input))).outcome, 'ok');
  const forms = sim.state.forms.size;
  const again = await kept(adapter.applyRedConfirm({ ...input, reason: '1' }));
  assert.equal(again.outcome, 'duplicate');
  assert.deepEqual(again.outcome === 'duplicate' && [again.code, again.message, again.call.outcome], [
    'E9106',
    `红字确认单申请号 ${input.billId} 重复`,
    'duplicate',
  ]);
  assert.equal(sim.state.forms.size, forms);
});

test('when the channel refuses, then refused with its code and message, and nothing is made', async () => {
  const forms = sim.state.forms.size;
  const other = await kept(adapter.applyRedConfirm(application({ seller: { taxNo: '91330106MA2AYNWD8M', name: '别家公司' } })));
  assert.deepEqual(other.outcome === 'refused' && [other.code, other.message], ['E9103', '销方税号 91330106MA2AYNWD8M 与授权税号不一致']);

  sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'refuse', code: 'E9103', message: '该发票不能重复冲红' });
  const refused = await kept(adapter.applyRedConfirm(application()));
  assert.equal(refused.outcome, 'refused');
  assert.deepEqual(refused.outcome === 'refused' && [refused.code, refused.message, refused.call.httpStatus], [
    'E9103',
    '该发票不能重复冲红',
    200,
  ]);
  assert.equal(sim.state.forms.size, forms);
});

test('when the channel does not answer in time, then unknown, and querying finds the form the call made', async () => {
  sim.state.addFault({ method: 'saveInvoiceRedConfirm', kind: 'timeout' });
  const input = application();
  const impatient = makeAdapter({ connectTimeoutMs: 200, timeoutMs: 400 });
  const outcome = await kept(impatient.applyRedConfirm(input));
  assert.equal(outcome.outcome, 'unknown', JSON.stringify(outcome));
  assert.deepEqual(
    outcome.outcome === 'unknown' && [outcome.reason, outcome.call.httpStatus, outcome.call.code, outcome.call.responseBody],
    ['no answer within 400 ms', null, null, null],
  );
  await sim.state.settled();
  const query = await kept(adapter.queryRedConfirm({ billId: input.billId }));
  assert.equal(query.outcome === 'ok' && query.data?.billId, input.billId);
});

test('when the connection is reset after sending, then unknown', async () => {
  sim.state.addFault({ method: 'queryInvoiceRedConfirm', kind: 'reset', process: false });
  const outcome = await kept(adapter.queryRedConfirm({ billId: 'RESET-1' }));
  assert.equal(outcome.outcome, 'unknown', JSON.stringify(outcome));
  assert.match(outcome.outcome === 'unknown' ? outcome.reason : '', /^the connection failed after sending \(/);
});

test('when the channel answers 502, then unknown; when it answers 429, then unavailable', async () => {
  sim.state.addFault({ method: 'queryInvoiceRedConfirm', kind: 'http', status: 502 });
  const gateway = await kept(adapter.queryRedConfirm({ billId: 'HTTP-502' }));
  assert.deepEqual([gateway.outcome, gateway.call.httpStatus, gateway.call.responseBody], ['unknown', 502, 'Bad Gateway']);
  sim.state.addFault({ method: 'queryInvoiceRedConfirm', kind: 'http', status: 429 });
  const limited = await kept(adapter.queryRedConfirm({ billId: 'HTTP-429' }));
  assert.deepEqual([limited.outcome, limited.call.httpStatus], ['unavailable', 429]);
});

test('when nothing listens on the port, then unavailable: the call was certainly not sent', async () => {
  const probe = http.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const closed = makeAdapter({ endpoint: `http://127.0.0.1:${port}` });
  const outcome = await kept(closed.applyRedConfirm(application()));
  assert.equal(outcome.outcome, 'unavailable', JSON.stringify(outcome));
  assert.deepEqual(outcome.outcome === 'unavailable' && [outcome.reason, outcome.call.error, outcome.call.httpStatus], [
    'cannot connect (ECONNREFUSED)',
    'cannot connect (ECONNREFUSED)',
    null,
  ]);
});

test('when a buyer enters a form against our invoice, then the time-window query lists it in 03, and confirming makes it 04', async () => {
  const entered = await sim.state.enterBuyerForm({
    blueInvoiceNumber: fullyDigital().invoiceNumber,
    sellerTaxNo: SELLER.taxNo,
    sellerName: SELLER.name,
    buyerTaxNo: BUYER.taxNo,
    buyerName: BUYER.name,
    taxExcludedAmount: '-100.00',
    taxAmount: '-6.00',
  });
  const now = new Date(sim.state.now());
  const page = await kept(adapter.queryRedConfirms({ from: new Date(now.getTime() - 86_400_000), to: now, state: '03' }));
  assert.equal(page.outcome, 'ok', JSON.stringify(page));
  const listed = page.outcome === 'ok' ? page.data.forms.find((form) => form.billId === entered.billId) : undefined;
  assert.deepEqual(listed && [listed.state, listed.enteredBy, listed.amount, listed.taxAmount, listed.sellerTaxNo], [
    '03',
    'buyer',
    '-100.00',
    '-6.00',
    SELLER.taxNo,
  ]);
  assert.deepEqual(page.outcome === 'ok' && [page.data.pageNo, page.data.pageSize], [1, 50]);
  const query = sim.state.callsOf('queryInvoiceRedConfirm').slice(-1)[0]?.body as Record<string, string>;
  assert.deepEqual(Object.keys(query).sort(), ['billStatus', 'billTimeEnd', 'billTimeStart', 'identity', 'pageNo', 'pageSize']);

  const confirmed = await kept(adapter.confirm({ billId: entered.billId, agree: true }));
  assert.equal(confirmed.outcome, 'ok', JSON.stringify(confirmed));
  assert.deepEqual(sim.state.callsOf('confirm').slice(-1)[0]?.body, { identity: '0', billId: entered.billId, confirmAgreement: '1' });
  assert.equal(sim.state.forms.get(entered.billId)?.state, '04');

  const twice = await kept(adapter.confirm({ billId: entered.billId, agree: false, reason: '金额不符' }));
  assert.deepEqual(twice.outcome === 'refused' && twice.code, 'E9105');
  await assert.rejects(adapter.confirm({ billId: entered.billId, agree: false }), AdapterInputError);
});

test('when a form waiting for the buyer is revoked, then it ends 08; revoking it again is refused', async () => {
  const input = application({ buyer: { taxNo: REQUIRES_CONFIRMATION, name: '浙江诺诺网络科技有限公司' } });
  assert.equal((await kept(adapter.applyRedConfirm(input))).outcome, 'ok');
  await sim.state.settled();
  const revoked = await kept(adapter.cancel({ billId: input.billId }));
  assert.equal(revoked.outcome, 'ok', JSON.stringify(revoked));
  assert.deepEqual(sim.state.callsOf('confirmInfoCancel').slice(-1)[0]?.body, { identity: '0', billId: input.billId });
  assert.equal(sim.state.forms.get(input.billId)?.state, '08');
  const again = await kept(adapter.cancel({ billId: input.billId }));
  assert.equal(again.outcome === 'refused' && again.code, 'E9105');
});

test('when a red invoice is asked for against a form in 01, then ok with its serial number, the order reads back issued, and the same orderNo is duplicate', async () => {
  sim.state.settings.autoIssue = false;
  try {
    const input = application({
      rows: [
        {
          blueRowNo: '1',
          goodsName: '服务',
          taxClassificationCode: '3049900000000000000',
          amount: '-5',
          taxAmount: '-0.3',
          taxRate: '0.06',
        },
      ],
    });
    assert.equal((await kept(adapter.applyRedConfirm(input))).outcome, 'ok');
    await sim.state.settled();
    const form = sim.state.forms.get(input.billId);
    assert.equal(form?.state, '01');
    const orderNo = `O${input.billId}`.slice(0, 20);
    const order = { orderNo, sellerTaxNo: SELLER.taxNo, blue: input.blue, form: { billNo: form.billNo } };
    const issued = await kept(adapter.fastInvoiceRed(order));
    assert.equal(issued.outcome, 'ok', JSON.stringify(issued));
    assert.deepEqual(sim.state.callsOf('fastInvoiceRed').slice(-1)[0]?.body, {
      orderNo,
      taxNum: SELLER.taxNo,
      elecInvoiceNumber: input.blue.invoiceNumber,
      invoiceLine: 'pc',
      billNo: form.billNo,
    });
    await sim.state.settled();
    const status = await kept(adapter.queryRedInvoice({ orderNo }));
    const invoice = sim.state.invoices.get(orderNo);
    assert.deepEqual(status.outcome === 'ok' && status.data, {
      orderNo,
      serialNo: issued.outcome === 'ok' ? issued.data.serialNo : null,
      status: 'issued',
      statusCode: '2',
      message: '开票完成（最终状态）',
      invoiceCode: '',
      invoiceNumber: invoice?.invoiceNumber,
    });
    const again = await kept(adapter.fastInvoiceRed(order));
    assert.equal(again.outcome, 'duplicate');
    const unknown = await kept(adapter.queryRedInvoice({ orderNo: 'NO-SUCH-ORDER' }));
    assert.deepEqual([unknown.outcome, unknown.outcome === 'ok' && unknown.data], ['ok', null]);
  } finally {
    sim.state.settings.autoIssue = true;
  }
});

test('when the input breaks Nuonuo rules, then AdapterInputError and nothing is sent', async () => {
  const calls = sim.state.calls.length;
  const row = {
    blueRowNo: '1',
    goodsName: '服务',
    taxClassificationCode: '3049900000000000000',
    amount: '-5',
    taxAmount: '-0.3',
    taxRate: '0.06',
  };
  for (const input of [
    application({ billId: 'x'.repeat(33) }),
    application({ rows: [] }),
    application({ rows: [{ ...row, amount: '5' }] }),
    application({ rows: [{ ...row, amount: '-5.001' }] }),
    application({ rows: [{ ...row, quantity: '1' }] }),
    application({ blue: { invoiceTypeCode: '02', invoiceCode: '', invoiceNumber: '12345678' } }),
    application({ orderNo: 'x'.repeat(21) }),
  ]) {
    await assert.rejects(adapter.applyRedConfirm(input), AdapterInputError);
  }
  // The invoice's own data is named in Chinese too, the row as the invoice numbers it.
  for (const [code, zh] of [
    ['', '第 4 行没有税收分类编码'],
    ['30402010000000000001', '第 4 行的税收分类编码 30402010000000000001 不是 19 位以内的数字'],
  ] as const) {
    await assert.rejects(
      adapter.applyRedConfirm(application({ rows: [{ ...row, detailRowNo: '4', taxClassificationCode: code }] })),
      (error) => error instanceof AdapterInputError && error.field === 'rows[0].taxClassificationCode' && error.zh === zh,
    );
  }
  await assert.rejects(
    adapter.fastInvoiceRed({
      orderNo: 'O1',
      sellerTaxNo: SELLER.taxNo,
      blue: { invoiceTypeCode: '004', invoiceCode: '3100212130', invoiceNumber: '00000104' },
    }),
    /infoSheetNo/,
  );
  await assert.rejects(adapter.queryRedConfirm({}), AdapterInputError);
  assert.equal(sim.state.calls.length, calls);
});

test('when the channel echoes a secret, then the call record still holds none: no signature, access token or app secret', async () => {
  sim.state.addFault({
    method: 'queryInvoiceRedConfirm',
    kind: 'refuse',
    code: 'E9999',
    message: `bad token ${CREDENTIALS.accessToken} / ${CREDENTIALS.appSecret}`,
  });
  const echoed = await kept(adapter.queryRedConfirm({ billId: 'ECHO-1' }));
  assert.deepEqual(echoed.outcome === 'refused' && echoed.message, 'bad token [redacted] / [redacted]');

  assert.ok(records.length > 20);
  for (const record of records) {
    const text = JSON.stringify(record);
    assert.doesNotMatch(text, new RegExp(CREDENTIALS.accessToken));
    assert.doesNotMatch(text, new RegExp(CREDENTIALS.appSecret));
    const received = sim.state.calls.find((call) => call.query.senid === record.reference);
    if (!received) continue; // never reached the channel (unavailable)
    const signature = nuonuoSignature({
      ...CREDENTIALS,
      senid: received.query.senid ?? '',
      nonce: received.query.nonce ?? '',
      timestamp: received.query.timestamp ?? '',
      body: record.requestBody,
    });
    assert.ok(!text.includes(signature), `the signature of ${record.reference} is not in its record`);
  }
});

test('when a call is not signed or uses the wrong credentials, then the simulator answers an error and records a failure', async () => {
  const other = await startSimulator(CREDENTIALS);
  try {
    const wrongSecret = nuonuoAdapter({
      channelCode: 'x',
      endpoint: other.url,
      ...CREDENTIALS,
      appSecret: 'not-the-secret',
      userTax: null,
      connectTimeoutMs: 1000,
      timeoutMs: 3000,
    });
    const refused = await wrongSecret.queryRedConfirm({ billId: 'A' });
    assert.deepEqual(refused.outcome === 'refused' && [refused.code, refused.message], ['E9201', '签名错误']);
    const wrongToken = nuonuoAdapter({
      channelCode: 'x',
      endpoint: other.url,
      ...CREDENTIALS,
      accessToken: 'old-token',
      userTax: null,
      connectTimeoutMs: 1000,
      timeoutMs: 3000,
    });
    assert.equal((await wrongToken.queryRedConfirm({ billId: 'A' })).outcome, 'refused');
    const unsigned = await fetch(
      `${other.url}/open/v1/services?appkey=${CREDENTIALS.appKey}&senid=${'a'.repeat(32)}&nonce=12345678&timestamp=${Math.floor(Date.now() / 1000)}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accessToken: CREDENTIALS.accessToken,
          method: 'nuonuo.OpeMplatform.queryInvoiceRedConfirm',
        },
        body: '{"identity":"0","billId":"A"}',
      },
    );
    assert.deepEqual(await unsigned.json(), { code: 'E9201', describe: '签名错误' });
    const stray = await fetch(`${other.url}/open/v2/services`, { method: 'POST', body: '{}' });
    assert.equal(stray.status, 404);
    assert.deepEqual(
      other.state.failures.map((call) => [call.path, call.failure, call.signatureValid]),
      [
        ['/open/v1/services', 'wrong X-Nuonuo-Sign', false],
        ['/open/v1/services', 'wrong accessToken', false],
        ['/open/v1/services', 'no X-Nuonuo-Sign header', false],
        ['/open/v2/services', 'no such path: POST /open/v2/services', false],
      ],
    );
    assert.equal(other.state.forms.size, 0);
  } finally {
    await other.close();
  }
});

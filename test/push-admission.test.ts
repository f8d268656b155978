/**
 * Admission: at most PUSH_CONCURRENCY pushes are read and stored at once;
 * the others wait their turn, first come first served, and are answered
 * and stored when it comes. Waiting is observed through the gauges of
 * /metrics, so the tests do not depend on timing.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { buildInvoice, buildPush, uniqueNumber } from './helpers/builders.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp({ pushConcurrency: 1, metricsToken: METRICS_TOKEN });
  token = await app.token({ scopes: ['push', 'read'] });
});
after(() => app.close());

async function gauges(): Promise<{ admitted: number; waiting: number }> {
  const response = await app.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(response.text)?.[1]);
  return { admitted: value('fapiao_pushes_admitted'), waiting: value('fapiao_pushes_waiting') };
}

async function until(what: string, condition: (current: { admitted: number; waiting: number }) => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (condition(await gauges())) return;
    await sleep(20);
  }
  assert.fail(`never: ${what}; gauges ${JSON.stringify(await gauges())}`);
}

/** A push that sends its headers and the first half of its body, then stalls until `finish` is called. */
function stalledPush(invoiceNumber: string) {
  const body = Buffer.from(JSON.stringify(buildPush({ data: [buildInvoice({ invoiceNumber })] })));
  const request = http.request(`${app.url}/api/openapi/v2/invoicing?accessToken=${token.accessToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const answered = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
  request.write(body.subarray(0, body.length >> 1));
  return { answered, finish: () => request.end(body.subarray(body.length >> 1)), abort: () => request.destroy() };
}

async function stored(invoiceNumber: string): Promise<number> {
  const rows = await app.db.selectFrom('invoices').select('id').where('invoice_number', '=', invoiceNumber).execute();
  return rows.length;
}

test('when the only turn is taken, then the next push waits until the first is answered, and both are stored', async () => {
  const firstNumber = uniqueNumber();
  const secondNumber = uniqueNumber();
  const first = stalledPush(firstNumber);
  await until('the first push is admitted', (current) => current.admitted === 1);

  let secondAnswered = false;
  const second = app.push(buildPush({ data: [buildInvoice({ invoiceNumber: secondNumber })] }), token.accessToken).then((response) => {
    secondAnswered = true;
    return response;
  });
  await until('the second push waits', (current) => current.waiting === 1);
  assert.equal(secondAnswered, false);
  assert.equal(await stored(secondNumber), 0);

  first.finish();
  const [firstResponse, secondResponse] = await Promise.all([first.answered, second]);
  assert.deepEqual(firstResponse, { status: 200, body: { value: true } });
  assert.equal(secondResponse.status, 200);
  assert.deepEqual(secondResponse.body, { value: true });
  assert.equal(await stored(firstNumber), 1);
  assert.equal(await stored(secondNumber), 1);
  await until('nothing is admitted or waiting', (current) => current.admitted === 0 && current.waiting === 0);
});

test('when a waiting push is abandoned by its client, then its turn is skipped and the push after it is stored', async () => {
  const first = stalledPush(uniqueNumber());
  await until('the first push is admitted', (current) => current.admitted === 1);
  const abandonedNumber = uniqueNumber();
  const abandoned = stalledPush(abandonedNumber);
  abandoned.answered.catch(() => {});
  await until('the second push waits', (current) => current.waiting === 1);
  const lastNumber = uniqueNumber();
  const last = app.push(buildPush({ data: [buildInvoice({ invoiceNumber: lastNumber })] }), token.accessToken).then((response) => response);
  await until('the third push waits', (current) => current.waiting === 2);

  abandoned.abort();
  first.finish();
  assert.deepEqual(await first.answered, { status: 200, body: { value: true } });
  const response = await last;
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
  assert.equal(await stored(abandonedNumber), 0);
  assert.equal(await stored(lastNumber), 1);
  await until('nothing is admitted or waiting', (current) => current.admitted === 0 && current.waiting === 0);
});

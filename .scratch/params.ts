import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { serialize } from '../node_modules/pg-protocol/dist/index.js';
import utils from '../node_modules/pg/lib/utils.js';
import { parseJson } from '../src/api/json.ts';
import { MAX_DEPTH } from '../src/api/normalize.ts';
import { DETAIL_FIELDS, INVOICE_FIELDS, toColumn } from '../src/db/invoice-fields.ts';
import { invoiceFindings } from '../src/findings/findings.ts';
import { validBody } from '../src/http/validate.ts';
import { storePushQuery } from '../src/push/push.repository.ts';
import { batchPush } from '../bench/bodies.ts';

const text = batchPush('BENCH-1', Array.from({ length: 100 }, (_, i) => i + 1));
const p = parseJson(text, MAX_DEPTH); if (!p.ok) throw new Error('x');
const body = validBody('PushRequest', p.value) as any;
function time(label: string, run: () => unknown) {
  for (let i = 0; i < 50; i++) run();
  const t0 = process.cpuUsage(); const w = performance.now(); let n = 0;
  while (performance.now() - w < 2000) { run(); n++; }
  const t = process.cpuUsage(t0); console.log(label.padEnd(24), ((t.user + t.system) / n / 1000).toFixed(3), 'ms CPU/call');
}
const rows = () => body.data.map((invoice: any, position: number) => {
  const values = INVOICE_FIELDS.map((f) => toColumn(f, invoice[f.name]));
  const details = invoice.details.map((d: any) => DETAIL_FIELDS.map((f) => toColumn(f, d[f.name])));
  return { position, contentHash: createHash('sha256').update(JSON.stringify([values, details])).digest('base64url'), values, details, findings: invoiceFindings(invoice, Date.now()) };
});
const push = { appId: '1', channelCode: 'ch1', serialNo: 'S', result: 0, rejectMsg: null, invoiceCount: 100, requestId: null, body: text, contentType: 'application/json' };
time('rows (toColumn+hash+findings)', rows);
const r = rows();
time('storePushQuery', () => storePushQuery(push, r));
const q = storePushQuery(push, r);
time('prepareValue all params', () => q.parameters.map((v) => utils.prepareValue(v)));
const prepared = q.parameters.map((v) => utils.prepareValue(v));
time('serialize bind', () => serialize.bind({ statement: 'fh_1', values: prepared as any }));
console.log('params', q.parameters.length, 'bind bytes', serialize.bind({ statement: 'fh_1', values: prepared as any }).length);
console.log('body chars', text.length, Buffer.byteLength(text));
const sizes = prepared.map((v, i) => [i + 1, v == null ? 0 : Buffer.byteLength(String(v))] as const).sort((a, b) => b[1] - a[1]);
console.log(sizes.slice(0, 12));
console.log('sample', String(prepared[sizes[1][0] - 1]).slice(0, 200));

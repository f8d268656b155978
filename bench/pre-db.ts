/**
 * The push route's work before the database, in process: parse → normalise →
 * validate → findings, on the doc example and on a 100-invoice push. Prints
 * CPU µs and page faults per call for each step and for the whole.
 *
 *   node bench/pre-db.ts [seconds per case]
 */
import { parseJson } from '../src/api/json.ts';
import { MAX_DEPTH, normalize } from '../src/api/normalize.ts';
import { validator } from '../src/api/spec.ts';
import { invoiceFindings } from '../src/findings/findings.ts';
import { validBody } from '../src/http/validate.ts';
import { batchPush, singlePush } from './bodies.ts';
import { timePerCall } from './in-process.ts';

const seconds = Number(process.argv[2] ?? 2);
const numbers = Array.from({ length: 100 }, (_, i) => i + 1);
const bodies = { single: singlePush(1), batch: batchPush('BENCH-1', numbers) };

const time = (label: string, run: () => unknown) => timePerCall(label, run, seconds);

for (const [name, text] of Object.entries(bodies)) {
  const bytes = Buffer.from(text);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parsed = parseJson(text, MAX_DEPTH);
  if (!parsed.ok) throw new Error(parsed.reason);
  const normalized = normalize('PushRequest', parsed.value).value;
  const body = validBody('PushRequest', parsed.value);
  time(`${name} decode`, () => decoder.decode(bytes));
  time(`${name} parse`, () => parseJson(text, MAX_DEPTH));
  time(`${name} normalize`, () => normalize('PushRequest', parsed.value));
  time(`${name} ajv`, () => validator('PushRequest')(normalized));
  time(`${name} findings`, () => body.data?.map(invoiceFindings));
  time(`${name} all`, () => {
    const p = parseJson(decoder.decode(bytes), MAX_DEPTH);
    if (!p.ok) throw new Error(p.reason);
    validBody('PushRequest', p.value).data?.map(invoiceFindings);
  });
}

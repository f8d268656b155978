/**
 * The invoice list's answer, built two ways from the same 50 records (the
 * bench's batch invoices, Chinese names, about 1.9 KB of JSON each): as one
 * string that res.send encodes (what the route did), and record by record
 * into one Buffer (`listBody`, what it does). Prints CPU and minor page
 * faults per page for each: a string over V8's large-object size gets
 * fresh pages every time, and what a fresh page costs depends on the machine.
 *
 *   node bench/list-body.ts [seconds per case]
 */
import { listBody } from '../src/invoices/record-json.ts';
import { batchPush } from './bodies.ts';
import { timePerCall } from './in-process.ts';

const seconds = Number(process.argv[2] ?? 2);
const numbers = Array.from({ length: 50 }, (_, i) => i + 1);
const items = (JSON.parse(batchPush('BENCH-1', numbers)) as { data: unknown[] }).data.map((invoice) => JSON.stringify(invoice));
const nextCursor = 'MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDEyMzQ1Ng';

const time = (label: string, build: () => Buffer) => timePerCall(label, build, seconds);

const asString = () => Buffer.from(`{"value":{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}}`);
if (!asString().equals(listBody(items, nextCursor))) throw new Error('the two ways do not write the same bytes');
console.log(`a page of ${items.length} records, ${asString().length.toLocaleString('en')} bytes`);
time('one string, then encoded', asString);
time('record by record', () => listBody(items, nextCursor));

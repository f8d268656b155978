/**
 * The table: each scenario as an absolute figure and as a ratio to its
 * ceiling, then the issue's targets as met / not met, with the machine and
 * the conditions of the run. bench/RESULTS.md gets the same text; what
 * stands below the KEEP marker there (notes written by hand, such as what
 * was changed in the receiver and what it gained) is kept across runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Strategy } from './db-ceiling.ts';
import type { Measurement, UnderLoad } from './load.ts';
import type { Plan } from './plan.ts';
import type { QueryResults } from './queries.ts';

const RESULTS = new URL('RESULTS.md', import.meta.url);
const KEEP = '<!-- Everything below this line is written by hand and kept by `npm run bench` across runs. -->';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly loadAverage: readonly number[];
  readonly date: Date;
}

export async function machine(): Promise<Machine> {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg(),
    date: new Date(),
  };
}

export interface Ceiling {
  readonly strategy: Strategy;
  readonly result: UnderLoad;
}

const STRATEGY_NAMES: Record<Strategy, string> = {
  statements: 'one statement per table in a transaction',
  'one-statement': 'all tables in one statement (CTEs)',
};

function best(ceilings: readonly Ceiling[] | undefined): Ceiling | undefined {
  return ceilings?.reduce((a, b) => (b.result.measurement.rate > a.result.measurement.rate ? b : a));
}

export interface Report {
  plan: Plan;
  command: string;
  note?: string | undefined;
  startMachine: Machine;
  endMachine?: Machine;
  postgres?: string;
  seconds?: number;
  seedSeconds?: number;
  receiverEnv?: string;
  /** The receiver's node options, as given to node. */
  receiverNodeOptions?: string;
  httpCeiling?: UnderLoad;
  /** The database ceilings, one per strategy; the best one counts. */
  dbCeiling?: Ceiling[];
  bulkCeiling?: Ceiling[];
  single?: UnderLoad & { stored: number };
  repush?: UnderLoad;
  blue?: UnderLoad & { stored: number };
  red?: UnderLoad & { stored: number; blues: number };
  batch?: UnderLoad & { stored: number };
  growth?: UnderLoad;
  queries?: QueryResults;
}

const number = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
const ms = (value: number | undefined) => (value === undefined ? '—' : number(value, 1));
const mb = (bytes: number | undefined) => (bytes === undefined || !Number.isFinite(bytes) ? '—' : `${number(bytes / 1024 / 1024)} MB`);
const ratio = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '—' : `${number(value, 2)}×`);

type Verdict = 'met' | '**not met**' | 'not measured';
const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');

interface Line {
  readonly scenario: string;
  readonly m?: Measurement | undefined;
  /** Invoices per operation, for invoices/s. */
  readonly per?: number;
  readonly unit: string;
  readonly ceiling?: string;
  readonly ratio?: number | undefined;
  readonly rss?: number | undefined;
  readonly cpuMs?: number | undefined;
  readonly dbCpuMs?: number | undefined;
}

function throughput(line: Line): string {
  if (!line.m) return 'not measured';
  const per = line.per ?? 1;
  const main = `${number(line.m.rate * per)} ${line.unit}`;
  return per === 1 ? main : `${main} (${number(line.m.rate, 1)} pushes/s)`;
}

function row(line: Line): string {
  const m = line.m;
  return `| ${line.scenario} | ${throughput(line)} | ${ms(m?.p50)} | ${ms(m?.p99)} | ${m ? number(m.errors) : '—'} | ${line.ceiling ?? '—'} | ${ratio(line.ratio)} | ${line.cpuMs === undefined ? '—' : number(line.cpuMs, 2)} | ${line.dbCpuMs === undefined ? '—' : number(line.dbCpuMs, 2)} | ${mb(line.rss)} |`;
}

const div = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);

export function render(report: Report): string {
  const { plan } = report;
  const http = report.httpCeiling?.measurement.rate;
  const db = best(report.dbCeiling)?.result.measurement.rate;
  const singleCeiling = http === undefined || db === undefined ? (http ?? db) : Math.min(http, db);
  const singleCeilingName =
    http !== undefined && db !== undefined ? (http <= db ? 'HTTP' : 'database') : http !== undefined ? 'HTTP' : 'database';
  const bulkBest = best(report.bulkCeiling);
  const bulk = bulkBest ? bulkBest.result.measurement.rate * plan.batchSize : undefined;
  const single = report.single?.measurement;
  const batch = report.batch?.measurement;
  const growth = report.growth?.measurement;
  const q = report.queries;
  const seeded = number(plan.seedInvoices);

  const lines: Line[] = [
    {
      scenario: 'HTTP ceiling: bare Express 5, express.json(), same body',
      m: report.httpCeiling?.measurement,
      unit: 'pushes/s',
      rss: report.httpCeiling?.rss,
      cpuMs: report.httpCeiling?.cpuMs,
    },
    ...(report.dbCeiling ?? []).map((ceiling) => ({
      scenario: `Database ceiling: the same rows via pg, ${STRATEGY_NAMES[ceiling.strategy]}`,
      m: ceiling.result.measurement,
      unit: 'pushes/s',
      dbCpuMs: ceiling.result.dbCpuMs,
    })),
    {
      scenario: '1. Single push (doc example), empty tables',
      m: single,
      unit: 'pushes/s',
      ceiling: singleCeiling === undefined ? undefined : `${number(singleCeiling)} (${singleCeilingName})`,
      ratio: div(single?.rate, singleCeiling),
      rss: report.single?.rss,
      cpuMs: report.single?.cpuMs,
      dbCpuMs: report.single?.dbCpuMs,
    },
    ...(report.bulkCeiling ?? []).map((ceiling) => ({
      scenario: `Bulk database ceiling: ${plan.batchSize} invoices per push, unnest, ${STRATEGY_NAMES[ceiling.strategy]}`,
      m: ceiling.result.measurement,
      per: plan.batchSize,
      unit: 'invoices/s',
      dbCpuMs: ceiling.result.dbCpuMs,
    })),
    {
      scenario: `2. Batch push, ${plan.batchSize} invoices per push`,
      m: batch,
      per: plan.batchSize,
      unit: 'invoices/s',
      ceiling: bulk === undefined ? undefined : `${number(bulk)} (bulk)`,
      ratio: div(batch ? batch.rate * plan.batchSize : undefined, bulk),
      rss: report.batch?.rss,
      cpuMs: report.batch?.cpuMs,
      dbCpuMs: report.batch?.dbCpuMs,
    },
    {
      scenario: '3. Re-push of stored invoices, unchanged (idempotent path)',
      m: report.repush?.measurement,
      unit: 'pushes/s',
      ceiling: singleCeiling === undefined ? undefined : `${number(singleCeiling)} (${singleCeilingName})`,
      ratio: div(report.repush?.measurement.rate, singleCeiling),
      rss: report.repush?.rss,
      cpuMs: report.repush?.cpuMs,
      dbCpuMs: report.repush?.dbCpuMs,
    },
    {
      scenario: '6. Single push of a blue invoice (the example as blue, no original invoice), empty tables',
      m: report.blue?.measurement,
      unit: 'pushes/s',
      ceiling: singleCeiling === undefined ? undefined : `${number(singleCeiling)} (${singleCeilingName})`,
      ratio: div(report.blue?.measurement.rate, singleCeiling),
      rss: report.blue?.rss,
      cpuMs: report.blue?.cpuMs,
      dbCpuMs: report.blue?.dbCpuMs,
    },
    {
      scenario: `7. Single push of a red invoice naming a stored blue one (each its own, in full; ${number(report.red?.blues ?? plan.redBlues)} blue invoices stored)`,
      m: report.red?.measurement,
      unit: 'pushes/s',
      ceiling: singleCeiling === undefined ? undefined : `${number(singleCeiling)} (${singleCeilingName})`,
      ratio: div(report.red?.measurement.rate, singleCeiling),
      rss: report.red?.rss,
      cpuMs: report.red?.cpuMs,
      dbCpuMs: report.red?.dbCpuMs,
    },
    {
      scenario: `5. Single push with ${seeded} invoices stored`,
      m: growth,
      unit: 'pushes/s',
      ceiling: single ? `${number(single.rate)} (empty tables)` : undefined,
      ratio: div(growth?.rate, single?.rate),
      rss: report.growth?.rss,
      cpuMs: report.growth?.cpuMs,
      dbCpuMs: report.growth?.dbCpuMs,
    },
  ];
  const queryLines: Line[] = q?.missing
    ? []
    : [
        {
          scenario: `4a. Lookup by invoiceCode + invoiceNumber, ${seeded} invoices`,
          m: q?.lookup?.measurement,
          unit: 'requests/s',
          rss: q?.lookup?.rss,
          cpuMs: q?.lookup?.cpuMs,
          dbCpuMs: q?.lookup?.dbCpuMs,
        },
        {
          scenario: '4b. List by sellerTaxNo + 30-day invoiceDate range',
          m: q?.list?.measurement,
          unit: 'requests/s',
          rss: q?.list?.rss,
          cpuMs: q?.list?.cpuMs,
          dbCpuMs: q?.list?.dbCpuMs,
        },
        {
          scenario: `4c. Page 1 of all invoices, newest first (limit ${plan.pageLimit})`,
          m: q?.firstPage?.measurement,
          unit: 'requests/s',
          rss: q?.firstPage?.rss,
          cpuMs: q?.firstPage?.cpuMs,
          dbCpuMs: q?.firstPage?.dbCpuMs,
        },
        {
          scenario: `4d. Page ${number(plan.deepPage)} of the same walk`,
          m: q?.deepPage?.measurement,
          unit: 'requests/s',
          ceiling: q?.firstPage ? `p50 of page 1` : undefined,
          ratio: div(q?.deepPage?.measurement.p50, q?.firstPage?.measurement.p50),
          rss: q?.deepPage?.rss,
          cpuMs: q?.deepPage?.cpuMs,
          dbCpuMs: q?.deepPage?.dbCpuMs,
        },
      ];

  const scenarios: [string, UnderLoad | undefined][] = [
    ['single push', report.single],
    ['re-push', report.repush],
    ['blue push', report.blue],
    ['red push', report.red],
    ['batch push', report.batch],
    ['single push at scale', report.growth],
    ['lookup', q?.lookup],
    ['list', q?.list],
    ['page 1', q?.firstPage],
    ['deep page', q?.deepPage],
  ];
  const receiverPeaks = scenarios
    .flatMap(([name, entry]): [string, number][] => (entry?.rss === undefined ? [] : [[name, entry.rss]]))
    .sort((a, b) => b[1] - a[1]);
  const [first, second] = receiverPeaks;
  const peak = first?.[1];
  const peakText = first ? `${mb(first[1])} (${first[0]}${second ? `; next: ${second[0]}, ${mb(second[1])}` : ''})` : '—';
  const singleRatio = div(single?.rate, singleCeiling);
  const batchRatio = div(batch ? batch.rate * plan.batchSize : undefined, bulk);
  const growthRatio = div(growth?.rate, single?.rate);
  const pageRatio = div(q?.deepPage?.measurement.p50, q?.firstPage?.measurement.p50);
  const targets: [string, string, Verdict][] = [
    [
      'Single push ≥ 0.5 × min(HTTP ceiling, database ceiling)',
      singleRatio === undefined ? '—' : `${ratio(singleRatio)} (${number(single?.rate ?? 0)} / ${number(singleCeiling ?? 0)})`,
      verdict(singleRatio === undefined ? undefined : singleRatio >= 0.5),
    ],
    [
      'Batch push invoices/s ≥ 0.5 × bulk database ceiling',
      batchRatio === undefined ? '—' : `${ratio(batchRatio)} (${number((batch?.rate ?? 0) * plan.batchSize)} / ${number(bulk ?? 0)})`,
      verdict(batchRatio === undefined ? undefined : batchRatio >= 0.5),
    ],
    [
      `Single push p99 ≤ 50 ms at ${plan.pushConnections} connections`,
      single ? `${ms(single.p99)} ms` : '—',
      verdict(single ? single.p99 <= 50 : undefined),
    ],
    [
      `Lookup p99 ≤ 10 ms at ${seeded} invoices`,
      q?.lookup ? `${ms(q.lookup.measurement.p99)} ms` : '—',
      verdict(q?.lookup ? q.lookup.measurement.p99 <= 10 : undefined),
    ],
    [
      `Filtered list p99 ≤ 25 ms at ${seeded} invoices`,
      q?.list ? `${ms(q.list.measurement.p99)} ms` : '—',
      verdict(q?.list ? q.list.measurement.p99 <= 25 : undefined),
    ],
    [
      `Page ${number(plan.deepPage)} within 1.5× of page 1 (p50)`,
      pageRatio === undefined ? '—' : `${ratio(pageRatio)} (${ms(q?.deepPage?.measurement.p50)} / ${ms(q?.firstPage?.measurement.p50)} ms)`,
      verdict(pageRatio === undefined ? undefined : pageRatio <= 1.5),
    ],
    [
      `Single push with ${seeded} invoices ≥ 0.8 × empty`,
      growthRatio === undefined ? '—' : `${ratio(growthRatio)} (${number(growth?.rate ?? 0)} / ${number(single?.rate ?? 0)})`,
      verdict(growthRatio === undefined ? undefined : growthRatio >= 0.8),
    ],
    [
      'Server peak RSS ≤ 200 MB under load',
      peak === undefined ? '—' : peakText,
      verdict(peak === undefined ? undefined : peak <= 200 * 1024 * 1024),
    ],
  ];

  const start = report.startMachine;
  const end = report.endMachine;
  const load = (m: Machine | undefined) => (m ? m.loadAverage.map((value) => value.toFixed(2)).join(' / ') : '—');
  const errors = [...lines, ...queryLines].filter((line) => line.m && line.m.errors > 0);
  const out = [
    '# fapiao-hub benchmark',
    '',
    `<!-- Written by \`npm run bench\`: ${report.command}. -->`,
    '',
    `- **Run**: ${start.date.toISOString().slice(0, 16).replace('T', ' ')} UTC, \`${report.command}\` (${plan.name} run), ${report.seconds === undefined ? '—' : `${Math.round(report.seconds)} s`} in all`,
    `- **Conditions**: ${report.note ?? 'no note given (`--note`)'}; load average (1 / 5 / 15 min) ${load(start)} at the start, ${load(end)} at the end`,
    `- **Machine**: ${start.cpu}, ${start.cores} cores, ${number(start.memoryBytes / 1024 ** 3, 1)} GiB memory, ${start.os}`,
    `- **Software**: Node ${start.node}; PostgreSQL ${report.postgres ?? '—'}, same machine, over loopback`,
    `- **Receiver**: its own process, compiled (\`npm run build\`, then \`node ${report.receiverNodeOptions ?? '--max-semi-space-size=8'} dist/src/server.js\`${report.receiverNodeOptions === undefined ? ", the heap setting of package.json's start" : ''}) with ${report.receiverEnv ?? '—'}; peak RSS is its VmHWM, reset before each scenario`,
    `- **Load**: autocannon over loopback, ${plan.warmupSeconds} s warm-up then ${plan.seconds} s measured per scenario (and ${plan.receiverWarmupSeconds} s of pushes to the fresh receiver before its first scenario); ${plan.pushConnections} connections for pushes and for the ceilings (${plan.pushConnections} concurrent transactions), ${plan.queryConnections} for queries; every push carries new invoice numbers; latencies are exact percentiles of every successful request`,
    `- **At scale**: ${seeded} invoices seeded with INSERT … SELECT generate_series${report.seedSeconds === undefined ? '' : ` in ${Math.round(report.seedSeconds)} s`} (see bench/seed.ts); the cursor of page ${number(plan.deepPage)} was obtained by walking${q?.walkRequests === undefined ? '' : ` (${number(q.walkRequests)} requests: pages of 500, then of ${plan.pageLimit})`} and checked against OFFSET`,
    '',
    '## Results',
    '',
    '| scenario | throughput | p50 ms | p99 ms | errors | ceiling | ratio | server CPU ms/op | Postgres CPU ms/op | server peak RSS |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...lines.slice(0, -1).map(row),
    ...(q?.missing ? [`| 4. Queries at ${seeded} invoices | not measured: ${q.missing} | | | | | | | | |`] : queryLines.map(row)),
    ...lines.slice(-1).map(row),
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    ...targets.map(([target, measured, met]) => `| ${target} | ${measured} | ${met} |`),
    ...(errors.length > 0
      ? [
          '',
          '## Errors',
          '',
          ...errors.map((line) => `- ${line.scenario}: ${line.m?.errors} failed; first: \`${line.m?.firstError?.replaceAll('`', "'")}\``),
        ]
      : []),
  ];
  return out.join('\n');
}

/** Every measurement of the report, by scenario. */
export function measurements(report: Report): [string, Measurement][] {
  const q = report.queries;
  const all: [string, Measurement | undefined][] = [
    ['HTTP ceiling', report.httpCeiling?.measurement],
    ...(report.dbCeiling ?? []).map((ceiling): [string, Measurement] => [
      `database ceiling (${ceiling.strategy})`,
      ceiling.result.measurement,
    ]),
    ['single push', report.single?.measurement],
    ['re-push', report.repush?.measurement],
    ['blue push', report.blue?.measurement],
    ['red push', report.red?.measurement],
    ...(report.bulkCeiling ?? []).map((ceiling): [string, Measurement] => [
      `bulk database ceiling (${ceiling.strategy})`,
      ceiling.result.measurement,
    ]),
    ['batch push', report.batch?.measurement],
    ['single push at scale', report.growth?.measurement],
    ['lookup', q?.lookup?.measurement],
    ['list', q?.list?.measurement],
    ['page 1', q?.firstPage?.measurement],
    ['deep page', q?.deepPage?.measurement],
  ];
  return all.filter((entry): entry is [string, Measurement] => entry[1] !== undefined);
}

/** Writes RESULTS.md: the new text, then whatever stood below the KEEP marker. */
export function writeResults(text: string): void {
  const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const at = previous.indexOf(KEEP);
  const kept = at >= 0 ? previous.slice(at) : `${KEEP}\n`;
  writeFileSync(RESULTS, `${text}\n\n${kept}`);
}

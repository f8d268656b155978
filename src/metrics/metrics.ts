/**
 * Prometheus metrics (prom-client), one registry per app. Label values come
 * only from bounded sets: route templates, outcomes, rules, and channel
 * codes (capped, the rest counted as "other"). Never a token or a secret.
 */
import type { RequestHandler } from 'express';
import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Distinct channel label values kept before the rest are counted as "other". */
const MAX_CHANNEL_LABELS = 200;

export class Metrics {
  readonly registry = new Registry();
  readonly pushes: Counter<'channel' | 'outcome'>;
  readonly invoices: Counter<'channel' | 'change'>;
  readonly validationFailures: Counter<'rule'>;
  readonly findings: Counter<'code' | 'severity'>;
  readonly jobs: Counter<'queue' | 'outcome'>;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly channelCalls: Counter<'channel' | 'method' | 'outcome'>;
  readonly channelCallDuration: Histogram<'channel' | 'method'>;
  readonly #channels = new Set<string>();

  constructor(pool?: pg.Pool) {
    collectDefaultMetrics({ register: this.registry });
    this.pushes = new Counter({
      name: 'fapiao_pushes_total',
      help: 'Pushes received on POST /api/openapi/v2/invoicing, by channel and outcome (stored, or the error code).',
      labelNames: ['channel', 'outcome'],
      registers: [this.registry],
    });
    this.invoices = new Counter({
      name: 'fapiao_invoices_total',
      help: 'Invoices in stored pushes, by channel and what the push did to them (created, updated, voided, unchanged, ignored).',
      labelNames: ['channel', 'change'],
      registers: [this.registry],
    });
    this.validationFailures = new Counter({
      name: 'fapiao_validation_failures_total',
      help: 'Failing fields in refused requests, by the rule that failed (required, type, enum, pattern, nul, ...).',
      labelNames: ['rule'],
      registers: [this.registry],
    });
    this.findings = new Counter({
      name: 'fapiao_findings_total',
      help: 'Findings that appeared on stored invoices (a check newly failing), by code and severity.',
      labelNames: ['code', 'severity'],
      registers: [this.registry],
    });
    this.jobs = new Counter({
      name: 'fapiao_jobs_total',
      help: 'Job attempts that ended in this process, by queue and outcome (completed, retried: failed with retries left, failed: no retries left).',
      labelNames: ['queue', 'outcome'],
      registers: [this.registry],
    });
    this.requestDuration = new Histogram({
      name: 'fapiao_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.channelCalls = new Counter({
      name: 'fapiao_channel_calls_total',
      help: "Calls made to channels (red flush), by channel, the channel's method and outcome (ok, refused, duplicate, unknown, unavailable).",
      labelNames: ['channel', 'method', 'outcome'],
      registers: [this.registry],
    });
    this.channelCallDuration = new Histogram({
      name: 'fapiao_channel_call_duration_seconds',
      help: "Latency of calls made to channels, by channel and the channel's method.",
      labelNames: ['channel', 'method'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers: [this.registry],
    });
    if (pool) {
      this.gauge('fapiao_db_pool_connections', 'Connections open in the database pool.', () => pool.totalCount);
      this.gauge('fapiao_db_pool_idle_connections', 'Idle connections in the database pool.', () => pool.idleCount);
      this.gauge('fapiao_db_pool_waiting_requests', 'Queries waiting for a pooled connection.', () => pool.waitingCount);
    }
  }

  /** A gauge whose value is read at each scrape. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** One call made to a channel: counted and timed. */
  channelCall(channelCode: string, method: string, outcome: string, durationMs: number): void {
    const channel = this.channel(channelCode);
    this.channelCalls.inc({ channel, method, outcome });
    this.channelCallDuration.observe({ channel, method }, durationMs / 1000);
  }

  /** A gauge with one label whose values are read (asynchronously) at each scrape; a failed read leaves it empty. */
  labelledGauge(name: string, help: string, label: string, read: () => Promise<readonly (readonly [string, number])[]>): void {
    // An app built twice on one registry keeps the first.
    if (this.registry.getSingleMetric(name)) return;
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      async collect() {
        this.reset();
        const values = await read().catch(() => []);
        for (const [value, count] of values) this.set({ [label]: value }, count);
      },
    });
  }

  /** A channel code as a label value, with the number of distinct values bounded. */
  channel(code: unknown): string {
    if (typeof code !== 'string' || code === '') return 'unknown';
    if (this.#channels.has(code)) return code;
    if (this.#channels.size >= MAX_CHANNEL_LABELS) return 'other';
    this.#channels.add(code);
    return code;
  }

  /** Times every request, labelled by the route template it matched. */
  timer(): RequestHandler {
    return (req, res, next) => {
      const end = this.requestDuration.startTimer();
      res.on('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

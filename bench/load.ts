/**
 * Load generation and what it measured. HTTP load comes from autocannon
 * over loopback; the database ceilings drive pg directly with the same
 * number of concurrent workers. Both run a warm-up first (same load, not
 * counted) and report the same figures, latencies as exact percentiles of
 * every successful operation.
 */
import autocannon from 'autocannon';

export interface Measurement {
  /** Successful operations (2xx answers, committed transactions). */
  readonly count: number;
  readonly seconds: number;
  /** Successful operations per second. */
  readonly rate: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Failed operations: non-2xx answers, connection errors, timeouts, failed transactions. */
  readonly errors: number;
  /** One failure, to say what went wrong. */
  readonly firstError?: string;
}

/** A measurement, with what it cost the server process (when there is one) and Postgres. */
export interface UnderLoad {
  readonly measurement: Measurement;
  /** Peak resident set of the server during the scenario, bytes. */
  readonly rss?: number;
  /** Server CPU time per successful operation, milliseconds. */
  readonly cpuMs?: number;
  /** Minor page faults of the server per successful operation (mostly fresh pages mapped: costly in a virtual machine). */
  readonly faults?: number;
  /** CPU time of the database's Postgres backends per successful operation, milliseconds (when the load uses the database). */
  readonly dbCpuMs?: number;
}

/** Called between the warm-up and the measured run. */
export type Measuring = () => Promise<void>;

export interface Phase {
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly connections: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: Float64Array, p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = samples.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

class Samples {
  private values = new Float64Array(1 << 14);
  private length = 0;

  add(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  all(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

function measurement(samples: Samples, seconds: number, errors: number, firstError: string | undefined): Measurement {
  const all = samples.all();
  return {
    count: all.length,
    seconds,
    rate: all.length / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** One autocannon run; `next` makes each request (unique bodies, rotating queries). */
async function cannon(url: string, connections: number, seconds: number, next: () => HttpRequest): Promise<Measurement> {
  const samples = new Samples();
  let firstError: string | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        sampleInt: 250,
        timeout: 30,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...next() }),
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && firstError === undefined) firstError = `${status} ${body.slice(0, 500)}`;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, milliseconds) => {
      if (status >= 200 && status <= 299) samples.add(milliseconds);
    });
    instance.on('reqError', (error) => {
      firstError ??= String(error);
    });
  });
  return measurement(samples, result.duration, result.non2xx + result.errors + result.timeouts, firstError);
}

/** HTTP load: a warm-up, then the measured run; `measuring` is called between the two. */
export async function httpLoad(url: string, phase: Phase, next: () => HttpRequest, measuring?: Measuring): Promise<Measurement> {
  if (phase.warmupSeconds > 0) await cannon(url, phase.connections, phase.warmupSeconds, next);
  await measuring?.();
  return cannon(url, phase.connections, phase.seconds, next);
}

/** `connections` workers each running `operation` in a loop for `seconds`. */
async function hammer<W>(workers: readonly W[], seconds: number, operation: (worker: W) => Promise<void>): Promise<Measurement> {
  const samples = new Samples();
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    workers.map(async (worker) => {
      while (performance.now() < end) {
        const began = performance.now();
        try {
          await operation(worker);
          samples.add(performance.now() - began);
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
      }
    }),
  );
  return measurement(samples, (performance.now() - start) / 1000, errors, firstError);
}

/** Direct load (the database ceilings): a warm-up, then the measured run, one worker per connection. */
export async function directLoad<W>(
  workers: readonly W[],
  phase: Phase,
  operation: (worker: W) => Promise<void>,
  measuring?: Measuring,
): Promise<Measurement> {
  if (phase.warmupSeconds > 0) await hammer(workers, phase.warmupSeconds, operation);
  await measuring?.();
  return hammer(workers, phase.seconds, operation);
}

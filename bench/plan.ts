/** How long and how hard each bench run loads the receiver: the full run and the smoke run (CI). */
export interface Plan {
  readonly name: 'full' | 'smoke';
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** Pushes the fresh receiver takes before the first scenario, so that every scenario meets it warm (JIT, pools). */
  readonly receiverWarmupSeconds: number;
  /** Connections of every push scenario and of the ceilings. */
  readonly pushConnections: number;
  readonly batchSize: number;
  /** Connections of the query scenarios. */
  readonly queryConnections: number;
  readonly seedInvoices: number;
  /** The deep page of the keyset walk. */
  readonly deepPage: number;
  readonly pageLimit: number;
  /** Blue invoices stored before the red-push scenario (each red push names one of them; at least 1.5 × what the blue pushes stored in as long, when they ran). */
  readonly redBlues: number;
}

export const FULL: Plan = {
  name: 'full',
  warmupSeconds: 5,
  seconds: 20,
  receiverWarmupSeconds: 15,
  pushConnections: 32,
  batchSize: 100,
  queryConnections: 4,
  seedInvoices: 1_000_000,
  deepPage: 10_000,
  pageLimit: 50,
  redBlues: 40_000,
};

/** Every scenario, briefly and with less concurrency, so that each completes requests even on a busy CI machine. */
export const SMOKE: Plan = {
  ...FULL,
  name: 'smoke',
  warmupSeconds: 0.5,
  seconds: 3,
  receiverWarmupSeconds: 0.5,
  pushConnections: 8,
  // Small batches: a 100-invoice push can take longer than the window on a loaded CI machine.
  batchSize: 10,
  queryConnections: 2,
  seedInvoices: 20_000,
  deepPage: 100,
  redBlues: 5_000,
};

/** How the receiver runs under load: logging at warn, so that logging is not what gets measured. */
export const RECEIVER_ENV = { LOG_LEVEL: 'warn', DB_POOL_MAX: '10', NODE_ENV: 'production' } as const;

/** The receiver's heap settings, as package.json's `start` and `start:dist` set them (README, "Memory"). */
export const RECEIVER_NODE_OPTIONS = ['--max-semi-space-size=8'] as const;

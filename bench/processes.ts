/**
 * The servers under load run as processes of their own, as in production:
 * compiled to JavaScript (`npm run build`, then plain `node`), the receiver
 * (`dist/src/server.js`) and the bare Express app of the HTTP ceiling
 * (`dist/bench/bare-server.js`). Their memory is read from
 * /proc/<pid>/status: VmHWM is the peak resident set, which the bench resets
 * before each scenario (writing 5 to /proc/<pid>/clear_refs) to get the
 * peak of that scenario alone. Their CPU time (/proc/<pid>/stat) gives the
 * CPU each request costs the server, a figure that other load on the
 * machine disturbs much less than throughput.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Starts a new peak-memory window (false where the kernel does not allow it). */
  resetPeak(): boolean;
  /** Peak resident set since the start or the last resetPeak, in bytes. */
  peakRss(): number;
  /** CPU time the process has used (user + system), in seconds. */
  cpuSeconds(): number;
  /** Page faults the process has taken that needed no disk read (mostly fresh pages mapped). */
  minorFaults(): number;
  /** The last lines the process wrote (for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly name: string;
  /** The compiled script, relative to the project's top (see `build`). */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** Extra node options, such as --cpu-prof. */
  readonly nodeOptions?: readonly string[];
}

const running = new Set<ChildProcess>();

/**
 * Compiles the project to `dist/` (`npm run build`, from a clean `dist/`),
 * so that the servers run as they would in production: compiled JavaScript,
 * without type stripping on load.
 */
export function build(): void {
  rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Kills whatever is still running; for an interrupted run. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), options.script], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(() => running.delete(child));
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} did not start`);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilAnswering(url, child, () => tail);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name: options.name,
    url,
    pid,
    resetPeak() {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    peakRss: () => statusKb(pid, 'VmHWM') * 1024,
    cpuSeconds: () => cpuSeconds(pid),
    minorFaults: () => minorFaults(pid),
    output: () => tail,
    stop,
  };
}

/** Polls until the server answers any HTTP request (the receiver's 404 for / will do). */
async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`server did not answer on ${url} within 60 s:\n${output()}`);
}

/** Clock ticks per second of /proc/<pid>/stat: 100 on every Linux of the last decades (USER_HZ). */
const USER_HZ = 100;

/** The command name of a process of this machine, if there is one with that id. */
export function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process of this machine has used, in seconds; NaN when it cannot be read. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (fields[11]! + fields[12]!) / USER_HZ;
}

/** Page faults a process of this machine has taken that needed no disk read; NaN when it cannot be read. */
export function minorFaults(pid: number): number {
  return statFields(pid)[7]!;
}

/**
 * The numeric fields of /proc/<pid>/stat after the command name (which is
 * in parentheses and may hold spaces): minflt is [7], utime and stime [11]
 * and [12] (the 10th, 14th and 15th fields of proc(5)); NaN each when the
 * process is gone.
 */
function statFields(pid: number): number[] {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return Array.from({ length: 13 }, () => Number.NaN);
  }
  return stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
}

function statusKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Timing a piece of the receiver's work in this process (bench/pre-db.ts,
 * bench/list-body.ts): CPU time, not wall time, since the machine is
 * shared, and the minor page faults taken per call (a fresh page costs
 * about 10 µs on some virtual machines, bench/RESULTS.md).
 */
import { performance } from 'node:perf_hooks';
import { minorFaults } from './processes.ts';

/** Runs `run` for `seconds` after 200 warm-up calls; prints its CPU µs and page faults per call under `label`. */
export function timePerCall(label: string, run: () => unknown, seconds: number): void {
  for (let i = 0; i < 200; i++) run();
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  let n = 0;
  const faults = minorFaults(process.pid);
  const start = cpu();
  const wallStart = performance.now();
  while (performance.now() - wallStart < seconds * 1000) {
    for (let i = 0; i < 20; i++) run();
    n += 20;
  }
  const us = (cpu() - start) / n;
  const faultsPerCall = (minorFaults(process.pid) - faults) / n;
  console.log(`${label.padEnd(28)} ${us.toFixed(1).padStart(9)} µs CPU/call ${faultsPerCall.toFixed(1).padStart(7)} page faults/call`);
}

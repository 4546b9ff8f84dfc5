/** What the report says of the machine and the run: CPUs, Node, when, how long, and the load it ran under. */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { BenchResults } from './report.js';

export function machineInfo(startedAt: number, loadAtStart: number): BenchResults['machine'] {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    durationSeconds: (performance.now() - startedAt) / 1000,
    load: [loadAtStart, loadavg()[0] ?? NaN],
  };
}

/** What clients that do no work cost the agents: open event streams, and readers that never read. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { pickupLoad } from './board.js';
import type { LoadClient } from './http.js';
import { memoryOf } from './processes.js';
import { summarize, type LatencySummary } from './stats.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'hostile-clients.ts');

export interface StreamsResult {
  streams: number;
  summary: LatencySummary;
  /** The server's own CPU time per pickup (user + system), in microseconds. */
  serverCpuMicros: number;
  /** The stream readers' CPU time per pickup (their process), in microseconds. */
  readerCpuMicros: number;
}

/** User + system CPU time of a process so far, in milliseconds (Linux clock ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface SlowReadersResult {
  clients: number;
  pipelined: number;
  pickup: LatencySummary;
  /** Largest resident set sampled while the readers were connected. */
  rssMax: number;
}

async function startClients(args: string[]): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  // At the lowest priority: a person's dashboard runs on their own machine, not on the server's two
  // cores; here its reading would otherwise take CPU from the server and the load client alike.
  const child = spawn('nice', ['-n', '19', process.execPath, '--import', 'tsx', SCRIPT, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`bench clients ${args[0]} exited early`);
    if (Date.now() > deadline) throw new Error(`bench clients ${args[0]} did not get ready`);
    await sleep(20);
  }
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Pickups with 0, 100 and 300 streams open on the same project, each count measured twice (0, 100,
 * 300, 300, 100, 0) so that drift over the run lands on none of them.
 */
export async function pickupsWithStreams(
  api: LoadClient,
  url: string,
  serverPid: number,
  projectId: string,
  agents: number,
  perRound: number,
  counts: number[],
): Promise<StreamsResult[]> {
  const samples = new Map<
    number,
    { latencies: number[]; ms: number; cpu: number; readerCpu: number; pickups: number }
  >();
  for (const n of [...counts, ...[...counts].reverse()]) {
    const clients = n > 0 ? await startClients(['streams', url, projectId, String(n)]) : undefined;
    try {
      await sleep(200);
      const cpuBefore = cpuMs(serverPid);
      const readerBefore = clients?.child.pid ? cpuMs(clients.child.pid) : 0;
      const res = await pickupLoad(api, projectId, agents, perRound);
      const acc = samples.get(n) ?? { latencies: [], ms: 0, cpu: 0, readerCpu: 0, pickups: 0 };
      acc.cpu += cpuMs(serverPid) - cpuBefore;
      acc.readerCpu += clients?.child.pid ? cpuMs(clients.child.pid) - readerBefore : 0;
      acc.pickups += perRound;
      acc.latencies.push(...res.samples);
      acc.ms += res.seconds * 1000;
      samples.set(n, acc);
    } finally {
      await clients?.stop();
    }
  }
  return counts.map((n) => {
    const acc = samples.get(n)!;
    return {
      streams: n,
      summary: summarize(acc.latencies, acc.ms),
      serverCpuMicros: (acc.cpu * 1000) / acc.pickups,
      readerCpuMicros: (acc.readerCpu * 1000) / acc.pickups,
    };
  });
}

/** Other agents' pickups while `clients` connections each pipeline `pipelined` reads of 1,000 tasks and never read. */
export async function pickupsBesideSlowReaders(
  api: LoadClient,
  url: string,
  serverPid: number,
  projectId: string,
  agents: number,
  pickups: number,
  clients: number,
  pipelined: number,
): Promise<SlowReadersResult> {
  let rssMax = memoryOf(serverPid).rss;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, memoryOf(serverPid).rss)), 50);
  const readers = await startClients(['slow-readers', url, projectId, String(clients), String(pipelined)]);
  try {
    // Give the server time to answer what it will and to queue what it would.
    await sleep(3000);
    const res = await pickupLoad(api, projectId, agents, pickups);
    return { clients, pipelined, pickup: res, rssMax };
  } finally {
    clearInterval(sampler);
    await readers.stop();
  }
}

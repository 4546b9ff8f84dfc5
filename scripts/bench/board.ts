/** Boards over the real API: projects, seeding in batches of 1,000, and the pickup load. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type LoadClient, runAgents, type LoadResult } from './http.js';
import { summarize, type LatencySummary } from './stats.js';

export const BATCH = 1000;

export interface Board {
  name: string;
  size: number;
  projectId: string;
  path: string;
}

export async function createProject(
  client: LoadClient,
  root: string,
  name: string,
): Promise<{ projectId: string; path: string }> {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  const res = await client.json<{ data: { id: string } }>('POST', '/api/projects', { name, path }, 201);
  return { projectId: res.data.id, path };
}

/** A task like the ones agents file: a title, a short description, a priority, an epic, a tag. */
export function seedTask(n: number): Record<string, unknown> {
  return {
    title: `Seeded task ${n}: refactor module ${n % 97}`,
    description: 'A task created by the benchmark to fill the board with realistic rows.',
    priority: `P${n % 3}`,
    epic: `epic-${n % 10}`,
    tags: ['bench'],
  };
}

/**
 * Fill a board through `POST /api/tasks`, one request per 1,000 tasks, one request at a time; returns
 * each request's latency. Bodies are serialized before the clock starts: the server's rate is measured.
 */
export async function seedBoard(
  client: LoadClient,
  projectId: string,
  size: number,
  firstNumber = 1,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let start = 0; start < size; start += BATCH) {
    const count = Math.min(BATCH, size - start);
    const body = JSON.stringify(Array.from({ length: count }, (_, i) => seedTask(firstNumber + start + i)));
    const t0 = performance.now();
    const res = await client.sendRaw('POST', `/api/tasks?project_id=${projectId}`, body, 201);
    latencies.push(performance.now() - t0);
    if (res.status !== 201) throw new Error(`seeding failed with ${res.status}: ${res.body.slice(0, 300)}`);
  }
  return latencies;
}

export interface BatchCreate {
  tasks: number;
  perSecond: number;
  batch: LatencySummary;
}

export function batchCreateRate(tasks: number, batchLatencies: number[]): BatchCreate {
  const totalMs = batchLatencies.reduce((a, b) => a + b, 0);
  return { tasks, perSecond: tasks / (totalMs / 1000), batch: summarize(batchLatencies, totalMs) };
}

/** `total` pickups by `agents` concurrent agents (agent-1 … agent-N); every one must claim a task. */
export async function pickupLoad(
  client: LoadClient,
  projectId: string,
  agents: number,
  total: number,
): Promise<LoadResult> {
  const bodies = Array.from({ length: agents }, (_, i) => ({ agent: `agent-${i + 1}` }));
  const path = `/api/tasks/pickup?project_id=${projectId}`;
  const result = await runAgents(
    agents,
    total,
    async (agent) => (await client.send('POST', path, bodies[agent])).status,
  );
  const failed = [...result.statuses].filter(([status]) => status !== 200);
  if (failed.length > 0) throw new Error(`pickups answered ${failed.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  return result;
}

/** The same load against the bare Hono route. */
export async function ceilingLoad(client: LoadClient, agents: number, total: number): Promise<LatencySummary> {
  const bodies = Array.from({ length: agents }, (_, i) => ({ agent: `agent-${i + 1}` }));
  const result = await runAgents(
    agents,
    total,
    async (agent) => (await client.send('POST', '/pickup', bodies[agent])).status,
  );
  const failed = [...result.statuses].filter(([status]) => status !== 200);
  if (failed.length > 0) throw new Error(`ceiling answered ${failed.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  return result;
}

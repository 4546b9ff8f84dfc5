import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { expect } from 'vitest';
import { type ApiClient, createClient } from '../../../src/client/index.js';
import { withPgClient } from '../../helpers/postgres-cluster.js';
import { type RunningServer, startServer } from '../../helpers/processes.js';
import { tempDir } from '../../helpers/temp.js';

/** Server processes (replicas) over one PostgreSQL database, for the fleet tests. */
export interface Fleet {
  replicas: RunningServer[];
  apis: ApiClient[];
  stop(): Promise<void>;
}

export async function startFleet(url: string, count: number, env: NodeJS.ProcessEnv = {}): Promise<Fleet> {
  const replicas = await Promise.all(
    Array.from({ length: count }, () => startServer({ args: ['--database', url], env, timeoutMs: 90_000 })),
  );
  return {
    replicas,
    apis: replicas.map((r) => createClient(r.url)),
    stop: async () => {
      await Promise.all(replicas.map((r) => r.stop()));
    },
  };
}

export async function makeProject(
  api: ApiClient,
  name: string,
  settings?: { lease_seconds?: number },
): Promise<string> {
  const made = await api.POST('/api/projects', { body: { name } });
  expect(made.response.status).toBe(201);
  const id = made.data!.data.id;
  if (settings) {
    const set = await api.PATCH('/api/projects/{id}', { params: { path: { id } }, body: { settings } });
    expect(set.response.status).toBe(200);
  }
  return id;
}

export interface LoggedEvent {
  id: number;
  type: string;
  entity_id: string;
  actor: string;
  payload: Record<string, unknown>;
}

/** The whole log of a project through one replica, paged by `after`. */
export async function wholeLog(api: ApiClient, projectId: string, after = 0): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  for (;;) {
    const res = await api.GET('/api/events', {
      params: { query: { project_id: projectId, after: out.at(-1)?.id ?? after, limit: 1000 } },
    });
    expect(res.response.status).toBe(200);
    const page = res.data!.data as LoggedEvent[];
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** A query on the database itself (what the test checks behind the servers' backs). */
export async function sql<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  return (await withPgClient(url, (client) => client.query<R>(text, params))).rows;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A folder whose `.codepakt/config.json` points `cpk` at one replica and the project. */
export function projectFolder(server: RunningServer, projectId: string): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = tempDir('cpk-fleet-');
  mkdirSync(join(cwd, '.codepakt'));
  writeFileSync(join(cwd, '.codepakt', 'config.json'), JSON.stringify({ url: server.url, project_id: projectId }));
  return { cwd, env: { CPK_DATA_DIR: server.dataDir } };
}

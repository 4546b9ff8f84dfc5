/**
 * The CLI's code cache (dist/cli-main.cache, read by src/cli/bin.ts) holds the functions compiled by
 * the calls that wrote it; a function missing from it is compiled again on every call. So the build
 * writes it with the calls agents make most, answered by the built server on a free loopback port:
 * `task show`, then `task pickup` adding what it compiled (CPK_CODE_CACHE=write). Should the server not
 * start, one call against a closed port writes it, as a cache of the start-up and error path only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltServer } from './bench/processes.js';

/** The calls the cache was written by, in order. */
export const SEED_CALLS = [
  ['task', 'show', 'T-001'],
  ['task', 'pickup'],
] as const;

export interface SeededCache {
  /** Whether the seed calls were answered by a real server (false: the closed-port fallback). */
  answered: boolean;
  /** Why the server could not answer them, when it could not. */
  reason?: string;
}

export async function seedCompileCache(dist: string): Promise<SeededCache> {
  const scratch = mkdtempSync(join(tmpdir(), 'cpk-build-'));
  const cache = join(dist, 'cli-main.cache');
  try {
    let seeded: SeededCache;
    try {
      await seedFromServer(dist, scratch);
      seeded = { answered: true };
    } catch (err) {
      rmSync(cache, { force: true });
      cpk(dist, scratch, ['task', 'show', 'T-001'], { CPK_URL: 'http://127.0.0.1:9', CPK_TIMEOUT: '2' });
      seeded = { answered: false, reason: (err as Error).message };
    }
    if (!existsSync(cache)) throw new Error('the built CLI did not write its code cache (dist/cli-main.cache)');
    return seeded;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function seedFromServer(dist: string, scratch: string): Promise<void> {
  // Its own environment: a database URL or token in the builder's must not reach it.
  const env = { PATH: process.env.PATH ?? '', HOME: scratch };
  const server = await startBuiltServer(join(dist, 'server.js'), join(scratch, 'data'), undefined, [], env);
  try {
    const project = await post<{ data: { id: string } }>(server.url, '/api/projects', { name: 'code-cache' });
    await post(server.url, `/api/tasks?project_id=${project.data.id}`, { title: 'Seed the code cache' });
    const cwd = join(scratch, 'project');
    mkdirSync(join(cwd, '.codepakt'), { recursive: true });
    writeFileSync(
      join(cwd, '.codepakt', 'config.json'),
      JSON.stringify({ url: server.url, project_id: project.data.id }),
    );
    for (const [i, args] of SEED_CALLS.entries()) {
      const res = cpk(dist, cwd, [...args], i === 0 ? {} : { CPK_CODE_CACHE: 'write' });
      if (res.status !== 0) throw new Error(`cpk ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
    }
  } finally {
    await server.stop();
  }
}

async function post<T>(url: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-agent': 'build' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

function cpk(dist: string, cwd: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [join(dist, 'cli.js'), ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      CPK_DATA_DIR: join(cwd, 'data'),
      CPK_AGENT: 'build',
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createClient } from '../../../src/client/index.js';
import { board, type NewTask } from '../../helpers/board.js';

/** The archive with its header's project id left out: what must match after an import under a new id. */
export function withoutProjectId(archive: string): string {
  const [first = '', ...rest] = archive.split('\n');
  const header = JSON.parse(first) as { project: { id?: string } };
  delete header.project.id;
  return [JSON.stringify(header), ...rest].join('\n');
}

export function lines(archive: string): Record<string, unknown>[] {
  return archive
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export const readText = (file: string) => readFileSync(file, 'utf8');

/** What a data dir holds under projects/: one folder per hosted project, nothing else. */
export function hostedFolders(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'projects')).sort();
  } catch {
    return [];
  }
}

/**
 * A project as a team leaves it: `count` tasks (created in batches) with dependencies (some pointing
 * at later tasks), tags, keys, criteria; tasks picked up (some with their own lease), done (review),
 * approved (done), blocked, cancelled, released, rejected, noted; docs written and updated; settings changed.
 */
export async function fillProject(url: string, projectId: string, count: number): Promise<void> {
  const api = createClient(url);
  const b = board(api, projectId);
  const half = Math.floor(count / 2);
  const batch = (from: number, to: number, deps: (n: number) => string[]): NewTask[] =>
    Array.from({ length: to - from + 1 }, (_, i) => {
      const n = from + i;
      return {
        title: `Task ${n}: ${['parser', 'cache', 'login', 'export'][n % 4]} work`,
        description: n % 3 === 0 ? `Line one of ${n}\nline two — ünïcödé ✓` : '',
        priority: (['P0', 'P1', 'P2'] as const)[n % 3],
        epic: n % 5 === 0 ? null : `epic-${n % 7}`,
        tags: n % 2 === 0 ? ['even', `t${n % 9}`] : [],
        capabilities: n % 11 === 0 ? ['rust'] : [],
        depends_on: deps(n),
        acceptance_criteria: n % 4 === 0 ? ['it works', 'it is tested'] : [],
        context_refs: n % 6 === 0 ? ['src/a.ts'] : [],
        verify: n % 8 === 0 ? 'npm test' : null,
        ...(n % 10 === 0 ? { key: `key-${n}` } : {}),
        ...(n % 13 === 0 && n > 500 ? { status: 'backlog' as const } : {}),
      };
    });
  for (let from = 1; from <= half; from += 1000) await b.addMany(batch(from, Math.min(half, from + 999), () => []));
  for (let from = half + 1; from <= count; from += 1000)
    await b.addMany(
      batch(from, Math.min(count, from + 999), (n) => (n % 3 === 0 ? [`T-${String(n - half).padStart(3, '0')}`] : [])),
    );
  // A dependency on a later task, written by an update.
  b.ok(await b.update('T-002', { depends_on: [`T-${String(count).padStart(3, '0')}`] }));

  const ids = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `T-${String(from + i).padStart(3, '0')}`);
  for (const [i, id] of ids(3, 40).entries()) {
    b.ok(await b.pickup(`agent-${i % 4}`, { task_id: id, ...(i % 5 === 0 ? { lease_seconds: 600 } : {}) }));
    if (i % 3 === 0) b.ok(await b.note(id, `progress on ${id}`, `agent-${i % 4}`));
  }
  for (const [i, id] of ids(3, 20).entries()) b.ok(await b.done(id, `agent-${i % 4}`, { notes: `finished ${id}` }));
  for (const id of ids(3, 8))
    b.ok(await api.POST('/api/tasks/{id}/approve', { params: { path: { id }, query: b.q }, body: { agent: 'lead' } }));
  for (const id of ids(11, 2))
    b.ok(
      await api.POST('/api/tasks/{id}/reject', {
        params: { path: { id }, query: b.q },
        body: { agent: 'lead', reason: 'tests fail' },
      }),
    );
  for (const [i, id] of ids(23, 5).entries()) b.ok(await b.block(id, `waiting on infra ${i}`, `agent-${(i + 20) % 4}`));
  b.ok(await b.release('T-029', 'agent-2'));
  for (const id of ids(100, 6))
    b.ok(await api.POST('/api/tasks/{id}/cancel', { params: { path: { id }, query: b.q }, body: { reason: 'dup' } }));
  b.ok(await b.unblock('T-027'));
  for (const id of ids(200, 5)) b.ok(await b.note(id, 'a thought, with "quotes" and\nnew lines', 'human'));

  for (const [type, title] of [
    ['decision', 'Use SQLite'],
    ['operational', 'Deploying'],
    ['learning', 'Flaky tests'],
  ] as const) {
    const doc = await api.POST('/api/docs', {
      params: { query: b.q },
      body: { type, title, body: `# ${title}\n\nBody of ${title}.`, tags: ['kb'], author: 'writer' },
    });
    expect(doc.response.status).toBe(201);
  }
  const updated = await api.PATCH('/api/docs/{id}', {
    params: { path: { id: 'D-002' }, query: b.q },
    body: { body: 'Deploy with care.', section: 'ops' },
  });
  expect(updated.response.status).toBe(200);
  const settings = await api.PATCH('/api/projects/{id}', {
    params: { path: { id: projectId } },
    body: { settings: { lease_seconds: 1800, max_attempts: 5 } },
  });
  expect(settings.response.status).toBe(200);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectDbFile } from '../../../src/db/sqlite/project-database.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type FuzzRequest, fuzzContext, operations, requestsFor } from './fuzz-requests.js';
import type { Envelope } from './http.js';

/**
 * Property-based fuzzing of every operation in the published contract, against the real app over a
 * real project database. Seeded, so a failure names a seed and a path that reproduce it.
 */

/** Requests per operation; about 30 operations → several thousand requests in all. */
const RUNS = 160;
const SEED = 42;

// ---- the run -------------------------------------------------------------------------------------

let t: TestApp;
let projectPath: string;
const { registrable } = fuzzContext;
let sent = 0;
const statuses = new Map<number, number>();
const codes = new Map<string, number>();
let currentOp = '';
/** FUZZ_DEBUG=1 prints what each operation answered, to see the fuzzing reaches past validation. */
function tally(res: Response, detail = ''): void {
  const key = `${currentOp} ${res.status} ${detail}`;
  codes.set(key, (codes.get(key) ?? 0) + 1);
}

beforeAll(async () => {
  t = createTestApp();
  const p = await t.project('fuzz');
  projectPath = p.path;
  registrable.add(projectPath);
  const q = { project_id: p.id };
  const created = await t.api.POST('/api/tasks', {
    params: { query: q },
    body: [
      { title: 'first', tags: ['a', 'b'], epic: 'E1', priority: 'P0' },
      { title: 'second', depends_on: ['T-001'], acceptance_criteria: ['works'] },
      { title: 'third', description: `with ${'text '.repeat(50)}`, verify: 'npm test' },
      { title: 'fourth', status: 'backlog' },
      ...Array.from({ length: 20 }, (_, i) => ({
        title: `filler ${i}`,
        priority: (['P0', 'P1', 'P2'] as const)[i % 3],
      })),
    ],
  });
  const tasks = created.data!.data as { id: string; task_number: string }[];
  await t.api.POST('/api/tasks/pickup', { params: { query: q }, body: { agent: 'claude-1' } });
  await t.api.POST('/api/tasks/pickup', { params: { query: { ...q, task_id: 'T-003' } }, body: { agent: 'codex-2' } });
  for (const [i, title] of ['Auth token lifetime', 'Database choice', 'Deploy steps'].entries()) {
    await t.api.POST('/api/docs', {
      params: { query: q },
      body: {
        type: (['decision', 'reference', 'operational'] as const)[i]!,
        title,
        body: `# ${title}\n\nTokens expire after 15 minutes. SELECT * FROM docs; "quoted" a* NEAR(x y)`,
        tags: ['auth', 'db'],
      },
    });
  }
  fuzzContext.known = {
    projectId: p.id,
    taskRefs: [...tasks.slice(0, 6).map((x) => x.task_number), tasks[0]!.id, tasks[1]!.id.toUpperCase()],
    docRefs: ['D-001', 'D-002', 'D-003'],
    agents: ['claude-1', 'codex-2', 'human', 'nobody'],
  };
});

afterAll(() => {
  if (process.env.FUZZ_DEBUG)
    console.log(
      '\n' +
        [...codes]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
    );
  t?.close();
  removeTempDirs();
});

async function send(r: FuzzRequest): Promise<void> {
  // Registering must never touch a real folder of this machine: only the fixture's temp folders.
  if (r.url.includes('/api/projects') && r.method === 'POST' && typeof r.body === 'string') {
    try {
      const path = (JSON.parse(r.body) as { path?: unknown }).path;
      if (
        typeof path === 'string' &&
        existsSync(path) &&
        statSync(path).isDirectory() &&
        !registrable.has(resolve(path))
      )
        return;
    } catch {
      // not JSON: the server will say so
    }
  }
  const controller = new AbortController();
  // Any long-poll or stream is cut short: the server must still answer cleanly.
  const timer = setTimeout(() => controller.abort(), 300);
  let res: Response;
  try {
    res = await t.app.request(r.url, {
      method: r.method,
      headers: r.headers,
      body: typeof r.body === 'string' || r.body === undefined ? (r.body ?? null) : new Uint8Array(r.body),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
  sent++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (process.env.FUZZ_DEBUG) tally(res);
  const type = res.headers.get('content-type') ?? '';
  expect(res.status, r.describe).toBeLessThan(500);
  expect(res.headers.get('x-content-type-options'), r.describe).toBe('nosniff');
  // A stream (events, or a project's archive): its first bytes came with a 200.
  if (type.includes('text/event-stream') || type.includes('application/x-ndjson')) {
    expect(res.status).toBe(200);
    controller.abort();
    await res.body?.cancel();
    return;
  }
  const text = await res.text();
  if (process.env.FUZZ_DEBUG && res.status === 400)
    tally(res, (JSON.parse(text) as Envelope).details?.map((x) => `${x.path} ${x.message}`).join(','));
  expect(type, r.describe).toContain('application/json');
  const body = JSON.parse(text) as Envelope & { data?: unknown };
  if (res.status >= 400) {
    expect(typeof body.error, r.describe).toBe('string');
    expect(typeof body.message, r.describe).toBe('string');
    expect(body.message.length, r.describe).toBeGreaterThan(0);
    expect(
      Object.keys(body).every((k) => ['error', 'message', 'details'].includes(k)),
      `${r.describe} → ${text.slice(0, 300)}`,
    ).toBe(true);
    expect(text, 'no stack frames leak').not.toMatch(/\bat .+:\d+:\d+/);
    if (body.details !== undefined) {
      for (const d of body.details) {
        expect(typeof d.path, r.describe).toBe('string');
        expect(typeof d.message, r.describe).toBe('string');
      }
    }
  } else if (!r.url.startsWith('http://localhost/health')) {
    expect(body, r.describe).toHaveProperty('data');
  }
}

describe('fuzzing every operation of the contract', () => {
  it('the contract has the operations this test walks', () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
  });

  operations.forEach(({ path, method, op }, index) => {
    it(`${method} ${path} (${op.operationId}): never a 5xx, every 4xx is the envelope`, async () => {
      currentOp = op.operationId;
      await fc.assert(
        fc.asyncProperty(requestsFor(path, method, op), async (r) => {
          await send(r);
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
    });
  });

  it('wrong methods and unknown routes are 404/405 envelopes too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'PATCH', 'POST', 'GET'),
        fc.constantFrom(
          '/api/tasks/T-001/done',
          '/api/projects',
          '/api/board/status',
          '/api/events',
          '/api',
          '/api/',
          '/api/tasks/T-001/nope',
          '/api//tasks',
          '/api/tasks/%ED%A0%80/done',
        ),
        async (method, path) => {
          const body = ['GET', 'OPTIONS'].includes(method) ? undefined : '{}';
          await send({
            method,
            url: `http://localhost${path}?project_id=${fuzzContext.known.projectId}`,
            headers: body ? { 'content-type': 'application/json' } : {},
            body,
            describe: `${method} ${path}`,
          });
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('sent thousands of requests, most refused with a 4xx and some accepted', () => {
    expect(sent).toBeGreaterThan(4000);
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(sent / 2);
  });

  it('the project database passes integrity checks afterwards, and the server still works', async () => {
    const board = await t.api.GET('/api/board/status', {
      params: { query: { project_id: fuzzContext.known.projectId } },
    });
    expect(board.response.status).toBe(200);
    t.close();
    const db = new Database(projectDbFile(projectPath));
    try {
      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The full-text index agrees with the docs table it indexes.
      expect(() =>
        db.prepare("INSERT INTO docs_fts(docs_fts, rank) VALUES ('integrity-check', 1)").run(),
      ).not.toThrow();
      // Every task still satisfies the rules the server keeps.
      const unheld = db.prepare("SELECT number FROM tasks WHERE status = 'in-progress' AND assignee IS NULL").all();
      expect(unheld).toEqual([]);
    } finally {
      db.close();
    }
  });
});

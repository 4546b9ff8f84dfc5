import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import type { NewTask } from '../../../src/core/task-store.js';
import { postgresMissing, testCluster, useTestDatabase } from '../../helpers/postgres.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type Backend, openBackend } from './backends.js';
import { named } from './named-ids.js';

/**
 * Batches large enough for PostgreSQL to write their rows and events by the batch path (records holding
 * only what differs from the defaults, events in a statement of their own) and small ones that ride
 * with the write's closing statement: every answer and the whole log the same as SQLite's.
 */
function batch(from: number, count: number): NewTask[] {
  return Array.from({ length: count }, (_, k) => {
    const n = from + k;
    const task: NewTask = { title: `task ${n} — ünïcode “quoted” \\ back\tslash` };
    if (n % 2 === 0) task.description = `body of ${n}\nsecond line`;
    if (n % 3 === 0) task.priority = 'P0';
    if (n % 4 === 0) task.tags = ['a', `t${n % 5}`];
    if (n % 5 === 0) task.epic = `epic-${n % 2}`;
    if (n % 6 === 0) task.capabilities = ['ts'];
    if (n % 7 === 0) task.acceptance_criteria = ['passes', `case ${n}`];
    if (n % 8 === 0) task.context_refs = ['docs/a.md'];
    if (n % 9 === 0) task.verify = 'npm test';
    if (n % 10 === 0) task.files = ['src/**/*.ts'];
    if (n % 11 === 0) task.status = 'backlog';
    if (n % 4 === 1) task.key = `key-${n}`;
    // On a task of an earlier batch, and on one made earlier in this batch.
    if (n > 1 && n % 3 === 1) task.depends_on = [`T-${String(n - 1).padStart(3, '0')}`];
    if (n > 40 && n % 13 === 0) task.depends_on = ['T-005', `T-${String(n - 2).padStart(3, '0')}`];
    return task;
  });
}

async function script(b: Backend, name: string): Promise<{ out: unknown[]; projectId: string }> {
  const s = await b.project(name);
  const out: unknown[] = [];
  const step = async (call: () => Promise<unknown>) => {
    try {
      out.push(await call());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      out.push({ refused: err.code, message: err.message, details: err.details });
    }
  };
  await step(() => s.tasks.create(batch(1, 40), 'lead'));
  await step(() => s.tasks.create(batch(41, 3), 'ann'));
  await step(() => s.tasks.pickup({ agent: 'ann' }));
  await step(() => s.tasks.done('T-001', { agent: 'lead', notes: 'done' }));
  // Keys of the first batch again, beside new tasks: those are the tasks made then.
  await step(() => s.tasks.create([...batch(1, 9), ...batch(44, 30)], 'bob'));
  await step(() => s.tasks.create([...batch(80, 20), { title: 'bad', depends_on: ['T-999'] }], 'bob'));
  await step(() => s.tasks.list({ limit: 1000 }));
  await step(() => s.tasks.board());
  await step(() => s.tasks.search({ q: 'body', limit: 100 }));
  await step(() => s.events.list({ limit: 1000 }));
  return { out, projectId: s.projectId };
}

describe.skipIf(!testCluster())('batch create on SQLite and PostgreSQL', () => {
  const db = useTestDatabase('batch_parity');
  const backends: Backend[] = [];
  beforeAll(async () => {
    backends.push(await openBackend('sqlite', () => db.url()), await openBackend('postgres', () => db.url()));
  });
  afterAll(async () => {
    for (const b of backends) await b.catalog.close();
    removeTempDirs();
  });

  it('answers, lists, counts and logs the same', async () => {
    const [sqlite, postgres] = await Promise.all(
      backends.map(async (b) => {
        const { out, projectId } = await script(b, 'batches');
        return JSON.stringify(named(out, projectId), null, 1);
      }),
    );
    expect(postgres).toBe(sqlite);
    expect(sqlite).toContain('"refused": "validation_error"');
    // The second run of batch(1, 9) finds its 3 keyed tasks and makes the 6 without a key again.
    expect((sqlite ?? '').match(/"type": "task\.created"/g)).toHaveLength(40 + 3 + 6 + 30);
  });
});

if (!testCluster()) console.warn(postgresMissing());

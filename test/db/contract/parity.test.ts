import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import type { ProjectStore } from '../../../src/core/ports.js';
import { postgresMissing, testCluster, useTestDatabase } from '../../helpers/postgres.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { type Backend, openBackend } from './backends.js';
import { named } from './named-ids.js';

/**
 * One script of calls run on both backends: every answer (task, refusal) and the whole event log must
 * be the same, byte for byte once ids chosen at random are named by what they stand for.
 */
async function script(s: ProjectStore, b: Backend): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (call: () => Promise<unknown>) => {
    try {
      out.push(await call());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      out.push({ refused: err.code, message: err.message, details: err.details });
    }
  };
  await step(() =>
    s.tasks.create(
      [
        { title: 'schema', priority: 'P0', tags: ['db'], acceptance_criteria: ['migrates'], key: 'k1' },
        { title: 'api', depends_on: ['T-001'], epic: 'v1', capabilities: ['ts'] },
        { title: 'ui', depends_on: ['T-002'], verify: 'npm test' },
        { title: 'docs', priority: 'P2', status: 'backlog' },
      ],
      'lead',
    ),
  );
  await step(() => s.tasks.pickup({ agent: 'ann', lease_seconds: 30 }));
  await step(() => s.tasks.pickup({ agent: 'bob' }));
  await step(() => s.tasks.addNote('T-001', { author: 'ann', text: 'started' }));
  b.clock.advance(31);
  await step(() => s.tasks.pickup({ agent: 'bob' }));
  await step(() => s.tasks.done('T-001', { agent: 'bob', notes: 'done' }));
  await step(() => s.tasks.pickup({ agent: 'cid', task_ref: 'T-003' }));
  await step(() => s.tasks.pickup({ agent: 'cid' }));
  await step(() => s.tasks.block('T-002', { actor: 'cid', reason: 'blocked on review' }));
  await step(() => s.tasks.approve('T-001', { actor: 'lead' }));
  await step(() => s.tasks.unblock('T-002', { actor: 'lead' }));
  await step(() => s.tasks.update('T-004', { status: 'open', title: 'docs!', tags: ['x'] }, 'lead'));
  await step(() => s.tasks.update('T-003', { depends_on: ['T-004'] }, 'lead'));
  await step(() => s.tasks.cancel('T-004', { actor: 'lead', reason: 'later' }));
  await step(() => s.tasks.heartbeat('T-002', { agent: 'cid' }));
  await step(() => s.tasks.release('T-002', { agent: 'lead', force: true }));
  await step(() => s.tasks.create([{ title: 'again', key: 'k1' }], 'lead'));
  await step(() =>
    s.docs.create({ type: 'decision', title: 'Use SQL', body: 'Plain SQL files.', tags: ['db'] }, 'ann'),
  );
  await step(() => s.docs.update('D-001', { title: 'Use plain SQL' }, 'ann'));
  await step(() => s.updateSettings({ lease_seconds: 90 }, 'lead'));
  await step(() => s.tasks.list({ limit: 100 }));
  await step(() => s.tasks.board());
  await step(() => s.tasks.agents());
  await step(() => s.events.list({ limit: 1000 }));
  return out;
}

describe.skipIf(!testCluster())('SQLite and PostgreSQL give the same answers', () => {
  const db = useTestDatabase('parity');
  const backends: Backend[] = [];
  beforeAll(async () => {
    backends.push(await openBackend('sqlite', () => db.url()), await openBackend('postgres', () => db.url()));
  });
  afterAll(async () => {
    for (const b of backends) await b.catalog.close();
    removeTempDirs();
  });

  it('to the same script of calls, and write the same log', async () => {
    const [sqlite, postgres] = await Promise.all(
      backends.map(async (b) => {
        const s = await b.project('parity');
        return JSON.stringify(named(await script(s, b), s.projectId), null, 1);
      }),
    );
    expect(postgres).toBe(sqlite);
    expect(sqlite).toContain('"refused": "conflict"');
    expect(sqlite).toContain('task.lease_expired');
  });
});

if (!testCluster()) console.warn(postgresMissing());

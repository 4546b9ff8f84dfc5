import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board } from '../../helpers/board.js';

let t: TestApp;
let b: ReturnType<typeof board>;
let path: string;

beforeEach(async () => {
  t = createTestApp();
  const p = await t.project();
  path = p.path;
  b = board(t.api, p.id);
  return () => t.close();
});
afterAll(removeTempDirs);

describe('audit log', () => {
  it('every mutation writes its event with actor and snapshot', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c' }]);
    b.ok(await b.pickup('ann'));
    b.ok(await b.heartbeat('T-001', 'ann'));
    b.ok(await b.note('T-001', 'n', 'ann'));
    b.ok(await b.done('T-001', 'ann'));
    b.ok(await b.done('T-001', 'human'));
    b.ok(await b.pickup('bob', { task_id: 'T-003' }));
    b.ok(await b.release('T-003', 'bob'));
    b.ok(await b.block('T-003', 'why', 'bob'));
    b.ok(await b.unblock('T-003'));
    b.ok(await b.update('T-003', { title: 'c2' }));
    const types = (await b.events()).map((e) => e.type);
    expect(types).toEqual([
      'project.created',
      'task.created',
      'task.created',
      'task.created',
      'task.pickup',
      'task.heartbeat',
      'task.note',
      'task.done',
      'task.deps_met',
      'task.approved',
      'task.pickup',
      'task.released',
      'task.blocked',
      'task.unblocked',
      'task.updated',
    ]);
    const pickup = (await b.events({ type: 'task.pickup', actor: 'ann' }))[0]!;
    expect(pickup.payload).toMatchObject({ task_number: 'T-001', status: 'in-progress', assignee: 'ann' });
    const t1 = await b.get('T-001');
    expect((await b.events({ entity_id: t1.id })).map((e) => e.type)).toEqual([
      'task.created',
      'task.pickup',
      'task.heartbeat',
      'task.note',
      'task.done',
      'task.approved',
    ]);
    expect((await b.events({ type: 'task.*', limit: 2 })).map((e) => e.id)).toEqual([2, 3]);
    const page = b.ok(await t.api.GET('/api/events', { params: { query: { ...b.q, after: 3, limit: 2 } } }));
    expect(page.data.map((e) => e.id)).toEqual([4, 5]);
    expect(page.next_after).toBe(5);
    const newest = b.ok(await t.api.GET('/api/events', { params: { query: { ...b.q, order: 'desc', limit: 3 } } }));
    expect(newest.data.map((e) => e.type)).toEqual(['task.updated', 'task.unblocked', 'task.blocked']);
    expect(newest.next_before).toBe(newest.data[2]!.id);
    const older = b.ok(
      await t.api.GET('/api/events', {
        params: { query: { ...b.q, order: 'desc', before: newest.next_before!, limit: 2 } },
      }),
    );
    expect(older.data.map((e) => e.type)).toEqual(['task.released', 'task.pickup']);
  });

  it('the events table refuses UPDATE and DELETE', async () => {
    await b.add({ title: 'a' });
    const db = new Database(join(path, '.codepakt', 'data.db'));
    try {
      expect(() => db.prepare("UPDATE events SET actor = 'mallory'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('a failed operation writes no event and changes nothing', async () => {
    await b.add({ title: 'a' });
    const before = (await b.events()).length;
    await b.done('T-001', 'ann');
    await b.pickup('ann', { task_id: 'T-404' });
    await t.api.POST('/api/tasks', {
      params: { query: b.q },
      body: [{ title: 'ok' }, { title: 'bad', depends_on: ['T-900'] }],
    });
    expect((await b.events()).length).toBe(before);
    expect((await b.list()).data).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board, expectError } from '../../helpers/board.js';

/** GET /api/tasks/{id}/dependents: what a task blocks, with their status. */

let t: TestApp;
let b: ReturnType<typeof board>;
const dependents = (id: string) => t.api.GET('/api/tasks/{id}/dependents', { params: { path: { id }, query: b.q } });

beforeAll(async () => {
  t = createTestApp();
  b = board(t.api, (await t.project('deps')).id);
  await b.addMany([
    { title: 'base' },
    { title: 'needs base', depends_on: ['T-001'], priority: 'P2' },
    { title: 'needs base too', depends_on: ['T-001'], priority: 'P0' },
    { title: 'needs the second', depends_on: ['T-002'] },
  ]);
});
afterAll(async () => {
  await t?.close();
  removeTempDirs();
});

describe('dependents', () => {
  it('lists the direct dependents in board order, by number or id', async () => {
    const list = b.ok(await dependents('T-001')).data;
    expect(list.map((x) => [x.task_number, x.status])).toEqual([
      ['T-003', 'backlog'],
      ['T-002', 'backlog'],
    ]);
    const base = await b.get('T-001');
    expect(b.ok(await dependents(base.id)).data.map((x) => x.task_number)).toEqual(['T-003', 'T-002']);
    expect(b.ok(await dependents('T-004')).data).toEqual([]);
  });

  it('follows status changes: a dependent opens when its dependency reaches review', async () => {
    await b.pickup('a', { task_id: 'T-001' });
    b.ok(await b.done('T-001', 'a'));
    expect(b.ok(await dependents('t-001')).data.map((x) => x.status)).toEqual(['open', 'open']);
  });

  it('an unknown task is a 404', async () => {
    expectError(await dependents('T-999'), 404, 'task_not_found');
  });
});

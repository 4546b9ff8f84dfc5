import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board, expectError } from '../../helpers/board.js';

let t: TestApp;
let b: ReturnType<typeof board>;

beforeEach(async () => {
  t = createTestApp();
  b = board(t.api, (await t.project()).id);
  return () => t.close();
});
afterAll(removeTempDirs);

describe('create', () => {
  it('creates one task with defaults and numbers tasks T-001, T-002… never reused', async () => {
    const a = await b.add({ title: 'First' });
    expect(a).toMatchObject({
      task_number: 'T-001',
      status: 'open',
      priority: 'P1',
      deps_met: true,
      attempts: 0,
      assignee: null,
      notes: [],
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    // A rejected create does not burn a number.
    expectError(
      await t.api.POST('/api/tasks', { params: { query: b.q }, body: { title: 'x', depends_on: ['T-050'] } }),
      400,
      'validation_error',
    );
    expect((await b.add({ title: 'Second' })).task_number).toBe('T-002');
  });

  it('creates a batch in order in one transaction, later items depending on earlier ones', async () => {
    const tasks = await b.addMany([
      { title: 'Schema' },
      { title: 'API', depends_on: ['T-001'] },
      { title: 'UI', depends_on: ['T-002', 'T-001'], priority: 'P0' },
    ]);
    expect(tasks.map((x) => [x.task_number, x.status, x.deps_met])).toEqual([
      ['T-001', 'open', true],
      ['T-002', 'backlog', false],
      ['T-003', 'backlog', false],
    ]);
  });

  it('rejects a whole batch when one item is invalid, naming the item and field', async () => {
    const res = await t.api.POST('/api/tasks', { params: { query: b.q }, body: [{ title: 'ok' }, { title: '' }] });
    expectError(res, 400, 'validation_error');
    expect((res.error as { details: { path: string }[] }).details.map((d) => d.path)).toContain('1.title');
    expect((await b.list()).data).toHaveLength(0);
  });

  it('names unknown keys and unknown dependency numbers', async () => {
    const unknownKey = await t.api.POST('/api/tasks', {
      params: { query: b.q },
      body: { title: 'x', colour: 'red' } as never,
    });
    expectError(unknownKey, 400, 'validation_error');
    expect(JSON.stringify(unknownKey.error)).toContain('colour');
    const unknownDep = await t.api.POST('/api/tasks', {
      params: { query: b.q },
      body: { title: 'x', depends_on: ['T-404', 'T-405'] },
    });
    expect(expectError(unknownDep, 400, 'validation_error')).toContain('T-404');
  });

  it('rejects a dependency cycle inside a batch and a self-dependency', async () => {
    const cyc = await t.api.POST('/api/tasks', {
      params: { query: b.q },
      body: [
        { title: 'a', depends_on: ['T-002'] },
        { title: 'b', depends_on: ['T-001'] },
      ],
    });
    expect(expectError(cyc, 400, 'validation_error')).toMatch(/cycle T-00\d → T-00\d → T-00\d/);
    const self = await t.api.POST('/api/tasks', {
      params: { query: b.q },
      body: { title: 'self', depends_on: ['T-001'] },
    });
    expect(expectError(self, 400, 'validation_error')).toContain('cycle T-001 → T-001');
  });

  it('honours status backlog and validates priority and title length', async () => {
    expect((await b.add({ title: 'later', status: 'backlog' })).status).toBe('backlog');
    expectError(
      await t.api.POST('/api/tasks', { params: { query: b.q }, body: { title: 'x', priority: 'P9' as never } }),
      400,
      'validation_error',
    );
    expectError(
      await t.api.POST('/api/tasks', { params: { query: b.q }, body: { title: 'x'.repeat(201) } }),
      400,
      'validation_error',
    );
    expectError(
      await t.api.POST('/api/tasks', { params: { query: b.q }, body: { title: 'x', status: 'done' as never } }),
      400,
      'validation_error',
    );
  });
});

describe('read', () => {
  it('lists P0 first then oldest, filters, and pages with a cursor', async () => {
    await b.addMany([
      { title: 'p2', priority: 'P2', epic: 'e1', tags: ['x'] },
      { title: 'p1', priority: 'P1', epic: 'e2' },
      { title: 'p0', priority: 'P0', tags: ['x', 'y'] },
      { title: 'p1b', priority: 'P1', epic: 'e1' },
    ]);
    expect((await b.list()).data.map((x) => x.title)).toEqual(['p0', 'p1', 'p1b', 'p2']);
    expect((await b.list({ epic: 'e1' })).data.map((x) => x.title)).toEqual(['p1b', 'p2']);
    expect((await b.list({ tag: 'x' })).data.map((x) => x.title)).toEqual(['p0', 'p2']);
    const page1 = await b.list({ limit: 3 });
    expect(page1.data.map((x) => x.title)).toEqual(['p0', 'p1', 'p1b']);
    expect(page1.next_cursor).toBeTruthy();
    const page2 = await b.list({ limit: 3, cursor: page1.next_cursor! });
    expect(page2.data.map((x) => x.title)).toEqual(['p2']);
    expect(page2.next_cursor).toBeNull();
    await b.pickup('ann');
    expect((await b.list({ status: 'in-progress' })).data.map((x) => x.title)).toEqual(['p0']);
    expect((await b.list({ assignee: 'ann' })).data).toHaveLength(1);
    expect((await b.list({ status: 'open,in-progress' })).data).toHaveLength(4);
    expectError(
      await t.api.GET('/api/tasks', { params: { query: { ...b.q, status: 'opened' } } }),
      400,
      'validation_error',
    );
    expectError(
      await t.api.GET('/api/tasks', { params: { query: { ...b.q, cursor: 'garbage' } } }),
      400,
      'validation_error',
    );
    expectError(await t.api.GET('/api/tasks', { params: { query: { ...b.q, limit: 0 } } }), 400, 'validation_error');
  });

  it('shows a task by number (any case) or UUID; unknown → 404 task_not_found', async () => {
    const a = await b.add({ title: 'x' });
    expect((await b.get('T-001')).id).toBe(a.id);
    expect((await b.get('t-1')).id).toBe(a.id);
    expect((await b.get(a.id)).task_number).toBe('T-001');
    expectError(
      await t.api.GET('/api/tasks/{id}', { params: { path: { id: 'T-999' }, query: b.q } }),
      404,
      'task_not_found',
    );
  });

  it('unknown or missing project → 404 project_not_found / 400', async () => {
    expectError(await t.api.GET('/api/tasks', { params: { query: { project_id: 'nope' } } }), 404, 'project_not_found');
    const missing = await t.app.request('/api/tasks');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('project_id');
  });

  it('mine lists the agent’s in-progress and review tasks', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
    await b.pickup('ann');
    await b.pickup('ann');
    await b.done('T-002', 'ann');
    await b.pickup('bob');
    const mine = await t.api.GET('/api/tasks/mine', { params: { query: { ...b.q, agent: 'ann' } } });
    expect(mine.data?.data.map((x) => [x.task_number, x.status])).toEqual([
      ['T-001', 'in-progress'],
      ['T-002', 'review'],
    ]);
    expectError(
      await t.api.GET('/api/tasks/mine', { params: { query: { ...b.q, agent: '' } } }),
      400,
      'validation_error',
    );
  });
});

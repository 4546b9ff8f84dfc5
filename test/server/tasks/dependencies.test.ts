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

const state = async (...ids: string[]) =>
  Promise.all(
    ids.map(async (id) => {
      const x = await b.get(id);
      return `${x.task_number}:${x.status}:${x.deps_met ? 'met' : 'unmet'}`;
    }),
  );

async function toReview(id: string, agent = 'ann') {
  b.ok(await b.pickup(agent, { task_id: id }));
  b.ok(await b.done(id, agent));
}

describe('dependency resolution', () => {
  it('a chain opens one link at a time, on review (not waiting for approval)', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c', depends_on: ['T-002'] }]);
    expect(await state('T-001', 'T-002', 'T-003')).toEqual([
      'T-001:open:met',
      'T-002:backlog:unmet',
      'T-003:backlog:unmet',
    ]);
    await toReview('T-001');
    expect(await state('T-002', 'T-003')).toEqual(['T-002:open:met', 'T-003:backlog:unmet']);
    await toReview('T-002');
    expect(await state('T-003')).toEqual(['T-003:open:met']);
    const metEvents = await b.events({ type: 'task.deps_met' });
    expect(metEvents.map((e) => (e.payload as { task_number: string; trigger: string }).task_number)).toEqual([
      'T-002',
      'T-003',
    ]);
  });

  it('fan-in waits for every dependency', async () => {
    await b.addMany([
      { title: 'a' },
      { title: 'b' },
      { title: 'c' },
      { title: 'join', depends_on: ['T-001', 'T-002', 'T-003'] },
    ]);
    await toReview('T-001');
    await toReview('T-002');
    expect(await state('T-004')).toEqual(['T-004:backlog:unmet']);
    await toReview('T-003');
    expect(await state('T-004')).toEqual(['T-004:open:met']);
  });

  it('a dependency moving back out of review sends unstarted dependents back to backlog, started ones keep going', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c', depends_on: ['T-001'] }]);
    await toReview('T-001');
    b.ok(await b.pickup('bob', { task_id: 'T-003' }));
    b.ok(await b.update('T-001', { status: 'in-progress', assignee: 'ann' }));
    expect(await state('T-002', 'T-003')).toEqual(['T-002:backlog:unmet', 'T-003:in-progress:unmet']);
    expect((await b.events({ type: 'task.deps_unmet' })).length).toBe(2);
    // Approving after review keeps dependents met; done counts too.
    b.ok(await b.update('T-001', { status: 'done' }));
    expect(await state('T-002')).toEqual(['T-002:open:met']);
  });

  it('every route that changes status resolves dependents (block, unblock, release, update)', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }]);
    b.ok(await b.update('T-001', { status: 'review' }));
    expect(await state('T-002')).toEqual(['T-002:open:met']);
    b.ok(await b.update('T-001', { status: 'open' }));
    expect(await state('T-002')).toEqual(['T-002:backlog:unmet']);
    b.ok(await b.update('T-001', { status: 'done' }));
    expect(await state('T-002')).toEqual(['T-002:open:met']);
    b.ok(await b.update('T-001', { status: 'blocked', blocker_reason: 'reopened' }));
    expect(await state('T-002')).toEqual(['T-002:backlog:unmet']);
  });

  it('changing depends_on validates unknown numbers and cycles, and re-evaluates readiness', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c', depends_on: ['T-002'] }]);
    expect(expectError(await b.update('T-001', { depends_on: ['T-003'] }), 400, 'validation_error')).toContain(
      'cycle T-001 → T-003 → T-002 → T-001',
    );
    expect(expectError(await b.update('T-001', { depends_on: ['T-777'] }), 400, 'validation_error')).toContain('T-777');
    expect((await b.get('T-001')).depends_on).toEqual([]);
    b.ok(await b.update('T-003', { depends_on: [] }));
    expect(await state('T-003')).toEqual(['T-003:open:met']);
    b.ok(await b.update('T-003', { depends_on: ['T-001'] }));
    expect(await state('T-003')).toEqual(['T-003:backlog:unmet']);
    await toReview('T-001');
    expect(await state('T-002', 'T-003')).toEqual(['T-002:open:met', 'T-003:open:met']);
  });

  it('a task created against a dependency already in review starts open', async () => {
    await b.add({ title: 'a' });
    await toReview('T-001');
    expect((await b.add({ title: 'b', depends_on: ['T-001'] })).status).toBe('open');
  });

  it('a batch of 1,000 in one chain is created in order; closing it into a loop names the cycle', async () => {
    const chain = (loop: boolean) =>
      Array.from({ length: 1000 }, (_, i) => ({
        title: `link ${i + 1}`,
        depends_on: i > 0 ? [`T-${String(i).padStart(3, '0')}`] : loop ? ['T-1000'] : [],
      }));
    const looped = await t.api.POST('/api/tasks', { params: { query: b.q }, body: chain(true) });
    expect(expectError(looped, 400, 'validation_error')).toMatch(
      /^\[0\]\.depends_on: dependency cycle T-001 → T-1000 → T-999 → /,
    );
    const created = await b.addMany(chain(false));
    expect(created.map((x) => x.task_number)).toEqual(
      chain(false).map((_, i) => `T-${String(i + 1).padStart(3, '0')}`),
    );
    expect(created.filter((x) => x.status === 'open').map((x) => x.task_number)).toEqual(['T-001']);
    expect(created[999]).toMatchObject({ status: 'backlog', deps_met: false, depends_on: ['T-999'] });
  });
});

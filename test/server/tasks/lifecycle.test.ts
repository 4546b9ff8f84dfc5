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

describe('pickup', () => {
  it('claims the highest priority open task with met deps, oldest first, and leases it', async () => {
    await b.addMany([
      { title: 'p1' },
      { title: 'p0', priority: 'P0' },
      { title: 'blocked-by-dep', priority: 'P0', depends_on: ['T-001'] },
      { title: 'p0b', priority: 'P0' },
    ]);
    const first = b.ok(await b.pickup('ann')).data;
    expect(first).toMatchObject({ title: 'p0', status: 'in-progress', assignee: 'ann', attempts: 1 });
    expect(Date.parse(first.lease_expires_at!) - Date.parse(first.started_at!)).toBe(3600_000);
    expect(b.ok(await b.pickup('bob', { lease_seconds: 60 })).data.title).toBe('p0b');
    expect(b.ok(await b.pickup('cid')).data.title).toBe('p1');
    expectError(await b.pickup('dan'), 404, 'no_tasks_available');
  });

  it('claims a given task or says why not (taken by whom, deps unmet, not open)', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b', depends_on: ['T-001'] }, { title: 'c' }]);
    expect(b.ok(await b.pickup('ann', { task_id: 'T-003' })).data.task_number).toBe('T-003');
    expect(expectError(await b.pickup('bob', { task_id: 'T-003' }), 409, 'conflict')).toContain('taken by ann');
    expect(expectError(await b.pickup('bob', { task_id: 'T-002' }), 409, 'conflict')).toContain(
      'unmet dependencies: T-001 (open)',
    );
    await b.block('T-001', 'waiting on keys');
    expect(expectError(await b.pickup('bob', { task_id: 'T-001' }), 409, 'conflict')).toContain('blocked');
    expectError(await b.pickup('bob', { task_id: 'T-404' }), 404, 'task_not_found');
    expectError(
      await t.api.POST('/api/tasks/pickup', { params: { query: b.q }, body: {} as never }),
      400,
      'validation_error',
    );
    expectError(
      await t.api.POST('/api/tasks/pickup', { params: { query: { ...b.q, wait: 301 } }, body: { agent: 'x' } }),
      400,
      'validation_error',
    );
    expectError(await b.pickup('ann', { lease_seconds: 0 }), 400, 'validation_error');
  });
});

describe('lifecycle', () => {
  it('done moves in-progress → review for the holder, appends notes; a second done approves', async () => {
    await b.add({ title: 'a' });
    await b.pickup('ann');
    expect(expectError(await b.done('T-001', 'bob'), 409, 'conflict')).toContain('held by ann');
    const review = b.ok(await b.done('T-001', 'ann', { notes: 'tests pass' })).data;
    expect(review).toMatchObject({ status: 'review', assignee: 'ann', lease_expires_at: null, completed_at: null });
    expect(review.notes).toMatchObject([{ author: 'ann', text: 'tests pass' }]);
    const done = b.ok(await b.done('T-001', 'human')).data;
    expect(done.status).toBe('done');
    expect(done.completed_at).toBeTruthy();
    expect(expectError(await b.done('T-001', 'ann'), 409, 'conflict')).toContain('is done');
  });

  it('done --force completes a task held by another agent', async () => {
    await b.add({ title: 'a' });
    await b.pickup('ann');
    expect(b.ok(await b.done('T-001', 'boss', { force: true })).data.status).toBe('review');
    const ev = await b.events({ type: 'task.done' });
    expect(ev[0]?.payload).toMatchObject({ forced: true, previous_assignee: 'ann' });
  });

  it('block needs a reason; unblock reopens and clears reason and assignee', async () => {
    await b.add({ title: 'a' });
    await b.pickup('ann');
    expectError(
      await t.api.POST('/api/tasks/{id}/block', { params: { path: { id: 'T-001' }, query: b.q }, body: {} as never }),
      400,
      'validation_error',
    );
    expectError(await b.block('T-001', '   '), 400, 'validation_error');
    const blocked = b.ok(await b.block('T-001', 'API key missing', 'ann')).data;
    expect(blocked).toMatchObject({ status: 'blocked', blocker_reason: 'API key missing', lease_expires_at: null });
    expect(expectError(await b.block('T-001', 'again'), 409, 'conflict')).toContain('is blocked');
    const open = b.ok(await b.unblock('T-001')).data;
    expect(open).toMatchObject({ status: 'open', blocker_reason: null, assignee: null });
    expect(expectError(await b.unblock('T-001'), 409, 'conflict')).toContain('only blocked');
  });

  it('release gives the task back; only the holder unless forced', async () => {
    await b.add({ title: 'a' });
    await b.pickup('ann');
    expect(expectError(await b.release('T-001', 'bob'), 409, 'conflict')).toContain('held by ann');
    expect(b.ok(await b.release('T-001', 'ann')).data).toMatchObject({
      status: 'open',
      assignee: null,
      lease_expires_at: null,
    });
    expectError(await b.release('T-001', 'ann'), 409, 'conflict');
    await b.pickup('ann');
    expect(b.ok(await b.release('T-001', 'boss', true)).data.status).toBe('open');
  });

  it('heartbeat extends the holder’s lease; 409 for anyone else', async () => {
    await b.add({ title: 'a' });
    const picked = b.ok(await b.pickup('ann', { lease_seconds: 60 })).data;
    await new Promise((r) => setTimeout(r, 20));
    const hb = b.ok(await b.heartbeat('T-001', 'ann')).data;
    // Renewed by the pickup's own length, from now.
    expect(Date.parse(hb.lease_expires_at!)).toBeGreaterThan(Date.parse(picked.lease_expires_at!));
    expect(Date.parse(hb.lease_expires_at!) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(expectError(await b.heartbeat('T-001', 'bob'), 409, 'conflict')).toContain(
      'bob does not hold T-001 (it is held by ann)',
    );
  });

  it('notes append at any status with author and time', async () => {
    await b.add({ title: 'a' });
    const n = b.ok(await b.note('T-001', 'remember the edge case', 'ann')).data;
    expect(n.notes).toMatchObject([{ author: 'ann', text: 'remember the edge case' }]);
    expect(b.ok(await b.note('T-001', 'second')).data.notes.map((x) => x.author)).toEqual(['ann', 'human']);
    expectError(await b.note('T-001', ''), 400, 'validation_error');
    expectError(await b.note('T-404', 'x'), 404, 'task_not_found');
  });

  it('update changes any field and any status, validated with the same schemas', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b' }]);
    const u = b.ok(
      await b.update('T-001', {
        title: 'A',
        priority: 'P0',
        tags: ['t1', 't1', 't2'],
        epic: 'e',
        verify: 'npm test',
        acceptance_criteria: ['works'],
      }),
    ).data;
    expect(u).toMatchObject({
      title: 'A',
      priority: 'P0',
      tags: ['t1', 't2'],
      epic: 'e',
      verify: 'npm test',
      acceptance_criteria: ['works'],
    });
    expect((await b.list({ tag: 't2' })).data).toHaveLength(1);
    expect(b.ok(await b.update('T-001', { status: 'done' })).data).toMatchObject({ status: 'done' });
    expect(
      b.ok(await b.update('T-001', { status: 'in-progress', assignee: 'ann' })).data.lease_expires_at,
    ).toBeTruthy();
    expect(b.ok(await b.update('T-001', { status: 'blocked' })).data.blocker_reason).toContain('human');
    expect(b.ok(await b.update('T-001', { status: 'open' })).data).toMatchObject({
      blocker_reason: null,
      assignee: null,
    });
    expectError(await b.update('T-001', { status: 'finished' as never }), 400, 'validation_error');
    expectError(await b.update('T-001', { title: '' }), 400, 'validation_error');
    expectError(await b.update('T-001', { depends_on: ['T-001'] }), 400, 'validation_error');
    expectError(await b.update('T-404', { title: 'x' }), 404, 'task_not_found');
  });
});

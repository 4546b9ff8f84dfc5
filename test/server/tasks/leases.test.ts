import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { removeTempDirs } from '../../helpers/temp.js';
import { board, expectError, manualClock } from '../../helpers/board.js';

let t: TestApp;
let b: ReturnType<typeof board>;
let clock: ReturnType<typeof manualClock>;
let projectId: string;

beforeEach(async () => {
  clock = manualClock();
  t = createTestApp({ clock });
  projectId = (await t.project()).id;
  b = board(t.api, projectId);
  return () => t.close();
});
afterAll(removeTempDirs);

describe('leases', () => {
  it('an expired lease is reclaimed by the next pickup, with an event and attempts+1', async () => {
    await b.add({ title: 'a' });
    const first = b.ok(await b.pickup('ann', { lease_seconds: 60 })).data;
    expect(first.lease_expires_at).toBe('2026-01-01T00:01:00.000Z');
    clock.advance(30);
    expectError(await b.pickup('bob'), 404, 'no_tasks_available');
    clock.advance(31);
    const again = b.ok(await b.pickup('bob')).data;
    expect(again).toMatchObject({ task_number: 'T-001', assignee: 'bob', attempts: 2 });
    const lapsed = await b.events({ type: 'task.lease_expired' });
    expect(lapsed).toHaveLength(1);
    expect(lapsed[0]).toMatchObject({ actor: 'system', payload: { previous_assignee: 'ann', to: 'open' } });
    expect(expectError(await b.done('T-001', 'ann'), 409, 'conflict')).toContain('held by bob');
    expect(expectError(await b.heartbeat('T-001', 'ann'), 409, 'conflict')).toContain(
      'ann does not hold T-001 (it is held by bob)',
    );
  });

  it('after max_attempts lapses the task is blocked with a reason saying so', async () => {
    b.ok(
      await t.api.PATCH('/api/projects/{id}', {
        params: { path: { id: projectId } },
        body: { settings: { max_attempts: 2, lease_seconds: 10 } },
      }),
    );
    await b.add({ title: 'flaky' });
    b.ok(await b.pickup('ann'));
    clock.advance(11);
    b.ok(await b.pickup('bob'));
    clock.advance(11);
    expectError(await b.pickup('cid'), 404, 'no_tasks_available');
    const task = await b.get('T-001');
    expect(task.status).toBe('blocked');
    expect(task.blocker_reason).toMatch(/Lease expired 2 times \(max_attempts 2\)/);
    expect((await b.events({ type: 'task.lease_expired' })).map((e) => (e.payload as { to: string }).to)).toEqual([
      'open',
      'blocked',
    ]);
  });

  it('heartbeats and holder notes keep a lease alive; project lease_seconds is the default', async () => {
    b.ok(
      await t.api.PATCH('/api/projects/{id}', {
        params: { path: { id: projectId } },
        body: { settings: { lease_seconds: 100 } },
      }),
    );
    await b.add({ title: 'a' });
    b.ok(await b.pickup('ann'));
    clock.advance(90);
    expect(b.ok(await b.heartbeat('T-001', 'ann')).data.lease_expires_at).toBe('2026-01-01T00:03:10.000Z');
    clock.advance(90);
    b.ok(await b.note('T-001', 'still on it', 'ann'));
    clock.advance(90);
    expectError(await b.pickup('bob'), 404, 'no_tasks_available');
    const agents = b.ok(await t.api.GET('/api/agents', { params: { query: b.q } })).data;
    expect(agents.find((a) => a.name === 'ann')).toMatchObject({ status: 'working', current_task: 'T-001' });
    clock.advance(11);
    const after = b.ok(await t.api.GET('/api/agents/{name}', { params: { path: { name: 'ann' }, query: b.q } })).data;
    expect(after).toMatchObject({ status: 'idle', current_task: null });
    const status = b.ok(await t.api.GET('/api/board/status', { params: { query: b.q } })).data;
    expect(status.expired_leases.map((x) => x.task_number)).toEqual(['T-001']);
    expect(status.counts['in-progress']).toBe(1);
  });

  it('renewals keep the lease length the pickup asked for', async () => {
    await b.add({ title: 'a' });
    b.ok(await b.pickup('ann', { lease_seconds: 30 }));
    clock.advance(20);
    expect(b.ok(await b.note('T-001', 'progress', 'ann')).data.lease_expires_at).toBe('2026-01-01T00:00:50.000Z');
    clock.advance(20);
    expect(b.ok(await b.heartbeat('T-001', 'ann')).data.lease_expires_at).toBe('2026-01-01T00:01:10.000Z');
    expect(b.ok(await b.update('T-001', { description: 'more', actor: 'ann' })).data.lease_expires_at).toBe(
      '2026-01-01T00:01:10.000Z',
    );
    const longer = b.ok(
      await t.api.POST('/api/tasks/{id}/heartbeat', {
        params: { path: { id: 'T-001' }, query: b.q },
        body: { agent: 'ann', lease_seconds: 600 },
      }),
    ).data;
    expect(longer.lease_expires_at).toBe('2026-01-01T00:10:40.000Z');
    clock.advance(100);
    expect(b.ok(await b.heartbeat('T-001', 'ann')).data.lease_expires_at).toBe('2026-01-01T00:12:20.000Z');
  });

  it('people are not agents; an agent assigned by hand is known', async () => {
    await b.addMany([{ title: 'a' }, { title: 'b' }]);
    b.ok(await b.pickup('ann'));
    b.ok(await b.done('T-001', 'ann'));
    b.ok(await b.done('T-001', 'human'));
    b.ok(await b.update('T-002', { status: 'in-progress', assignee: 'zed' }));
    b.ok(await b.release('T-002', 'human', true));
    const names = b.ok(await t.api.GET('/api/agents', { params: { query: b.q } })).data.map((a) => a.name);
    expect(names).toEqual(['ann', 'zed']);
  });

  it('settings are validated', async () => {
    expectError(
      await t.api.PATCH('/api/projects/{id}', {
        params: { path: { id: projectId } },
        body: { settings: { lease_seconds: 0 } },
      }),
      400,
      'validation_error',
    );
    expectError(
      await t.api.PATCH('/api/projects/{id}', {
        params: { path: { id: projectId } },
        body: { settings: { max_attempts: -1 } },
      }),
      400,
      'validation_error',
    );
    expectError(
      await t.api.GET('/api/agents/{name}', { params: { path: { name: 'ghost' }, query: b.q } }),
      404,
      'agent_not_found',
    );
  });
});

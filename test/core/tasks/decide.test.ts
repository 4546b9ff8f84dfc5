import { describe, expect, it } from 'vitest';
import { decideClaim, decideComplete } from '../../../src/core/tasks/decide.js';
import { context, NOW, refusal, task } from './fixtures.js';

const EARLIER_NOTE = '2026-03-01T10:00:00.000Z';

describe('claim (pickup)', () => {
  const open = task({
    status: 'open',
    assignee: null,
    attempts: 2,
    pickups: 2,
    started_at: null,
    lease_expires_at: null,
  });

  it('takes an open task: holder, start, a pickup counted, the project lease, one task.pickup event', () => {
    const ctx = context();
    const d = decideClaim(open, { agent: 'bob' }, ctx);
    expect(d.patch).toEqual({
      status: 'in-progress',
      assignee: 'bob',
      started_at: NOW,
      attempts: 3,
      pickups: 3,
      lease_expires_at: '2026-03-01T12:10:00.000Z',
      lease_seconds: null,
      completed_at: null,
      updated_at: NOW,
    });
    expect(d.task).toMatchObject({ status: 'in-progress', assignee: 'bob', attempts: 3, pickups: 3 });
    expect(d.events).toEqual([
      {
        type: 'task.pickup',
        entity_id: open.id,
        actor: 'bob',
        payload: {
          task_number: 'T-007',
          title: 'Write the parser',
          status: 'in-progress',
          priority: 'P1',
          assignee: 'bob',
          epic: null,
          deps_met: true,
          attempts: 3,
          lapses: 0,
          lease_expires_at: '2026-03-01T12:10:00.000Z',
        },
      },
    ]);
  });

  it('a lease asked for at pickup wins over the project default and is kept for renewals', () => {
    const ctx = context();
    const d = decideClaim(open, { agent: 'bob', lease_seconds: 30 }, ctx);
    expect(d.patch).toMatchObject({ lease_expires_at: '2026-03-01T12:00:30.000Z', lease_seconds: 30 });
    expect(ctx.reads).toBe(0);
  });

  it('refuses a task someone holds, one that is not open, one with unmet dependencies', () => {
    expect(refusal(() => decideClaim(task(), { agent: 'bob' }, context()))).toEqual({
      code: 'conflict',
      message: 'T-007 is already taken by ann',
    });
    expect(refusal(() => decideClaim(task({ status: 'done' }), { agent: 'bob' }, context())).message).toBe(
      'T-007 is done, not open',
    );
    const unmet = [
      { task_number: 'T-002', status: 'open' as const },
      { task_number: 'T-003', status: 'blocked' as const },
    ];
    const backlog = task({ status: 'backlog', assignee: null, deps_met: false });
    expect(refusal(() => decideClaim(backlog, { agent: 'bob', unmet }, context())).message).toBe(
      'T-007 has unmet dependencies: T-002 (open), T-003 (blocked)',
    );
    expect(refusal(() => decideClaim(open, { agent: 'bob', unmet }, context())).code).toBe('conflict');
    expect(refusal(() => decideClaim(task({ status: 'backlog' }), { agent: 'bob' }, context())).message).toBe(
      'T-007 is backlog, not open',
    );
  });
});

describe('complete (done)', () => {
  it('the holder hands work to review: lease ends, notes appended, task.done from/to', () => {
    const d = decideComplete(task({ lease_seconds: 90 }), { agent: 'ann', notes: 'tests pass' }, context());
    expect(d.patch).toEqual({
      notes: [{ author: 'ann', text: 'tests pass', created_at: NOW }],
      lease_expires_at: null,
      status: 'review',
      started_at: '2026-03-01T11:00:00.000Z',
      completed_at: null,
      updated_at: NOW,
      lease_seconds: null,
    });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({
      type: 'task.done',
      actor: 'ann',
      payload: { status: 'review', from: 'in-progress', to: 'review', lease_expires_at: null },
    });
    expect(d.events[0]?.payload).not.toHaveProperty('forced');
  });

  it('a blank note is not added', () => {
    expect(decideComplete(task(), { agent: 'ann', notes: '  ' }, context()).patch.notes).toEqual([]);
    expect(decideComplete(task(), { agent: 'ann' }, context()).patch.notes).toEqual([]);
  });

  it('another agent is refused (with the --force hint), unless it forces; then the event says so', () => {
    expect(refusal(() => decideComplete(task(), { agent: 'bob' }, context()))).toEqual({
      code: 'conflict',
      message: 'T-007 is held by ann; bob cannot complete it (override with --force)',
    });
    const forced = decideComplete(task(), { agent: 'bob', force: true }, context());
    expect(forced.task.status).toBe('review');
    expect(forced.events[0]?.payload).toMatchObject({ forced: true, previous_assignee: 'ann' });
    // Forcing one's own task is no override.
    expect(decideComplete(task(), { agent: 'ann', force: true }, context()).events[0]?.payload).not.toHaveProperty(
      'forced',
    );
  });

  it('an unassigned in-progress task names no holder and gives no --force hint', () => {
    expect(refusal(() => decideComplete(task({ assignee: null }), { agent: 'bob' }, context())).message).toBe(
      'T-007 has no assignee; bob cannot complete it',
    );
  });

  it("the implementer's repeated done on a review task changes nothing and records nothing", () => {
    const review = task({ status: 'review', lease_expires_at: null });
    const d = decideComplete(review, { agent: 'ann', notes: 'again' }, context());
    expect(d).toEqual({ task: review, patch: {}, events: [] });
  });

  it("anyone else's done on a review task approves it", () => {
    const d = decideComplete(task({ status: 'review' }), { agent: 'rev', notes: 'lgtm' }, context());
    expect(d.task).toMatchObject({ status: 'done', completed_at: NOW, assignee: 'ann' });
    expect(d.patch.notes).toEqual([{ author: 'rev', text: 'lgtm', created_at: NOW }]);
    expect(d.events[0]).toMatchObject({ type: 'task.approved', actor: 'rev', payload: { from: 'review', to: 'done' } });
  });

  it('refuses tasks that are neither in progress nor in review', () => {
    for (const status of ['backlog', 'open', 'blocked', 'done', 'cancelled'] as const) {
      expect(refusal(() => decideComplete(task({ status }), { agent: 'ann' }, context()))).toEqual({
        code: 'conflict',
        message: `T-007 is ${status}; only in-progress or review tasks can be marked done`,
      });
    }
  });

  it('leaves the task it was given as it was', () => {
    const before = task({ notes: [{ author: 'x', text: 'first', created_at: EARLIER_NOTE }] });
    const copy = structuredClone(before);
    decideComplete(before, { agent: 'ann', notes: 'second' }, context());
    expect(before).toEqual(copy);
  });
});

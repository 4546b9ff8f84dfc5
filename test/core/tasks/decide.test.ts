import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import {
  decideApprove,
  decideBlock,
  decideCancel,
  decideClaim,
  decideComplete,
  decideHeartbeat,
  decideNote,
  decideReject,
  decideRelease,
  decideUnblock,
} from '../../../src/core/tasks/decide.js';
import { context, NOW, task } from './fixtures.js';

/** The refusal a decision throws: an ApiError with its code and message. */
function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return { code: (err as ApiError).code, message: (err as ApiError).message };
  }
  throw new Error('expected a refusal');
}

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

const EARLIER_NOTE = '2026-03-01T10:00:00.000Z';

describe('approve', () => {
  it('review → done by someone other than the implementer', () => {
    const d = decideApprove(task({ status: 'review' }), { actor: 'rev', notes: 'fine' }, context());
    expect(d.task).toMatchObject({ status: 'done', completed_at: NOW });
    expect(d.events[0]).toMatchObject({ type: 'task.approved', actor: 'rev', payload: { from: 'review', to: 'done' } });
  });

  it('is refused to the implementer and for tasks not in review', () => {
    expect(refusal(() => decideApprove(task({ status: 'review' }), { actor: 'ann' }, context()))).toEqual({
      code: 'conflict',
      message: 'T-007 was implemented by ann; someone else must approve it',
    });
    expect(refusal(() => decideApprove(task({ status: 'done' }), { actor: 'rev' }, context())).message).toBe(
      'T-007 is done; only review tasks can be approved',
    );
  });

  it('an unassigned review task can be approved by anyone', () => {
    expect(decideApprove(task({ status: 'review', assignee: null }), { actor: 'ann' }, context()).task.status).toBe(
      'done',
    );
  });
});

describe('reject', () => {
  it('sends a review task back to its implementer, in progress under a fresh project lease, the reason as a note', () => {
    const ctx = context();
    const d = decideReject(
      task({ status: 'review', lease_expires_at: null }),
      { actor: 'rev', reason: 'no tests' },
      ctx,
    );
    expect(d.task).toMatchObject({
      status: 'in-progress',
      assignee: 'ann',
      lease_expires_at: '2026-03-01T12:10:00.000Z',
      started_at: '2026-03-01T11:00:00.000Z',
      notes: [{ author: 'rev', text: 'Rejected: no tests', created_at: NOW }],
    });
    expect(d.events[0]).toMatchObject({
      type: 'task.rejected',
      actor: 'rev',
      payload: { from: 'review', to: 'in-progress', reason: 'no tests' },
    });
  });

  it('with no implementer, back to the board (or backlog while dependencies are unmet)', () => {
    const orphan = task({ status: 'review', assignee: null, lease_expires_at: null });
    expect(decideReject(orphan, { actor: 'rev', reason: 'x' }, context()).task).toMatchObject({
      status: 'open',
      lease_expires_at: null,
    });
    expect(decideReject({ ...orphan, deps_met: false }, { actor: 'rev', reason: 'x' }, context()).task.status).toBe(
      'backlog',
    );
  });

  it('refuses tasks not in review', () => {
    expect(refusal(() => decideReject(task(), { actor: 'rev', reason: 'x' }, context()))).toEqual({
      code: 'conflict',
      message: 'T-007 is in-progress; only review tasks can be rejected',
    });
  });
});

describe('cancel', () => {
  it('takes anything unfinished off the board, clearing lease and blocker reason', () => {
    for (const status of ['backlog', 'open', 'in-progress', 'review', 'blocked'] as const) {
      const d = decideCancel(task({ status, blocker_reason: 'r' }), { actor: 'human', reason: 'dup' }, context());
      expect(d.task).toMatchObject({ status: 'cancelled', lease_expires_at: null, blocker_reason: null });
      expect(d.task.notes.at(-1)?.text).toBe('Cancelled: dup');
      expect(d.events[0]).toMatchObject({
        type: 'task.cancelled',
        payload: { from: status, to: 'cancelled', reason: 'dup' },
      });
    }
  });

  it('refuses done and cancelled tasks', () => {
    for (const status of ['done', 'cancelled'] as const) {
      expect(refusal(() => decideCancel(task({ status }), { actor: 'human', reason: 'x' }, context())).message).toBe(
        `T-007 is ${status}; only backlog or open or in-progress or review or blocked tasks can be cancelled`,
      );
    }
  });
});

describe('block and unblock', () => {
  it('blocks backlog, open and in-progress tasks with the reason; the lease ends', () => {
    for (const status of ['backlog', 'open', 'in-progress'] as const) {
      const d = decideBlock(task({ status, lease_seconds: 60 }), { actor: 'ann', reason: 'no key' }, context());
      expect(d.task).toMatchObject({
        status: 'blocked',
        blocker_reason: 'no key',
        lease_expires_at: null,
        lease_seconds: null,
      });
      expect(d.events[0]).toMatchObject({ type: 'task.blocked', payload: { from: status, reason: 'no key' } });
    }
    expect(
      refusal(() => decideBlock(task({ status: 'review' }), { actor: 'ann', reason: 'x' }, context())).message,
    ).toBe('T-007 is review; only backlog or open or in-progress tasks can be blocked');
  });

  it('unblock puts it back on the board with nobody holding it, naming the reason it had', () => {
    const blocked = task({ status: 'blocked', blocker_reason: 'no key', lease_expires_at: null });
    const d = decideUnblock(blocked, { actor: 'human' }, context());
    expect(d.task).toMatchObject({ status: 'open', assignee: null, blocker_reason: null });
    expect(d.events[0]).toMatchObject({
      type: 'task.unblocked',
      actor: 'human',
      payload: { from: 'blocked', to: 'open', previous_reason: 'no key' },
    });
    expect(decideUnblock({ ...blocked, deps_met: false }, { actor: 'human' }, context()).task.status).toBe('backlog');
    expect(refusal(() => decideUnblock(task({ status: 'open' }), { actor: 'human' }, context())).message).toBe(
      'T-007 is open; only blocked tasks can be unblocked',
    );
  });
});

describe('release', () => {
  it('the holder gives the task back to the board (backlog while dependencies are unmet)', () => {
    const d = decideRelease(task({ lease_seconds: 60 }), { agent: 'ann' }, context());
    expect(d.task).toMatchObject({ status: 'open', assignee: null, lease_expires_at: null, lease_seconds: null });
    expect(d.events[0]).toMatchObject({ type: 'task.released', payload: { previous_assignee: 'ann', to: 'open' } });
    expect(decideRelease(task({ deps_met: false }), { agent: 'ann' }, context()).task.status).toBe('backlog');
  });

  it('refuses another agent unless it forces, and tasks not in progress', () => {
    expect(refusal(() => decideRelease(task(), { agent: 'bob' }, context())).message).toBe(
      'T-007 is held by ann; bob cannot release it (override with --force)',
    );
    expect(decideRelease(task(), { agent: 'bob', force: true }, context()).task.status).toBe('open');
    expect(refusal(() => decideRelease(task({ status: 'review' }), { agent: 'ann' }, context())).message).toBe(
      'T-007 is review; only in-progress tasks can be released',
    );
  });
});

describe('heartbeat', () => {
  it("extends the holder's lease by its pickup's length, else the project default", () => {
    const ctx = context();
    const own = decideHeartbeat(task({ lease_seconds: 120 }), { agent: 'ann' }, ctx);
    expect(own.patch).toEqual({ lease_expires_at: '2026-03-01T12:02:00.000Z', updated_at: NOW });
    expect(ctx.reads).toBe(0);
    expect(decideHeartbeat(task(), { agent: 'ann' }, ctx).patch.lease_expires_at).toBe('2026-03-01T12:10:00.000Z');
    expect(ctx.reads).toBe(1);
    expect(own.events).toEqual([
      {
        type: 'task.heartbeat',
        entity_id: own.task.id,
        actor: 'ann',
        payload: { task_number: 'T-007', lease_expires_at: '2026-03-01T12:02:00.000Z' },
      },
    ]);
  });

  it('a lease asked for in the heartbeat becomes the length of later renewals', () => {
    const d = decideHeartbeat(task(), { agent: 'ann', lease_seconds: 45 }, context());
    expect(d.patch).toEqual({ lease_expires_at: '2026-03-01T12:00:45.000Z', updated_at: NOW, lease_seconds: 45 });
  });

  it('is refused to anyone but the holder of an in-progress task', () => {
    expect(refusal(() => decideHeartbeat(task(), { agent: 'bob' }, context()))).toEqual({
      code: 'conflict',
      message: 'bob does not hold T-007 (it is held by ann); only its holder can extend the lease',
    });
    expect(refusal(() => decideHeartbeat(task({ assignee: null }), { agent: 'bob' }, context())).message).toContain(
      '(it is held by nobody)',
    );
    expect(refusal(() => decideHeartbeat(task({ status: 'review' }), { agent: 'ann' }, context())).message).toBe(
      'ann does not hold T-007 (it is review); only its holder can extend the lease',
    );
  });
});

describe('note', () => {
  it('anyone adds a note; the event carries its text', () => {
    const d = decideNote(task(), { author: 'bob', text: 'seen it' }, context());
    expect(d.patch).toEqual({ notes: [{ author: 'bob', text: 'seen it', created_at: NOW }], updated_at: NOW });
    expect(d.events).toEqual([
      { type: 'task.note', entity_id: d.task.id, actor: 'bob', payload: { task_number: 'T-007', text: 'seen it' } },
    ]);
  });

  it("the holder's note is a sign of life that renews the lease; a lease set by hand (none) stays none", () => {
    expect(decideNote(task(), { author: 'ann', text: 'x' }, context()).patch.lease_expires_at).toBe(
      '2026-03-01T12:10:00.000Z',
    );
    expect(
      decideNote(task({ lease_expires_at: null }), { author: 'ann', text: 'x' }, context()).patch,
    ).not.toHaveProperty('lease_expires_at');
    expect(decideNote(task({ status: 'review' }), { author: 'ann', text: 'x' }, context()).patch).not.toHaveProperty(
      'lease_expires_at',
    );
  });
});
